// SHA-1 (FIPS 180-4), used only for mysql_native_password scrambles. Self-contained so the
// server needs no crypto library. Not for new security designs: the protocol fixes the hash.
//
// Thread safety: a Sha1 object is used by one thread; Sha1Digest() is reentrant.
#ifndef SERVER_SHA1_H_
#define SERVER_SHA1_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace server {

using Sha1Hash = std::array<uint8_t, 20>;

class Sha1 {
 public:
  Sha1();
  void Update(std::string_view data);
  void Update(const Sha1Hash& hash);
  // Finishes the hash. The object must not be updated afterwards.
  Sha1Hash Final();

 private:
  void ProcessBlock(const uint8_t* block);

  uint32_t state_[5];
  uint64_t length_bytes_ = 0;
  uint8_t buffer_[64];
  size_t buffered_ = 0;
};

Sha1Hash Sha1Digest(std::string_view data);

}  // namespace server

#endif  // SERVER_SHA1_H_
