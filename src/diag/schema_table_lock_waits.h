// sys.schema_table_lock_waits and sys.x$schema_table_lock_waits, with MySQL 8.0's definition
// semantics: a self-join of performance_schema.metadata_locks, every GRANTED row against
// every PENDING row on the same TABLE (same OBJECT_TYPE, OBJECT_SCHEMA, OBJECT_NAME), joined
// to threads (inner) and events_statements_current (left). There is NO compatibility filter:
// every granted holder of the table is reported as "blocking" every waiter, including
// compatible holders, holders that are themselves queued, and the waiter's own granted
// locks (an ALTER waiting to upgrade SHARED_UPGRADABLE to EXCLUSIVE lists itself).
// sys.metadata_lock_blockers (metadata_lock_blockers.h) reports only real blockers.
//
// Pure function; thread-safe.
#ifndef DIAG_SCHEMA_TABLE_LOCK_WAITS_H_
#define DIAG_SCHEMA_TABLE_LOCK_WAITS_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// Columns: object_schema, object_name, waiting_thread_id, waiting_pid, waiting_account,
// waiting_lock_type, waiting_lock_duration, waiting_query, waiting_query_secs,
// waiting_query_rows_affected, waiting_query_rows_examined, blocking_thread_id, blocking_pid,
// blocking_account, blocking_lock_type, blocking_lock_duration, sql_kill_blocking_query,
// sql_kill_blocking_connection. `raw` selects the x$ form: waiting_query is the full
// statement instead of sys.format_statement()'s 64-character abbreviation. Lock owners
// missing from `sessions` (invisible to the reader) drop out, as in the inner join.
sql::VirtualTable SchemaTableLockWaits(const mdl::LockSnapshot& locks,
                                       const std::vector<SessionSnapshot>& sessions,
                                       std::chrono::steady_clock::time_point now, bool raw);

}  // namespace diag

#endif  // DIAG_SCHEMA_TABLE_LOCK_WAITS_H_
