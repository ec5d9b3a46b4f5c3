#include "sql/lexer.h"

#include <string>

namespace sql {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Decodes hex digits into bytes; an odd count gets a leading zero nibble (0x141 = "\x01\x41").
std::string DecodeHex(std::string_view digits) {
  std::string padded = digits.size() % 2 == 1 ? "0" + std::string(digits) : std::string(digits);
  std::string out;
  for (size_t i = 0; i < padded.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(padded[i]) * 16 + HexValue(padded[i + 1])));
  }
  return out;
}

// Decodes binary digits into bytes, right-aligned (0b101 = "\x05", 0b100000000 = "\x01\x00").
std::string DecodeBits(std::string_view digits) {
  size_t pad = (8 - digits.size() % 8) % 8;
  std::string padded = std::string(pad, '0') + std::string(digits);
  std::string out;
  for (size_t i = 0; i < padded.size(); i += 8) {
    unsigned acc = 0;
    for (size_t j = i; j < i + 8; ++j) acc = acc * 2 + static_cast<unsigned>(padded[j] - '0');
    out.push_back(static_cast<char>(acc));
  }
  return out;
}

}  // namespace

Lexer::Lexer(std::string_view text, size_t offset) : text_(text), pos_(offset) {}

void Lexer::Advance(size_t n) {
  for (size_t i = 0; i < n && pos_ < text_.size(); ++i) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
}

void Lexer::SkipBlanks() {
  while (pos_ < text_.size() && IsBlank(text_[pos_])) Advance(1);
}

bool Lexer::SkipBlanksAndComments(size_t* error_at) {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (IsBlank(c)) {
      Advance(1);
      continue;
    }
    std::string_view rest = text_.substr(pos_);
    bool dash_comment = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-' &&
                        (rest.size() == 2 || static_cast<unsigned char>(rest[2]) <= ' ');
    if (c == '#' || dash_comment) {
      saw_comment_ = true;
      while (pos_ < text_.size() && text_[pos_] != '\n') Advance(1);
      continue;
    }
    if (in_executable_comment_ && rest.size() >= 2 && rest[0] == '*' && rest[1] == '/') {
      in_executable_comment_ = false;
      Advance(2);
      continue;
    }
    if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '*') {
      saw_comment_ = true;
      size_t start = pos_;
      if (rest.size() >= 3 && rest[2] == '!' && !in_executable_comment_) {
        // /*!NNNNN ...*/: contents are SQL if the server is at least version NNNNN.
        size_t digits = 0;
        while (digits < 5 && 3 + digits < rest.size() && IsDigit(rest[3 + digits])) ++digits;
        bool run = true;
        if (digits == 5) {
          uint32_t version = std::stoul(std::string(rest.substr(3, 5)));
          run = version <= kServerVersionId;
        }
        if (run) {
          in_executable_comment_ = true;
          Advance(3 + (digits == 5 ? 5 : 0));
          continue;
        }
      }
      size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        *error_at = start;
        return false;
      }
      Advance(close + 2 - pos_);
      continue;
    }
    break;
  }
  return true;
}

Token Lexer::Make(TokenKind kind, size_t begin, size_t end, uint32_t line) {
  Token t;
  t.kind = kind;
  t.begin = static_cast<uint32_t>(begin);
  t.end = static_cast<uint32_t>(end);
  t.line = line;
  return t;
}

Token Lexer::Error(size_t begin, uint32_t line) {
  failed_ = true;
  last_error_ = Make(TokenKind::kError, begin, text_.size(), line);
  return last_error_;
}

