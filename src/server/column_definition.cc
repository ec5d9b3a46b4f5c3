#include "server/column_definition.h"

#include <charconv>

#include "server/protocol_constants.h"
#include "server/wire_codec.h"

namespace server {

using storage::ColumnType;

uint8_t MysqlFieldType(ColumnType type) {
  switch (type) {
    case ColumnType::kNull: return field_type::kNull;
    case ColumnType::kTinyInt: return field_type::kTiny;
    case ColumnType::kSmallInt: return field_type::kShort;
    case ColumnType::kMediumInt: return field_type::kInt24;
    case ColumnType::kInt: return field_type::kLong;
    case ColumnType::kBigInt: return field_type::kLongLong;
    case ColumnType::kDecimal: return field_type::kNewDecimal;
    case ColumnType::kFloat: return field_type::kFloat;
    case ColumnType::kDouble: return field_type::kDouble;
    case ColumnType::kChar: return field_type::kString;
    case ColumnType::kVarchar: return field_type::kVarString;
    case ColumnType::kText: return field_type::kBlob;
    case ColumnType::kBlob: return field_type::kBlob;
    case ColumnType::kDate: return field_type::kDate;
    case ColumnType::kTime: return field_type::kTime;
    case ColumnType::kDateTime: return field_type::kDateTime;
    case ColumnType::kTimestamp: return field_type::kTimestamp;
  }
  return field_type::kVarString;
}

namespace {

bool IsTextual(ColumnType type) {
  return type == ColumnType::kChar || type == ColumnType::kVarchar || type == ColumnType::kText;
}

bool IsNumeric(ColumnType type) {
  switch (type) {
    case ColumnType::kTinyInt:
    case ColumnType::kSmallInt:
    case ColumnType::kMediumInt:
    case ColumnType::kInt:
    case ColumnType::kBigInt:
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      return true;
    default:
      return false;
  }
}

}  // namespace

uint16_t ColumnCharset(const sql::ColumnInfo& column) {
  if (IsTextual(column.type) && !column.binary) return kDefaultCharset;
  return kBinaryCharset;
}

uint16_t ColumnFlags(const sql::ColumnInfo& column) {
  uint16_t flags = 0;
  if (column.not_null) flags |= column_flag::kNotNull;
  if (column.primary_key) flags |= column_flag::kPriKey;
  if (column.unique_key) flags |= column_flag::kUniqueKey;
  if (column.multiple_key) flags |= column_flag::kMultipleKey;
  if (column.type == ColumnType::kText || column.type == ColumnType::kBlob) {
    flags |= column_flag::kBlob;
  }
  if (column.is_unsigned) flags |= column_flag::kUnsigned;
  if (column.binary || ColumnCharset(column) == kBinaryCharset) flags |= column_flag::kBinary;
  if (column.auto_increment) flags |= column_flag::kAutoIncrement;
  if (IsNumeric(column.type)) flags |= column_flag::kNum;
  return flags;
}

std::string ColumnDefinitionPacket(const sql::ColumnInfo& column, bool for_field_list) {
  WireWriter w;
  w.LenencString("def");
  w.LenencString(column.schema);
  w.LenencString(column.table);
  w.LenencString(column.org_table);
  w.LenencString(column.name);
  w.LenencString(column.org_name);
  w.LenencInt(0x0C);
  const uint16_t charset = ColumnCharset(column);
  w.U16(charset);
  // column_length is in bytes: characters times the charset's maximum width (4 for utf8mb4).
  uint64_t length = column.length;
  if (charset == kDefaultCharset) length *= 4;
  w.U32(length > 0xFFFFFFFFull ? 0xFFFFFFFFu : static_cast<uint32_t>(length));
  w.U8(MysqlFieldType(column.type));
  w.U16(ColumnFlags(column));
  w.U8(column.decimals);
  w.U16(0);
  if (for_field_list) w.U8(0xFB);
  return std::move(w.buffer());
}

std::string TextValue(ColumnType type, const storage::Value& value) {
  if (type == ColumnType::kFloat && value.kind() == storage::ValueKind::kDouble) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof(buf), static_cast<float>(value.double_value()));
    return std::string(buf, r.ptr);
  }
  return value.ToString();
}

std::string TextRowPacket(const std::vector<sql::ColumnInfo>& columns, const storage::Row& row) {
  WireWriter w;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null()) {
      w.U8(0xFB);
    } else {
      ColumnType type = i < columns.size() ? columns[i].type : ColumnType::kVarchar;
      w.LenencString(TextValue(type, row[i]));
    }
  }
  return std::move(w.buffer());
}

}  // namespace server
