// What one executed statement hands back to the protocol layer.
#ifndef SQL_STATEMENT_RESULT_H_
#define SQL_STATEMENT_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "storage/column_type.h"
#include "storage/value.h"

namespace sql {

// Metadata of one result-set column (MySQL's ColumnDefinition41, in SQL-layer terms).
struct ColumnInfo {
  std::string name;       // as shown: the alias, or the expression text
  std::string org_name;   // the underlying column name, empty for expressions
  std::string table;      // table alias, empty for expressions
  std::string org_table;  // underlying table name
  std::string schema;     // database of the underlying table
  storage::ColumnType type = storage::ColumnType::kVarchar;
  uint32_t length = 0;    // display length in characters (MySQL's column_length / charset maxlen)
  uint8_t decimals = 0;   // digits after the point for DECIMAL/DOUBLE; 31 when not fixed
  bool not_null = false;
  bool primary_key = false;
  bool unique_key = false;
  bool multiple_key = false;
  bool is_unsigned = false;
  bool auto_increment = false;
  bool binary = false;    // binary collation (BLOB / VARBINARY / numbers)
};

struct ResultSet {
  std::vector<ColumnInfo> columns;
  std::vector<storage::Row> rows;  // each row has columns.size() values
};

struct StatementResult {
  bool has_result_set = false;  // false: the client gets an OK packet
  ResultSet result_set;
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t warning_count = 0;
  std::string info;  // OK packet's human-readable info, e.g. "Records: 2  Duplicates: 0  Warnings: 0"
  // Session state after the statement, for the OK/EOF status flags.
  bool in_transaction = false;
  bool autocommit = true;
};

}  // namespace sql

#endif  // SQL_STATEMENT_RESULT_H_