Token Lexer::Next() {
  if (failed_) return last_error_;
  size_t error_at = 0;
  uint32_t start_line = line_;
  if (!SkipBlanksAndComments(&error_at)) return Error(error_at, start_line);
  size_t start = pos_;
  uint32_t line = line_;
  if (pos_ >= text_.size()) return Make(TokenKind::kEnd, pos_, pos_, line);
  char c = text_[pos_];
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (c == '\'' || c == '"') return LexQuoted(start, c, TokenKind::kString);
  if (c == '`') return LexQuoted(start, c, TokenKind::kQuotedIdent);
  if ((c == 'N' || c == 'n') && next == '\'') {
    Advance(1);
    Token t = LexQuoted(pos_, '\'', TokenKind::kString);
    if (t.kind == TokenKind::kError) return Error(start, line);
    t.begin = static_cast<uint32_t>(start);
    return t;
  }
  if ((c == 'X' || c == 'x') && next == '\'') return LexHexOrBitString(start, /*hex=*/true);
  if ((c == 'B' || c == 'b') && next == '\'') return LexHexOrBitString(start, /*hex=*/false);
  if (IsDigit(c)) return LexNumber(start);
  if (c == '.' && IsDigit(next)) {
    // ".5" is a number unless the dot qualifies a name (t.5 is not valid MySQL anyway).
    bool after_name = start > 0 && (IsIdentChar(text_[start - 1]) || text_[start - 1] == '`');
    if (!after_name) return LexNumber(start);
  }
  if (IsIdentChar(c)) return LexWordOrNumber(start);
  if (c == '?') {
    Advance(1);
    return Make(TokenKind::kParam, start, pos_, line);
  }
  if (c == '@') {
    if (next == '@') {
      Advance(2);
      Token t = Make(TokenKind::kAtAt, start, pos_, line);
      t.value = "@@";
      return t;
    }
    return LexUserVar(start);
  }
  return LexPunct(start);
}

Token Lexer::LexWordOrNumber(size_t start) {
  uint32_t line = line_;
  while (pos_ < text_.size() && IsIdentChar(text_[pos_])) Advance(1);
  Token t = Make(TokenKind::kWord, start, pos_, line);
  t.value = std::string(text_.substr(start, pos_ - start));
  return t;
}

Token Lexer::LexNumber(size_t start) {
  uint32_t line = line_;
  std::string_view rest = text_.substr(start);
  auto ident_follows = [&](size_t at) { return at < rest.size() && IsIdentChar(rest[at]); };
  // 0x... / 0b...: a literal only if the digits run to a non-identifier character.
  if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'b')) {
    bool hex = rest[1] == 'x';
    size_t i = 2;
    while (i < rest.size() && (hex ? IsHexDigit(rest[i]) : (rest[i] == '0' || rest[i] == '1'))) ++i;
    if (i > 2 && !ident_follows(i)) {
      Advance(i);
      Token t = Make(hex ? TokenKind::kHex : TokenKind::kBit, start, pos_, line);
      std::string_view digits = rest.substr(2, i - 2);
      t.value = hex ? DecodeHex(digits) : DecodeBits(digits);
      return t;
    }
  }
  size_t i = 0;
  while (i < rest.size() && IsDigit(rest[i])) ++i;
  TokenKind kind = TokenKind::kInt;
  if (i < rest.size() && rest[i] == '.') {
    kind = TokenKind::kDecimal;
    ++i;
    while (i < rest.size() && IsDigit(rest[i])) ++i;
  }
  if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
    size_t j = i + 1;
    if (j < rest.size() && (rest[j] == '+' || rest[j] == '-')) ++j;
    size_t digits_start = j;
    while (j < rest.size() && IsDigit(rest[j])) ++j;
    if (j > digits_start) {
      kind = TokenKind::kFloat;
      i = j;
    }
  }
  if (kind == TokenKind::kInt && ident_follows(i)) {
    // MySQL identifiers may start with digits: 1abc, 123e, 0xg.
    return LexWordOrNumber(start);
  }
  Advance(i);
  Token t = Make(kind, start, pos_, line);
  t.value = std::string(rest.substr(0, i));
  return t;
}

