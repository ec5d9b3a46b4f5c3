// sys.metadata_lock_blockers (mdld only): who really blocks each waiting session, and why.
//
// Unlike sys.schema_table_lock_waits (no compatibility filter, TABLE locks only), the rows
// come from the lock manager's wait-for edges (mdl::LockSnapshot::edges), so a holder is
// listed only if its lock is incompatible with the waiting request, or if it is a pending
// request queued ahead of it that the priority matrix serves first (a pending EXCLUSIVE
// blocks new SHARED_READ requests). Every namespace is covered (TABLE, SCHEMA, GLOBAL,
// COMMIT, BACKUP LOCK, USER LEVEL LOCK).
//
// One row per (waiting session, blocking session):
//   - each DIRECT blocker (is_direct_blocker = 1), and
//   - each ROOT blocker (is_root_blocker = 1): a session that transitively blocks the
//     waiter and waits for nothing itself, i.e. the session to KILL. A root blocker that is
//     not a direct one gets its own row (is_direct_blocker = 0) whose blocking_lock_* columns
//     describe the root's lock that blocks the next session of wait_chain.
// In a deadlock-in-the-making every blocker waits too, so no row has is_root_blocker = 1.
//
// Columns, in order:
//   waiting_pid, waiting_thread_id, waiting_account, waiting_lock_type,
//   waiting_lock_duration, object_type, object_schema, object_name (what the waiter waits
//   for; schema/name NULL where metadata_locks shows NULL), waiting_query, waiting_query_secs,
//   blocking_pid, blocking_thread_id, blocking_account, blocking_lock_type,
//   blocking_lock_duration, blocking_lock_status ('GRANTED' or 'PENDING'),
//   is_direct_blocker, is_root_blocker, wait_chain ("12 -> 11 -> 10": pids from the waiter
//   to the blocker), blocking_state ('idle in transaction', 'idle in LOCK TABLES',
//   'idle holding FLUSH TABLES WITH READ LOCK', 'idle holding LOCK INSTANCE FOR BACKUP',
//   'idle holding GET_LOCK', 'idle', 'waiting for a metadata lock', 'running'),
//   blocking_state_secs (seconds in that state), blocking_query (running statement, else
//   NULL), blocking_last_statement (the running or last statement), blocking_last_error
//   ("ERROR 1054 (42S22): ..." if the last statement failed, else NULL), explanation (one
//   English sentence), sql_kill_blocking_query, sql_kill_blocking_connection.
// Ordered by waiting_pid, direct blockers first, then blocking_pid.
//
// Pure function; thread-safe.
#ifndef DIAG_METADATA_LOCK_BLOCKERS_H_
#define DIAG_METADATA_LOCK_BLOCKERS_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// Owners missing from `sessions` (invisible to the reader) drop out.
sql::VirtualTable MetadataLockBlockers(const mdl::LockSnapshot& locks,
                                       const std::vector<SessionSnapshot>& sessions,
                                       std::chrono::steady_clock::time_point now);

}  // namespace diag

#endif  // DIAG_METADATA_LOCK_BLOCKERS_H_
