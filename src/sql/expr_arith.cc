#include "sql/expr_arith.h"

#include <cmath>
#include <limits>

#include "sql/expr_functions.h"
#include "sql/expr_interval.h"
#include "sql/expr_value.h"

namespace sql {
namespace {

Status OutOfRange(const std::string& type, const std::string& text) {
  return Status(ErrorCode::kDataOutOfRange,
                type + " value is out of range in '" + text + "'");
}

bool IsIntKind(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kUInt;
}

// Integer arithmetic in 128 bits, then range-checked against the result type.
Result<Value> IntArithmetic(ast::BinaryOp op, const Value& a, const Value& b,
                            StatementState& state, const std::string& text) {
  const bool is_unsigned = a.kind() == ValueKind::kUInt || b.kind() == ValueKind::kUInt;
  __int128 x = a.kind() == ValueKind::kUInt ? static_cast<__int128>(a.uint_value()) : a.int_value();
  __int128 y = b.kind() == ValueKind::kUInt ? static_cast<__int128>(b.uint_value()) : b.int_value();
  __int128 r = 0;
  switch (op) {
    case ast::BinaryOp::kAdd: r = x + y; break;
    case ast::BinaryOp::kSub: r = x - y; break;
    case ast::BinaryOp::kMul: {
      r = x * y;
      // Both operands fit 65 bits, so |r| < 2^127 never wraps.
      break;
    }
    case ast::BinaryOp::kIntDiv:
      if (y == 0) return DivisionByZero(state);
      r = x / y;
      break;
    case ast::BinaryOp::kMod:
      if (y == 0) return DivisionByZero(state);
      r = x % y;
      break;
    default:
      return Status(ErrorCode::kInternal, "bad integer operator");
  }
  if (is_unsigned) {
    if (r < 0 || r > static_cast<__int128>(std::numeric_limits<uint64_t>::max())) {
      return OutOfRange("BIGINT UNSIGNED", text);
    }
    return Value::UInt(static_cast<uint64_t>(r));
  }
  if (r < std::numeric_limits<int64_t>::min() || r > std::numeric_limits<int64_t>::max()) {
    return OutOfRange("BIGINT", text);
  }
  return Value::Int(static_cast<int64_t>(r));
}

Result<Value> DoubleArithmetic(ast::BinaryOp op, double x, double y, StatementState& state,
                               const std::string& text) {
  double r = 0;
  switch (op) {
    case ast::BinaryOp::kAdd: r = x + y; break;
    case ast::BinaryOp::kSub: r = x - y; break;
    case ast::BinaryOp::kMul: r = x * y; break;
    case ast::BinaryOp::kDiv:
      if (y == 0) return DivisionByZero(state);
      r = x / y;
      break;
    case ast::BinaryOp::kIntDiv: {
      if (y == 0) return DivisionByZero(state);
      double q = std::trunc(x / y);
      if (q >= 9.3e18 || q <= -9.3e18) return OutOfRange("BIGINT", text);
      return Value::Int(static_cast<int64_t>(q));
    }
    case ast::BinaryOp::kMod:
      if (y == 0) return DivisionByZero(state);
      r = std::fmod(x, y);
      break;
    default:
      return Status(ErrorCode::kInternal, "bad double operator");
  }
  if (!std::isfinite(r)) return OutOfRange("DOUBLE", text);
  return Value::Double(r);
}

}  // namespace

Value NumericOperand(const Value& v, StatementState& state) {
  switch (v.kind()) {
    case ValueKind::kString: {
      if (!IsWholeNumber(v.text())) {
        state.Warn(ErrorCode::kTruncatedWrongValue,
                   "Truncated incorrect DOUBLE value: '" + v.text() + "'");
      }
      return Value::Double(v.ToDouble());
    }
    case ValueKind::kDate:
    case ValueKind::kDateTime: {
      auto p = ParseDateTime(v.text());
      if (!p) return Value::Int(0);
      int64_t n = p->year * 10000LL + p->month * 100 + p->day;
      if (v.kind() == ValueKind::kDateTime) n = n * 1000000 + p->hour * 10000 + p->minute * 100 + p->second;
      return Value::Int(n);
    }
    default:
      return v;
  }
}

Result<Value> Arithmetic(ast::BinaryOp op, const Value& a0, const Value& b0, StatementState& state,
                         const std::string& text) {
  if (a0.is_null() || b0.is_null()) return Value::Null();
  Value a = NumericOperand(a0, state);
  Value b = NumericOperand(b0, state);
  if (a.kind() == ValueKind::kDouble || b.kind() == ValueKind::kDouble) {
    return DoubleArithmetic(op, a.ToDouble(), b.ToDouble(), state, text);
  }
  if (IsIntKind(a) && IsIntKind(b) && op != ast::BinaryOp::kDiv) {
    return IntArithmetic(op, a, b, state, text);
  }
  // Exact: decimal arithmetic (also int / int).
  auto x = ToDecimal(a), y = ToDecimal(b);
  if (!x || !y) return DoubleArithmetic(op, a.ToDouble(), b.ToDouble(), state, text);
  std::optional<Decimal> r;
  switch (op) {
    case ast::BinaryOp::kAdd: r = Decimal::Add(*x, *y); break;
    case ast::BinaryOp::kSub: r = Decimal::Sub(*x, *y); break;
    case ast::BinaryOp::kMul: r = Decimal::Mul(*x, *y); break;
    case ast::BinaryOp::kDiv:
      if (y->is_zero()) return DivisionByZero(state);
      r = Decimal::Div(*x, *y, 4);
      break;
    case ast::BinaryOp::kIntDiv: {
      if (y->is_zero()) return DivisionByZero(state);
      auto q = Decimal::Div(*x, *y, 0);
      if (!q) return OutOfRange("BIGINT", text);
      // DIV truncates: recompute without rounding.
      __int128 num = x->Rescale(std::max(x->scale(), y->scale()))->unscaled();
      __int128 den = y->Rescale(std::max(x->scale(), y->scale()))->unscaled();
      __int128 t = num / den;
      if (t > std::numeric_limits<int64_t>::max() || t < std::numeric_limits<int64_t>::min()) {
        return OutOfRange("BIGINT", text);
      }
      return Value::Int(static_cast<int64_t>(t));
    }
    case ast::BinaryOp::kMod:
      if (y->is_zero()) return DivisionByZero(state);
      r = Decimal::Mod(*x, *y);
      break;
    default:
      return Status(ErrorCode::kInternal, "bad decimal operator");
  }
  if (!r) return DoubleArithmetic(op, a.ToDouble(), b.ToDouble(), state, text);
  return DecimalValue(*r);
}

Result<Value> Negate(const Value& v, const std::string& text) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Value::Null();
    case ValueKind::kInt:
      if (v.int_value() == std::numeric_limits<int64_t>::min()) return OutOfRange("BIGINT", text);
      return Value::Int(-v.int_value());
    case ValueKind::kUInt:
      if (v.uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) {
        return OutOfRange("BIGINT", text);
      }
      return Value::Int(static_cast<int64_t>(0 - v.uint_value()));
    case ValueKind::kDecimal: {
      auto d = Decimal::Parse(v.text());
      if (d) return DecimalValue(d->Negate());
      return Value::Double(-v.ToDouble());
    }
    default:
      return Value::Double(-v.ToDouble());
  }
}

