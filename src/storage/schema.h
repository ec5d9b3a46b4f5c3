// Table schema as the storage engine stores it: columns, indexes, table options.
//
// These are plain values. The SQL layer builds a TableDef from CREATE TABLE (resolving types,
// defaults and key lists) and hands it to Engine::CreateTable; the engine assigns `id`,
// `create_time` and keeps `auto_increment` current, and returns snapshots from
// Engine::FindTable / Table::def(). Rows (storage::Row) hold one Value per column, in
// `TableDef::columns` order.
//
// Name matching follows MySQL on Linux with lower_case_table_names=0: database and table
// names are case-sensitive; column and index names are case-insensitive.
#ifndef STORAGE_SCHEMA_H_
#define STORAGE_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/column_type.h"
#include "storage/status.h"
#include "storage/value.h"

namespace storage {

// A column's DEFAULT clause.
struct ColumnDefault {
  enum class Kind : uint8_t {
    kNone,              // no DEFAULT clause (NULL for nullable columns; "doesn't have a default" otherwise)
    kValue,             // DEFAULT <literal>, held in `value` (may be NULL: DEFAULT NULL)
    kCurrentTimestamp,  // DEFAULT CURRENT_TIMESTAMP[(fsp)]
  };
  Kind kind = Kind::kNone;
  Value value;

  static ColumnDefault None() { return {}; }
  static ColumnDefault Of(Value v) { return {Kind::kValue, std::move(v)}; }
  static ColumnDefault CurrentTimestamp() { return {Kind::kCurrentTimestamp, Value()}; }
  friend bool operator==(const ColumnDefault& a, const ColumnDefault& b) {
    return a.kind == b.kind && a.value.kind() == b.value.kind() && a.value == b.value;
  }
};

struct ColumnDef {
  std::string name;
  ColumnType type = ColumnType::kInt;
  // CHAR/VARCHAR: maximum length in characters; TEXT/BLOB: maximum bytes (0 = type default);
  // integers: display width as written (0 = none).
  uint32_t length = 0;
  // DECIMAL(precision, scale), FLOAT/DOUBLE(precision, scale); TIME/DATETIME/TIMESTAMP: the
  // fractional-seconds precision is in `scale`.
  uint8_t precision = 0;
  uint8_t scale = 0;
  bool is_unsigned = false;
  bool nullable = true;
  ColumnDefault default_value;
  bool auto_increment = false;
  bool on_update_current_timestamp = false;  // ON UPDATE CURRENT_TIMESTAMP
  std::string comment;

  friend bool operator==(const ColumnDef&, const ColumnDef&) = default;
};

struct IndexColumn {
  std::string name;
  // KEY (c(10)): recorded and shown by SHOW CREATE TABLE / SHOW INDEX; the engine keys on the
  // full value (so uniqueness is over full values). 0 = whole column.
  uint32_t prefix_length = 0;

  friend bool operator==(const IndexColumn&, const IndexColumn&) = default;
};

enum class IndexKind : uint8_t { kPrimary, kUnique, kNonUnique };

struct IndexDef {
  std::string name;  // "PRIMARY" for the primary key
  IndexKind kind = IndexKind::kNonUnique;
  std::vector<IndexColumn> columns;
  std::string comment;

  bool is_primary() const { return kind == IndexKind::kPrimary; }
  bool is_unique() const { return kind != IndexKind::kNonUnique; }
  friend bool operator==(const IndexDef&, const IndexDef&) = default;
};

// Table options as SHOW CREATE TABLE prints them. The engine stores them verbatim.
struct TableOptions {
  std::string engine = "InnoDB";
  std::string charset = "utf8mb4";
  std::string collation = "utf8mb4_0900_ai_ci";
  std::string row_format = "Dynamic";
  std::string comment;

  friend bool operator==(const TableOptions&, const TableOptions&) = default;
};

struct TableDef {
  std::string db;
  std::string name;
  std::vector<ColumnDef> columns;
  // At most one kPrimary index; if present the engine keeps it first. A table without one
  // gets a hidden, monotonically increasing row id as its primary key (as InnoDB's DB_ROW_ID).
  std::vector<IndexDef> indexes;
  TableOptions options;
  // The next AUTO_INCREMENT value (SHOW CREATE TABLE's AUTO_INCREMENT=N). On CreateTable the
  // caller may set it (CREATE TABLE ... AUTO_INCREMENT=N); afterwards the engine maintains it.
  uint64_t auto_increment = 1;
  // Engine-assigned and stable for the table's life (rename, truncate, rebuild and restart keep
  // it). Callers leave it 0 when creating.
  uint64_t id = 0;
  // Unix seconds; the engine sets it on create (and on a rebuild, as MySQL does for COPY).
  int64_t create_time = 0;

  // Index of the column named `column` (case-insensitive), or -1.
  int FindColumn(std::string_view column) const;
  // The index named `index` (case-insensitive), or nullptr.
  const IndexDef* FindIndex(std::string_view index) const;
  // The PRIMARY KEY, or nullptr if the table uses a hidden row id.
  const IndexDef* primary_key() const;
  // Index of the AUTO_INCREMENT column, or -1.
  int auto_increment_column() const;

  friend bool operator==(const TableDef&, const TableDef&) = default;
};

// Checks the engine's structural rules for a definition. Returns:
//   kDuplicateColumn    "Duplicate column name 'c'"
//   kDuplicateKeyName   "Duplicate key name 'k'"
//   kMultiplePrimaryKey "Multiple primary key defined"
//   kUnknownColumn      "Key column 'c' doesn't exist in table" (MySQL's 1072 text)
//   kInternal           empty db/table name, no columns, more than one AUTO_INCREMENT column
// The SQL layer is expected to have validated types, lengths and defaults already.
Status ValidateTableDef(const TableDef& def);

// Case-insensitive ASCII name comparison (MySQL column/index names).
bool NameEquals(std::string_view a, std::string_view b);

}  // namespace storage

#endif  // STORAGE_SCHEMA_H_
