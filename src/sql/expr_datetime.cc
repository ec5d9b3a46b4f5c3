// Date and time functions (declared in expr_functions.h). Times are shown in the system time
// zone (@@time_zone = SYSTEM); NOW() and friends use the statement's start time.
#include <algorithm>
#include <chrono>
#include <set>

#include "sql/expr_functions.h"
#include "sql/expr_value.h"

namespace sql {
namespace {

using Clock = std::chrono::system_clock;

void SplitTime(Clock::time_point t, int64_t* secs, int* micro) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  *secs = us / 1000000;
  *micro = static_cast<int>(us % 1000000);
}

std::optional<DateTimeParts> ArgDate(const Value& v) {
  if (v.is_null()) return std::nullopt;
  return ParseDateTime(v.is_numeric() ? v.ToString() : v.text());
}

const char* kMonthNames[] = {"January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"};
const char* kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// 0 = Monday.
int Weekday(const DateTimeParts& p) {
  return static_cast<int>((DaysFromCivil(p.year, p.month, p.day) + 5) % 7);
}

std::string DateFormat(const DateTimeParts& p, std::string_view fmt) {
  std::string r;
  char buf[32];
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 == fmt.size()) {
      r.push_back(fmt[i]);
      continue;
    }
    char c = fmt[++i];
    switch (c) {
      case 'Y': std::snprintf(buf, sizeof buf, "%04d", p.year); break;
      case 'y': std::snprintf(buf, sizeof buf, "%02d", p.year % 100); break;
      case 'm': std::snprintf(buf, sizeof buf, "%02d", p.month); break;
      case 'c': std::snprintf(buf, sizeof buf, "%d", p.month); break;
      case 'd': std::snprintf(buf, sizeof buf, "%02d", p.day); break;
      case 'e': std::snprintf(buf, sizeof buf, "%d", p.day); break;
      case 'H': std::snprintf(buf, sizeof buf, "%02d", p.hour); break;
      case 'k': std::snprintf(buf, sizeof buf, "%d", p.hour); break;
      case 'h': case 'I': std::snprintf(buf, sizeof buf, "%02d", (p.hour + 11) % 12 + 1); break;
      case 'l': std::snprintf(buf, sizeof buf, "%d", (p.hour + 11) % 12 + 1); break;
      case 'i': std::snprintf(buf, sizeof buf, "%02d", p.minute); break;
      case 's': case 'S': std::snprintf(buf, sizeof buf, "%02d", p.second); break;
      case 'f': std::snprintf(buf, sizeof buf, "%06d", p.micro); break;
      case 'p': std::snprintf(buf, sizeof buf, "%s", p.hour < 12 ? "AM" : "PM"); break;
      case 'T': std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", p.hour, p.minute, p.second); break;
      case 'r':
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d %s", (p.hour + 11) % 12 + 1, p.minute, p.second,
                      p.hour < 12 ? "AM" : "PM");
        break;
      case 'M': std::snprintf(buf, sizeof buf, "%s", kMonthNames[p.month - 1]); break;
      case 'b': std::snprintf(buf, sizeof buf, "%.3s", kMonthNames[p.month - 1]); break;
      case 'W': std::snprintf(buf, sizeof buf, "%s", kDayNames[Weekday(p)]); break;
      case 'a': std::snprintf(buf, sizeof buf, "%.3s", kDayNames[Weekday(p)]); break;
      case 'w': std::snprintf(buf, sizeof buf, "%d", (Weekday(p) + 1) % 7); break;
      case 'j':
        std::snprintf(buf, sizeof buf, "%03d",
                      static_cast<int>(DaysFromCivil(p.year, p.month, p.day) - DaysFromCivil(p.year, 1, 1) + 1));
        break;
      case '%': std::snprintf(buf, sizeof buf, "%%"); break;
      default: std::snprintf(buf, sizeof buf, "%c", c); break;
    }
    r += buf;
  }
  return r;
}

}  // namespace

bool IsDateTimeFunction(const std::string& n) {
  static const std::set<std::string> k = {
      "NOW", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "SYSDATE", "CURDATE",
      "CURRENT_DATE", "CURTIME", "CURRENT_TIME", "UTC_TIMESTAMP", "UTC_DATE", "UNIX_TIMESTAMP",
      "FROM_UNIXTIME", "DATE_FORMAT", "DATE", "YEAR", "MONTH", "DAY", "DAYOFMONTH", "HOUR",
      "MINUTE", "SECOND", "DATEDIFF", "TO_DAYS", "DAYNAME", "MONTHNAME", "DAYOFWEEK", "LAST_DAY",
      "WEEKDAY", "DAYOFYEAR", "QUARTER", "MICROSECOND", "TIME"};
  return k.count(n) > 0;
}

