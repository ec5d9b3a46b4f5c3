#include "server/wire_codec.h"

#include <cstring>

namespace server {

bool WireReader::Need(size_t n) {
  if (!ok_ || data_.size() - pos_ < n) {
    ok_ = false;
    return false;
  }
  return true;
}

std::optional<uint8_t> WireReader::ReadU8() {
  if (!Need(1)) return std::nullopt;
  return static_cast<uint8_t>(data_[pos_++]);
}

namespace {
uint64_t LoadLittleEndian(std::string_view data, size_t pos, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    v |= static_cast<uint64_t>(static_cast<uint8_t>(data[pos + i])) << (8 * i);
  }
  return v;
}
}  // namespace

std::optional<uint16_t> WireReader::ReadU16() {
  if (!Need(2)) return std::nullopt;
  pos_ += 2;
  return static_cast<uint16_t>(LoadLittleEndian(data_, pos_ - 2, 2));
}

std::optional<uint32_t> WireReader::ReadU24() {
  if (!Need(3)) return std::nullopt;
  pos_ += 3;
  return static_cast<uint32_t>(LoadLittleEndian(data_, pos_ - 3, 3));
}

std::optional<uint32_t> WireReader::ReadU32() {
  if (!Need(4)) return std::nullopt;
  pos_ += 4;
  return static_cast<uint32_t>(LoadLittleEndian(data_, pos_ - 4, 4));
}

std::optional<uint64_t> WireReader::ReadU64() {
  if (!Need(8)) return std::nullopt;
  pos_ += 8;
  return LoadLittleEndian(data_, pos_ - 8, 8);
}

std::optional<uint64_t> WireReader::ReadLenencInt() {
  std::optional<uint8_t> first = ReadU8();
  if (!first) return std::nullopt;
  if (*first < 0xFB) return *first;
  switch (*first) {
    case 0xFC:
      return ReadU16();
    case 0xFD:
      return ReadU24();
    case 0xFE:
      return ReadU64();
    default:  // 0xFB is NULL, 0xFF an ERR header: neither is an integer.
      ok_ = false;
      return std::nullopt;
  }
}

std::optional<std::string_view> WireReader::ReadBytes(size_t n) {
  if (!Need(n)) return std::nullopt;
  std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::optional<std::string_view> WireReader::ReadLenencString() {
  std::optional<uint64_t> len = ReadLenencInt();
  if (!len) return std::nullopt;
  if (*len > remaining()) {
    ok_ = false;
    return std::nullopt;
  }
  return ReadBytes(static_cast<size_t>(*len));
}

std::optional<std::string_view> WireReader::ReadNulString() {
  if (!ok_) return std::nullopt;
  size_t nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) {
    ok_ = false;
    return std::nullopt;
  }
  std::string_view out = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return out;
}

std::string_view WireReader::ReadNulStringOrRest() {
  if (!ok_) return {};
  size_t nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) return ReadRest();
  std::string_view out = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return out;
}

std::string_view WireReader::ReadRest() {
  if (!ok_) return {};
  std::string_view out = data_.substr(pos_);
  pos_ = data_.size();
  return out;
}

bool WireReader::Skip(size_t n) {
  if (!Need(n)) return false;
  pos_ += n;
  return true;
}

void WireWriter::U16(uint16_t v) {
  U8(v & 0xFF);
  U8(v >> 8);
}

void WireWriter::U24(uint32_t v) {
  U8(v & 0xFF);
  U8((v >> 8) & 0xFF);
  U8((v >> 16) & 0xFF);
}

void WireWriter::U32(uint32_t v) {
  for (int i = 0; i < 4; ++i) U8((v >> (8 * i)) & 0xFF);
}

void WireWriter::U64(uint64_t v) {
  for (int i = 0; i < 8; ++i) U8((v >> (8 * i)) & 0xFF);
}

void WireWriter::LenencInt(uint64_t v) {
  if (v < 0xFB) {
    U8(static_cast<uint8_t>(v));
  } else if (v <= 0xFFFF) {
    U8(0xFC);
    U16(static_cast<uint16_t>(v));
  } else if (v <= 0xFFFFFF) {
    U8(0xFD);
    U24(static_cast<uint32_t>(v));
  } else {
    U8(0xFE);
    U64(v);
  }
}

void WireWriter::LenencString(std::string_view s) {
  LenencInt(s.size());
  Bytes(s);
}

void WireWriter::NulString(std::string_view s) {
  Bytes(s);
  U8(0);
}

size_t LenencIntSize(uint64_t v) {
  if (v < 0xFB) return 1;
  if (v <= 0xFFFF) return 3;
  if (v <= 0xFFFFFF) return 4;
  return 9;
}

}  // namespace server
