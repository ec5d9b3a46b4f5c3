// A materialized diagnostic table: information_schema.*, performance_schema.*, sys.*, mysql.*.
//
// The session (which owns the registries these tables describe) builds one per statement
// through ExecContext::OpenVirtualTable; the executor then reads it exactly like a storage
// table (WHERE, joins, ORDER BY, GROUP BY, LIMIT). A VirtualTable is a plain value: it is
// built once, read by one thread and freed at the end of the statement.
#ifndef SQL_VIRTUAL_TABLE_H_
#define SQL_VIRTUAL_TABLE_H_

#include <vector>

#include "sql/statement_result.h"
#include "storage/value.h"

namespace sql {

struct VirtualTable {
  // One entry per column, in row order. Required fields: name, type, length, not_null,
  // is_unsigned. The executor fills table/org_table/schema itself (from the FROM clause), so
  // the builder may leave them empty. Column names are matched case-insensitively, as MySQL
  // matches information_schema column names.
  std::vector<ColumnInfo> columns;
  // REQUIRES: every row has columns.size() values. Values should use the kind matching the
  // column type (kInt/kUInt for integers, kString for VARCHAR, kDateTime for DATETIME...),
  // because comparisons follow the value kind.
  std::vector<storage::Row> rows;
};

}  // namespace sql

#endif  // SQL_VIRTUAL_TABLE_H_
