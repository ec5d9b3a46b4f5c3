// performance_schema.threads, built from session snapshots.
//
// mdld runs one thread per connection and no background threads, so every row is a
// FOREGROUND 'thread/sql/one_connection' thread. Columns are MySQL 8.0.27's (later point
// releases append EXECUTION_ENGINE and memory counters, which mdld does not track).
//
// Pure function; thread-safe.
#ifndef DIAG_THREADS_TABLE_H_
#define DIAG_THREADS_TABLE_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// THREAD_ID, NAME, TYPE, PROCESSLIST_ID, PROCESSLIST_USER, PROCESSLIST_HOST, PROCESSLIST_DB,
// PROCESSLIST_COMMAND, PROCESSLIST_TIME, PROCESSLIST_STATE, PROCESSLIST_INFO,
// PARENT_THREAD_ID, ROLE, INSTRUMENTED, HISTORY, CONNECTION_TYPE, THREAD_OS_ID,
// RESOURCE_GROUP; one row per session, by THREAD_ID. PROCESSLIST_HOST has no ":port"
// (unlike PROCESSLIST.HOST); PROCESSLIST_STATE is NULL while sleeping; PARENT_THREAD_ID,
// ROLE and RESOURCE_GROUP are NULL (no parent threads, roles or resource groups);
// THREAD_OS_ID is NULL until the connection ran its first statement.
sql::VirtualTable ThreadsTable(const std::vector<SessionSnapshot>& sessions,
                               std::chrono::steady_clock::time_point now);

}  // namespace diag

#endif  // DIAG_THREADS_TABLE_H_
