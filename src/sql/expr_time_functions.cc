// TIME values and calendar functions (declared in expr_functions.h): UTC_TIME, TIME_TO_SEC,
// SEC_TO_TIME, TIMEDIFF, MAKEDATE, FROM_DAYS, WEEK, YEARWEEK, STR_TO_DATE, CONVERT_TZ.
//
// TIME values are signed durations ('-838:59:59' .. '838:59:59' in MySQL; not clamped here),
// handled as microseconds. CONVERT_TZ knows numeric offsets ('+05:30') and 'SYSTEM' only:
// named zones need MySQL's time zone tables, without which MySQL also returns NULL.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "sql/expr_functions.h"
#include "sql/expr_value.h"

namespace sql {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

const char* kMonthNames[] = {"january", "february", "march", "april", "may", "june", "july",
                             "august", "september", "october", "november", "december"};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// A value as a TIME duration: a date-time contributes its time of day.
std::optional<int64_t> TimeArg(const Value& v) {
  if (v.is_null()) return std::nullopt;
  std::string text = v.ToString();
  if (text.find('-', 1) != std::string::npos) {
    auto p = ParseDateTime(text);
    if (!p) return std::nullopt;
    return ((p->hour * 60LL + p->minute) * 60 + p->second) * kMicrosPerSecond + p->micro;
  }
  return ParseTimeMicros(text);
}

// '+05:30' / '-08:00' → offset in seconds.
std::optional<int64_t> ParseOffset(std::string_view tz) {
  if (tz.size() < 4 || (tz[0] != '+' && tz[0] != '-')) return std::nullopt;
  size_t colon = tz.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  int h = std::atoi(std::string(tz.substr(1, colon - 1)).c_str());
  int m = std::atoi(std::string(tz.substr(colon + 1)).c_str());
  if (h > 14 || m > 59) return std::nullopt;
  int64_t secs = h * 3600 + m * 60;
  return tz[0] == '-' ? -secs : secs;
}

// Seconds east of UTC of zone `tz`. `unix_secs` is the instant, or with `local_given` a wall
// time in `tz` written as if it were UTC.
std::optional<int64_t> ZoneOffset(const std::string& tz, int64_t unix_secs, bool local_given) {
  if (FoldCase(tz) == "system") {
    // Offset of the system zone at the instant: its wall clock minus the instant.
    const int64_t instant = local_given ? LocalToUnix(UnixToUtc(unix_secs)) : unix_secs;
    const DateTimeParts wall = UnixToLocal(instant);
    const int64_t wall_secs = (DaysFromCivil(wall.year, wall.month, wall.day) - DaysFromCivil(1970, 1, 1)) * 86400 +
                              wall.hour * 3600LL + wall.minute * 60LL + wall.second;
    return wall_secs - instant;
  }
  return ParseOffset(tz);
}

DateTimeParts FromTotalMicros(int64_t total) {
  DateTimeParts p;
  int64_t days = total / kMicrosPerDay, rem = total % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  CivilFromDays(days, &p.year, &p.month, &p.day);
  p.hour = static_cast<int>(rem / (3600 * kMicrosPerSecond));
  p.minute = static_cast<int>(rem / (60 * kMicrosPerSecond) % 60);
  p.second = static_cast<int>(rem / kMicrosPerSecond % 60);
  p.micro = static_cast<int>(rem % kMicrosPerSecond);
  p.has_time = true;
  return p;
}

int64_t TotalMicros(const DateTimeParts& p) {
  return DaysFromCivil(p.year, p.month, p.day) * kMicrosPerDay +
         ((p.hour * 60LL + p.minute) * 60 + p.second) * kMicrosPerSecond + p.micro;
}

// STR_TO_DATE: reads `s` by the DATE_FORMAT specifiers of `fmt`. nullopt if it does not fit.
// *has_date / *has_time tell which parts the format names (the result type).
std::optional<DateTimeParts> StrToDate(std::string_view s, std::string_view fmt, bool* has_date, bool* has_time) {
  DateTimeParts p;
  p.year = p.month = p.day = 0;
  bool pm = false, twelve_hour = false;
  size_t i = 0;
  auto skip_spaces = [&]() { while (i < s.size() && s[i] == ' ') ++i; };
  auto number = [&](int max_digits, int* out) {
    skip_spaces();
    size_t start = i;
    int v = 0;
    while (i < s.size() && i - start < static_cast<size_t>(max_digits) && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
    }
    *out = v;
    return i > start;
  };
  for (size_t f = 0; f < fmt.size(); ++f) {
    if (fmt[f] != '%' || f + 1 == fmt.size()) {
      if (fmt[f] == ' ') { skip_spaces(); continue; }
      if (i >= s.size() || s[i] != fmt[f]) return std::nullopt;
      ++i;
      continue;
    }
    char c = fmt[++f];
    bool ok = true;
    switch (c) {
      case 'Y': ok = number(4, &p.year); *has_date = true; break;
      case 'y': ok = number(2, &p.year); p.year += p.year < 70 ? 2000 : 1900; *has_date = true; break;
      case 'm': case 'c': ok = number(2, &p.month); *has_date = true; break;
      case 'd': case 'e': ok = number(2, &p.day); *has_date = true; break;
      case 'H': case 'k': ok = number(2, &p.hour); *has_time = true; break;
      case 'h': case 'I': case 'l': ok = number(2, &p.hour); twelve_hour = true; *has_time = true; break;
      case 'i': ok = number(2, &p.minute); *has_time = true; break;
      case 's': case 'S': ok = number(2, &p.second); *has_time = true; break;
      case 'f': {
        size_t start = i;
        ok = number(6, &p.micro);
        for (size_t d = i - start; d < 6; ++d) p.micro *= 10;
        *has_time = true;
        break;
      }
      case 'p': {
        skip_spaces();
        std::string ap = FoldCase(s.substr(i, 2));
        ok = ap == "am" || ap == "pm";
        pm = ap == "pm";
        i += 2;
        break;
      }
      case 'M': case 'b': {
        ok = false;
        for (int m = 0; m < 12 && !ok; ++m) {
          std::string_view name = kMonthNames[m];
          if (c == 'b') name = name.substr(0, 3);
          if (FoldCase(s.substr(i, name.size())) == name) {
            p.month = m + 1;
            i += name.size();
            ok = true;
          }
        }
        *has_date = true;
        break;
      }
      case 'T': {
        ok = number(2, &p.hour) && i < s.size() && s[i++] == ':' && number(2, &p.minute) && i < s.size() &&
             s[i++] == ':' && number(2, &p.second);
        *has_time = true;
        break;
      }
      case '%': ok = i < s.size() && s[i++] == '%'; break;
      default: ok = false; break;
    }
    if (!ok) return std::nullopt;
  }
  if (twelve_hour) {
    if (p.hour < 1 || p.hour > 12) return std::nullopt;
    p.hour = p.hour % 12 + (pm ? 12 : 0);
  }
  if (p.month > 12 || p.hour > 23 || p.minute > 59 || p.second > 59) return std::nullopt;
  if (*has_date) {
    // A date part must name a real date (MySQL's NO_ZERO_DATE / NO_ZERO_IN_DATE defaults).
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    if (!ParseDateTime(buf)) return std::nullopt;
  }
  p.has_time = *has_time;
  return p;
}

}  // namespace

