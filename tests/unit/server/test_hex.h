// Hex helpers for protocol tests.
#ifndef TESTS_UNIT_SERVER_TEST_HEX_H_
#define TESTS_UNIT_SERVER_TEST_HEX_H_

#include <string>
#include <string_view>

namespace server::testing {

inline std::string ToHex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

inline std::string FromHex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

}  // namespace server::testing

#endif  // TESTS_UNIT_SERVER_TEST_HEX_H_
