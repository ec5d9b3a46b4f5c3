// Built-in scalar functions (string, numeric, date/time, information and session functions).
//
// Arguments arrive evaluated; the few functions that must not evaluate every argument (IF,
// IFNULL, COALESCE, aggregate calls, VALUES()) are handled by the evaluator itself.
#ifndef SQL_EXPR_FUNCTIONS_H_
#define SQL_EXPR_FUNCTIONS_H_

#include <string>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/expr_eval.h"
#include "sql/expr_value.h"

namespace sql {

// True if `upper_name` is a built-in scalar function this engine implements (including the
// session functions of ExecContext::CallSessionFunction).
bool IsBuiltinFunction(const std::string& upper_name);

// True for the functions the session runs (GET_LOCK, USER, ...).
bool IsSessionFunction(const std::string& upper_name);

// Runs a built-in. Errors: kWrongParamCount "Incorrect parameter count in the call to native
// function 'NAME'", kUnknownFunction for names that are not built-ins, and whatever the
// function itself reports.
Result<Value> CallBuiltinFunction(const ast::FunctionCall& call, const std::vector<Value>& args,
                                  StatementState& state);

// Date/time functions (expr_datetime.cc). Returns nullopt when `name` is not one of them.
std::optional<Result<Value>> CallDateTimeFunction(const std::string& name,
                                                  const std::vector<Value>& args,
                                                  StatementState& state);
bool IsDateTimeFunction(const std::string& upper_name);

// String, digest and regular-expression functions (expr_string_functions.cc). Returns nullopt
// when `name` is not one of them.
std::optional<Result<Value>> CallStringFunction(const std::string& name, const std::vector<Value>& args,
                                                StatementState& state);
bool IsStringFunction(const std::string& upper_name);

// TIME values and calendar functions (expr_time_functions.cc). Returns nullopt when `name`
// is not one of them.
std::optional<Result<Value>> CallTimeFunction(const std::string& name, const std::vector<Value>& args,
                                              StatementState& state);
bool IsTimeFunction(const std::string& upper_name);

// A TIME literal ('[-][D ]HH:MM[:SS][.ffffff]', 'HHMMSS', 'SS') as signed microseconds.
std::optional<int64_t> ParseTimeMicros(std::string_view text);
// '[-]HH:MM:SS[.ffffff]' (hours may exceed 24); the fraction when non-zero or forced.
std::string FormatTimeMicros(int64_t micros, bool force_fraction);
// MySQL's WEEK(d, mode) (calc_week): the week number; *year gets the year the week belongs
// to (differs from d's year near January 1 in modes with the WEEK_YEAR bit).
int MysqlWeek(const DateTimeParts& date, int mode, int* year);

// kWrongParamCount for `name`.
Status WrongParamCount(const std::string& name);

}  // namespace sql

#endif  // SQL_EXPR_FUNCTIONS_H_
