#include "sql/expr_decimal.h"

#include <cmath>
#include <cstdio>

namespace sql {
namespace {

constexpr int kMaxDigits = 38;

// 10^n for n in [0, 38].
__int128 Pow10(int n) {
  __int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// |v| < 10^38: the representable range.
bool InRange(__int128 v) {
  static const __int128 kLimit = Pow10(kMaxDigits);
  return v < kLimit && v > -kLimit;
}

// Multiplies by 10^n, nullopt on overflow.
std::optional<__int128> ScaleUp(__int128 v, int n) {
  for (int i = 0; i < n; ++i) {
    v *= 10;
    if (!InRange(v)) return std::nullopt;
  }
  return v;
}

// Divides by 10^n rounding half away from zero.
__int128 ScaleDownRound(__int128 v, int n) {
  if (n <= 0) return v;
  __int128 p = Pow10(n);
  __int128 q = v / p, r = v % p;
  if (r < 0) r = -r;
  if (r * 2 >= p) q += v < 0 ? -1 : 1;
  return q;
}

// Brings a and b to the same scale.
bool Align(const Decimal& a, const Decimal& b, __int128* x, __int128* y, int* scale) {
  *scale = std::max(a.scale(), b.scale());
  auto xa = ScaleUp(a.unscaled(), *scale - a.scale());
  auto yb = ScaleUp(b.unscaled(), *scale - b.scale());
  if (!xa || !yb) return false;
  *x = *xa;
  *y = *yb;
  return true;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  __int128 v = 0;
  int digits = 0, scale = 0;
  bool any = false, point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any = true;
    if (digits == 0 && c == '0') {
      if (point) ++scale;
      continue;
    }
    if (digits >= kMaxDigits) {
      if (point) continue;  // drop excess fraction digits (truncation)
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
    ++digits;
    if (point) ++scale;
  }
  if (!any) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    bool eneg = false;
    if (j < s.size() && (s[j] == '-' || s[j] == '+')) eneg = s[j++] == '-';
    int e = 0;
    bool edig = false;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && e < 1000) {
      e = e * 10 + (s[j++] - '0');
      edig = true;
    }
    if (edig) {
      if (eneg) {
        scale += e;
        if (scale > kMaxDigits) {
          v = ScaleDownRound(v, scale - kMaxDigits);
          scale = kMaxDigits;
        }
      } else if (e <= scale) {
        scale -= e;
      } else {
        auto up = ScaleUp(v, e - scale);
        if (!up) return std::nullopt;
        v = *up;
        scale = 0;
      }
    }
  }
  return Decimal(neg ? -v : v, scale);
}

std::optional<Decimal> Decimal::FromDouble(double d, int scale) {
  if (!std::isfinite(d)) return std::nullopt;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", scale, d);
  return Parse(buf);
}

std::string Decimal::ToString() const {
  __int128 v = unscaled_ < 0 ? -unscaled_ : unscaled_;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  if (static_cast<int>(digits.size()) <= scale_) {
    digits.insert(0, static_cast<size_t>(scale_ - static_cast<int>(digits.size()) + 1), '0');
  }
  if (scale_ > 0) digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
  if (unscaled_ < 0) digits.insert(0, "-");
  return digits;
}

double Decimal::ToDouble() const {
  return static_cast<double>(static_cast<long double>(unscaled_) /
                             static_cast<long double>(Pow10(scale_)));
}

std::optional<int64_t> Decimal::ToInt() const {
  __int128 v = ScaleDownRound(unscaled_, scale_);
  if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<Decimal> Decimal::Rescale(int scale) const {
  if (scale >= scale_) {
    auto v = ScaleUp(unscaled_, scale - scale_);
    if (!v) return std::nullopt;
    return Decimal(*v, scale);
  }
  return Decimal(ScaleDownRound(unscaled_, scale_ - scale), scale);
}

Decimal Decimal::Floor() const {
  __int128 p = Pow10(scale_);
  __int128 q = unscaled_ / p;
  if (unscaled_ % p != 0 && unscaled_ < 0) --q;
  return Decimal(q, 0);
}

Decimal Decimal::Ceil() const {
  __int128 p = Pow10(scale_);
  __int128 q = unscaled_ / p;
  if (unscaled_ % p != 0 && unscaled_ > 0) ++q;
  return Decimal(q, 0);
}

std::optional<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  __int128 x, y;
  int s;
  if (!Align(a, b, &x, &y, &s)) return std::nullopt;
  __int128 r = x + y;
  if (!InRange(r)) return std::nullopt;
  return Decimal(r, s);
}

std::optional<Decimal> Decimal::Sub(const Decimal& a, const Decimal& b) {
  return Add(a, b.Negate());
}

std::optional<Decimal> Decimal::Mul(const Decimal& a, const Decimal& b) {
  __int128 x = a.unscaled_, y = b.unscaled_;
  int s = a.scale_ + b.scale_;
  if (x != 0 && y != 0) {
    __int128 limit = Pow10(kMaxDigits);
    __int128 ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    if (ax > limit / ay) return std::nullopt;
  }
  __int128 r = x * y;
  if (!InRange(r)) return std::nullopt;
  if (s > 30) {  // MySQL caps the scale at 30 (DECIMAL_MAX_SCALE)
    r = ScaleDownRound(r, s - 30);
    s = 30;
  }
  return Decimal(r, s);
}

std::optional<Decimal> Decimal::Div(const Decimal& a, const Decimal& b, int extra_scale) {
  int result_scale = std::min(a.scale_ + extra_scale, 30);
  // a/b = (a.u / 10^sa) / (b.u / 10^sb); result unscaled = a.u * 10^(rs - sa + sb) / b.u,
  // computed with one more digit for rounding.
  int shift = result_scale - a.scale_ + b.scale_ + 1;
  __int128 num = a.unscaled_;
  __int128 den = b.unscaled_;
  if (shift >= 0) {
    auto n = ScaleUp(num, shift);
    if (!n) return std::nullopt;
    num = *n;
  } else {
    auto d = ScaleUp(den, -shift);
    if (!d) return std::nullopt;
    den = *d;
  }
  __int128 q = num / den;  // one extra digit
  __int128 r = q / 10, last = q % 10;
  if (last < 0) last = -last;
  if (last >= 5) r += q < 0 ? -1 : 1;
  return Decimal(r, result_scale);
}

std::optional<Decimal> Decimal::Mod(const Decimal& a, const Decimal& b) {
  __int128 x, y;
  int s;
  if (!Align(a, b, &x, &y, &s)) return std::nullopt;
  return Decimal(x % y, s);
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  __int128 x, y;
  int s;
  if (!Align(a, b, &x, &y, &s)) {
    double dx = a.ToDouble(), dy = b.ToDouble();
    return dx < dy ? -1 : (dx > dy ? 1 : 0);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace sql
