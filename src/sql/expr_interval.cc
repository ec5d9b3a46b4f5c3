#include "sql/expr_interval.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "sql/expr_arith.h"
#include "sql/expr_functions.h"
#include "sql/expr_value.h"

namespace sql {
namespace {

using U = ast::IntervalUnit;
using storage::ColumnType;

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// The fields of a compound unit, largest first. Fields: 'Y' year, 'M' month, 'd' day, 'h'
// hour, 'm' minute, 's' second, 'u' microsecond.
std::string_view CompoundFields(U unit) {
  switch (unit) {
    case U::kSecondMicrosecond: return "su";
    case U::kMinuteMicrosecond: return "msu";
    case U::kMinuteSecond: return "ms";
    case U::kHourMicrosecond: return "hmsu";
    case U::kHourSecond: return "hms";
    case U::kHourMinute: return "hm";
    case U::kDayMicrosecond: return "dhmsu";
    case U::kDaySecond: return "dhms";
    case U::kDayMinute: return "dhm";
    case U::kDayHour: return "dh";
    case U::kYearMonth: return "YM";
    default: return "";
  }
}

int64_t FieldMicros(char field) {
  switch (field) {
    case 'd': return kMicrosPerDay;
    case 'h': return 3600 * kMicrosPerSecond;
    case 'm': return 60 * kMicrosPerSecond;
    case 's': return kMicrosPerSecond;
    default: return 1;
  }
}

bool IsDayOrLarger(U unit) {
  return unit == U::kDay || unit == U::kWeek || unit == U::kMonth || unit == U::kQuarter ||
         unit == U::kYear || unit == U::kYearMonth;
}

bool HasMicroseconds(U unit) {
  return unit == U::kMicrosecond || unit == U::kSecondMicrosecond || unit == U::kMinuteMicrosecond ||
         unit == U::kHourMicrosecond || unit == U::kDayMicrosecond;
}

Status SyntaxError(const std::string& near) {
  return Status(ErrorCode::kParseError,
                "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
                "server version for the right syntax to use near '" + near + "' at line 1");
}

// The unit keyword written as TIMESTAMPADD/TIMESTAMPDIFF's first argument.
std::optional<U> UnitKeyword(const ast::Expr& e) {
  const auto* c = e.As<ast::ColumnRef>();
  if (!c || !c->table.empty()) return std::nullopt;
  std::string upper = c->column;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto unit = IntervalUnitFromName(upper);
  // Only the simple units are allowed here.
  if (unit && !CompoundFields(*unit).empty()) return std::nullopt;
  return unit;
}

int64_t TimeOfDayMicros(const DateTimeParts& p) {
  return (p.hour * 3600LL + p.minute * 60 + p.second) * kMicrosPerSecond + p.micro;
}

int64_t TotalMicros(const DateTimeParts& p) {
  return DaysFromCivil(p.year, p.month, p.day) * kMicrosPerDay + TimeOfDayMicros(p);
}

std::optional<DateTimeParts> DateArg(const Value& v, StatementState& state) {
  if (v.is_null()) return std::nullopt;
  std::string text = v.is_numeric() ? v.ToString() : v.text();
  auto p = ParseDateTime(text);
  if (!p) state.Warn(ErrorCode::kTruncatedWrongValue, "Incorrect datetime value: '" + text + "'");
  return p;
}

// TIMESTAMPDIFF(unit, a, b): b - a in whole units, truncated toward zero. Months count as in
// MySQL's Item_func_timestamp_diff: a month passes only when the day and time of day of the
// later value reach those of the earlier one.
int64_t TimestampDiff(U unit, const DateTimeParts& a, const DateTimeParts& b) {
  const int64_t diff = TotalMicros(b) - TotalMicros(a);
  if (unit == U::kMonth || unit == U::kQuarter || unit == U::kYear) {
    const bool neg = diff < 0;
    const DateTimeParts& beg = neg ? b : a;
    const DateTimeParts& end = neg ? a : b;
    int64_t months = (end.year - beg.year) * 12LL + (end.month - beg.month);
    if (end.day < beg.day || (end.day == beg.day && TimeOfDayMicros(end) < TimeOfDayMicros(beg))) {
      --months;
    }
    if (unit == U::kQuarter) months /= 3;
    if (unit == U::kYear) months /= 12;
    return neg ? -months : months;
  }
  switch (unit) {
    case U::kMicrosecond: return diff;
    case U::kSecond: return diff / kMicrosPerSecond;
    case U::kMinute: return diff / (60 * kMicrosPerSecond);
    case U::kHour: return diff / (3600 * kMicrosPerSecond);
    case U::kDay: return diff / kMicrosPerDay;
    case U::kWeek: return diff / (7 * kMicrosPerDay);
    default: return 0;
  }
}

}  // namespace

std::optional<ast::IntervalUnit> IntervalUnitFromName(std::string_view name) {
  if (name.substr(0, 8) == "SQL_TSI_") name.remove_prefix(8);
  static constexpr std::pair<std::string_view, U> kUnits[] = {
      {"MICROSECOND", U::kMicrosecond}, {"SECOND", U::kSecond}, {"MINUTE", U::kMinute},
      {"HOUR", U::kHour}, {"DAY", U::kDay}, {"WEEK", U::kWeek}, {"MONTH", U::kMonth},
      {"QUARTER", U::kQuarter}, {"YEAR", U::kYear},
      {"SECOND_MICROSECOND", U::kSecondMicrosecond}, {"MINUTE_MICROSECOND", U::kMinuteMicrosecond},
      {"MINUTE_SECOND", U::kMinuteSecond}, {"HOUR_MICROSECOND", U::kHourMicrosecond},
      {"HOUR_SECOND", U::kHourSecond}, {"HOUR_MINUTE", U::kHourMinute},
      {"DAY_MICROSECOND", U::kDayMicrosecond}, {"DAY_SECOND", U::kDaySecond},
      {"DAY_MINUTE", U::kDayMinute}, {"DAY_HOUR", U::kDayHour}, {"YEAR_MONTH", U::kYearMonth},
  };
  for (const auto& [n, u] : kUnits) {
    if (n == name) return u;
  }
  return std::nullopt;
}

std::optional<IntervalAmount> DecodeInterval(const Value& amount, U unit) {
  IntervalAmount r;
  std::string_view fields = CompoundFields(unit);
  if (fields.empty()) {
    const bool is_int = amount.kind() == ValueKind::kInt || amount.kind() == ValueKind::kUInt;
    if (unit == U::kSecond && !is_int) {
      r.micros = std::llround(amount.ToDouble() * kMicrosPerSecond);
      return r;
    }
    const bool exact_int = is_int || amount.kind() == ValueKind::kString;
    const int64_t n = exact_int ? amount.ToInt() : std::llround(amount.ToDouble());
    switch (unit) {
      case U::kMicrosecond: r.micros = n; break;
      case U::kSecond: r.micros = n * kMicrosPerSecond; break;
      case U::kMinute: r.micros = n * 60 * kMicrosPerSecond; break;
      case U::kHour: r.micros = n * 3600 * kMicrosPerSecond; break;
      case U::kDay: r.micros = n * kMicrosPerDay; break;
      case U::kWeek: r.micros = n * 7 * kMicrosPerDay; break;
      case U::kMonth: r.months = n; break;
      case U::kQuarter: r.months = n * 3; break;
      case U::kYear: r.months = n * 12; break;
      default: break;
    }
    return r;
  }
  // Compound: numbers separated by anything else, right-aligned onto the unit's fields.
  const std::string text = amount.ToString();
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  const bool neg = i < text.size() && text[i] == '-';
  std::vector<std::pair<int64_t, int>> parts;  // value, digit count
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    int64_t v = 0;
    int digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (v < INT64_MAX / 10 - 10) v = v * 10 + (text[i] - '0');
      ++digits;
      ++i;
    }
    parts.emplace_back(v, digits);
  }
  if (parts.size() > fields.size()) return std::nullopt;
  const size_t skip = fields.size() - parts.size();
  for (size_t k = 0; k < parts.size(); ++k) {
    const char field = fields[skip + k];
    int64_t v = parts[k].first;
    if (field == 'u' && k + 1 == parts.size() && parts.size() > 1) {
      for (int d = parts[k].second; d < 6; ++d) v *= 10;  // '.5' is 500000 us
    }
    if (field == 'Y') r.months += v * 12;
    else if (field == 'M') r.months += v;
    else r.micros += v * FieldMicros(field);
  }
  if (neg) {
    r.months = -r.months;
    r.micros = -r.micros;
  }
  return r;
}