Token Lexer::LexQuoted(size_t start, char quote, TokenKind kind) {
  uint32_t line = line_;
  Advance(1);
  std::string value;
  while (true) {
    if (pos_ >= text_.size()) return Error(start, line);
    char c = text_[pos_];
    if (c == quote) {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == quote) {
        value.push_back(quote);
        Advance(2);
        continue;
      }
      Advance(1);
      break;
    }
    if (c == '\\' && kind == TokenKind::kString) {
      if (pos_ + 1 >= text_.size()) return Error(start, line);
      char e = text_[pos_ + 1];
      switch (e) {
        case '0': value.push_back('\0'); break;
        case 'b': value.push_back('\b'); break;
        case 'n': value.push_back('\n'); break;
        case 'r': value.push_back('\r'); break;
        case 't': value.push_back('\t'); break;
        case 'Z': value.push_back('\x1a'); break;
        // \% and \_ keep the backslash so that LIKE patterns still see an escaped wildcard.
        case '%': value.append("\\%"); break;
        case '_': value.append("\\_"); break;
        default: value.push_back(e); break;
      }
      Advance(2);
      continue;
    }
    value.push_back(c);
    Advance(1);
  }
  Token t = Make(kind, start, pos_, line);
  t.value = std::move(value);
  return t;
}

Token Lexer::LexHexOrBitString(size_t start, bool hex) {
  uint32_t line = line_;
  size_t close = text_.find('\'', start + 2);
  if (close == std::string_view::npos) return Error(start, line);
  std::string_view digits = text_.substr(start + 2, close - start - 2);
  for (char d : digits) {
    if (hex ? !IsHexDigit(d) : (d != '0' && d != '1')) return Error(start, line);
  }
  // X'...' needs an even number of digits in MySQL.
  if (hex && digits.size() % 2 != 0) return Error(start, line);
  Advance(close + 1 - start);
  Token t = Make(hex ? TokenKind::kHex : TokenKind::kBit, start, pos_, line);
  t.value = hex ? DecodeHex(digits) : DecodeBits(digits);
  return t;
}

Token Lexer::LexUserVar(size_t start) {
  uint32_t line = line_;
  Advance(1);  // '@'
  if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"' || text_[pos_] == '`')) {
    char q = text_[pos_];
    Token t = LexQuoted(pos_, q, q == '`' ? TokenKind::kQuotedIdent : TokenKind::kString);
    if (t.kind == TokenKind::kError) return t;
    t.kind = TokenKind::kUserVar;
    t.begin = static_cast<uint32_t>(start);
    return t;
  }
  size_t name_start = pos_;
  // Unquoted user variable names may also contain '.' (MySQL's ident_map for @names).
  while (pos_ < text_.size() && (IsIdentChar(text_[pos_]) || text_[pos_] == '.')) Advance(1);
  if (pos_ == name_start) {
    // A lone '@' is punctuation ('u'@'h' in account names).
    Token t = Make(TokenKind::kPunct, start, pos_, line);
    t.value = "@";
    return t;
  }
  Token t = Make(TokenKind::kUserVar, start, pos_, line);
  t.value = std::string(text_.substr(name_start, pos_ - name_start));
  return t;
}

Token Lexer::LexPunct(size_t start) {
  uint32_t line = line_;
  static constexpr std::string_view kMulti[] = {"<=>", "->>", "<=", ">=", "<>", "!=", "<<",
                                                ">>",  "||",  "&&", ":=", "->"};
  std::string_view rest = text_.substr(start);
  for (std::string_view op : kMulti) {
    if (rest.substr(0, op.size()) == op) {
      Advance(op.size());
      Token t = Make(TokenKind::kPunct, start, pos_, line);
      t.value = std::string(op);
      return t;
    }
  }
  // Any other single byte (including ones no rule accepts, like '[') is punctuation; the
  // parser reports it as a syntax error at this position.
  Advance(1);
  Token t = Make(TokenKind::kPunct, start, pos_, line);
  t.value = std::string(1, rest[0]);
  return t;
}

}  // namespace sql