std::optional<Result<Value>> CallDateTimeFunction(const std::string& n, const std::vector<Value>& a,
                                                  StatementState& state) {
  if (!IsDateTimeFunction(n)) return std::nullopt;
  const size_t argc = a.size();
  int64_t secs;
  int micro;
  if (n == "NOW" || n == "CURRENT_TIMESTAMP" || n == "LOCALTIME" || n == "LOCALTIMESTAMP" ||
      n == "SYSDATE" || n == "UTC_TIMESTAMP") {
    if (argc > 1) return Result<Value>(WrongParamCount(n));
    SplitTime(n == "SYSDATE" ? Clock::now() : state.ctx.statement_time(), &secs, &micro);
    int fsp = argc == 1 ? static_cast<int>(std::clamp<int64_t>(a[0].ToInt(), 0, 6)) : 0;
    DateTimeParts p = n == "UTC_TIMESTAMP" ? UnixToUtc(secs, micro) : UnixToLocal(secs, micro);
    return Result<Value>(Value::DateTime(FormatDateTime(p, fsp)));
  }
  if (n == "CURDATE" || n == "CURRENT_DATE" || n == "UTC_DATE") {
    if (argc != 0) return Result<Value>(WrongParamCount(n));
    SplitTime(state.ctx.statement_time(), &secs, &micro);
    DateTimeParts p = n == "UTC_DATE" ? UnixToUtc(secs) : UnixToLocal(secs);
    return Result<Value>(Value::Date(FormatDate(p)));
  }
  if (n == "CURTIME" || n == "CURRENT_TIME") {
    SplitTime(state.ctx.statement_time(), &secs, &micro);
    DateTimeParts p = UnixToLocal(secs);
    return Result<Value>(Value::String(FormatDateTime(p).substr(11)));
  }
  if (n == "UNIX_TIMESTAMP") {
    if (argc > 1) return Result<Value>(WrongParamCount(n));
    if (argc == 0) {
      SplitTime(state.ctx.statement_time(), &secs, &micro);
      return Result<Value>(Value::Int(secs));
    }
    auto p = ArgDate(a[0]);
    if (!p) return Result<Value>(a[0].is_null() ? Value::Null() : Value::Int(0));
    return Result<Value>(Value::Int(LocalToUnix(*p)));
  }
  if (n == "FROM_UNIXTIME") {
    if (argc < 1 || argc > 2) return Result<Value>(WrongParamCount(n));
    if (a[0].is_null() || a[0].ToDouble() < 0) return Result<Value>(Value::Null());
    DateTimeParts p = UnixToLocal(a[0].ToInt());
    if (argc == 2) return Result<Value>(Value::String(DateFormat(p, a[1].ToString())));
    return Result<Value>(Value::DateTime(FormatDateTime(p)));
  }
  if (n == "DATE_FORMAT") {
    if (argc != 2) return Result<Value>(WrongParamCount(n));
    auto p = ArgDate(a[0]);
    if (!p || a[1].is_null()) return Result<Value>(Value::Null());
    return Result<Value>(Value::String(DateFormat(*p, a[1].ToString())));
  }
  if (n == "DATEDIFF") {
    if (argc != 2) return Result<Value>(WrongParamCount(n));
    auto x = ArgDate(a[0]), y = ArgDate(a[1]);
    if (!x || !y) return Result<Value>(Value::Null());
    return Result<Value>(Value::Int(DaysFromCivil(x->year, x->month, x->day) - DaysFromCivil(y->year, y->month, y->day)));
  }
  if (argc != 1) return Result<Value>(WrongParamCount(n));
  auto p = ArgDate(a[0]);
  if (!p) {
    if (!a[0].is_null()) {
      state.Warn(ErrorCode::kTruncatedWrongValue, "Incorrect datetime value: '" + a[0].ToString() + "'");
    }
    return Result<Value>(Value::Null());
  }
  if (n == "DATE") return Result<Value>(Value::Date(FormatDate(*p)));
  if (n == "YEAR") return Result<Value>(Value::Int(p->year));
  if (n == "MONTH") return Result<Value>(Value::Int(p->month));
  if (n == "DAY" || n == "DAYOFMONTH") return Result<Value>(Value::Int(p->day));
  if (n == "HOUR") return Result<Value>(Value::Int(p->hour));
  if (n == "MINUTE") return Result<Value>(Value::Int(p->minute));
  if (n == "SECOND") return Result<Value>(Value::Int(p->second));
  if (n == "TO_DAYS") return Result<Value>(Value::Int(DaysFromCivil(p->year, p->month, p->day)));
  if (n == "DAYNAME") return Result<Value>(Value::String(kDayNames[Weekday(*p)]));
  if (n == "MONTHNAME") return Result<Value>(Value::String(kMonthNames[p->month - 1]));
  if (n == "DAYOFWEEK") return Result<Value>(Value::Int((Weekday(*p) + 1) % 7 + 1));
  if (n == "WEEKDAY") return Result<Value>(Value::Int(Weekday(*p)));
  if (n == "DAYOFYEAR") {
    return Result<Value>(Value::Int(DaysFromCivil(p->year, p->month, p->day) - DaysFromCivil(p->year, 1, 1) + 1));
  }
  if (n == "QUARTER") return Result<Value>(Value::Int((p->month + 2) / 3));
  if (n == "MICROSECOND") return Result<Value>(Value::Int(p->micro));
  if (n == "TIME") {
    char buf[32];
    if (p->micro) {
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06d", p->hour, p->minute, p->second, p->micro);
    } else {
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", p->hour, p->minute, p->second);
    }
    return Result<Value>(Value::String(buf));
  }
  // LAST_DAY
  DateTimeParts q = *p;
  q.day = 28;
  for (int d = 29; d <= 31; ++d) {
    DateTimeParts t = q;
    t.day = d;
    if (ParseDateTime(FormatDate(t))) q.day = d;
  }
  return Result<Value>(Value::Date(FormatDate(q)));
}

}  // namespace sql
