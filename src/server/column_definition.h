// ColumnDefinition41 packets and text-protocol rows for result sets.
#ifndef SERVER_COLUMN_DEFINITION_H_
#define SERVER_COLUMN_DEFINITION_H_

#include <cstdint>
#include <string>

#include "sql/statement_result.h"
#include "storage/column_type.h"
#include "storage/value.h"

namespace server {

// MYSQL_TYPE_* sent for a column type.
uint8_t MysqlFieldType(storage::ColumnType type);

// Character set id sent for a column: binary (63) for numbers, temporals, BLOB and binary
// strings, utf8mb4_general_ci otherwise.
uint16_t ColumnCharset(const sql::ColumnInfo& column);

// *_FLAG bits for a column.
uint16_t ColumnFlags(const sql::ColumnInfo& column);

// One ColumnDefinition41 payload. `for_field_list` appends the default-value field that
// COM_FIELD_LIST responses carry (sent as NULL).
std::string ColumnDefinitionPacket(const sql::ColumnInfo& column, bool for_field_list = false);

// One text-protocol row: each value as a length-encoded string, 0xFB for NULL.
// REQUIRES: row.size() == columns.size().
std::string TextRowPacket(const std::vector<sql::ColumnInfo>& columns, const storage::Row& row);

// The text form of `value` in a column of `type` (FLOAT columns print single precision).
std::string TextValue(storage::ColumnType type, const storage::Value& value);

}  // namespace server

#endif  // SERVER_COLUMN_DEFINITION_H_