std::optional<int64_t> ParseTimeMicros(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  bool neg = !s.empty() && s.front() == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return std::nullopt;
  int64_t days = 0, h = 0, m = 0, sec = 0, micro = 0;
  auto read = [&](int64_t* out) {
    int64_t v = 0;
    size_t n = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n])) && v < 100000000) v = v * 10 + (s[n++] - '0');
    s.remove_prefix(n);
    *out = v;
    return n;
  };
  int64_t first = 0;
  size_t digits = read(&first);
  if (!s.empty() && s.front() == ' ') {  // 'D HH:MM:SS'
    days = first;
    s.remove_prefix(1);
    read(&first);
  }
  if (s.empty() || s.front() == '.') {
    if (digits > 2 && days == 0) {  // HHMMSS / MMSS / SS
      h = first / 10000;
      m = first / 100 % 100;
      sec = first % 100;
    } else {
      sec = first;
      if (days) { h = first; sec = 0; }
    }
  } else if (s.front() == ':') {
    h = first;
    s.remove_prefix(1);
    read(&m);
    if (!s.empty() && s.front() == ':') {
      s.remove_prefix(1);
      read(&sec);
    }
  } else {
    return std::nullopt;
  }
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    size_t n = 0;
    while (n < s.size() && n < 6 && std::isdigit(static_cast<unsigned char>(s[n]))) micro = micro * 10 + (s[n++] - '0');
    for (size_t d = n; d < 6; ++d) micro *= 10;
    s.remove_prefix(n);
  }
  if (m > 59 || sec > 59) return std::nullopt;
  int64_t total = (((days * 24 + h) * 60 + m) * 60 + sec) * kMicrosPerSecond + micro;
  return neg ? -total : total;
}