namespace {

// Adds months keeping the day within the target month (MySQL clamps Jan 31 + 1 month to Feb 28/29).
void AddMonths(DateTimeParts* p, int64_t months) {
  int64_t total = p->year * 12LL + (p->month - 1) + months;
  p->year = static_cast<int>(total / 12);
  p->month = static_cast<int>(total % 12) + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (p->year % 4 == 0 && p->year % 100 != 0) || p->year % 400 == 0;
  int max_day = kDays[p->month - 1] + (p->month == 2 && leap ? 1 : 0);
  if (p->day > max_day) p->day = max_day;
}

}  // namespace

Result<Value> AddInterval(const Value& date, const Value& amount, ast::IntervalUnit unit, int sign,
                          StatementState& state) {
  if (date.is_null() || amount.is_null()) return Value::Null();
  std::string text = date.is_numeric() ? date.ToString() : date.text();
  auto p = ParseDateTime(text);
  if (!p) {
    state.Warn(ErrorCode::kTruncatedWrongValue, "Incorrect datetime value: '" + text + "'");
    return Value::Null();
  }
  const bool was_date = date.kind() == ValueKind::kDate || (!p->has_time && date.kind() == ValueKind::kString);
  auto decoded = DecodeInterval(amount, unit);
  if (!decoded) return Value::Null();
  const int64_t seconds = decoded->micros / 1000000 * sign;
  const int64_t micros = decoded->micros % 1000000 * sign;
  if (decoded->months != 0) AddMonths(&*p, decoded->months * sign);
  using U = ast::IntervalUnit;
  const bool time_unit = !(unit == U::kDay || unit == U::kWeek || unit == U::kMonth || unit == U::kQuarter ||
                           unit == U::kYear || unit == U::kYearMonth);
  if (seconds != 0 || micros != 0) {
    int64_t day_secs = p->hour * 3600LL + p->minute * 60 + p->second;
    int64_t total_micro = (DaysFromCivil(p->year, p->month, p->day) * 86400 + day_secs + seconds) * 1000000 +
                          p->micro + micros;
    int64_t days = total_micro / 86400000000LL;
    int64_t rem = total_micro % 86400000000LL;
    if (rem < 0) {
      rem += 86400000000LL;
      --days;
    }
    CivilFromDays(days, &p->year, &p->month, &p->day);
    p->hour = static_cast<int>(rem / 3600000000LL);
    p->minute = static_cast<int>(rem / 60000000 % 60);
    p->second = static_cast<int>(rem / 1000000 % 60);
    p->micro = static_cast<int>(rem % 1000000);
  }
  // Out of the DATETIME range: NULL (MySQL adds warning 1441 "Datetime function: datetime
  // field overflow", which has no ErrorCode yet).
  if (p->year < 0 || p->year > 9999) return Value::Null();
  if (was_date && !time_unit) return Value::Date(FormatDate(*p));
  // Microsecond units make the result DATETIME(6) even when the fraction is zero.
  const bool micro_unit = unit == U::kMicrosecond || unit == U::kSecondMicrosecond ||
                          unit == U::kMinuteMicrosecond || unit == U::kHourMicrosecond ||
                          unit == U::kDayMicrosecond;
  return Value::DateTime(FormatDateTime(*p, p->micro != 0 || micro_unit ? 6 : 0));
}

