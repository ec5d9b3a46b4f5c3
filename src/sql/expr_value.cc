#include "sql/expr_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/ascii.h"

namespace sql {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int Sign(double d) { return d < 0 ? -1 : (d > 0 ? 1 : 0); }

bool IsDateKind(const Value& v) {
  return v.kind() == ValueKind::kDate || v.kind() == ValueKind::kDateTime;
}

// A date/datetime value and a string: compares as date-times when the string parses.
std::optional<int> CompareDateWithString(const Value& date, const Value& str) {
  auto p = ParseDateTime(str.text());
  auto d = ParseDateTime(date.text());
  if (!p || !d) return std::nullopt;
  std::string a = FormatDateTime(*d, 6), b = FormatDateTime(*p, 6);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int CollateCompare(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = static_cast<unsigned char>(Lower(a[i]));
    unsigned char y = static_cast<unsigned char>(Lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

std::string FoldCase(std::string_view s) { return base::AsciiLower(s); }

int CompareForSql(const Value& a, const Value& b) {
  const bool a_num = a.is_numeric(), b_num = b.is_numeric();
  if (a_num && b_num) {
    if (a.kind() == ValueKind::kDouble || b.kind() == ValueKind::kDouble) {
      return Sign(a.ToDouble() - b.ToDouble());
    }
    return Compare(a, b);
  }
  if (a_num || b_num) {
    if (IsDateKind(a) || IsDateKind(b)) return Compare(a, b);
    return Sign(a.ToDouble() - b.ToDouble());
  }
  if (IsDateKind(a) && b.kind() == ValueKind::kString) {
    if (auto c = CompareDateWithString(a, b)) return *c;
  } else if (IsDateKind(b) && a.kind() == ValueKind::kString) {
    if (auto c = CompareDateWithString(b, a)) return -*c;
  } else if (IsDateKind(a) && IsDateKind(b) && a.kind() != b.kind()) {
    auto x = ParseDateTime(a.text()), y = ParseDateTime(b.text());
    if (x && y) {
      int c = FormatDateTime(*x, 6).compare(FormatDateTime(*y, 6));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  if (IsDateKind(a) || IsDateKind(b)) {
    int c = a.text().compare(b.text());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return CollateCompare(a.text(), b.text());
}

int CompareForSort(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return (a.is_null() ? 0 : 1) - (b.is_null() ? 0 : 1);
  return CompareForSql(a, b);
}

std::optional<bool> Truth(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return std::nullopt;
    case ValueKind::kInt:
      return v.int_value() != 0;
    case ValueKind::kUInt:
      return v.uint_value() != 0;
    case ValueKind::kDecimal: {
      auto d = Decimal::Parse(v.text());
      return d ? !d->is_zero() : v.ToDouble() != 0;
    }
    default:
      return v.ToDouble() != 0;
  }
}

std::optional<Decimal> ToDecimal(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return std::nullopt;
    case ValueKind::kInt:
      return Decimal::FromInt(v.int_value());
    case ValueKind::kUInt:
      return Decimal::FromUInt(v.uint_value());
    case ValueKind::kDouble:
      return Decimal::FromDouble(v.double_value(), 17);
    case ValueKind::kDate:
    case ValueKind::kDateTime:
      return Decimal::FromInt(v.ToInt());
    case ValueKind::kDecimal:
    case ValueKind::kString: {
      auto d = Decimal::Parse(v.text());
      if (d) return d;
      // No digits at all ('abc') reads as 0; too many digits does not fit.
      bool digit = false;
      for (char c : v.text()) digit |= (c >= '0' && c <= '9');
      if (!digit) return Decimal();
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Value DecimalValue(const Decimal& d) { return Value::Decimal(d.ToString()); }

bool IsWholeNumber(std::string_view s) {
  std::string buf(s);
  const char* begin = buf.c_str();
  char* end = nullptr;
  std::strtod(begin, &end);
  if (end == begin) return false;
  while (*end == ' ' || *end == '\t' || *end == '\n') ++end;
  return *end == '\0';
}

std::optional<DateTimeParts> ParseDateTime(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  DateTimeParts p;
  // Compact forms: YYYYMMDD or YYYYMMDDHHMMSS.
  bool all_digits = !s.empty();
  for (char c : s) all_digits &= (c >= '0' && c <= '9');
  auto num = [&](size_t pos, size_t len) { return std::atoi(std::string(s.substr(pos, len)).c_str()); };
  if (all_digits && (s.size() == 8 || s.size() == 14)) {
    p.year = num(0, 4);
    p.month = num(4, 2);
    p.day = num(6, 2);
    if (s.size() == 14) {
      p.has_time = true;
      p.hour = num(8, 2);
      p.minute = num(10, 2);
      p.second = num(12, 2);
    }
  } else {
    // Delimited: numbers separated by any punctuation; the date/time separator is ' ' or 'T'.
    int fields[7] = {0, 0, 0, 0, 0, 0, 0};
    int nfields = 0;
    size_t i = 0;
    int micro_digits = 0;
    while (i < s.size() && nfields < 7) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      int64_t v = 0;
      int digits = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (digits < 9) v = v * 10 + (s[i] - '0');
        ++digits;
        ++i;
      }
      if (nfields == 6) micro_digits = digits;
      fields[nfields++] = static_cast<int>(v);
      if (i >= s.size()) break;
      char sep = s[i];
      if (nfields == 3 && sep != ' ' && sep != 'T') return std::nullopt;
      if (nfields == 6 && sep != '.') return std::nullopt;
      if (!(sep == '-' || sep == ':' || sep == ' ' || sep == 'T' || sep == '.' || sep == '/')) {
        return std::nullopt;
      }
      ++i;
    }
    if (i < s.size() || nfields < 3) return std::nullopt;
    p.year = fields[0];
    p.month = fields[1];
    p.day = fields[2];
    if (nfields > 3) {
      p.has_time = true;
      p.hour = fields[3];
      p.minute = fields[4];
      p.second = fields[5];
      int micro = fields[6];
      for (int d = micro_digits; d < 6; ++d) micro *= 10;
      for (int d = 6; d < micro_digits && d < 9; ++d) micro /= 10;
      p.micro = micro;
    }
    if (p.year < 100 && s.size() > 0 && s.find('-') == 2) p.year += p.year < 70 ? 2000 : 1900;
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 ||
      p.second > 59) {
    return std::nullopt;
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (p.day > kDays[p.month - 1]) return std::nullopt;
  bool leap = (p.year % 4 == 0 && p.year % 100 != 0) || p.year % 400 == 0;
  if (p.month == 2 && p.day == 29 && !leap) return std::nullopt;
  return p;
}

std::string FormatDate(const DateTimeParts& p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
  return buf;
}

std::string FormatDateTime(const DateTimeParts& p, int fsp) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                p.minute, p.second);
  std::string r = buf;
  if (fsp > 0) {
    std::snprintf(buf, sizeof buf, ".%06d", p.micro);
    r.append(buf, static_cast<size_t>(1 + std::min(fsp, 6)));
  }
  return r;
}

int64_t DaysFromCivil(int y, int m, int d) {
  // Howard Hinnant's days_from_civil, shifted so that 0000-01-01 is TO_DAYS 1 as in MySQL
  // (TO_DAYS('1970-01-01') = 719528).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + 719528;
}

void CivilFromDays(int64_t days, int* y, int* m, int* d) {
  int64_t z = days - 719528 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

int64_t LocalToUnix(const DateTimeParts& p) {
  std::tm tm{};
  tm.tm_year = p.year - 1900;
  tm.tm_mon = p.month - 1;
  tm.tm_mday = p.day;
  tm.tm_hour = p.hour;
  tm.tm_min = p.minute;
  tm.tm_sec = p.second;
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm));
}

namespace {
DateTimeParts FromTm(const std::tm& tm, int micro) {
  DateTimeParts p;
  p.year = tm.tm_year + 1900;
  p.month = tm.tm_mon + 1;
  p.day = tm.tm_mday;
  p.hour = tm.tm_hour;
  p.minute = tm.tm_min;
  p.second = tm.tm_sec;
  p.micro = micro;
  p.has_time = true;
  return p;
}
}  // namespace

DateTimeParts UnixToLocal(int64_t secs, int micro) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  localtime_r(&t, &tm);
  return FromTm(tm, micro);
}

DateTimeParts UnixToUtc(int64_t secs, int micro) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return FromTm(tm, micro);
}

}  // namespace sql
