// ALTER TABLE / CREATE INDEX / DROP INDEX execution with MySQL 8.0's metadata-lock phases.
//
// The session holds TABLE SU (plus GLOBAL/BACKUP/SCHEMA IX, and X on a RENAME TO target)
// when these run. Phases (sync points in brackets, see docs/debug_sync.md):
//
//   INSTANT  SU [alter_opened_table] -> X [alter_table_instant_after_lock_upgrade]
//            -> apply -> done
//   INPLACE  SU [alter_opened_table] -> X (prepare)
//            [alter_table_inplace_after_lock_upgrade] -> downgrade to SU (LOCK=NONE/DEFAULT)
//            or SNW (LOCK=SHARED); LOCK=EXCLUSIVE keeps X
//            [alter_table_inplace_after_lock_downgrade] -> build in batches
//            [alter_table_inplace_build after the first batch]
//            [alter_table_inplace_before_commit] -> X -> commit
//   COPY     SU [alter_opened_table] -> SNW (X with LOCK=EXCLUSIVE)
//            [alter_table_copy_after_lock_upgrade] -> copy in batches
//            [alter_table_copy_phase after the first batch]
//            [alter_table_before_rename_result_table] -> X -> swap
//
// Builds run in batches of kAlterBatchRows rows, checking for KILL between batches, so the
// long phase takes time proportional to the table. Every upgrade waits at most
// lock_wait_timeout; any failure (timeout, deadlock, KILL, duplicate key while building)
// aborts the build and leaves the table unchanged.
#ifndef SQL_DDL_ALTER_H_
#define SQL_DDL_ALTER_H_

#include <cstdint>

#include "sql/ast.h"
#include "sql/ddl_context.h"
#include "sql/statement_result.h"
#include "storage/status.h"

namespace sql {

inline constexpr uint64_t kAlterBatchRows = 256;

storage::Result<StatementResult> ExecuteAlterTable(const ast::AlterTableStmt& st, DdlContext& ctx);
// CREATE INDEX = ALTER TABLE ... ADD INDEX; DROP INDEX = ALTER TABLE ... DROP INDEX.
storage::Result<StatementResult> ExecuteCreateIndex(const ast::CreateIndexStmt& st, DdlContext& ctx);
storage::Result<StatementResult> ExecuteDropIndex(const ast::DropIndexStmt& st, DdlContext& ctx);

}  // namespace sql

#endif  // SQL_DDL_ALTER_H_
