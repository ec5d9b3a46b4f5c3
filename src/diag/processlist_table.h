// Virtual tables built from session snapshots: SHOW [FULL] PROCESSLIST and
// information_schema.PROCESSLIST (MySQL 8.0 columns and types).
//
// Pure functions of their inputs; thread-safe.
#ifndef DIAG_PROCESSLIST_TABLE_H_
#define DIAG_PROCESSLIST_TABLE_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// information_schema.PROCESSLIST: ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO (full text).
sql::VirtualTable ProcesslistTable(const std::vector<SessionSnapshot>& sessions,
                                   std::chrono::steady_clock::time_point now);

// SHOW [FULL] PROCESSLIST: Id, User, Host, db, Command, Time, State, Info, sorted by Id.
// Without FULL, Info is cut to its first 100 characters, as MySQL does.
sql::ResultSet ShowProcesslist(const std::vector<SessionSnapshot>& sessions, bool full,
                               std::chrono::steady_clock::time_point now);

}  // namespace diag

#endif  // DIAG_PROCESSLIST_TABLE_H_
