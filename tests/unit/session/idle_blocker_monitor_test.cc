// Victim selection for mdl_idle_blocker_timeout (SelectIdleBlockers) over hand-built lock
// snapshots and session states with a fake `now`, and the monitor end to end over real
// sessions (ScanOnce driven by the test, so no timing is asserted).
#include "server/idle_blocker_monitor.h"

#include <gtest/gtest.h>

#include <chrono>

#include "session_test_util.h"

namespace server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

const Clock::time_point kT0 = Clock::time_point() + std::chrono::hours(1);

mdl::TicketRow Row(uint64_t ticket, uint64_t owner, mdl::LockType type, mdl::TicketStatus status,
                   Clock::time_point since,
                   mdl::LockDuration duration = mdl::LockDuration::kTransaction) {
  mdl::TicketRow r;
  r.ticket_id = ticket;
  r.owner_id = owner;
  r.key = mdl::LockKey::Table("db", "t");
  r.type = type;
  r.duration = duration;
  r.status = status;
  r.since = since;
  return r;
}

mdl::WaitEdge Edge(uint64_t waiter, uint64_t blocker, mdl::LockType waiter_type,
                   mdl::LockType blocker_type, bool granted, uint64_t waiter_ticket,
                   uint64_t blocker_ticket) {
  mdl::WaitEdge e;
  e.waiter = waiter;
  e.blocker = blocker;
  e.key = mdl::LockKey::Table("db", "t");
  e.waiter_type = waiter_type;
  e.blocker_type = blocker_type;
  e.blocker_granted = granted;
  e.waiter_ticket_id = waiter_ticket;
  e.blocker_ticket_id = blocker_ticket;
  return e;
}

SessionIdleState State(uint64_t id, bool idle, Clock::time_point idle_since, uint64_t timeout,
                       uint64_t seq = 7) {
  SessionIdleState s;
  s.id = id;
  s.idle = idle;
  s.idle_since = idle_since;
  s.command_seq = seq;
  s.idle_blocker_timeout = timeout;
  return s;
}

// The seed: A (1) holds SHARED_READ since kT0 and is idle from kT0; B (2) ALTER waits for
// EXCLUSIVE from kT0+1s; C (3) SELECT waits behind B's pending X from kT0+2s.
mdl::LockSnapshot SeedSnapshot() {
  using mdl::LockType;
  using mdl::TicketStatus;
  mdl::LockSnapshot s;
  s.tickets = {Row(10, 1, LockType::kSharedRead, TicketStatus::kGranted, kT0),
               Row(20, 2, LockType::kExclusive, TicketStatus::kPending, kT0 + seconds(1)),
               Row(30, 3, LockType::kSharedRead, TicketStatus::kPending, kT0 + seconds(2))};
  s.edges = {Edge(2, 1, LockType::kExclusive, LockType::kSharedRead, true, 20, 10),
             Edge(3, 2, LockType::kSharedRead, LockType::kExclusive, false, 30, 20)};
  return s;
}

TEST(SelectIdleBlockersTest, IdleRootBlockerIsChosenOnceItsWaiterWaitedTheTimeout) {
  const mdl::LockSnapshot snap = SeedSnapshot();
  const std::vector<SessionIdleState> states = {State(1, true, kT0, 5), State(2, false, kT0, 5),
                                                State(3, false, kT0, 5)};
  // B has waited 4.9 s: not yet.
  EXPECT_TRUE(
      SelectIdleBlockers(snap, states, kT0 + seconds(1) + std::chrono::milliseconds(4900)).empty());
  // B has waited 5 s: A goes, and B (the longest waiter) is named.
  auto victims = SelectIdleBlockers(snap, states, kT0 + seconds(6));
  ASSERT_EQ(victims.size(), 1u);
  EXPECT_EQ(victims[0].blocker, 1u);
  EXPECT_EQ(victims[0].waiter, 2u);
  EXPECT_EQ(victims[0].command_seq, 7u);
  EXPECT_EQ(victims[0].timeout_seconds, 5u);
  EXPECT_EQ(victims[0].waited, seconds(5));
  EXPECT_EQ(victims[0].idle, seconds(6));
  EXPECT_EQ(victims[0].key, mdl::LockKey::Table("db", "t"));
  EXPECT_EQ(victims[0].blocker_type, mdl::LockType::kSharedRead);
  EXPECT_EQ(victims[0].blocker_duration, mdl::LockDuration::kTransaction);
}