Result<Value> CastValue(const Value& v, const ast::Cast& cast, StatementState& state) {
  if (v.is_null()) return Value::Null();
  using K = ast::CastKind;
  switch (cast.kind) {
    case K::kChar:
    case K::kBinary:
    case K::kJson: {
      std::string s = v.ToString();
      if (cast.length && s.size() > *cast.length) {
        state.Warn(ErrorCode::kTruncatedWrongValue,
                   "Truncated incorrect CHAR(" + std::to_string(*cast.length) + ") value: '" + s + "'");
        s.resize(*cast.length);
      }
      return Value::String(std::move(s));
    }
    case K::kSigned:
    case K::kUnsigned: {
      Value n = v;
      if (v.kind() == ValueKind::kString) {
        if (!IsWholeNumber(v.text())) {
          state.Warn(ErrorCode::kTruncatedWrongValue,
                     "Truncated incorrect INTEGER value: '" + v.text() + "'");
        }
      } else if (v.kind() == ValueKind::kDate || v.kind() == ValueKind::kDateTime) {
        n = NumericOperand(v, state);
      }
      if (cast.kind == K::kUnsigned) {
        if (n.kind() == ValueKind::kUInt) return n;
        if (n.kind() == ValueKind::kDouble && n.double_value() < 0) return Value::UInt(0);
        return Value::UInt(static_cast<uint64_t>(n.ToInt()));
      }
      if (n.kind() == ValueKind::kUInt) return Value::Int(static_cast<int64_t>(n.uint_value()));
      return Value::Int(n.ToInt());
    }
    case K::kDecimal: {
      int precision = static_cast<int>(cast.length.value_or(10));
      int scale = static_cast<int>(cast.scale.value_or(0));
      auto d = ToDecimal(NumericOperand(v, state));
      if (!d) d = Decimal::FromDouble(v.ToDouble(), scale);
      if (!d) return Value::Null();
      auto r = d->Rescale(scale);
      if (!r) return Value::Null();
      // Clamp to the largest value DECIMAL(p,s) holds, as MySQL does (with a warning).
      __int128 max = 1;
      for (int i = 0; i < precision; ++i) max *= 10;
      max -= 1;
      if (r->unscaled() > max || r->unscaled() < -max) {
        state.Warn(ErrorCode::kDataOutOfRange, "Out of range value for column 'CAST' at row 1");
        r = Decimal(r->unscaled() > 0 ? max : -max, scale);
      }
      return DecimalValue(*r);
    }
    case K::kDouble:
    case K::kFloat:
      return Value::Double(NumericOperand(v, state).ToDouble());
    case K::kDate:
    case K::kDateTime: {
      std::string text = v.is_numeric() ? v.ToString() : v.text();
      auto p = ParseDateTime(text);
      if (!p) {
        state.Warn(ErrorCode::kTruncatedWrongValue,
                   std::string("Incorrect datetime value: '") + text + "'");
        return Value::Null();
      }
      if (cast.kind == K::kDate) return Value::Date(FormatDate(*p));
      int fsp = static_cast<int>(cast.length.value_or(0));
      return Value::DateTime(FormatDateTime(*p, fsp));
    }
    case K::kTime: {
      // A date-time keeps its time of day; otherwise the text is a TIME ('10:00' → 10:00:00).
      std::string text = v.ToString();
      std::optional<int64_t> micros;
      if (text.find('-', 1) != std::string::npos) {
        if (auto p = ParseDateTime(text)) {
          micros = ((p->hour * 60LL + p->minute) * 60 + p->second) * 1000000 + p->micro;
        }
      } else {
        micros = ParseTimeMicros(text);
      }
      if (!micros) {
        state.Warn(ErrorCode::kTruncatedWrongValue, "Truncated incorrect time value: '" + text + "'");
        return Value::Null();
      }
      const int fsp = static_cast<int>(cast.length.value_or(0));
      std::string out = FormatTimeMicros(fsp ? *micros : *micros / 1000000 * 1000000, fsp > 0);
      if (fsp > 0 && fsp < 6) out.resize(out.size() - static_cast<size_t>(6 - fsp));
      return Value::String(out);
    }
  }
  return Value::Null();
}

}  // namespace sql
