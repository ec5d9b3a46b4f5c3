// performance_schema.events_statements_current, built from session snapshots: one row per
// session holding its running statement or, when the session is idle, the last statement it
// ran (this is how a DBA sees the failed statement an idle blocker last ran).
// performance_schema.events_statements_history: the same columns, one row per finished
// statement of each session's history (the last 10, as MySQL's default
// performance_schema_events_statements_history_size), ordered by THREAD_ID then EVENT_ID.
// metadata_locks.OWNER_EVENT_ID joins to EVENT_ID: which statement of an idle transaction took
// the lock that blocks a DDL.
//
// Columns are MySQL 8.0.27's. Timers are picoseconds since the server started; for a running
// statement TIMER_END is "now" and TIMER_WAIT the time so far, and END_EVENT_ID is NULL, as
// in MySQL. LOCK_TIME is the time spent waiting for metadata locks. DIGEST, DIGEST_TEXT and
// SOURCE are NULL (statement digests are not computed, as with
// performance_schema_max_digest_length = 0); the optimizer counters (CREATED_TMP_TABLES ..
// NO_GOOD_INDEX_USED) read 0 because mdld does not count those events.
//
// Pure function; thread-safe.
#ifndef DIAG_STATEMENTS_CURRENT_TABLE_H_
#define DIAG_STATEMENTS_CURRENT_TABLE_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// Sessions that never ran a statement (event_id == 0) have no row. `server_start` is the
// origin of the TIMER_* columns.
sql::VirtualTable EventsStatementsCurrentTable(const std::vector<SessionSnapshot>& sessions,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point server_start);

sql::VirtualTable EventsStatementsHistoryTable(const std::vector<SessionSnapshot>& sessions,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point server_start);

}  // namespace diag

#endif  // DIAG_STATEMENTS_CURRENT_TABLE_H_