TEST(SelectIdleBlockersTest, TransitiveWaiterCounts) {
  // C (3) waits for B's granted SHARED_UPGRADABLE; B (2) holds it while waiting for A (1):
  // A is C's root blocker, and C, which has waited longest, is the one named.
  using mdl::LockType;
  using mdl::TicketStatus;
  mdl::LockSnapshot snap;
  snap.tickets = {Row(10, 1, LockType::kSharedRead, TicketStatus::kGranted, kT0),
                  Row(21, 2, LockType::kSharedUpgradable, TicketStatus::kGranted, kT0),
                  Row(20, 2, LockType::kExclusive, TicketStatus::kPending, kT0 + seconds(3)),
                  Row(30, 3, LockType::kSharedUpgradable, TicketStatus::kPending, kT0)};
  snap.edges = {Edge(2, 1, LockType::kExclusive, LockType::kSharedRead, true, 20, 10),
                Edge(3, 2, LockType::kSharedUpgradable, LockType::kSharedUpgradable, true, 30, 21)};
  const std::vector<SessionIdleState> states = {State(1, true, kT0, 2), State(2, false, kT0, 2),
                                                State(3, false, kT0, 2)};
  auto victims = SelectIdleBlockers(snap, states, kT0 + seconds(3));
  ASSERT_EQ(victims.size(), 1u);
  EXPECT_EQ(victims[0].blocker, 1u);
  EXPECT_EQ(victims[0].waiter, 3u);  // waited 3 s; B only 0 s
  EXPECT_EQ(victims[0].waited, seconds(3));
}

TEST(SelectIdleBlockersTest, BusyBlockerIsNeverChosen) {
  const std::vector<SessionIdleState> states = {State(1, false, kT0, 1)};
  EXPECT_TRUE(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(100)).empty());
}

TEST(SelectIdleBlockersTest, ZeroTimeoutExemptsTheBlocker) {
  const std::vector<SessionIdleState> states = {State(1, true, kT0, 0)};
  EXPECT_TRUE(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(100)).empty());
}

TEST(SelectIdleBlockersTest, TheBlockersOwnTimeoutApplies) {
  // The waiters' timeouts do not matter: only the blocker's.
  const std::vector<SessionIdleState> states = {State(1, true, kT0, 10), State(2, false, kT0, 1),
                                                State(3, false, kT0, 1)};
  EXPECT_TRUE(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(5)).empty());
  EXPECT_EQ(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(11)).size(), 1u);
}

TEST(SelectIdleBlockersTest, BlockerThatRanACommandRestartsItsClock) {
  // A became idle again at kT0+10s (it ran a statement while B waited): the clock of the
  // pair starts there, not when B's wait began.
  const std::vector<SessionIdleState> states = {State(1, true, kT0 + seconds(10), 5)};
  EXPECT_TRUE(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(14)).empty());
  auto victims = SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(15));
  ASSERT_EQ(victims.size(), 1u);
  EXPECT_EQ(victims[0].waited, seconds(5));
}

TEST(SelectIdleBlockersTest, WaitersAndIntermediateHoldersAreNeverChosen) {
  // B (2) holds a granted lock C waits for and is itself waiting for A: even idle-looking
  // states for B and C never make them victims; A is busy, so nobody is chosen.
  const std::vector<SessionIdleState> states = {State(1, false, kT0, 1), State(2, true, kT0, 1),
                                                State(3, true, kT0, 1)};
  EXPECT_TRUE(SelectIdleBlockers(SeedSnapshot(), states, kT0 + seconds(100)).empty());
}

TEST(SelectIdleBlockersTest, NoWaiterNoVictim) {
  mdl::LockSnapshot snap;
  snap.tickets = {Row(10, 1, mdl::LockType::kSharedRead, mdl::TicketStatus::kGranted, kT0)};
  EXPECT_TRUE(SelectIdleBlockers(snap, {State(1, true, kT0, 1)}, kT0 + seconds(100)).empty());
}

TEST(SelectIdleBlockersTest, WaitEndingAsTimeoutDoesNotCount) {
  mdl::LockSnapshot snap = SeedSnapshot();
  for (mdl::TicketRow& r : snap.tickets) {
    if (r.status == mdl::TicketStatus::kPending) r.status = mdl::TicketStatus::kTimeout;
  }
  EXPECT_TRUE(SelectIdleBlockers(snap, {State(1, true, kT0, 1)}, kT0 + seconds(100)).empty());
}

TEST(SelectIdleBlockersTest, ExplicitLockDurationIsReported) {
  mdl::LockSnapshot snap = SeedSnapshot();
  snap.tickets[0].duration = mdl::LockDuration::kExplicit;  // LOCK TABLES / GET_LOCK
  auto victims = SelectIdleBlockers(snap, {State(1, true, kT0, 1)}, kT0 + seconds(3));
  ASSERT_EQ(victims.size(), 1u);
  EXPECT_EQ(victims[0].blocker_duration, mdl::LockDuration::kExplicit);
}