std::string FormatTimeMicros(int64_t micros, bool force_fraction) {
  bool neg = micros < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-micros) : static_cast<uint64_t>(micros);
  uint64_t secs = u / kMicrosPerSecond, frac = u % kMicrosPerSecond;
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%s%02llu:%02llu:%02llu", neg ? "-" : "",
                        static_cast<unsigned long long>(secs / 3600), static_cast<unsigned long long>(secs / 60 % 60),
                        static_cast<unsigned long long>(secs % 60));
  if (frac || force_fraction) {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06llu", static_cast<unsigned long long>(frac));
  }
  return buf;
}

int MysqlWeek(const DateTimeParts& t, int mode, int* year) {
  enum { kMondayFirst = 1, kWeekYear = 2, kFirstWeekday = 4 };
  unsigned behaviour = static_cast<unsigned>(mode) & 7;
  if (!(behaviour & kMondayFirst)) behaviour ^= kFirstWeekday;
  const bool monday_first = behaviour & kMondayFirst;
  bool week_year = behaviour & kWeekYear;
  const bool first_weekday = behaviour & kFirstWeekday;
  auto weekday_of = [&](int64_t daynr) { return static_cast<int>((daynr + 5 + (monday_first ? 0 : 1)) % 7); };
  const int64_t daynr = DaysFromCivil(t.year, t.month, t.day);
  int64_t first_daynr = DaysFromCivil(t.year, 1, 1);
  int weekday = weekday_of(first_daynr);
  *year = t.year;
  if (t.month == 1 && t.day <= 7 - weekday) {
    if (!week_year && ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4))) return 0;
    week_year = true;
    --*year;
    const int64_t days = IsLeap(*year) ? 366 : 365;
    first_daynr -= days;
    weekday = static_cast<int>((weekday + 53 * 7 - days) % 7);
  }
  int64_t days;
  if ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4)) {
    days = daynr - (first_daynr + (7 - weekday));
  } else {
    days = daynr - (first_daynr - weekday);
  }
  if (week_year && days >= 52 * 7) {
    weekday = static_cast<int>((weekday + (IsLeap(*year) ? 366 : 365)) % 7);
    if ((!first_weekday && weekday < 4) || (first_weekday && weekday == 0)) {
      ++*year;
      return 1;
    }
  }
  return static_cast<int>(days / 7 + 1);
}

bool IsTimeFunction(const std::string& n) {
  static const std::set<std::string> k = {"UTC_TIME", "TIME_TO_SEC", "SEC_TO_TIME", "TIMEDIFF", "MAKEDATE",
                                          "FROM_DAYS", "WEEK", "YEARWEEK", "STR_TO_DATE", "CONVERT_TZ"};
  return k.count(n) > 0;
}

