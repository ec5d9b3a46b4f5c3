// String, digest and regular-expression functions (declared in expr_functions.h):
//   MD5, SHA1/SHA, SHA2, POSITION (the parser's form of POSITION(a IN s)), TRIM_LEADING /
//   TRIM_TRAILING (TRIM(LEADING|TRAILING r FROM s)), SUBSTRING_INDEX, TO_BASE64,
//   FROM_BASE64, UNHEX, BIT_LENGTH, QUOTE, FORMAT, REGEXP_LIKE, REGEXP_REPLACE,
//   REGEXP_INSTR, REGEXP_SUBSTR, EXTRACT, CRC32, CONV, BIN, OCT, INET_ATON, INET_NTOA,
//   UUID_SHORT, CHAR(n, ...), INSERT(s, pos, len, new).
//
// Regular expressions use std::regex's ECMAScript grammar, the closest the standard library
// has to MySQL 8.0's ICU syntax (\d, \w, non-greedy quantifiers, (?:...)); they match
// case-insensitively unless match_type says 'c', as the default utf8mb4_0900_ai_ci collation
// does. Positions count characters (UTF-8), as MySQL does.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <set>

#include "sql/expr_decimal.h"
#include "sql/expr_functions.h"
#include "sql/expr_hash.h"
#include "sql/expr_interval.h"
#include "sql/expr_value.h"
#include "sql/std_regex.h"

namespace sql {
namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Byte offset of each UTF-8 character start, plus s.size().
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

int64_t CharIndexOfByte(const std::vector<size_t>& starts, size_t byte) {
  return static_cast<int64_t>(std::lower_bound(starts.begin(), starts.end(), byte) - starts.begin());
}

std::string ToBase64(std::string_view in) {
  // MySQL wraps the output every 76 characters with a newline.
  std::string out;
  size_t line = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    if (line == 76) {
      out.push_back('\n');
      line = 0;
    }
    out.push_back(kBase64[n >> 18 & 63]);
    out.push_back(kBase64[n >> 12 & 63]);
    out.push_back(i + 1 < in.size() ? kBase64[n >> 6 & 63] : '=');
    out.push_back(i + 2 < in.size() ? kBase64[n & 63] : '=');
    line += 4;
  }
  return out;
}

std::optional<std::string> FromBase64(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (c == '=') break;
    size_t v = kBase64.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>(acc >> bits & 0xFF));
    }
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view in) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  size_t i = 0;
  if (in.size() % 2 == 1) {  // an odd count: the first digit stands alone
    int d = digit(in[0]);
    if (d < 0) return std::nullopt;
    out.push_back(static_cast<char>(d));
    i = 1;
  }
  for (; i < in.size(); i += 2) {
    int hi = digit(in[i]), lo = digit(in[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\0': out += "\\0"; break;
      case '\032': out += "\\Z"; break;
      default: out.push_back(c);
    }
  }
  return out + "'";
}

// FORMAT(x, d): rounded to d decimals (half away from zero), with ',' thousands separators.
std::string FormatNumber(const Value& x, int64_t places) {
  int scale = static_cast<int>(std::clamp<int64_t>(places, 0, 30));
  std::string text;
  auto d = ToDecimal(x);
  std::optional<Decimal> r = d ? d->Rescale(scale) : std::nullopt;
  if (r) {
    text = r->ToString();
  } else {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", scale, x.ToDouble());
    text = buf;
  }
  bool neg = !text.empty() && text[0] == '-';
  if (neg) text.erase(0, 1);
  size_t dot = text.find('.');
  std::string int_part = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot);
  std::string grouped;
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(int_part[i]);
  }
  return (neg ? "-" : "") + grouped + frac;
}

// Compiles `pattern` with MySQL's match_type letters: c case-sensitive, i insensitive (the
// default), m multi-line, n '.' matches line ends (std::regex's '.' never does; accepted).
Result<std::regex> CompileRegex(const std::string& pattern, const std::string& match_type) {
  auto flags = std::regex::ECMAScript | std::regex::icase;
  for (char c : match_type) {
    if (c == 'c') flags &= ~std::regex::icase;
    else if (c == 'i') flags |= std::regex::icase;
    else if (c == 'm') flags |= std::regex::multiline;
    else if (c != 'n' && c != 'u') {
      return Status(ErrorCode::kWrongArguments, "Incorrect arguments to regexp_like");
    }
  }
  try {
    return std::regex(pattern, flags);
  } catch (const std::regex_error&) {
    return Status(ErrorCode::kWrongArguments, "Incorrect arguments to regexp");
  }
}

