// Splits SQL text into tokens, MySQL 8.0 style.
//
// Handles: unquoted and `backquoted` identifiers; '...' and "..." strings with '' / "" doubling
// and backslash escapes (sql_mode without NO_BACKSLASH_ESCAPES / ANSI_QUOTES); N'..' national
// strings; integer, decimal, float, 0x/X'' hex and 0b/B'' bit literals; ?; @user and @@;
// comments `-- ` (dash dash followed by a blank or the end), `#`, `/* */` and `/*+ hints */`,
// all skipped; and executable comments `/*! ... */` and `/*!NNNNN ... */`, whose contents are
// lexed as SQL when NNNNN <= kServerVersionId (otherwise the comment is skipped).
//
// The lexer is lazy: it produces one token per Next() call, so a malformed later statement
// does not prevent executing earlier ones. Not thread-safe; one lexer per parse.
#ifndef SQL_LEXER_H_
#define SQL_LEXER_H_

#include <cstdint>
#include <string_view>

#include "sql/token.h"

namespace sql {

// The server version executable comments are compared against (8.0.36 → 80036).
inline constexpr uint32_t kServerVersionId = 80036;

class Lexer {
 public:
  // Lexes text[offset, end). Offsets in tokens are relative to the start of `text`; lines count
  // from 1 at `offset`. REQUIRES: offset <= text.size() and text.size() < 4 GiB.
  Lexer(std::string_view text, size_t offset);

  // The next token. After kEnd or kError every further call returns the same kind again.
  Token Next();

  // Current position and line: where the next token's leading blanks start.
  size_t position() const { return pos_; }
  uint32_t line() const { return line_; }

  // Advances over blanks (not comments) from the current position.
  void SkipBlanks();

  // True once a comment of any kind has been skipped. MySQL's lexer notes this too
  // (Parser_state::add_comment): a text of nothing but comments is an empty statement that
  // succeeds, one of nothing at all is ER_EMPTY_QUERY.
  bool saw_comment() const { return saw_comment_; }

 private:
  // Skips blanks and comments. Returns false (with *error_at set) on an unterminated comment.
  bool SkipBlanksAndComments(size_t* error_at);
  Token LexWordOrNumber(size_t start);
  Token LexNumber(size_t start);
  Token LexQuoted(size_t start, char quote, TokenKind kind);
  Token LexHexOrBitString(size_t start, bool hex);
  Token LexUserVar(size_t start);
  Token LexPunct(size_t start);
  Token Make(TokenKind kind, size_t begin, size_t end, uint32_t line);
  Token Error(size_t begin, uint32_t line);
  void Advance(size_t n);  // moves pos_ by n, counting newlines

  std::string_view text_;
  size_t pos_;
  uint32_t line_ = 1;
  bool in_executable_comment_ = false;  // inside /*! ... */: the next "*/" is skipped
  bool saw_comment_ = false;
  bool failed_ = false;                 // a kError was returned; stay failed
  Token last_error_;
};

// True for bytes that may appear in an unquoted identifier (MySQL: [0-9a-zA-Z$_] and any byte
// >= 0x80, i.e. non-ASCII UTF-8).
inline bool IsIdentChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '$' || u >= 0x80;
}

}  // namespace sql

#endif  // SQL_LEXER_H_
