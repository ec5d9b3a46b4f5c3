// AST column/index/table definitions → storage definitions (CREATE TABLE, ALTER TABLE).
//
// Pure functions; thread-safe.
#ifndef SQL_DDL_TABLE_DEF_H_
#define SQL_DDL_TABLE_DEF_H_

#include <string>

#include "sql/ast.h"
#include "storage/schema.h"
#include "storage/status.h"

namespace sql {

// One column. DEFAULT must be a literal, -literal, NULL, or CURRENT_TIMESTAMP/NOW().
// Errors: kInternal "Invalid default value for 'c'" (MySQL 1067) for other defaults or NULL
// default on a NOT NULL column.
storage::Result<storage::ColumnDef> BuildColumnDef(const ast::ColumnDef& column);

// One index. `def` supplies the columns (to derive a default name: the first column's name,
// then name_2, name_3, ... as MySQL). Inline PRIMARY KEY columns become NOT NULL in `def`.
storage::Result<storage::IndexDef> BuildIndexDef(const ast::IndexDef& index,
                                                 storage::TableDef* def);

// ENGINE = name: the engine names MySQL 8.0 knows all map to mdld's one transactional engine
// (reported as InnoDB); any other name is 1286 "Unknown storage engine 'x'" (MySQL with
// NO_ENGINE_SUBSTITUTION, in the default sql_mode).
storage::Status CheckEngineName(const std::string& engine);

// A whole CREATE TABLE (not the LIKE form) in database `db`. Validated with
// storage::ValidateTableDef (1060 duplicate column, 1061 duplicate key, 1068 multiple
// primary key, 1072 key column missing).
storage::Result<storage::TableDef> BuildTableDef(const ast::CreateTableStmt& st,
                                                 const std::string& db);

}  // namespace sql

#endif  // SQL_DDL_TABLE_DEF_H_