bool IsIntervalFunction(const std::string& n) {
  return n == "DATE_ADD" || n == "DATE_SUB" || n == "ADDDATE" || n == "SUBDATE" || n == "TIMESTAMPADD" ||
         n == "TIMESTAMPDIFF";
}

bool IsUnitArgument(const ast::FunctionCall& call, size_t i) {
  // MySQL's grammar takes a keyword there, so any bare word is the unit (an unknown one is a
  // syntax error when evaluated, not an unknown column).
  if (i != 0 || !call.db.empty() || (call.name != "TIMESTAMPADD" && call.name != "TIMESTAMPDIFF")) return false;
  const auto* c = call.args.empty() ? nullptr : call.args[0]->As<ast::ColumnRef>();
  return c != nullptr && c->table.empty();
}

Result<Value> EvalIntervalFunction(const ast::FunctionCall& call, const EvalEnv& env, StatementState& state) {
  const std::string& n = call.name;
  if (n == "TIMESTAMPADD" || n == "TIMESTAMPDIFF") {
    if (call.args.size() != 3) return WrongParamCount(n);
    auto unit = UnitKeyword(*call.args[0]);
    if (!unit) return SyntaxError(ExprToString(*call.args[0]));
    auto x = Eval(*call.args[1], env, state);
    if (!x.ok()) return x;
    auto y = Eval(*call.args[2], env, state);
    if (!y.ok()) return y;
    if (n == "TIMESTAMPADD") return AddInterval(*y, *x, *unit, 1, state);
    if (x->is_null() || y->is_null()) return Value::Null();
    auto a = DateArg(*x, state);
    auto b = DateArg(*y, state);
    if (!a || !b) return Value::Null();
    return Value::Int(TimestampDiff(*unit, *a, *b));
  }
  // DATE_ADD(d, INTERVAL n u), DATE_SUB, ADDDATE, SUBDATE; ADDDATE/SUBDATE(d, days).
  if (call.args.size() != 2) return WrongParamCount(n);
  const int sign = (n == "DATE_SUB" || n == "SUBDATE") ? -1 : 1;
  auto date = Eval(*call.args[0], env, state);
  if (!date.ok()) return date;
  if (const auto* iv = call.args[1]->As<ast::Interval>()) {
    auto amount = Eval(*iv->value, env, state);
    if (!amount.ok()) return amount;
    return AddInterval(*date, *amount, iv->unit, sign, state);
  }
  if (n == "DATE_ADD" || n == "DATE_SUB") return SyntaxError(ExprToString(*call.args[1]) + ")");
  auto days = Eval(*call.args[1], env, state);
  if (!days.ok()) return days;
  return AddInterval(*date, *days, U::kDay, sign, state);
}

