// The mysql_native_password authentication method.
//
// The server sends a 20-byte random salt; the client answers with
//   token = SHA1(password) XOR SHA1(salt + SHA1(SHA1(password)))
// and the server, which stores only SHA1(SHA1(password)) (Account::auth_string), recovers
// SHA1(password) = token XOR SHA1(salt + stored) and checks that its SHA1 equals `stored`.
//
// Thread safety: all functions are reentrant.
#ifndef SERVER_NATIVE_PASSWORD_H_
#define SERVER_NATIVE_PASSWORD_H_

#include <string>
#include <string_view>

namespace server {

inline constexpr size_t kScrambleLength = 20;
inline constexpr std::string_view kNativePasswordPlugin = "mysql_native_password";

// 20 random bytes from the kernel CSPRNG (getrandom), mapped like MySQL's
// generate_user_salt to 7-bit values that are never NUL or '$', because clients treat the
// salt in the handshake as a C string.
std::string GenerateScramble();

// SHA1(SHA1(password)) as raw bytes: what Account::auth_string holds. Empty for "".
std::string NativePasswordHash(std::string_view password);

// What a client sends for `password` given `salt`. Empty password → empty token.
std::string NativePasswordToken(std::string_view password, std::string_view salt);

// True if `token` proves knowledge of the password whose double hash is `stored`.
// An empty `stored` (no password) accepts only an empty token, and vice versa.
bool VerifyNativePassword(std::string_view token, std::string_view salt, std::string_view stored);

}  // namespace server

#endif  // SERVER_NATIVE_PASSWORD_H_
