// SessionSnapshot: a copy of one session's state as diagnostics show it (SHOW PROCESSLIST,
// information_schema.PROCESSLIST, performance_schema.threads / events_statements_current,
// sys.schema_table_lock_waits). Built by the session registry (src/server/session_registry.h)
// under the session's state mutex; afterwards a plain value that any thread may read.
#ifndef DIAG_SESSION_SNAPSHOT_H_
#define DIAG_SESSION_SNAPSHOT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace diag {

// One finished top-level statement of a session, as performance_schema.events_statements_history
// shows it. The metadata locks a statement took carry its event_id
// (metadata_locks.OWNER_EVENT_ID), so joining the two tables tells which statement of an idle
// transaction took the lock that blocks a DDL (per-lock provenance).
struct StatementEvent {
  uint64_t event_id = 0;
  // EVENT_NAME when the text does not tell it: "statement/sql/error" for a statement that
  // failed to parse (MySQL's instrument for them). "": StatementEventName(sql_text).
  std::string event_name;
  std::string sql_text;       // "": NULL (an empty query)
  uint32_t error_number = 0;  // 0: succeeded
  std::string error_message;
  std::string error_sqlstate;
  // Succeeded with an OK packet (not a result set): RETURNED_SQLSTATE '00000' and MESSAGE_TEXT
  // the OK packet's info ("Rows matched: 1  Changed: 1  Warnings: 0"; "" shows NULL).
  bool ok_packet = false;
  std::string ok_info;
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point end;
  std::chrono::steady_clock::duration lock_time{};  // spent waiting for metadata locks
  std::string db;                                   // CURRENT_SCHEMA at the start; "": NULL
  uint64_t rows_affected = 0;
  uint64_t rows_sent = 0;
  uint64_t rows_examined = 0;
  uint64_t warning_count = 0;
};

// performance_schema_events_statements_history_size: statements kept per session (MySQL's
// default and mdld's fixed value).
inline constexpr size_t kStatementHistorySize = 10;

struct SessionSnapshot {
  uint64_t id = 0;         // processlist Id, CONNECTION_ID(), mdl owner id
  // performance_schema THREAD_ID. mdld has no background threads, so it equals `id`
  // (MySQL's differ by a constant offset); metadata_locks.OWNER_THREAD_ID uses it too.
  uint64_t thread_id = 0;
  std::string user;
  std::string host;
  std::string db;          // empty: NULL
  std::string command;     // "Sleep", "Query", "Init DB", "Execute", "Killed", ...
  // When the current command (or state) began; Time = now - this, in whole seconds.
  std::chrono::steady_clock::time_point command_since;
  std::string state;       // "" (sleeping), "executing", "Waiting for table metadata lock", ...
  std::optional<std::string> info;  // the running statement text; nullopt while sleeping
  // The statement being run (or the last one, when sleeping) for events_statements_current;
  // event_id 0: the session never ran one. While it runs, end/rows/errors are not final.
  StatementEvent statement;
  bool statement_running = false;      // between the statement's start and its end
  // performance_schema.threads.THREAD_OS_ID: the connection thread's Linux TID (0: not known
  // yet, i.e. no statement ran). CONNECTION_TYPE: "TCP/IP" or "Socket".
  uint64_t thread_os_id = 0;
  std::string connection_type = "TCP/IP";
  // Transaction state as the session knows it.
  bool in_transaction = false;
  uint64_t trx_id = 0;     // storage trx id, 0 if none has been started
  bool autocommit = true;
  bool locked_tables = false;   // in LOCK TABLES mode
  bool global_read_lock = false;  // holds FTWRL
  // The session's last finished statements, oldest first, at most kStatementHistorySize
  // (events_statements_history). A finished current statement is also the newest entry here.
  std::vector<StatementEvent> statement_history;
};

// Seconds since `since`, as processlist Time shows it (never negative).
inline int64_t ElapsedSeconds(std::chrono::steady_clock::time_point since,
                              std::chrono::steady_clock::time_point now) {
  const auto d = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
  return d < 0 ? 0 : d;
}

}  // namespace diag

#endif  // DIAG_SESSION_SNAPSHOT_H_
