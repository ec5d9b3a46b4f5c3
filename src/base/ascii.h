// ASCII case mapping for SQL keywords, identifiers and variable names, which MySQL compares
// case-insensitively in ASCII. Independent of the C locale; other bytes (UTF-8 sequences
// included) are left as they are. Pure functions: thread-safe.
#ifndef BASE_ASCII_H_
#define BASE_ASCII_H_

#include <string>
#include <string_view>

namespace base {

// `s` with A-Z mapped to a-z.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// `s` with a-z mapped to A-Z.
inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace base

#endif  // BASE_ASCII_H_