std::optional<Result<Value>> CallTimeFunction(const std::string& n, const std::vector<Value>& a,
                                              StatementState& state) {
  if (!IsTimeFunction(n)) return std::nullopt;
  using R = std::optional<Result<Value>>;
  const size_t argc = a.size();
  const bool any_null = std::any_of(a.begin(), a.end(), [](const Value& v) { return v.is_null(); });
  if (n == "UTC_TIME") {
    if (argc != 0) return R(WrongParamCount(n));
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(state.ctx.statement_time().time_since_epoch()).count();
    return R(Value::String(FormatTimeMicros(us / kMicrosPerSecond % 86400 * kMicrosPerSecond, false)));
  }
  if (n == "TIME_TO_SEC" || n == "SEC_TO_TIME" || n == "FROM_DAYS") {
    if (argc != 1) return R(WrongParamCount(n));
    if (any_null) return R(Value::Null());
    if (n == "SEC_TO_TIME") return R(Value::String(FormatTimeMicros(a[0].ToInt() * kMicrosPerSecond, false)));
    if (n == "FROM_DAYS") {
      DateTimeParts p;
      CivilFromDays(std::max<int64_t>(a[0].ToInt(), 0), &p.year, &p.month, &p.day);
      if (a[0].ToInt() < 366) p.year = p.month = p.day = 0;  // MySQL: '0000-00-00' before year 1
      return R(Value::Date(FormatDate(p)));
    }
    auto t = TimeArg(a[0]);
    if (!t) return R(Value::Null());
    return R(Value::Int(*t / kMicrosPerSecond));
  }
  if (n == "TIMEDIFF") {
    if (argc != 2) return R(WrongParamCount(n));
    if (any_null) return R(Value::Null());
    // Both date-times or both times; a mix is NULL.
    const std::string x = a[0].ToString(), y = a[1].ToString();
    const bool x_dt = x.find('-', 1) != std::string::npos, y_dt = y.find('-', 1) != std::string::npos;
    if (x_dt != y_dt) return R(Value::Null());
    std::optional<int64_t> tx, ty;
    if (x_dt) {
      auto px = ParseDateTime(x), py = ParseDateTime(y);
      if (px) tx = TotalMicros(*px);
      if (py) ty = TotalMicros(*py);
    } else {
      tx = ParseTimeMicros(x);
      ty = ParseTimeMicros(y);
    }
    if (!tx || !ty) return R(Value::Null());
    const bool fraction = x.find('.') != std::string::npos || y.find('.') != std::string::npos;
    return R(Value::String(FormatTimeMicros(*tx - *ty, fraction)));
  }
  if (n == "MAKEDATE") {
    if (argc != 2) return R(WrongParamCount(n));
    if (any_null) return R(Value::Null());
    int64_t year = a[0].ToInt(), yday = a[1].ToInt();
    if (yday <= 0 || year < 0 || year > 9999) return R(Value::Null());
    if (year < 100) year += year < 70 ? 2000 : 1900;
    DateTimeParts p;
    CivilFromDays(DaysFromCivil(static_cast<int>(year), 1, 1) + yday - 1, &p.year, &p.month, &p.day);
    if (p.year > 9999) return R(Value::Null());
    return R(Value::Date(FormatDate(p)));
  }
  if (n == "WEEK" || n == "YEARWEEK") {
    if (argc < 1 || argc > 2) return R(WrongParamCount(n));
    if (a[0].is_null()) return R(Value::Null());
    auto p = ParseDateTime(a[0].ToString());
    if (!p) {
      state.Warn(ErrorCode::kTruncatedWrongValue, "Incorrect datetime value: '" + a[0].ToString() + "'");
      return R(Value::Null());
    }
    int mode = argc == 2 && !a[1].is_null() ? static_cast<int>(a[1].ToInt()) : 0;  // @@default_week_format
    int year = 0;
    if (n == "WEEK") return R(Value::Int(MysqlWeek(*p, mode, &year)));
    int week = MysqlWeek(*p, mode | 2, &year);
    return R(Value::Int(year * 100LL + week));
  }
  if (n == "STR_TO_DATE") {
    if (argc != 2) return R(WrongParamCount(n));
    if (any_null) return R(Value::Null());
    bool has_date = false, has_time = false;
    const std::string s = a[0].ToString();
    auto p = StrToDate(s, a[1].ToString(), &has_date, &has_time);
    if (!p) {
      state.Warn(ErrorCode::kTruncatedWrongValue,
                 "Incorrect datetime value: '" + s + "' for function str_to_date");
      return R(Value::Null());
    }
    const int fsp = p->micro ? 6 : 0;
    if (has_date && has_time) return R(Value::DateTime(FormatDateTime(*p, fsp)));
    if (has_date) return R(Value::Date(FormatDate(*p)));
    return R(Value::String(FormatTimeMicros(((p->hour * 60LL + p->minute) * 60 + p->second) * kMicrosPerSecond + p->micro, false)));
  }
  // CONVERT_TZ(dt, from, to)
  if (argc != 3) return R(WrongParamCount(n));
  if (any_null) return R(Value::Null());
  auto p = ParseDateTime(a[0].ToString());
  if (!p) return R(Value::Null());
  const int64_t local = TotalMicros(*p);
  const int64_t as_unix = (local - DaysFromCivil(1970, 1, 1) * kMicrosPerDay) / kMicrosPerSecond;
  auto from = ZoneOffset(a[1].ToString(), as_unix, true);
  auto to = ZoneOffset(a[2].ToString(), as_unix - from.value_or(0), false);
  if (!from || !to) return R(Value::Null());
  DateTimeParts r = FromTotalMicros(local + (*to - *from) * kMicrosPerSecond);
  return R(Value::DateTime(FormatDateTime(r, r.micro ? 6 : 0)));
}

}  // namespace sql
