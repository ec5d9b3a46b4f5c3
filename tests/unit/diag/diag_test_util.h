// Helpers for the diag table tests: hand-made snapshots and cell lookup by column name.
#ifndef TESTS_UNIT_DIAG_DIAG_TEST_UTIL_H_
#define TESTS_UNIT_DIAG_DIAG_TEST_UTIL_H_

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"
#include "sql/virtual_table.h"

namespace diag::testing {

using Clock = std::chrono::steady_clock;

// A fixed "now" far from the clock's epoch, so that now - N seconds is valid.
inline Clock::time_point Now() { return Clock::time_point(std::chrono::hours(1000)); }

inline SessionSnapshot Session(uint64_t id, std::string last_statement = "") {
  SessionSnapshot s;
  s.id = s.thread_id = id;
  s.user = "root";
  s.host = "localhost";
  s.db = "scn";
  s.command = "Sleep";
  s.command_since = Now();
  s.statement.sql_text = std::move(last_statement);
  if (!s.statement.sql_text.empty()) {
    s.statement.event_id = 100 + id;
    s.statement.start = s.statement.end = Now();
  }
  return s;
}

// `s` runs `sql`, started `secs` seconds ago, in `state`.
inline SessionSnapshot Running(SessionSnapshot s, std::string sql, int secs,
                               std::string state = "executing") {
  s.command = "Query";
  s.command_since = Now() - std::chrono::seconds(secs);
  s.state = std::move(state);
  s.info = sql;
  s.statement.sql_text = sql;
  s.statement.event_id = 200 + s.id;
  s.statement_running = true;
  s.statement.start = s.command_since;
  return s;
}

inline std::vector<std::string> ColumnNames(const sql::VirtualTable& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

inline size_t ColumnIndex(const std::vector<sql::ColumnInfo>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  throw std::out_of_range("no column " + name);
}

// The cell as text ("NULL" for NULL).
inline std::string Cell(const sql::VirtualTable& t, size_t row, const std::string& column) {
  const storage::Value& v = t.rows.at(row).at(ColumnIndex(t.columns, column));
  return v.is_null() ? "NULL" : v.ToString();
}

inline mdl::TicketRow Ticket(uint64_t ticket_id, uint64_t owner, mdl::LockKey key,
                             mdl::LockType type, mdl::LockDuration duration,
                             mdl::TicketStatus status) {
  mdl::TicketRow r;
  r.ticket_id = ticket_id;
  r.owner_id = owner;
  r.key = std::move(key);
  r.type = type;
  r.duration = duration;
  r.status = status;
  return r;
}

inline mdl::WaitEdge Edge(const mdl::TicketRow& waiter, const mdl::TicketRow& blocker) {
  mdl::WaitEdge e;
  e.waiter = waiter.owner_id;
  e.blocker = blocker.owner_id;
  e.key = waiter.key;
  e.waiter_type = waiter.type;
  e.blocker_type = blocker.type;
  e.blocker_granted = blocker.status == mdl::TicketStatus::kGranted;
  e.waiter_ticket_id = waiter.ticket_id;
  e.blocker_ticket_id = blocker.ticket_id;
  return e;
}

}  // namespace diag::testing

#endif  // TESTS_UNIT_DIAG_DIAG_TEST_UTIL_H_
