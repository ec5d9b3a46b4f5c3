// Result-column metadata of expressions: the type MySQL 8.0 infers for `SELECT <expr>`
// (SELECT 1 → BIGINT(1); 'abc' → VARCHAR(3); 1.5 → DECIMAL(2,1); NOW() → DATETIME;
// COUNT(*) → BIGINT NOT NULL; SUM/AVG → DECIMAL; @@x → the variable's type:
// BIGINT for integers and booleans, VARCHAR for text; NULL → NULL type).
#ifndef SQL_EXPR_TYPE_H_
#define SQL_EXPR_TYPE_H_

#include <functional>

#include "sql/ast_expr.h"
#include "sql/statement_result.h"

namespace sql {

// Looks up the metadata of a resolved column reference (nullptr if unresolved).
using ColumnInfoLookup = std::function<const ColumnInfo*(const ast::Expr&)>;

// Type, length, decimals, not_null, is_unsigned and binary of `expr`; name fields are left
// empty for the caller.
ColumnInfo InferType(const ast::Expr& expr, const ColumnInfoLookup& columns);

}  // namespace sql

#endif  // SQL_EXPR_TYPE_H_
