#include "storage/byte_codec.h"

#include <cstring>

namespace storage {

uint32_t DecodeFixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | (uint32_t{u[1]} << 8) | (uint32_t{u[2]} << 16) | (uint32_t{u[3]} << 24);
}

void Encoder::PutFixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void Encoder::PutVarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void Encoder::PutString(std::string_view s) {
  PutVarint(s.size());
  out_.append(s);
}

void Encoder::PutValue(const Value& v) {
  PutU8(static_cast<uint8_t>(v.kind()));
  switch (v.kind()) {
    case ValueKind::kNull:
      break;
    case ValueKind::kInt:
      // Zig-zag so small negatives stay short.
      PutVarint((static_cast<uint64_t>(v.int_value()) << 1) ^ static_cast<uint64_t>(v.int_value() >> 63));
      break;
    case ValueKind::kUInt:
      PutVarint(v.uint_value());
      break;
    case ValueKind::kDouble: {
      uint64_t bits;
      double d = v.double_value();
      std::memcpy(&bits, &d, sizeof bits);
      PutVarint(bits);
      break;
    }
    case ValueKind::kDecimal:
    case ValueKind::kString:
    case ValueKind::kDate:
    case ValueKind::kDateTime:
      PutString(v.text());
      break;
  }
}

void Encoder::PutValues(const std::vector<Value>& values) {
  PutVarint(values.size());
  for (const Value& v : values) PutValue(v);
}

void Encoder::PutIndexDef(const IndexDef& index) {
  PutString(index.name);
  PutU8(static_cast<uint8_t>(index.kind));
  PutVarint(index.columns.size());
  for (const IndexColumn& c : index.columns) {
    PutString(c.name);
    PutVarint(c.prefix_length);
  }
  PutString(index.comment);
}

void Encoder::PutTableDef(const TableDef& def) {
  PutString(def.db);
  PutString(def.name);
  PutVarint(def.columns.size());
  for (const ColumnDef& c : def.columns) {
    PutString(c.name);
    PutU8(static_cast<uint8_t>(c.type));
    PutVarint(c.length);
    PutU8(c.precision);
    PutU8(c.scale);
    PutU8(c.is_unsigned);
    PutU8(c.nullable);
    PutU8(static_cast<uint8_t>(c.default_value.kind));
    PutValue(c.default_value.value);
    PutU8(c.auto_increment);
    PutU8(c.on_update_current_timestamp);
    PutString(c.comment);
  }
  PutVarint(def.indexes.size());
  for (const IndexDef& idx : def.indexes) PutIndexDef(idx);
  PutString(def.options.engine);
  PutString(def.options.charset);
  PutString(def.options.collation);
  PutString(def.options.row_format);
  PutString(def.options.comment);
  PutVarint(def.auto_increment);
  PutVarint(def.id);
  PutVarint(static_cast<uint64_t>(def.create_time));
}

uint8_t Decoder::GetU8() {
  if (!ok_ || pos_ >= in_.size()) {
    ok_ = false;
    return 0;
  }
  return static_cast<uint8_t>(in_[pos_++]);
}

uint32_t Decoder::GetFixed32() {
  if (!ok_ || in_.size() - pos_ < 4) {
    ok_ = false;
    return 0;
  }
  uint32_t v = DecodeFixed32(in_.data() + pos_);
  pos_ += 4;
  return v;
}

uint64_t Decoder::GetVarint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t b = GetU8();
    if (!ok_) return 0;
    v |= uint64_t{b & 0x7Fu} << shift;
    if ((b & 0x80) == 0) return v;
  }
  ok_ = false;  // more than 10 bytes
  return 0;
}

uint64_t Decoder::GetCount() {
  uint64_t n = GetVarint();
  if (n > in_.size() - pos_) {
    ok_ = false;
    return 0;
  }
  return n;
}

std::string Decoder::GetString() {
  uint64_t n = GetCount();
  if (!ok_) return {};
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

Value Decoder::GetValue() {
  uint8_t kind = GetU8();
  switch (static_cast<ValueKind>(kind)) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kInt: {
      uint64_t z = GetVarint();
      return Value::Int(static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1)));
    }
    case ValueKind::kUInt:
      return Value::UInt(GetVarint());
    case ValueKind::kDouble: {
      uint64_t bits = GetVarint();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return Value::Double(d);
    }
    case ValueKind::kDecimal:
      return Value::Decimal(GetString());
    case ValueKind::kString:
      return Value::String(GetString());
    case ValueKind::kDate:
      return Value::Date(GetString());
    case ValueKind::kDateTime:
      return Value::DateTime(GetString());
  }
  ok_ = false;
  return Value();
}

std::vector<Value> Decoder::GetValues() {
  uint64_t n = GetCount();
  std::vector<Value> values;
  values.reserve(n);
  for (uint64_t i = 0; i < n && ok_; ++i) values.push_back(GetValue());
  return values;
}

IndexDef Decoder::GetIndexDef() {
  IndexDef index;
  index.name = GetString();
  uint8_t kind = GetU8();
  if (kind > static_cast<uint8_t>(IndexKind::kNonUnique)) ok_ = false;
  index.kind = static_cast<IndexKind>(kind);
  uint64_t n = GetCount();
  for (uint64_t i = 0; i < n && ok_; ++i) {
    IndexColumn c;
    c.name = GetString();
    c.prefix_length = static_cast<uint32_t>(GetVarint());
    index.columns.push_back(std::move(c));
  }
  index.comment = GetString();
  return index;
}

TableDef Decoder::GetTableDef() {
  TableDef def;
  def.db = GetString();
  def.name = GetString();
  uint64_t ncols = GetCount();
  for (uint64_t i = 0; i < ncols && ok_; ++i) {
    ColumnDef c;
    c.name = GetString();
    uint8_t type = GetU8();
    if (type > static_cast<uint8_t>(ColumnType::kTimestamp)) ok_ = false;
    c.type = static_cast<ColumnType>(type);
    c.length = static_cast<uint32_t>(GetVarint());
    c.precision = GetU8();
    c.scale = GetU8();
    c.is_unsigned = GetBool();
    c.nullable = GetBool();
    uint8_t dk = GetU8();
    if (dk > static_cast<uint8_t>(ColumnDefault::Kind::kCurrentTimestamp)) ok_ = false;
    c.default_value.kind = static_cast<ColumnDefault::Kind>(dk);
    c.default_value.value = GetValue();
    c.auto_increment = GetBool();
    c.on_update_current_timestamp = GetBool();
    c.comment = GetString();
    def.columns.push_back(std::move(c));
  }
  uint64_t nidx = GetCount();
  for (uint64_t i = 0; i < nidx && ok_; ++i) def.indexes.push_back(GetIndexDef());
  def.options.engine = GetString();
  def.options.charset = GetString();
  def.options.collation = GetString();
  def.options.row_format = GetString();
  def.options.comment = GetString();
  def.auto_increment = GetVarint();
  def.id = GetVarint();
  def.create_time = static_cast<int64_t>(GetVarint());
  return def;
}

}  // namespace storage
