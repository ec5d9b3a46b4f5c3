// The query engine's entry points: SELECT / INSERT / REPLACE / UPDATE / DELETE and constant
// expressions, executed against storage and virtual tables with MySQL 8.0 semantics.
//
// Callers (the session) must, before calling:
//   - have taken the statement's metadata locks (see src/sql/lock_plan.h);
//   - pass the bound values of `?` placeholders in `params` (Param::index indexes it; an
//     index past the end is an internal error). Plain statements pass {}.
// The executor:
//   - resolves names after the tables are opened, so resolution errors (kUnknownColumn,
//     kNonUniqueColumn, ...) are reported with every lock still held — releasing them is the
//     session's job;
//   - on failure of a data-changing statement, undoes that statement's own row changes (a
//     storage savepoint taken at statement start) and leaves the rest of the transaction
//     intact: the caller decides whether the whole transaction is rolled back (deadlock);
//   - is stateless and thread-compatible: concurrent calls with different ExecContexts are
//     safe; the AST is only read, so a prepared statement can be executed repeatedly.
//
// Errors (storage::Status codes, MySQL texts) include: kNoDatabaseSelected, kNoSuchTable,
// kUnknownColumn, kNonUniqueColumn, kUnknownFunction, kWrongParamCount, kOperandColumns,
// kWrongFieldWithGroup, kInvalidGroupFunc, kWrongValueCount, kDuplicateEntry, kBadNull,
// kNoDefaultForField, kDataTooLong, kOutOfRange, kTruncatedWrongValue, kDivisionByZero
// (strict INSERT/UPDATE only), kLockWaitTimeout / kDeadlock / kQueryInterrupted (row locks,
// KILL), kUnknownSystemVariable.
#ifndef SQL_EXECUTOR_H_
#define SQL_EXECUTOR_H_

#include <vector>

#include "sql/ast.h"
#include "sql/exec_context.h"
#include "sql/statement_result.h"
#include "storage/status.h"
#include "storage/value.h"

namespace sql {

using Params = std::vector<storage::Value>;

// SELECT (with UNION, subqueries). Returns has_result_set = true and the rows; calls
// ctx.set_found_rows(). FOR UPDATE / FOR SHARE take X / S row locks on the rows read.
storage::Result<StatementResult> ExecuteSelect(const ast::SelectStmt& select, ExecContext& ctx,
                                               const Params& params = {});

// Result-set columns of `select` without reading any row (COM_STMT_PREPARE). Parameters are
// typed as MySQL types unbound `?` (VARCHAR/NULL). Fails with the same resolution errors as
// ExecuteSelect.
storage::Result<std::vector<ColumnInfo>> DescribeSelect(const ast::SelectStmt& select,
                                                        ExecContext& ctx);

// INSERT / REPLACE (VALUES, SET, SELECT; IGNORE; ON DUPLICATE KEY UPDATE). affected_rows as
// MySQL counts them (1 per insert, 2 per duplicate-key update, 0 unchanged; REPLACE 2 per
// replaced row), last_insert_id = first generated AUTO_INCREMENT value (also stored with
// ctx.set_last_insert_id), info "Records: N  Duplicates: N  Warnings: N" for multi-row forms.
storage::Result<StatementResult> ExecuteInsert(const ast::InsertStmt& insert, ExecContext& ctx,
                                               const Params& params = {});

// UPDATE. affected_rows = rows changed; info "Rows matched: N  Changed: N  Warnings: N".
storage::Result<StatementResult> ExecuteUpdate(const ast::UpdateStmt& update, ExecContext& ctx,
                                               const Params& params = {});

// DELETE. affected_rows = rows deleted.
storage::Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, ExecContext& ctx,
                                               const Params& params = {});

// Evaluates an expression that references no table (SET @x = ..., SET var = ..., DO, KILL n,
// LIMIT ?). Column references fail with kUnknownColumn "... in 'field list'". Scalar
// subqueries are allowed. `DEFAULT` is an error here (the session handles SET x = DEFAULT).
storage::Result<storage::Value> EvaluateConstant(const ast::Expr& expr, ExecContext& ctx,
                                                 const Params& params = {});

}  // namespace sql

#endif  // SQL_EXECUTOR_H_
