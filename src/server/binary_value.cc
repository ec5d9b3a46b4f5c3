#include "server/binary_value.h"

#include <cstdio>
#include <cstring>

#include "server/protocol_constants.h"

namespace server {
namespace {

using storage::ColumnType;
using storage::Value;

struct TemporalParts {
  bool negative = false;
  uint32_t year = 0, month = 0, day = 0;
  uint32_t hour = 0, minute = 0, second = 0, micro = 0;
};

std::string FormatDate(const TemporalParts& t) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04u-%02u-%02u", t.year % 10000, t.month % 100, t.day % 100);
  return buf;
}

std::string FormatClock(uint32_t hours, const TemporalParts& t) {
  char buf[48];
  if (t.micro != 0) {
    std::snprintf(buf, sizeof(buf), "%02u:%02u:%02u.%06u", hours, t.minute % 100, t.second % 100,
                  t.micro % 1000000);
  } else {
    std::snprintf(buf, sizeof(buf), "%02u:%02u:%02u", hours, t.minute % 100, t.second % 100);
  }
  return buf;
}

std::optional<Value> DecodeDateTime(WireReader& r, bool date_only) {
  std::optional<uint8_t> len = r.ReadU8();
  if (!len) return std::nullopt;
  if (*len != 0 && *len != 4 && *len != 7 && *len != 11) return std::nullopt;
  TemporalParts t;
  if (*len >= 4) {
    auto year = r.ReadU16();
    auto month = r.ReadU8();
    auto day = r.ReadU8();
    if (!year || !month || !day) return std::nullopt;
    t.year = *year, t.month = *month, t.day = *day;
  }
  if (*len >= 7) {
    auto h = r.ReadU8(), m = r.ReadU8(), s = r.ReadU8();
    if (!h || !m || !s) return std::nullopt;
    t.hour = *h, t.minute = *m, t.second = *s;
  }
  if (*len == 11) {
    auto us = r.ReadU32();
    if (!us) return std::nullopt;
    t.micro = *us;
  }
  if (date_only) return Value::Date(FormatDate(t));
  return Value::DateTime(FormatDate(t) + " " + FormatClock(t.hour % 100, t));
}

std::optional<Value> DecodeTime(WireReader& r) {
  std::optional<uint8_t> len = r.ReadU8();
  if (!len) return std::nullopt;
  if (*len != 0 && *len != 8 && *len != 12) return std::nullopt;
  TemporalParts t;
  uint32_t days = 0;
  if (*len >= 8) {
    auto neg = r.ReadU8();
    auto d = r.ReadU32();
    auto h = r.ReadU8(), m = r.ReadU8(), s = r.ReadU8();
    if (!neg || !d || !h || !m || !s) return std::nullopt;
    t.negative = *neg != 0;
    days = *d;
    t.hour = *h, t.minute = *m, t.second = *s;
  }
  if (*len == 12) {
    auto us = r.ReadU32();
    if (!us) return std::nullopt;
    t.micro = *us;
  }
  // MySQL's TIME range is ±838:59:59; clamp the day count so the hours cannot overflow.
  uint64_t hours = static_cast<uint64_t>(days % 100000) * 24 + t.hour % 100;
  return Value::String((t.negative ? "-" : "") + FormatClock(static_cast<uint32_t>(hours), t));
}

// Parses "YYYY-MM-DD[ HH:MM:SS[.ffffff]]" or "[-]H+:MM:SS[.ffffff]" leniently into parts.
// Returns false if the text has no recognisable shape.
bool ParseNumbers(std::string_view text, std::vector<uint64_t>* numbers, bool* negative,
                  uint32_t* micro) {
  *negative = !text.empty() && text[0] == '-';
  if (*negative) text.remove_prefix(1);
  *micro = 0;
  size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    std::string frac(text.substr(dot + 1, 6));
    for (char c : frac) {
      if (c < '0' || c > '9') return false;
    }
    frac.resize(6, '0');
    *micro = static_cast<uint32_t>(std::stoul(frac));
    text = text.substr(0, dot);
  }
  uint64_t current = 0;
  bool in_number = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (current > 100000000) return false;
      current = current * 10 + static_cast<uint64_t>(c - '0');
      in_number = true;
    } else if (c == '-' || c == ':' || c == ' ' || c == 'T') {
      if (!in_number) return false;
      numbers->push_back(current);
      current = 0;
      in_number = false;
    } else {
      return false;
    }
  }
  if (in_number) numbers->push_back(current);
  return true;
}

