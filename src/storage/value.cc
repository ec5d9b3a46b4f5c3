#include "storage/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace storage {
namespace {

// Parses the longest numeric prefix of `s` as MySQL does for string→number conversion.
double LeadingDouble(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  std::string buf(s.substr(i, 64));
  char* end = nullptr;
  double d = std::strtod(buf.c_str(), &end);
  if (end == buf.c_str()) return 0.0;
  return d;
}

}  // namespace

int64_t Value::ToInt() const {
  switch (kind_) {
    case ValueKind::kNull:
      return 0;
    case ValueKind::kInt:
      return int_value();
    case ValueKind::kUInt:
      return static_cast<int64_t>(uint_value());
    case ValueKind::kDouble:
      return static_cast<int64_t>(std::llround(double_value()));
    case ValueKind::kDecimal:
      return static_cast<int64_t>(std::llround(LeadingDouble(text())));
    case ValueKind::kDate:
    case ValueKind::kDateTime: {
      std::string digits;
      for (char c : text()) {
        if (c == '.') break;
        if (c >= '0' && c <= '9') digits.push_back(c);
      }
      int64_t v = 0;
      std::from_chars(digits.data(), digits.data() + digits.size(), v);
      return v;
    }
    case ValueKind::kString: {
      const std::string& s = text();
      size_t i = 0;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      int64_t v = 0;
      auto r = std::from_chars(s.data() + i, s.data() + s.size(), v);
      if (r.ec == std::errc() && (r.ptr == s.data() + s.size() || (*r.ptr != '.' && *r.ptr != 'e' && *r.ptr != 'E'))) {
        return v;
      }
      return static_cast<int64_t>(std::llround(LeadingDouble(s)));
    }
  }
  return 0;
}

uint64_t Value::ToUInt() const {
  if (kind_ == ValueKind::kUInt) return uint_value();
  if (kind_ == ValueKind::kString) {
    uint64_t v = 0;
    const std::string& s = text();
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc()) return v;
  }
  return static_cast<uint64_t>(ToInt());
}

double Value::ToDouble() const {
  switch (kind_) {
    case ValueKind::kNull:
      return 0.0;
    case ValueKind::kInt:
      return static_cast<double>(int_value());
    case ValueKind::kUInt:
      return static_cast<double>(uint_value());
    case ValueKind::kDouble:
      return double_value();
    case ValueKind::kDate:
    case ValueKind::kDateTime:
      return static_cast<double>(ToInt());
    case ValueKind::kDecimal:
    case ValueKind::kString:
      return LeadingDouble(text());
  }
  return 0.0;
}

std::string Value::ToString() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "NULL";
    case ValueKind::kInt:
      return std::to_string(int_value());
    case ValueKind::kUInt:
      return std::to_string(uint_value());
    case ValueKind::kDouble: {
      double d = double_value();
      if (std::isnan(d)) return "nan";
      if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
      char buf[64];
      // MySQL prints doubles with up to 17 significant digits, shortest form that round-trips.
      for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (std::strtod(buf, nullptr) == d) break;
      }
      return buf;
    }
    case ValueKind::kDecimal:
    case ValueKind::kString:
    case ValueKind::kDate:
    case ValueKind::kDateTime:
      return text();
  }
  return {};
}

namespace {
int Sign(double d) { return d < 0 ? -1 : (d > 0 ? 1 : 0); }
}  // namespace

int Compare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return (a.is_null() ? 0 : 1) - (b.is_null() ? 0 : 1);
  const bool a_num = a.is_numeric();
  const bool b_num = b.is_numeric();
  if (a_num || b_num) {
    if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
      return a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
    }
    if (a.kind() == ValueKind::kUInt && b.kind() == ValueKind::kUInt) {
      return a.uint_value() < b.uint_value() ? -1 : (a.uint_value() > b.uint_value() ? 1 : 0);
    }
    if ((a.kind() == ValueKind::kInt && b.kind() == ValueKind::kUInt) ||
        (a.kind() == ValueKind::kUInt && b.kind() == ValueKind::kInt)) {
      const bool a_neg = a.kind() == ValueKind::kInt && a.int_value() < 0;
      const bool b_neg = b.kind() == ValueKind::kInt && b.int_value() < 0;
      if (a_neg != b_neg) return a_neg ? -1 : 1;
      uint64_t x = a.ToUInt(), y = b.ToUInt();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a_num && b_num && a.kind() != ValueKind::kDouble && b.kind() != ValueKind::kDouble &&
        (a.kind() == ValueKind::kDecimal || b.kind() == ValueKind::kDecimal)) {
      // Exact enough for the magnitudes tables hold: long double keeps 64 bits of mantissa.
      long double x = a.kind() == ValueKind::kDecimal ? std::strtold(a.text().c_str(), nullptr)
                                                      : static_cast<long double>(a.ToInt());
      long double y = b.kind() == ValueKind::kDecimal ? std::strtold(b.text().c_str(), nullptr)
                                                      : static_cast<long double>(b.ToInt());
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    return Sign(a.ToDouble() - b.ToDouble());
  }
  // Both held as text (string/date/datetime).
  int c = a.text().compare(b.text());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

size_t Value::Hash() const {
  switch (kind_) {
    case ValueKind::kNull:
      return 0x9e3779b97f4a7c15ull;
    case ValueKind::kInt:
    case ValueKind::kUInt:
    case ValueKind::kDouble:
    case ValueKind::kDecimal: {
      double d = ToDouble();
      if (d == 0) d = 0;  // -0.0 == 0.0
      return std::hash<double>()(d);
    }
    default:
      return std::hash<std::string>()(text());
  }
}

}  // namespace storage
