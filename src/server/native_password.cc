#include "server/native_password.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

#include "server/sha1.h"

namespace server {
namespace {

std::string_view AsBytes(const Sha1Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

std::string GenerateScramble() {
  std::string salt(kScrambleLength, '\0');
  size_t filled = 0;
  while (filled < salt.size()) {
    ssize_t n = getrandom(salt.data() + filled, salt.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      // The kernel CSPRNG is unavailable: there is no safe salt, and a predictable one
      // would let a sniffed token be replayed, so refuse to run.
      std::abort();
    }
    filled += static_cast<size_t>(n);
  }
  for (char& c : salt) {
    c = static_cast<char>(c & 0x7F);
    if (c == '\0' || c == '$') c = static_cast<char>(c + 1);
  }
  return salt;
}

std::string NativePasswordHash(std::string_view password) {
  if (password.empty()) return {};
  return std::string(AsBytes(Sha1Digest(AsBytes(Sha1Digest(password)))));
}

std::string NativePasswordToken(std::string_view password, std::string_view salt) {
  if (password.empty()) return {};
  Sha1Hash stage1 = Sha1Digest(password);
  Sha1Hash stage2 = Sha1Digest(AsBytes(stage1));
  Sha1 mix;
  mix.Update(salt);
  mix.Update(stage2);
  Sha1Hash mask = mix.Final();
  std::string token(kScrambleLength, '\0');
  for (size_t i = 0; i < kScrambleLength; ++i) token[i] = static_cast<char>(stage1[i] ^ mask[i]);
  return token;
}

bool VerifyNativePassword(std::string_view token, std::string_view salt, std::string_view stored) {
  if (stored.empty()) return token.empty();
  if (token.size() != kScrambleLength || stored.size() != kScrambleLength) return false;
  Sha1 mix;
  mix.Update(salt);
  mix.Update(stored);
  Sha1Hash mask = mix.Final();
  std::string stage1(kScrambleLength, '\0');
  for (size_t i = 0; i < kScrambleLength; ++i) {
    stage1[i] = static_cast<char>(static_cast<uint8_t>(token[i]) ^ mask[i]);
  }
  Sha1Hash candidate = Sha1Digest(stage1);
  // Constant-time compare: the result must not leak how many leading bytes matched.
  uint8_t diff = 0;
  for (size_t i = 0; i < kScrambleLength; ++i) {
    diff |= static_cast<uint8_t>(candidate[i] ^ static_cast<uint8_t>(stored[i]));
  }
  return diff == 0;
}

}  // namespace server