Result<Value> ExtractField(std::string_view unit_name, const Value& date, StatementState& state) {
  auto unit = IntervalUnitFromName(unit_name);
  if (!unit) return SyntaxError(std::string(unit_name));
  auto p = DateArg(date, state);
  if (!p) return Value::Null();
  const int64_t Y = p->year, M = p->month, d = p->day, h = p->hour, m = p->minute, s = p->second,
                u = p->micro;
  switch (*unit) {
    case U::kMicrosecond: return Value::Int(u);
    case U::kSecond: return Value::Int(s);
    case U::kMinute: return Value::Int(m);
    case U::kHour: return Value::Int(h);
    case U::kDay: return Value::Int(d);
    case U::kWeek: {
      int year = 0;
      return Value::Int(MysqlWeek(*p, 0, &year));  // @@default_week_format = 0
    }
    case U::kMonth: return Value::Int(M);
    case U::kQuarter: return Value::Int((M + 2) / 3);
    case U::kYear: return Value::Int(Y);
    case U::kSecondMicrosecond: return Value::Int(s * 1000000 + u);
    case U::kMinuteMicrosecond: return Value::Int((m * 100 + s) * 1000000 + u);
    case U::kMinuteSecond: return Value::Int(m * 100 + s);
    case U::kHourMicrosecond: return Value::Int((h * 10000 + m * 100 + s) * 1000000 + u);
    case U::kHourSecond: return Value::Int(h * 10000 + m * 100 + s);
    case U::kHourMinute: return Value::Int(h * 100 + m);
    case U::kDayMicrosecond: return Value::Int((d * 1000000 + h * 10000 + m * 100 + s) * 1000000 + u);
    case U::kDaySecond: return Value::Int(d * 1000000 + h * 10000 + m * 100 + s);
    case U::kDayMinute: return Value::Int(d * 10000 + h * 100 + m);
    case U::kDayHour: return Value::Int(d * 100 + h);
    case U::kYearMonth: return Value::Int(Y * 100 + M);
  }
  return Value::Null();
}

ColumnInfo DateArithType(const ColumnInfo& date_arg, U unit) {
  ColumnInfo c;
  c.binary = true;
  if (date_arg.type == ColumnType::kDate && IsDayOrLarger(unit)) {
    c.type = ColumnType::kDate;
    c.length = 10;
  } else if (date_arg.type == ColumnType::kDate || date_arg.type == ColumnType::kDateTime ||
             date_arg.type == ColumnType::kTimestamp) {
    c.type = ColumnType::kDateTime;
    c.decimals = HasMicroseconds(unit) ? 6 : date_arg.type == ColumnType::kDate ? 0 : date_arg.decimals;
    c.length = 19 + (c.decimals ? c.decimals + 1u : 0u);
  } else {
    c.type = ColumnType::kVarchar;
    c.length = 29;
    c.binary = false;
  }
  return c;
}

ColumnInfo IntervalFunctionType(const ast::FunctionCall& call, const std::function<ColumnInfo(size_t)>& arg_type) {
  if (call.name == "TIMESTAMPDIFF") {
    ColumnInfo c;
    c.type = ColumnType::kBigInt;
    c.length = 21;
    c.binary = true;
    return c;
  }
  if (call.name == "TIMESTAMPADD") {
    auto unit = call.args.empty() ? std::nullopt : UnitKeyword(*call.args[0]);
    return DateArithType(arg_type(2), unit.value_or(U::kSecond));
  }
  U unit = U::kDay;
  if (call.args.size() == 2) {
    if (const auto* iv = call.args[1]->As<ast::Interval>()) unit = iv->unit;
  }
  return DateArithType(arg_type(0), unit);
}

}  // namespace sql