void AppendDateTime(WireWriter& w, ColumnType type, const Value& value) {
  std::vector<uint64_t> n;
  bool negative = false;
  uint32_t micro = 0;
  if (!value.is_text() || !ParseNumbers(value.text(), &n, &negative, &micro) || n.size() < 3) {
    w.U8(0);  // zero date: what MySQL sends for '0000-00-00'
    return;
  }
  while (n.size() < 6) n.push_back(0);
  const bool has_time = type != ColumnType::kDate && (n[3] || n[4] || n[5] || micro);
  if (n[0] == 0 && n[1] == 0 && n[2] == 0 && !has_time) {
    w.U8(0);
    return;
  }
  w.U8(!has_time ? 4 : (micro ? 11 : 7));
  w.U16(static_cast<uint16_t>(n[0]));
  w.U8(static_cast<uint8_t>(n[1]));
  w.U8(static_cast<uint8_t>(n[2]));
  if (has_time) {
    w.U8(static_cast<uint8_t>(n[3]));
    w.U8(static_cast<uint8_t>(n[4]));
    w.U8(static_cast<uint8_t>(n[5]));
    if (micro) w.U32(micro);
  }
}

void AppendTime(WireWriter& w, const Value& value) {
  std::vector<uint64_t> n;
  bool negative = false;
  uint32_t micro = 0;
  if (!value.is_text() || !ParseNumbers(value.text(), &n, &negative, &micro) || n.empty() ||
      n.size() > 3) {
    w.U8(0);
    return;
  }
  while (n.size() < 3) n.push_back(0);
  uint64_t hours = n[0];
  if (hours == 0 && n[1] == 0 && n[2] == 0 && micro == 0) {
    w.U8(0);
    return;
  }
  w.U8(micro ? 12 : 8);
  w.U8(negative ? 1 : 0);
  w.U32(static_cast<uint32_t>(hours / 24));
  w.U8(static_cast<uint8_t>(hours % 24));
  w.U8(static_cast<uint8_t>(n[1]));
  w.U8(static_cast<uint8_t>(n[2]));
  if (micro) w.U32(micro);
}

}  // namespace

std::optional<std::string> CanonicalDecimal(std::string_view text) {
  std::string out;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    if (text[i] == '-') out.push_back('-');
    ++i;
  }
  size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  std::string_view int_part = text.substr(int_start, i - int_start);
  std::string_view frac_part;
  if (i < text.size() && text[i] == '.') {
    size_t frac_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    frac_part = text.substr(frac_start, i - frac_start);
  }
  if (i != text.size() || (int_part.empty() && frac_part.empty())) return std::nullopt;
  while (int_part.size() > 1 && int_part[0] == '0') int_part.remove_prefix(1);
  out.append(int_part.empty() ? std::string_view("0") : int_part);
  if (!frac_part.empty()) {
    out.push_back('.');
    out.append(frac_part);
  }
  return out;
}

