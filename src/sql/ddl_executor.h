// DDL execution: CREATE/DROP DATABASE, CREATE/DROP/TRUNCATE/RENAME TABLE, ALTER TABLE,
// CREATE/DROP INDEX, against storage, under the locks of the statement's LockPlan.
//
// REQUIRES for every entry point: the session holds the plan's up-front locks
// (PlanLocks(statement)) and has committed any open transaction (implicit commit).
// The DDL code itself only changes lock types (ALTER phases) and, for DROP DATABASE, adds X
// locks on the tables it finds; it never releases what the session acquired.
//
// Errors carry MySQL's texts (kTableExists, kUnknownTable, kDuplicateColumn, ...), and
// mdl failures during upgrades map to kLockWaitTimeout / kDeadlock / kQueryInterrupted. A
// failed ALTER leaves the table unchanged.
#ifndef SQL_DDL_EXECUTOR_H_
#define SQL_DDL_EXECUTOR_H_

#include "sql/ast.h"
#include "sql/ddl_context.h"
#include "sql/statement_result.h"
#include "storage/status.h"

namespace sql {

// True for the statements ExecuteDdl handles.
bool IsDdlStatement(const ast::Statement& statement);

storage::Result<StatementResult> ExecuteDdl(const ast::Statement& statement, DdlContext& ctx);

// Maps an mdl failure to the SQL error MySQL reports: kLockWaitTimeout → "Lock wait timeout
// exceeded; try restarting transaction", kDeadlock → "Deadlock found when trying to get
// lock; try restarting transaction", kKilled → "Query execution was interrupted".
SqlError MdlStatusToSqlError(const mdl::Status& status);

}  // namespace sql

#endif  // SQL_DDL_EXECUTOR_H_
