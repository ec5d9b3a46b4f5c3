// Helpers to declare virtual-table columns with MySQL's types and display lengths.
#ifndef DIAG_TABLE_COLUMNS_H_
#define DIAG_TABLE_COLUMNS_H_

#include <cstdint>
#include <string>

#include "sql/statement_result.h"

namespace diag {

// VARCHAR(n) in utf8mb4: MySQL reports length n*4 in column metadata.
inline sql::ColumnInfo VarcharColumn(std::string name, uint32_t chars, bool not_null) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kVarchar;
  c.length = chars * 4;
  c.not_null = not_null;
  return c;
}

inline sql::ColumnInfo BigIntColumn(std::string name, bool is_unsigned, bool not_null) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kBigInt;
  c.length = is_unsigned ? 20 : 21;
  c.is_unsigned = is_unsigned;
  c.not_null = not_null;
  c.binary = true;
  return c;
}

inline sql::ColumnInfo IntColumn(std::string name, bool not_null) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kInt;
  c.length = 11;
  c.not_null = not_null;
  c.binary = true;
  return c;
}

// LONGTEXT (performance_schema PROCESSLIST_INFO, SQL_TEXT): length 2^32-1.
inline sql::ColumnInfo LongTextColumn(std::string name, bool not_null) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kText;
  c.length = 4294967295u;
  c.not_null = not_null;
  return c;
}

// DATETIME (information_schema.INNODB_TRX trx_started): values are Value::DateTime text.
inline sql::ColumnInfo DateTimeColumn(std::string name, bool not_null) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kDateTime;
  c.length = 19;
  c.not_null = not_null;
  c.binary = true;
  return c;
}

}  // namespace diag

#endif  // DIAG_TABLE_COLUMNS_H_
