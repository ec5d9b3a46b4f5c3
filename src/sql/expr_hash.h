// Message digests for MD5(), SHA1()/SHA() and SHA2(): self-contained implementations of
// RFC 1321 (MD5), FIPS 180-4 (SHA-1, SHA-224/256, SHA-384/512), so the server needs no
// crypto library. They are used as checksums, never for security. Pure functions;
// thread-safe.
#ifndef SQL_EXPR_HASH_H_
#define SQL_EXPR_HASH_H_

#include <optional>
#include <string>
#include <string_view>

namespace sql {

// Lower-case hex digests, as MySQL returns them.
std::string Md5Hex(std::string_view data);
std::string Sha1Hex(std::string_view data);
// SHA2(data, bits): bits 224, 256, 384 or 512 (0 means 256, as in MySQL); nullopt for any
// other length (MySQL returns NULL).
std::optional<std::string> Sha2Hex(std::string_view data, int bits);

}  // namespace sql

#endif  // SQL_EXPR_HASH_H_
