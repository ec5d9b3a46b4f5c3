// Exact decimal arithmetic for DECIMAL values and the `/` operator.
//
// A Decimal is an unscaled 128-bit integer and a scale (digits after the point), which holds
// up to 38 significant digits: enough for every DECIMAL(p<=38) column and for the results of
// arithmetic on them. Operations that would exceed 38 digits report overflow (nullopt) and the
// caller falls back to DOUBLE — a documented deviation from MySQL's 65-digit DECIMAL.
//
// Thread safety: plain value type.
#ifndef SQL_EXPR_DECIMAL_H_
#define SQL_EXPR_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sql {

class Decimal {
 public:
  Decimal() = default;
  Decimal(__int128 unscaled, int scale) : unscaled_(unscaled), scale_(scale) {}
  static Decimal FromInt(int64_t v) { return Decimal(v, 0); }
  static Decimal FromUInt(uint64_t v) { return Decimal(static_cast<__int128>(v), 0); }
  // Parses "[-+]digits[.digits][e[-+]n]" (leading blanks allowed, trailing junk ignored, as
  // MySQL's string→decimal). nullopt if there are no digits or more than 38 of them.
  static std::optional<Decimal> Parse(std::string_view text);
  // Nearest decimal with `scale` digits (DOUBLE → DECIMAL). nullopt if out of range.
  static std::optional<Decimal> FromDouble(double d, int scale);

  __int128 unscaled() const { return unscaled_; }
  int scale() const { return scale_; }
  bool is_zero() const { return unscaled_ == 0; }
  bool is_negative() const { return unscaled_ < 0; }

  // Canonical text: "-12.50" (scale digits kept), "0.5" never ".5".
  std::string ToString() const;
  double ToDouble() const;
  // Rounded half away from zero to an integer (MySQL's DECIMAL→INT rule).
  std::optional<int64_t> ToInt() const;

  // Same value with `scale` digits, rounding half away from zero when reducing.
  std::optional<Decimal> Rescale(int scale) const;
  // Truncation toward zero to `scale` digits (TRUNCATE()) — FLOOR/CEIL use scale 0 variants.
  Decimal Floor() const;
  Decimal Ceil() const;

  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Sub(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Mul(const Decimal& a, const Decimal& b);
  // a / b with scale a.scale + extra (MySQL: div_precision_increment = 4), rounded half up.
  // REQUIRES: !b.is_zero().
  static std::optional<Decimal> Div(const Decimal& a, const Decimal& b, int extra_scale);
  // a MOD b with scale max(a.scale, b.scale). REQUIRES: !b.is_zero().
  static std::optional<Decimal> Mod(const Decimal& a, const Decimal& b);
  static int Compare(const Decimal& a, const Decimal& b);
  Decimal Negate() const { return Decimal(-unscaled_, scale_); }

 private:
  __int128 unscaled_ = 0;
  int scale_ = 0;
};

}  // namespace sql

#endif  // SQL_EXPR_DECIMAL_H_
