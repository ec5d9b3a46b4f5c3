// A lexical token of MySQL's SQL dialect, as produced by sql::Lexer (lexer.h).
#ifndef SQL_TOKEN_H_
#define SQL_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace sql {

enum class TokenKind : uint8_t {
  kEnd,          // end of input
  kWord,         // unquoted identifier or keyword: SELECT, sbtest1, _utf8mb4, 1abc
  kQuotedIdent,  // `identifier`
  kString,       // '...', "...", N'...'
  kInt,          // 123
  kDecimal,      // 1.5, .5, 1.
  kFloat,        // 1e3, 1.5E-2
  kHex,          // 0x41, X'41'
  kBit,          // 0b101, B'101'
  kParam,        // ?
  kUserVar,      // @name, @'name', @`name`, @"name"
  kAtAt,         // @@ (the system variable name follows as separate tokens)
  kPunct,        // operators and punctuation: ( ) , ; . = <=> <> != <= >= << >> || && := ...
  kError,        // malformed input: unterminated string, identifier or comment
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  uint32_t begin = 0;  // byte offsets [begin, end) into the lexed text
  uint32_t end = 0;
  uint32_t line = 1;   // 1-based line of `begin`, counted from where the lexer started
  // kWord: as written; kQuotedIdent: unquoted name; kString: the unescaped bytes; kHex/kBit:
  // the decoded bytes; kUserVar: the name without '@'; kPunct: the operator text; numbers:
  // their text; kError: empty.
  std::string value;

  // True if this is an unquoted word equal to `upper_keyword` ignoring case.
  // REQUIRES: upper_keyword is upper-case ASCII.
  bool IsWord(std::string_view upper_keyword) const {
    if (kind != TokenKind::kWord || value.size() != upper_keyword.size()) return false;
    for (size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != upper_keyword[i]) return false;
    }
    return true;
  }
  bool IsPunct(std::string_view op) const { return kind == TokenKind::kPunct && value == op; }
};

}  // namespace sql

#endif  // SQL_TOKEN_H_
