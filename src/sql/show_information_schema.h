// information_schema tables built from the storage catalog, and the text forms of column
// types and table definitions shared with SHOW (SHOW COLUMNS, SHOW CREATE TABLE).
//
// Pure functions of the catalog snapshot they read; thread-safe.
#ifndef SQL_SHOW_INFORMATION_SCHEMA_H_
#define SQL_SHOW_INFORMATION_SCHEMA_H_

#include <functional>
#include <optional>
#include <string>

#include "sql/system_variables.h"
#include "sql/virtual_table.h"
#include "storage/schema.h"

namespace storage {
class Engine;
}  // namespace storage

namespace sql {

// What the tables need from the session reading them.
struct SessionView {
  const std::string& current_db;
  const SessionVariables* vars = nullptr;
  // Databases whose schemata, tables, columns and indexes the reader may see (MySQL shows
  // only objects the account has some privilege on); empty: all.
  std::function<bool(const std::string& db)> visible_database;
};

// information_schema.<table> (lower-case name): SCHEMATA, TABLES, COLUMNS, STATISTICS,
// ENGINES, CHARACTER_SETS, COLLATIONS, SESSION_VARIABLES/GLOBAL_VARIABLES are not here
// (the session builds them); nullopt for unknown tables.
std::optional<VirtualTable> InformationSchemaTable(const std::string& table,
                                                   const storage::Engine& engine,
                                                   const SessionView& session);

// MySQL 8.0's COLUMN_TYPE text: "int", "tinyint(1)", "varchar(64)", "decimal(10,2)",
// "bigint unsigned", "datetime(3)", "mediumtext".
std::string ColumnTypeText(const storage::ColumnDef& column);

// The DEFAULT as SHOW COLUMNS / information_schema.COLUMNS show it: NULL (nullopt) when
// none, "CURRENT_TIMESTAMP", or the value's text.
std::optional<std::string> ColumnDefaultText(const storage::ColumnDef& column);

// SHOW CREATE TABLE's statement text, formatted as MySQL 8.0 prints it.
std::string ShowCreateTableText(const storage::TableDef& def);

}  // namespace sql

#endif  // SQL_SHOW_INFORMATION_SCHEMA_H_
