// Arithmetic operators and CAST/CONVERT, with MySQL's choice of result type:
//   integer op integer   → BIGINT (UNSIGNED if either side is unsigned); overflow is
//                          kDataOutOfRange "BIGINT value is out of range in '<expr>'"
//   decimal involved     → DECIMAL (exact)
//   double or string     → DOUBLE
//   a / b                → DECIMAL with scale(a) + 4 (div_precision_increment) for exact
//                          operands, DOUBLE otherwise; b = 0 → NULL + warning 1365
//   a DIV b              → BIGINT (truncated), b = 0 → NULL
//   a % b                → type of the operands, b = 0 → NULL
//   date ± INTERVAL n u  → DATE (day-or-larger units on a DATE) or DATETIME
#ifndef SQL_EXPR_ARITH_H_
#define SQL_EXPR_ARITH_H_

#include <string>

#include "sql/ast_expr.h"
#include "sql/expr_eval.h"

namespace sql {

// `op` is one of kAdd kSub kMul kDiv kIntDiv kMod. `text` renders the expression for the
// out-of-range message. Either operand NULL → NULL.
Result<Value> Arithmetic(ast::BinaryOp op, const Value& a, const Value& b, StatementState& state,
                         const std::string& text);

// -x.
Result<Value> Negate(const Value& v, const std::string& text);

// date ± INTERVAL: `sign` is +1 or -1. NULL (with a warning) for an invalid date.
Result<Value> AddInterval(const Value& date, const Value& amount, ast::IntervalUnit unit, int sign,
                          StatementState& state);

// CAST(v AS ...). Conversion problems give warnings (1292 "Truncated incorrect ... value")
// and MySQL's lenient result, never an error.
Result<Value> CastValue(const Value& v, const ast::Cast& cast, StatementState& state);

// The value as a number for arithmetic: strings become DOUBLE (warning 1292 "Truncated
// incorrect DOUBLE value: 'x'" when not entirely numeric), dates become integers.
Value NumericOperand(const Value& v, StatementState& state);

}  // namespace sql

#endif  // SQL_EXPR_ARITH_H_