// End to end over real sessions: A idles in a transaction holding SR, B's ALTER waits.
// ScanOnce is called with a `now` far in the future, so no real time has to pass.
class IdleBlockerMonitorTest : public session_test::SessionTest {
 protected:
  // What the connection thread does after a disconnect: destroys the session (rollback,
  // every lock released).
  void Destroy(session_test::Client& c) {
    for (auto it = clients_.begin(); it != clients_.end(); ++it) {
      if (it->get() == &c) {
        clients_.erase(it);
        return;
      }
    }
  }
};

TEST_F(IdleBlockerMonitorTest, DisconnectsTheIdleBlockerAndFreesTheWaiter) {
  session_test::Client& a = Connect();
  session_test::Client& b = Connect();
  MakeTable(a, 1);
  b.Ok("USE d");
  // Long enough that the monitor's own thread (scanning with the real clock) never acts here.
  a.Ok("SET SESSION mdl_idle_blocker_timeout = 1000");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  b.Start("ALTER TABLE t ADD COLUMN x INT");
  WaitForState(b, "Waiting for table metadata lock");
  ServerState& st = state();
  // Not yet: 1000 s have not passed on the real clock.
  EXPECT_TRUE(st.idle_blockers.ScanOnce(Clock::now()).empty());
  EXPECT_EQ(st.idle_blockers.disconnected(), 0u);
  auto done = st.idle_blockers.ScanOnce(Clock::now() + seconds(2000));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].blocker, a.id());
  EXPECT_EQ(done[0].waiter, b.id());
  EXPECT_EQ(st.idle_blockers.disconnected(), 1u);
  std::optional<IdleBlockerDisconnect> d = a.session().idle_blocker_disconnect();
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->waiter, b.id());
  EXPECT_EQ(d->timeout_seconds, 1000u);
  EXPECT_TRUE(a.session().connection_killed());
  // A second pass finds nothing new: A is no longer idle (it is being disconnected).
  EXPECT_TRUE(st.idle_blockers.ScanOnce(Clock::now() + seconds(2000)).empty());
  // The connection thread now destroys the session: its locks go and B's ALTER runs.
  Destroy(a);
  EXPECT_TRUE(b.Join().ok);
  EXPECT_EQ(st.idle_blockers.disconnected(), 1u);
}

TEST_F(IdleBlockerMonitorTest, SessionThatBeganACommandIsSpared) {
  session_test::Client& a = Connect();
  MakeTable(a, 1);
  a.Ok("SET SESSION mdl_idle_blocker_timeout = 1");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  auto state_of_a = [&] {
    for (const SessionIdleState& s : state().registry.IdleStates()) {
      if (s.id == a.id()) return s;
    }
    return SessionIdleState{};
  };
  const SessionIdleState before = state_of_a();
  ASSERT_TRUE(before.idle);
  EXPECT_EQ(before.idle_blocker_timeout, 1u);
  EXPECT_TRUE(before.in_transaction);
  // A begins a command after its state was read: the disconnect must not apply, not even
  // once A is idle again (a new command_seq).
  a.session().BeginCommand("Query");
  EXPECT_FALSE(state_of_a().idle);
  EXPECT_FALSE(state().registry.DisconnectIfIdle(a.id(), before.command_seq, {99, 1}));
  a.session().EndCommand();
  EXPECT_FALSE(state().registry.DisconnectIfIdle(a.id(), before.command_seq, {99, 1}));
  EXPECT_FALSE(a.session().idle_blocker_disconnect().has_value());
  EXPECT_FALSE(a.session().connection_killed());
  a.Ok("COMMIT");
  // With the current command_seq it would apply.
  EXPECT_TRUE(state().registry.DisconnectIfIdle(a.id(), state_of_a().command_seq, {99, 1}));
  EXPECT_TRUE(a.session().connection_killed());
}

TEST_F(IdleBlockerMonitorTest, SettingTheSessionValueNeedsAdminPrivilege) {
  session_test::Client& root = Connect();
  root.Ok("CREATE USER u");
  session_test::Client& u = Connect("u");
  const session_test::Outcome o = u.Exec("SET SESSION mdl_idle_blocker_timeout = 0");
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error.code, sql::ErrorCode::kSpecificAccessDenied);
  u.Ok("SET SESSION wait_timeout = 5");  // ordinary session variables stay free
}

}  // namespace
}  // namespace server
