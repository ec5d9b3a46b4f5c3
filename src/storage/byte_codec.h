// Binary encoding of values, rows, keys and schema for the commit log and the snapshot.
//
// Little-endian fixed integers, LEB128 varints, length-prefixed strings. Decoding never trusts
// its input: every read is bounds-checked and a failure makes the Decoder "bad" (all later
// reads return defaults), so garbage can never crash the decoder (fuzzed by
// tests/fuzz/storage_log_fuzz.cc). Not thread-safe (plain values).
#ifndef STORAGE_BYTE_CODEC_H_
#define STORAGE_BYTE_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/schema.h"
#include "storage/value.h"

namespace storage {

class Encoder {
 public:
  void PutU8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void PutFixed32(uint32_t v);
  void PutVarint(uint64_t v);
  void PutString(std::string_view s);
  void PutValue(const Value& v);
  void PutValues(const std::vector<Value>& values);  // a Row or a Key
  void PutTableDef(const TableDef& def);
  void PutIndexDef(const IndexDef& index);

  std::string& buffer() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  uint8_t GetU8();
  uint32_t GetFixed32();
  uint64_t GetVarint();
  std::string GetString();
  Value GetValue();
  std::vector<Value> GetValues();
  TableDef GetTableDef();
  IndexDef GetIndexDef();
  bool GetBool() { return GetU8() != 0; }

  // False once any read ran past the end or met an invalid tag.
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  void Fail() { ok_ = false; }

 private:
  // Bounds for element counts: no count may exceed the bytes left (each element takes >= 1).
  uint64_t GetCount();

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

uint32_t DecodeFixed32(const char* p);

}  // namespace storage

#endif  // STORAGE_BYTE_CODEC_H_
