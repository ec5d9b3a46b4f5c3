// INTERVAL arithmetic and unit-taking date functions:
//   DATE_ADD(d, INTERVAL n u), DATE_SUB, ADDDATE(d, INTERVAL n u | days), SUBDATE,
//   TIMESTAMPADD(u, n, d), TIMESTAMPDIFF(u, a, b), EXTRACT(u FROM d).
//
// These calls carry an INTERVAL node or a bare unit keyword among their arguments, which are
// not values: the evaluator hands them to EvalIntervalFunction instead of evaluating every
// argument, and name resolution skips the unit keyword (IsUnitArgument) — the parser gives
// TIMESTAMPDIFF(MINUTE, a, b) a ColumnRef "MINUTE" as its first argument.
#ifndef SQL_EXPR_INTERVAL_H_
#define SQL_EXPR_INTERVAL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "sql/ast_expr.h"
#include "sql/expr_eval.h"
#include "sql/statement_result.h"

namespace sql {

// An interval decoded for a unit: whole months (YEAR, QUARTER, MONTH, YEAR_MONTH) and
// microseconds (everything else). Both carry the sign.
struct IntervalAmount {
  int64_t months = 0;
  int64_t micros = 0;
};

// Decodes `amount` for `unit`. Simple units take a number (SECOND and MICROSECOND keep
// fractions: INTERVAL 1.5 SECOND is 1500000 us; other units round to an integer as MySQL's
// val_int does). Compound units take a string of numbers separated by any non-digits
// ('1 2:30' DAY_MINUTE), a leading '-' negating the whole interval; missing leading parts
// count as 0 ('30' HOUR_MINUTE is 30 minutes) and a microsecond part is scaled by its digit
// count ('1.5' SECOND_MICROSECOND is 1 s 500000 us). nullopt when the string has more parts
// than the unit (MySQL then returns NULL).
std::optional<IntervalAmount> DecodeInterval(const Value& amount, ast::IntervalUnit unit);

// "DAY", "SQL_TSI_DAY", "DAY_HOUR", ... (upper case) → unit; nullopt for other names.
std::optional<ast::IntervalUnit> IntervalUnitFromName(std::string_view upper_name);

// True for the functions EvalIntervalFunction handles.
bool IsIntervalFunction(const std::string& upper_name);

// True if argument `i` of `call` is a unit keyword rather than an expression
// (TIMESTAMPADD/TIMESTAMPDIFF's first argument written as a bare word).
bool IsUnitArgument(const ast::FunctionCall& call, size_t i);

// Evaluates one of the IsIntervalFunction calls. Errors: kWrongParamCount; kParseError for a
// missing INTERVAL / unknown unit (MySQL rejects these at parse time).
Result<Value> EvalIntervalFunction(const ast::FunctionCall& call, const EvalEnv& env, StatementState& state);

// EXTRACT(unit FROM d) with the unit already a name ("YEAR_MONTH"). NULL for NULL or an
// invalid date (with warning 1292).
Result<Value> ExtractField(std::string_view unit_name, const Value& date, StatementState& state);

// Result metadata of `date ± INTERVAL n unit` (and DATE_ADD & co.), as MySQL 8.0 types it:
// DATE for a DATE argument and a day-or-larger unit; DATETIME for a DATETIME/TIMESTAMP
// argument or a time unit (DATETIME(6) for microsecond units); VARCHAR(29) for a string.
ColumnInfo DateArithType(const ColumnInfo& date_arg, ast::IntervalUnit unit);

// Result metadata of an IsIntervalFunction call; `arg_type(i)` infers argument i.
ColumnInfo IntervalFunctionType(const ast::FunctionCall& call,
                                const std::function<ColumnInfo(size_t)>& arg_type);

}  // namespace sql

#endif  // SQL_EXPR_INTERVAL_H_
