#include "server/http/basic_auth.h"

#include <cstdint>

#include "server/http/http_request.h"
#include "server/native_password.h"

namespace server::http {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Equal length and equal bytes, in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<uint8_t>(static_cast<uint8_t>(a[i]) ^ static_cast<uint8_t>(b[i]));
  }
  return diff == 0;
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after '='
      v[k] = Base64Value(c);
      if (v[k] < 0) return std::nullopt;
    }
    const uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                       (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (padding < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (padding < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view value) {
  const size_t sp = value.find(' ');
  if (sp == std::string_view::npos || !EqualsIgnoreCase(value.substr(0, sp), "Basic")) {
    return std::nullopt;
  }
  std::string_view token = value.substr(sp + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  std::optional<std::string> decoded = DecodeBase64(token);
  if (!decoded) return std::nullopt;
  const size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool IsLoopbackHost(std::optional<std::string_view> host) {
  if (!host) return true;
  std::string_view name = *host;
  if (!name.empty() && name.front() == '[') {
    const size_t close = name.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view rest = name.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    return name.substr(1, close - 1) == "::1";
  }
  name = name.substr(0, name.find(':'));
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (EqualsIgnoreCase(name, "localhost")) return true;
  constexpr std::string_view kLocalhostSuffix = ".localhost";
  if (name.size() > kLocalhostSuffix.size() &&
      EqualsIgnoreCase(name.substr(name.size() - kLocalhostSuffix.size()), kLocalhostSuffix)) {
    return true;
  }
  // 127.0.0.0/8 as a dotted quad.
  if (name.substr(0, 4) != "127.") return false;
  int dots = 0;
  size_t digits = 0;
  for (char c : name) {
    if (c == '.') {
      if (digits == 0 || digits > 3) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0 && digits <= 3;
}

AuthDecision CheckCredentials(const std::optional<HttpAccount>& account, std::string_view password,
                              bool peer_loopback) {
  // Hash even for an unknown user, so that the answer takes as long either way.
  const std::string hash = NativePasswordHash(password);
  if (!account) return AuthDecision::kUnauthenticated;
  if (account->auth_string.empty()) {
    // No password: only an empty one, and only from loopback.
    if (!password.empty() || !peer_loopback) return AuthDecision::kUnauthenticated;
  } else if (!ConstantTimeEquals(hash, account->auth_string)) {
    return AuthDecision::kUnauthenticated;
  }
  return account->may_see_processes ? AuthDecision::kAllowed : AuthDecision::kForbidden;
}

}  // namespace server::http