// The `occurrence`-th match of `re` in `s` at or after character `pos` (1-based).
std::optional<std::smatch> FindMatch(const std::string& s, const std::regex& re, int64_t pos, int64_t occurrence) {
  auto starts = CharStarts(s);
  if (pos < 1 || pos > static_cast<int64_t>(starts.size())) return std::nullopt;
  auto it = std::sregex_iterator(s.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<size_t>(pos - 1)]),
                                 s.end(), re);
  for (int64_t n = 1; it != std::sregex_iterator(); ++it, ++n) {
    if (n >= occurrence) return *it;
  }
  return std::nullopt;
}

Result<Value> Regexp(const std::string& n, const std::vector<Value>& a) {
  const size_t argc = a.size();
  size_t max_args = n == "REGEXP_LIKE" ? 3 : n == "REGEXP_INSTR" ? 6 : n == "REGEXP_REPLACE" ? 6 : 5;
  size_t min_args = n == "REGEXP_REPLACE" ? 3 : 2;
  if (argc < min_args || argc > max_args) return WrongParamCount(n);
  for (const Value& v : a) {
    if (v.is_null()) return Value::Null();
  }
  const std::string s = a[0].ToString();
  const size_t type_arg = n == "REGEXP_LIKE" ? 2 : n == "REGEXP_SUBSTR" ? 4 : 5;
  auto re = CompileRegex(a[1].ToString(), argc > type_arg ? a[type_arg].ToString() : "");
  if (!re.ok()) return re.status();
  if (n == "REGEXP_LIKE") return Value::Int(std::regex_search(s, *re) ? 1 : 0);
  const size_t pos_arg = n == "REGEXP_REPLACE" ? 3 : 2;
  const int64_t pos = argc > pos_arg ? a[pos_arg].ToInt() : 1;
  const int64_t occurrence = argc > pos_arg + 1 ? a[pos_arg + 1].ToInt() : (n == "REGEXP_REPLACE" ? 0 : 1);
  auto starts = CharStarts(s);
  if (pos < 1 || pos > static_cast<int64_t>(starts.size())) {
    return Status(ErrorCode::kWrongArguments, "Index out of bounds in regular expression search.");
  }
  if (n == "REGEXP_REPLACE") {
    const size_t from = starts[static_cast<size_t>(pos - 1)];
    std::string head = s.substr(0, from), tail = s.substr(from);
    if (occurrence <= 0) return Value::String(head + std::regex_replace(tail, *re, a[2].ToString()));
    auto m = FindMatch(s, *re, pos, occurrence);
    if (!m) return Value::String(s);
    const size_t at = from + static_cast<size_t>(m->position(0));
    return Value::String(s.substr(0, at) + m->format(a[2].ToString()) + s.substr(at + static_cast<size_t>(m->length(0))));
  }
  auto m = FindMatch(s, *re, pos, std::max<int64_t>(occurrence, 1));
  const size_t from = starts[static_cast<size_t>(pos - 1)];
  if (n == "REGEXP_SUBSTR") return m ? Value::String(m->str(0)) : Value::Null();
  if (!m) return Value::Int(0);
  const size_t at = from + static_cast<size_t>(m->position(0));
  const bool after = argc > 4 && a[4].ToInt() == 1;
  return Value::Int(CharIndexOfByte(starts, after ? at + static_cast<size_t>(m->length(0)) : at) + 1);
}

