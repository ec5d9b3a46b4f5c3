// Primitive encodings of the MySQL client/server protocol: fixed-width little-endian integers,
// length-encoded integers and strings, NUL-terminated strings.
//
// WireReader is a bounds-checked cursor over a received payload: every read either succeeds
// or returns false/nullopt and leaves the reader failed (ok() == false), so decoders written
// against it cannot read past the end of hostile input. WireWriter appends to a byte string.
//
// Thread safety: neither class is thread-safe; each is used by one thread at a time.
#ifndef SERVER_WIRE_CODEC_H_
#define SERVER_WIRE_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace server {

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}
  // The reader keeps a view: reading a temporary string would dangle.
  explicit WireReader(std::string&&) = delete;
  explicit WireReader(const char* data) : data_(data) {}

  // Each Read* returns nullopt (and fails the reader) if the payload is too short.
  std::optional<uint8_t> ReadU8();
  std::optional<uint16_t> ReadU16();
  std::optional<uint32_t> ReadU24();
  std::optional<uint32_t> ReadU32();
  std::optional<uint64_t> ReadU64();
  // Length-encoded integer. 0xFB (NULL marker) and 0xFF (ERR header) are not integers and fail.
  std::optional<uint64_t> ReadLenencInt();
  // Exactly `n` bytes.
  std::optional<std::string_view> ReadBytes(size_t n);
  // A length-encoded string; the claimed length is checked against what remains before use.
  std::optional<std::string_view> ReadLenencString();
  // Bytes up to the next NUL, which is consumed. Fails if there is no NUL.
  std::optional<std::string_view> ReadNulString();
  // Bytes up to the next NUL (consumed) or to the end of the payload if there is none; used
  // for trailing fields that some clients send without a terminator.
  std::string_view ReadNulStringOrRest();
  std::string_view ReadRest();
  bool Skip(size_t n);

  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  bool empty() const { return remaining() == 0; }
  bool ok() const { return ok_; }
  size_t position() const { return pos_; }

 private:
  bool Need(size_t n);

  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

class WireWriter {
 public:
  WireWriter() = default;
  explicit WireWriter(std::string* out) : out_(out) {}

  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U16(uint16_t v);
  void U24(uint32_t v);
  void U32(uint32_t v);
  void U64(uint64_t v);
  void LenencInt(uint64_t v);
  void LenencString(std::string_view s);
  void NulString(std::string_view s);
  void Bytes(std::string_view s) { out_->append(s.data(), s.size()); }
  void Zeros(size_t n) { out_->append(n, '\0'); }

  std::string& buffer() { return *out_; }

 private:
  std::string own_;
  std::string* out_ = &own_;
};

// Size in bytes of the length-encoded form of `v`.
size_t LenencIntSize(uint64_t v);

}  // namespace server

#endif  // SERVER_WIRE_CODEC_H_
