// Value semantics of SQL expressions: comparison with MySQL's coercion rules and collation,
// truth values, numeric conversions, and date/time text handling.
//
// Collation: every string comparison uses one collation, our approximation of MySQL 8.0's
// default utf8mb4_0900_ai_ci: ASCII letters compare case-insensitively, other bytes compare
// by byte value (so accented letters are NOT folded — a documented deviation), and it is NO
// PAD like 0900_ai_ci ('a' <> 'a '). CHAR columns drop trailing spaces when stored, as MySQL
// returns them, so CHAR comparisons behave as in MySQL.
//
// Thread safety: pure functions.
#ifndef SQL_EXPR_VALUE_H_
#define SQL_EXPR_VALUE_H_

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "sql/expr_decimal.h"
#include "storage/value.h"

namespace sql {

using storage::Value;
using storage::ValueKind;

// Collation comparison of two strings (see above): <0, 0, >0.
int CollateCompare(std::string_view a, std::string_view b);
// Lower-cases ASCII letters (the collation's folding).
std::string FoldCase(std::string_view s);

// Compares two non-NULL values as MySQL's comparison operators do:
//   number vs number    numerically (exact for int/uint/decimal)
//   string vs string    CollateCompare
//   date/datetime vs string   the string is read as a date/datetime
//   number vs string    both as DOUBLE
// REQUIRES: neither is NULL.
int CompareForSql(const Value& a, const Value& b);

// Total order for ORDER BY, GROUP BY and DISTINCT: NULL first, then CompareForSql.
int CompareForSort(const Value& a, const Value& b);

// SQL truth: nullopt for NULL; numbers are true when non-zero; strings by their numeric
// prefix ('1abc' true, 'abc' false).
std::optional<bool> Truth(const Value& v);

// Value as a Decimal, for exact arithmetic. Strings use their numeric prefix (0 if none).
// nullopt for NULL or when the value does not fit (then use DOUBLE).
std::optional<Decimal> ToDecimal(const Value& v);
// Value::Decimal from a Decimal.
Value DecimalValue(const Decimal& d);

// True if the string is entirely a valid number ("12", " 1.5e3 "), as MySQL checks before
// warning "Truncated incorrect DOUBLE value".
bool IsWholeNumber(std::string_view s);

// --- Dates ---------------------------------------------------------------------------------

struct DateTimeParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int micro = 0;
  bool has_time = false;
};

// Parses 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]' (also 'T' separator, other punctuation, and the
// compact 'YYYYMMDD[HHMMSS]' form). nullopt if it is not a valid date.
std::optional<DateTimeParts> ParseDateTime(std::string_view s);
// 'YYYY-MM-DD'.
std::string FormatDate(const DateTimeParts& p);
// 'YYYY-MM-DD HH:MM:SS' plus '.ffffff' when fsp > 0.
std::string FormatDateTime(const DateTimeParts& p, int fsp = 0);
// Days since 0000-00-00 in the proleptic Gregorian calendar (MySQL's TO_DAYS).
int64_t DaysFromCivil(int y, int m, int d);
void CivilFromDays(int64_t days, int* y, int* m, int* d);
// Seconds since the epoch of a local (system time zone) date-time, and back.
int64_t LocalToUnix(const DateTimeParts& p);
DateTimeParts UnixToLocal(int64_t secs, int micro = 0);
DateTimeParts UnixToUtc(int64_t secs, int micro = 0);

}  // namespace sql

#endif  // SQL_EXPR_VALUE_H_