uint32_t Crc32(std::string_view s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// CONV(n, from, to): n read in base |from| (its valid prefix), written in base |to|; a
// negative `to` prints a signed value, otherwise negatives wrap to unsigned 64 bits, as MySQL.
std::optional<std::string> Conv(const std::string& n, int64_t from, int64_t to) {
  if (std::abs(from) < 2 || std::abs(from) > 36 || std::abs(to) < 2 || std::abs(to) > 36) return std::nullopt;
  size_t i = 0;
  while (i < n.size() && n[i] == ' ') ++i;
  bool neg = i < n.size() && n[i] == '-';
  if (neg) ++i;
  uint64_t v = 0;
  for (; i < n.size(); ++i) {
    int d = std::isdigit(static_cast<unsigned char>(n[i])) ? n[i] - '0'
            : std::isalpha(static_cast<unsigned char>(n[i])) ? std::toupper(static_cast<unsigned char>(n[i])) - 'A' + 10
                                                              : 99;
    if (d >= std::abs(from)) break;
    v = v * static_cast<uint64_t>(std::abs(from)) + static_cast<uint64_t>(d);
  }
  bool out_neg = false;
  if (neg) {
    if (to < 0) out_neg = v != 0;
    else v = 0 - v;
  }
  std::string out;
  const uint64_t base = static_cast<uint64_t>(std::abs(to));
  do {
    out.push_back("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v % base]);
    v /= base;
  } while (v);
  if (out_neg) out.push_back('-');
  return std::string(out.rbegin(), out.rend());
}

std::optional<uint64_t> InetAton(std::string_view s) {
  uint64_t result = 0, byte = 0;
  int dots = 0;
  char last = 0;
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    last = c;
    if (c >= '0' && c <= '9') {
      byte = byte * 10 + static_cast<uint64_t>(c - '0');
      if (byte > 255) return std::nullopt;
    } else if (c == '.') {
      if (++dots > 3) return std::nullopt;
      result = (result << 8) + byte;
      byte = 0;
    } else {
      return std::nullopt;
    }
  }
  if (last == '.') return std::nullopt;
  if (dots == 1) result <<= 16;  // '127.1' is 127.0.0.1
  if (dots == 2) result <<= 8;
  return (result << 8) + byte;
}

// UUID_SHORT(): (server_id & 255) << 56 | startup seconds << 24, plus a process-wide counter
// (atomic, relaxed: only uniqueness matters). server_id is 1 here.
uint64_t UuidShort() {
  static std::atomic<uint64_t> next{(uint64_t{1} << 56) +
                                    (static_cast<uint64_t>(std::time(nullptr)) << 24)};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// INSERT(s, pos, len, new): characters [pos, pos+len) of s replaced by `repl`.
std::string InsertAt(const std::string& s, int64_t pos, int64_t len, const std::string& repl) {
  auto starts = CharStarts(s);
  const int64_t n = static_cast<int64_t>(starts.size()) - 1;
  if (pos < 1 || pos > n) return s;
  const int64_t end = (len < 0 || len > n - pos + 1) ? n : pos - 1 + len;
  return s.substr(0, starts[static_cast<size_t>(pos - 1)]) + repl + s.substr(starts[static_cast<size_t>(end)]);
}

}  // namespace

bool IsStringFunction(const std::string& n) {
  static const std::set<std::string> k = {
      "MD5", "SHA1", "SHA", "SHA2", "POSITION", "TRIM_LEADING", "TRIM_TRAILING", "SUBSTRING_INDEX",
      "TO_BASE64", "FROM_BASE64", "UNHEX", "BIT_LENGTH", "QUOTE", "FORMAT", "REGEXP_LIKE",
      "REGEXP_REPLACE", "REGEXP_INSTR", "REGEXP_SUBSTR", "EXTRACT", "CRC32", "CONV", "BIN", "OCT",
      "INET_ATON", "INET_NTOA", "UUID_SHORT", "CHAR", "INSERT"};
  return k.count(n) > 0;
}

std::optional<Result<Value>> CallStringFunction(const std::string& n, const std::vector<Value>& a,
                                                StatementState& state) {
  if (!IsStringFunction(n)) return std::nullopt;
  const size_t argc = a.size();
  auto any_null = [&]() { return std::any_of(a.begin(), a.end(), [](const Value& v) { return v.is_null(); }); };
  auto result = [](Result<Value> r) { return std::optional<Result<Value>>(std::move(r)); };
  if (n.rfind("REGEXP_", 0) == 0) return result(Regexp(n, a));
  if (n == "EXTRACT") {
    if (argc != 2) return result(WrongParamCount(n));
    return result(ExtractField(a[0].ToString(), a[1], state));
  }
  if (n == "UUID_SHORT") {
    if (argc != 0) return result(WrongParamCount(n));
    return result(Value::UInt(UuidShort()));
  }
  if (n == "CHAR") {
    // CHAR(n, ...): each integer as its big-endian bytes; NULLs are skipped.
    if (argc == 0) return result(WrongParamCount(n));
    std::string out;
    for (const Value& v : a) {
      if (v.is_null()) continue;
      uint32_t x = static_cast<uint32_t>(v.ToInt());
      std::string bytes;
      do {
        bytes.insert(bytes.begin(), static_cast<char>(x & 0xFF));
        x >>= 8;
      } while (x);
      out += bytes;
    }
    return result(Value::String(out));
  }
  if (n == "CONV" || n == "INSERT") {
    if (argc != (n == "CONV" ? 3u : 4u)) return result(WrongParamCount(n));
    if (any_null()) return result(Value::Null());
    if (n == "INSERT") return result(Value::String(InsertAt(a[0].ToString(), a[1].ToInt(), a[2].ToInt(), a[3].ToString())));
    auto r = Conv(a[0].ToString(), a[1].ToInt(), a[2].ToInt());
    return result(r ? Value::String(*r) : Value::Null());
  }
  if (n == "SHA2" || n == "FORMAT") {
    if (argc != 2 && !(n == "FORMAT" && argc == 3)) return result(WrongParamCount(n));
    if (a[0].is_null() || a[1].is_null()) return result(Value::Null());
    if (n == "FORMAT") return result(Value::String(FormatNumber(a[0], a[1].ToInt())));
    auto digest = Sha2Hex(a[0].ToString(), static_cast<int>(a[1].ToInt()));
    return result(digest ? Value::String(*digest) : Value::Null());
  }
  if (n == "POSITION" || n == "SUBSTRING_INDEX" || n == "TRIM_LEADING" || n == "TRIM_TRAILING") {
    const bool trim = n == "TRIM_LEADING" || n == "TRIM_TRAILING";
    if (trim ? (argc < 1 || argc > 2) : argc != (n == "POSITION" ? 2u : 3u)) return result(WrongParamCount(n));
    if (any_null()) return result(Value::Null());
    if (n == "POSITION") {
      // POSITION(needle IN hay) is LOCATE(needle, hay).
      std::string needle = FoldCase(a[0].ToString()), hay = FoldCase(a[1].ToString());
      size_t hit = hay.find(needle);
      if (hit == std::string::npos) return result(Value::Int(0));
      return result(Value::Int(CharIndexOfByte(CharStarts(hay), hit) + 1));
    }
    std::string s = a[0].ToString();
    if (trim) {
      std::string what = argc == 2 ? a[1].ToString() : " ";
      if (what.empty()) return result(Value::String(s));
      if (n == "TRIM_LEADING") {
        while (s.compare(0, what.size(), what) == 0) s.erase(0, what.size());
      } else {
        while (s.size() >= what.size() && s.compare(s.size() - what.size(), what.size(), what) == 0) {
          s.erase(s.size() - what.size());
        }
      }
      return result(Value::String(s));
    }
    // SUBSTRING_INDEX: case-sensitive delimiter search.
    std::string delim = a[1].ToString();
    int64_t count = a[2].ToInt();
    if (delim.empty() || count == 0) return result(Value::String(""));
    if (count > 0) {
      size_t at = 0;
      for (int64_t i = 0; i < count; ++i, at += delim.size()) {
        at = s.find(delim, at);
        if (at == std::string::npos) return result(Value::String(s));
      }
      return result(Value::String(s.substr(0, at - delim.size())));
    }
    size_t end = s.size();
    for (int64_t i = 0; i < -count; ++i) {
      if (end < delim.size()) return result(Value::String(s));
      size_t at = s.rfind(delim, end - delim.size());
      if (at == std::string::npos) return result(Value::String(s));
      end = at;
    }
    return result(Value::String(s.substr(end + delim.size())));
  }
  // One-argument functions.
  if (argc != 1) return result(WrongParamCount(n));
  if (a[0].is_null()) return result(n == "QUOTE" ? Value::String("NULL") : Value::Null());
  const std::string s = a[0].ToString();
  if (n == "MD5") return result(Value::String(Md5Hex(s)));
  if (n == "SHA1" || n == "SHA") return result(Value::String(Sha1Hex(s)));
  if (n == "TO_BASE64") return result(Value::String(ToBase64(s)));
  if (n == "FROM_BASE64") {
    auto r = FromBase64(s);
    return result(r ? Value::String(*r) : Value::Null());
  }
  if (n == "UNHEX") {
    auto r = Unhex(s);
    return result(r ? Value::String(*r) : Value::Null());
  }
  if (n == "BIT_LENGTH") return result(Value::Int(static_cast<int64_t>(s.size()) * 8));
  if (n == "CRC32") return result(Value::UInt(Crc32(s)));
  if (n == "BIN" || n == "OCT") {
    auto r = Conv(s, 10, n == "BIN" ? 2 : 8);
    return result(r ? Value::String(*r) : Value::Null());
  }
  if (n == "INET_ATON") {
    auto r = InetAton(s);
    return result(r ? Value::UInt(*r) : Value::Null());
  }
  if (n == "INET_NTOA") {
    const uint64_t ip = a[0].ToUInt();
    if (ip > 0xFFFFFFFFull) return result(Value::Null());
    char buf[20];
    std::snprintf(buf, sizeof buf, "%llu.%llu.%llu.%llu", static_cast<unsigned long long>(ip >> 24),
                  static_cast<unsigned long long>(ip >> 16 & 255), static_cast<unsigned long long>(ip >> 8 & 255),
                  static_cast<unsigned long long>(ip & 255));
    return result(Value::String(buf));
  }
  return result(Value::String(Quote(s)));  // QUOTE
}

}  // namespace sql
