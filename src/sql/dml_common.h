// Shared pieces of INSERT / REPLACE / UPDATE / DELETE: converting a value for storage in a
// column (MySQL's strict-mode checks), column defaults, and statement-level rollback.
#ifndef SQL_DML_COMMON_H_
#define SQL_DML_COMMON_H_

#include <string>
#include <vector>

#include "sql/ast.h"
#include "sql/expr_eval.h"
#include "sql/statement_result.h"
#include "storage/schema.h"
#include "storage/transaction.h"

namespace sql {

// Converts `v` for column `col` of a row numbered `row_no` (1-based, for messages).
// Strict mode errors: kTruncatedWrongValue ("Incorrect integer value: 'x' for column 'c' at
// row N", "Incorrect decimal value...", "Incorrect datetime value..."), kOutOfRange ("Out of
// range value for column 'c' at row N"), kDataTooLong ("Data too long for column 'c' at row
// N"). Without strict mode the value is clamped/truncated with a warning. NULL is returned
// as is (storage checks NOT NULL: kBadNull).
Result<Value> ConvertForColumn(const storage::ColumnDef& col, const Value& v, uint64_t row_no,
                               StatementState& state);

// The column's default for INSERT (DEFAULT keyword or an omitted column). Errors:
// kNoDefaultForField "Field 'c' doesn't have a default value" in strict mode for a NOT NULL
// column without default (non-strict: the type's implicit default with a warning).
Result<Value> ColumnDefaultValue(const storage::ColumnDef& col, StatementState& state);

// The statement time formatted for a DATETIME/TIMESTAMP column of precision `fsp`.
Value CurrentTimestamp(StatementState& state, int fsp);

// The value `SET col = value` stores in one row (`value` may be DEFAULT): evaluated in
// `env`, converted by ConvertForColumn; NULL for a NOT NULL column is kBadNull "Column 'c'
// cannot be null" in strict mode, else the column's implicit default with a warning.
// REQUIRES: state.storing is set by the caller while it computes stored values.
Result<Value> EvalAssignment(const storage::ColumnDef& col, const ast::Expr& value, const EvalEnv& env,
                             uint64_t row_no, StatementState& state);

// True if the rows hold the same values of the same kinds (an UPDATE that changes nothing).
bool SameValues(const Row& a, const Row& b);

// Sets the ON UPDATE CURRENT_TIMESTAMP columns of a changed row that the statement did not
// assign (`assigned`: column indexes).
void TouchOnUpdateColumns(const storage::TableDef& def, const std::vector<size_t>& assigned, Row& row,
                          StatementState& state);

// Writes one updated row (single- and multi-table UPDATE). Returns whether it changed; with
// `ignore` (UPDATE IGNORE) a duplicate key becomes a warning and the row is left as it was
// (false). Other storage errors are returned.
Result<bool> UpdateRowOrWarn(storage::Transaction& trx, storage::Table& table, const storage::Key& pk,
                             Row new_row, bool ignore, StatementState& state);

// Multi-table UPDATE (dml_update_multi.cc): `UPDATE t1, t2 SET ... WHERE ...` and
// `UPDATE t1 JOIN t2 ON ... SET ...`. Each row of an updated table changes at most once (for
// the first joined combination that matches, as MySQL); rows read from the updated tables
// are locked X, rows of the other storage tables S. affected_rows = rows changed; info
// "Rows matched: N  Changed: N  Warnings: N". Errors: those of SELECT resolution, kNotSupported
// for a derived table as the target.
Result<StatementResult> ExecuteMultiTableUpdate(const ast::UpdateStmt& update, StatementState& state);

// The outcome of an UPDATE (single- or multi-table): affected rows = changed rows, and
// MySQL's info text "Rows matched: N  Changed: N  Warnings: N". Reports rows examined.
StatementResult UpdateResult(uint64_t matched, uint64_t changed, const StatementState& state,
                             ExecContext& ctx);

// Takes a savepoint at construction; Finish(status) rolls back to it on error (keeping the
// rest of the transaction) and releases it either way.
class StatementSavepoint {
 public:
  explicit StatementSavepoint(storage::Transaction& trx);
  Status Finish(Status status);

 private:
  storage::Transaction& trx_;
};

}  // namespace sql

#endif  // SQL_DML_COMMON_H_
