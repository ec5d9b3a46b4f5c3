// The seed pile-up as hand-made snapshots: pid 10 is idle in a transaction holding
// SHARED_READ on scn.sbtest2 after a failed SELECT; pid 11's ALTER holds SHARED_UPGRADABLE
// and waits for EXCLUSIVE; pids 12 and 13 run SELECTs queued behind the pending EXCLUSIVE.
#ifndef TESTS_UNIT_DIAG_SEED_CASE_H_
#define TESTS_UNIT_DIAG_SEED_CASE_H_

#include "diag_test_util.h"

namespace diag::testing {

struct SeedCase {
  mdl::LockSnapshot locks;
  std::vector<SessionSnapshot> sessions;
};

inline SeedCase MakeSeedCase() {
  using mdl::LockDuration;
  using mdl::LockType;
  using mdl::TicketStatus;
  SeedCase c;
  const mdl::LockKey t = mdl::LockKey::Table("scn", "sbtest2");
  const auto idle_sr = Ticket(1, 10, t, LockType::kSharedRead, LockDuration::kTransaction,
                              TicketStatus::kGranted);
  const auto ddl_su = Ticket(2, 11, t, LockType::kSharedUpgradable, LockDuration::kTransaction,
                             TicketStatus::kGranted);
  const auto ddl_x = Ticket(3, 11, t, LockType::kExclusive, LockDuration::kTransaction,
                            TicketStatus::kPending);
  const auto sel12 = Ticket(4, 12, t, LockType::kSharedRead, LockDuration::kTransaction,
                            TicketStatus::kPending);
  const auto sel13 = Ticket(5, 13, t, LockType::kSharedRead, LockDuration::kTransaction,
                            TicketStatus::kPending);
  c.locks.tickets = {idle_sr, ddl_su, ddl_x, sel12, sel13};
  c.locks.edges = {Edge(ddl_x, idle_sr), Edge(sel12, ddl_x), Edge(sel13, ddl_x)};

  SessionSnapshot idle = Session(10, "SELECT error FROM sbtest2");
  idle.command_since = Now() - std::chrono::seconds(55);
  idle.in_transaction = true;
  idle.statement.error_number = 1054;
  idle.statement.error_sqlstate = "42S22";
  idle.statement.error_message = "Unknown column 'error' in 'field list'";
  c.sessions = {idle,
                Running(Session(11), "ALTER TABLE sbtest2 ADD test3 INT", 30,
                        "Waiting for table metadata lock"),
                Running(Session(12), "SELECT * FROM sbtest2", 20, "Waiting for table metadata lock"),
                Running(Session(13), "SELECT * FROM sbtest2", 10, "Waiting for table metadata lock")};
  return c;
}

}  // namespace diag::testing

#endif  // TESTS_UNIT_DIAG_SEED_CASE_H_