std::optional<Value> DecodeBinaryValue(WireReader& r, uint8_t type, bool is_unsigned) {
  switch (type) {
    case field_type::kNull:
      return Value::Null();
    case field_type::kTiny: {
      auto v = r.ReadU8();
      if (!v) return std::nullopt;
      return Value::Int(is_unsigned ? int64_t{*v} : int64_t{static_cast<int8_t>(*v)});
    }
    case field_type::kShort:
    case field_type::kYear: {
      auto v = r.ReadU16();
      if (!v) return std::nullopt;
      return Value::Int(is_unsigned ? int64_t{*v} : int64_t{static_cast<int16_t>(*v)});
    }
    case field_type::kLong:
    case field_type::kInt24: {
      auto v = r.ReadU32();
      if (!v) return std::nullopt;
      return Value::Int(is_unsigned ? int64_t{*v} : int64_t{static_cast<int32_t>(*v)});
    }
    case field_type::kLongLong: {
      auto v = r.ReadU64();
      if (!v) return std::nullopt;
      if (is_unsigned) return Value::UInt(*v);
      return Value::Int(static_cast<int64_t>(*v));
    }
    case field_type::kFloat: {
      auto v = r.ReadU32();
      if (!v) return std::nullopt;
      float f;
      uint32_t bits = *v;
      std::memcpy(&f, &bits, sizeof(f));
      return Value::Double(f);
    }
    case field_type::kDouble: {
      auto v = r.ReadU64();
      if (!v) return std::nullopt;
      double d;
      uint64_t bits = *v;
      std::memcpy(&d, &bits, sizeof(d));
      return Value::Double(d);
    }
    case field_type::kDecimal:
    case field_type::kNewDecimal: {
      auto s = r.ReadLenencString();
      if (!s) return std::nullopt;
      if (auto canonical = CanonicalDecimal(*s)) return Value::Decimal(*canonical);
      return Value::String(std::string(*s));
    }
    case field_type::kDate:
    case field_type::kNewDate:
      return DecodeDateTime(r, /*date_only=*/true);
    case field_type::kDateTime:
    case field_type::kTimestamp:
    case field_type::kDateTime2:
    case field_type::kTimestamp2:
      return DecodeDateTime(r, /*date_only=*/false);
    case field_type::kTime:
    case field_type::kTime2:
      return DecodeTime(r);
    case field_type::kVarchar:
    case field_type::kBit:
    case field_type::kJson:
    case field_type::kEnum:
    case field_type::kSet:
    case field_type::kTinyBlob:
    case field_type::kMediumBlob:
    case field_type::kLongBlob:
    case field_type::kBlob:
    case field_type::kVarString:
    case field_type::kString:
    case field_type::kGeometry: {
      auto s = r.ReadLenencString();
      if (!s) return std::nullopt;
      return Value::String(std::string(*s));
    }
    default:
      return std::nullopt;
  }
}

void AppendBinaryValue(WireWriter& w, ColumnType type, const Value& value) {
  switch (type) {
    case ColumnType::kTinyInt:
      w.U8(static_cast<uint8_t>(value.ToInt()));
      return;
    case ColumnType::kSmallInt:
      w.U16(static_cast<uint16_t>(value.ToInt()));
      return;
    case ColumnType::kMediumInt:
    case ColumnType::kInt:
      w.U32(static_cast<uint32_t>(value.ToInt()));
      return;
    case ColumnType::kBigInt:
      w.U64(value.kind() == storage::ValueKind::kUInt ? value.uint_value()
                                                      : static_cast<uint64_t>(value.ToInt()));
      return;
    case ColumnType::kFloat: {
      float f = static_cast<float>(value.ToDouble());
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof(bits));
      w.U32(bits);
      return;
    }
    case ColumnType::kDouble: {
      double d = value.ToDouble();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      w.U64(bits);
      return;
    }
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
      AppendDateTime(w, type, value);
      return;
    case ColumnType::kTime:
      AppendTime(w, value);
      return;
    case ColumnType::kNull:  // a NULL-typed column only ever holds NULL; be total anyway
    case ColumnType::kDecimal:
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText:
    case ColumnType::kBlob:
      w.LenencString(value.ToString());
      return;
  }
}

std::string BinaryRowPacket(const std::vector<sql::ColumnInfo>& columns, const storage::Row& row) {
  WireWriter w;
  w.U8(0x00);
  const size_t bitmap_offset = w.buffer().size();
  w.Zeros((row.size() + 7 + 2) / 8);
  for (size_t i = 0; i < row.size(); ++i) {
    ColumnType type = i < columns.size() ? columns[i].type : ColumnType::kVarchar;
    if (row[i].is_null() || type == ColumnType::kNull) {
      const size_t bit = i + 2;
      w.buffer()[bitmap_offset + bit / 8] |= static_cast<char>(1 << (bit % 8));
      continue;
    }
    AppendBinaryValue(w, type, row[i]);
  }
  return std::move(w.buffer());
}

}  // namespace server
