// Shared pieces of INSERT / REPLACE / UPDATE / DELETE: converting a value for storage in a
// column (MySQL's strict-mode checks), column defaults, and statement-level rollback.
#ifndef SQL_DML_COMMON_H_
#define SQL_DML_COMMON_H_

#include <string>

#include "sql/expr_eval.h"
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
