// Values in the binary protocol (prepared statements): decoding COM_STMT_EXECUTE parameters
// into storage::Value and encoding result rows.
//
// Temporal values travel as length-prefixed structs:
//   DATE/DATETIME/TIMESTAMP: len (0|4|7|11), year u16, month, day, hour, minute, second, micro u32
//   TIME:                    len (0|8|12), negative, days u32, hour, minute, second, micro u32
// and are held in storage::Value as MySQL's canonical text ('YYYY-MM-DD', 'YYYY-MM-DD
// HH:MM:SS[.ffffff]', '[-]HH:MM:SS[.ffffff]').
#ifndef SERVER_BINARY_VALUE_H_
#define SERVER_BINARY_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/wire_codec.h"
#include "sql/statement_result.h"
#include "storage/column_type.h"
#include "storage/value.h"

namespace server {

// Reads one non-NULL parameter value of MYSQL_TYPE `type`. Returns nullopt if the payload is
// truncated or `type` is not a type a client may bind.
std::optional<storage::Value> DecodeBinaryValue(WireReader& reader, uint8_t type,
                                                bool is_unsigned);

// Appends `value` as the binary form of a column of `type`. REQUIRES: !value.is_null().
void AppendBinaryValue(WireWriter& writer, storage::ColumnType type, const storage::Value& value);

// One binary-protocol result row: 0x00, NULL bitmap (offset 2), the non-NULL values.
// REQUIRES: row.size() == columns.size().
std::string BinaryRowPacket(const std::vector<sql::ColumnInfo>& columns, const storage::Row& row);

// Canonical decimal text ("-12.50") from a client's decimal string, or nullopt if it is not
// a plain decimal literal (the value is then passed on as a string).
std::optional<std::string> CanonicalDecimal(std::string_view text);

}  // namespace server

#endif  // SERVER_BINARY_VALUE_H_
