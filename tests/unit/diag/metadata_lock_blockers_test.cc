#include "diag/metadata_lock_blockers.h"

#include <gtest/gtest.h>

#include "seed_case.h"

namespace diag {
namespace {

using namespace diag::testing;
using mdl::LockDuration;
using mdl::LockType;
using mdl::TicketStatus;

// "waiter<-blocker direct/root" per row, in table order.
std::vector<std::string> Rows(const sql::VirtualTable& t) {
  std::vector<std::string> out;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    out.push_back(Cell(t, i, "waiting_pid") + "<-" + Cell(t, i, "blocking_pid") +
                  (Cell(t, i, "is_direct_blocker") == "1" ? " direct" : " indirect") +
                  (Cell(t, i, "is_root_blocker") == "1" ? " root" : ""));
  }
  return out;
}

size_t RowOf(const sql::VirtualTable& t, const std::string& waiter, const std::string& blocker) {
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (Cell(t, i, "waiting_pid") == waiter && Cell(t, i, "blocking_pid") == blocker) return i;
  }
  ADD_FAILURE() << "no row " << waiter << "<-" << blocker;
  return 0;
}

TEST(MetadataLockBlockersTest, ColumnOrder) {
  const auto t = MetadataLockBlockers({}, {}, Now());
  EXPECT_EQ(ColumnNames(t),
            (std::vector<std::string>{
                "waiting_pid", "waiting_thread_id", "waiting_account", "waiting_lock_type",
                "waiting_lock_duration", "object_type", "object_schema", "object_name",
                "waiting_query", "waiting_query_secs", "blocking_pid", "blocking_thread_id",
                "blocking_account", "blocking_lock_type", "blocking_lock_duration",
                "blocking_lock_status", "is_direct_blocker", "is_root_blocker", "wait_chain",
                "blocking_state", "blocking_state_secs", "blocking_query",
                "blocking_last_statement", "blocking_last_error", "explanation",
                "sql_kill_blocking_query", "sql_kill_blocking_connection"}));
}

TEST(MetadataLockBlockersTest, SeedCaseIdleSessionIsRootOfEveryWaiterAlterIsDirectBlockerOfSelects) {
  const SeedCase c = MakeSeedCase();
  const auto t = MetadataLockBlockers(c.locks, c.sessions, Now());
  // Unlike schema_table_lock_waits: no compatible holder (10's SHARED_READ does not block the
  // SELECTs directly) and no self-rows (11's own SHARED_UPGRADABLE).
  EXPECT_EQ(Rows(t), (std::vector<std::string>{"11<-10 direct root", "12<-11 direct",
                                               "12<-10 indirect root", "13<-11 direct",
                                               "13<-10 indirect root"}));
}

TEST(MetadataLockBlockersTest, DirectBlockerByPendingRequestIsReportedAsPending) {
  const SeedCase c = MakeSeedCase();
  const auto t = MetadataLockBlockers(c.locks, c.sessions, Now());
  const size_t r = RowOf(t, "12", "11");
  EXPECT_EQ(Cell(t, r, "waiting_lock_type"), "SHARED_READ");
  EXPECT_EQ(Cell(t, r, "object_type"), "TABLE");
  EXPECT_EQ(Cell(t, r, "object_schema"), "scn");
  EXPECT_EQ(Cell(t, r, "object_name"), "sbtest2");
  EXPECT_EQ(Cell(t, r, "waiting_query"), "SELECT * FROM sbtest2");
  EXPECT_EQ(Cell(t, r, "blocking_lock_type"), "EXCLUSIVE");
  EXPECT_EQ(Cell(t, r, "blocking_lock_status"), "PENDING");
  EXPECT_EQ(Cell(t, r, "blocking_state"), "waiting for a metadata lock");
  EXPECT_EQ(Cell(t, r, "blocking_query"), "ALTER TABLE sbtest2 ADD test3 INT");
  EXPECT_EQ(Cell(t, r, "wait_chain"), "12 -> 11");
  EXPECT_EQ(Cell(t, r, "explanation"),
            "pid 11 has a pending EXCLUSIVE request on TABLE `scn`.`sbtest2` that is served "
            "first, which conflicts with the SHARED_READ lock pid 12 requests; pid 11 is "
            "waiting for a metadata lock for 30 s: 'ALTER TABLE sbtest2 ADD test3 INT'.");
}

TEST(MetadataLockBlockersTest, IdleRootBlockerShowsItsStateAndFailedLastStatement) {
  const SeedCase c = MakeSeedCase();
  const auto t = MetadataLockBlockers(c.locks, c.sessions, Now());
  const size_t r = RowOf(t, "13", "10");
  EXPECT_EQ(Cell(t, r, "waiting_lock_type"), "SHARED_READ");
  EXPECT_EQ(Cell(t, r, "blocking_lock_type"), "SHARED_READ");  // what blocks the ALTER
  EXPECT_EQ(Cell(t, r, "blocking_lock_duration"), "TRANSACTION");
  EXPECT_EQ(Cell(t, r, "blocking_lock_status"), "GRANTED");
  EXPECT_EQ(Cell(t, r, "wait_chain"), "13 -> 11 -> 10");
  EXPECT_EQ(Cell(t, r, "blocking_state"), "idle in transaction");
  EXPECT_EQ(Cell(t, r, "blocking_state_secs"), "55");
  EXPECT_EQ(Cell(t, r, "blocking_query"), "NULL");
  EXPECT_EQ(Cell(t, r, "blocking_last_statement"), "SELECT error FROM sbtest2");
  EXPECT_EQ(Cell(t, r, "blocking_last_error"),
            "ERROR 1054 (42S22): Unknown column 'error' in 'field list'");
  EXPECT_EQ(Cell(t, r, "explanation"),
            "pid 10 holds SHARED_READ (TRANSACTION) on TABLE `scn`.`sbtest2`, blocking pid 11; "
            "pid 13 waits behind it (wait chain 13 -> 11 -> 10); pid 10 is idle in "
            "transaction for 55 s, last statement 'SELECT error FROM sbtest2' failed with "
            "ERROR 1054 (42S22): Unknown column 'error' in 'field list'.");
  EXPECT_EQ(Cell(t, r, "sql_kill_blocking_connection"), "KILL 10");
  EXPECT_EQ(Cell(t, r, "sql_kill_blocking_query"), "KILL QUERY 10");
}

TEST(MetadataLockBlockersTest, GrantedEdgeIsPreferredOverPendingBetweenTheSameSessions) {
  // 2 holds SHARED_NO_READ_WRITE and also has a pending EXCLUSIVE; 3's SHARED_READ conflicts
  // with both: one row, describing the granted lock.
  const mdl::LockKey k = mdl::LockKey::Table("d", "t");
  const auto snrw = Ticket(1, 2, k, LockType::kSharedNoReadWrite, LockDuration::kExplicit,
                           TicketStatus::kGranted);
  const auto x = Ticket(2, 2, k, LockType::kExclusive, LockDuration::kExplicit,
                        TicketStatus::kPending);
  const auto sr = Ticket(3, 3, k, LockType::kSharedRead, LockDuration::kTransaction,
                         TicketStatus::kPending);
  mdl::LockSnapshot locks;
  locks.tickets = {snrw, x, sr};
  locks.edges = {Edge(sr, x), Edge(sr, snrw)};
  const auto t = MetadataLockBlockers(locks, {Session(2), Session(3)}, Now());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "blocking_lock_type"), "SHARED_NO_READ_WRITE");
  EXPECT_EQ(Cell(t, 0, "blocking_lock_status"), "GRANTED");
  EXPECT_EQ(Cell(t, 0, "blocking_state"), "idle in LOCK TABLES");
}

TEST(MetadataLockBlockersTest, ExplicitLocksNameWhatTheIdleBlockerHolds) {
  struct Case {
    mdl::LockKey key;
    LockType holder;
    LockType waiter;
    const char* state;
    const char* object_schema;
    const char* object_name;
  };
  const std::vector<Case> cases = {
      {mdl::LockKey::Global(), LockType::kShared, LockType::kIntentionExclusive,
       "idle holding FLUSH TABLES WITH READ LOCK", "NULL", "NULL"},
      {mdl::LockKey::BackupLock(), LockType::kShared, LockType::kIntentionExclusive,
       "idle holding LOCK INSTANCE FOR BACKUP", "NULL", "NULL"},
      {mdl::LockKey::UserLevelLock("job"), LockType::kExclusive, LockType::kExclusive,
       "idle holding GET_LOCK", "NULL", "job"}};
  for (const Case& c : cases) {
    const auto held = Ticket(1, 1, c.key, c.holder, LockDuration::kExplicit, TicketStatus::kGranted);
    const auto wanted = Ticket(2, 2, c.key, c.waiter, LockDuration::kStatement, TicketStatus::kPending);
    mdl::LockSnapshot locks;
    locks.tickets = {held, wanted};
    locks.edges = {Edge(wanted, held)};
    const auto t = MetadataLockBlockers(locks, {Session(1), Running(Session(2), "DO 1", 3)}, Now());
    ASSERT_EQ(t.rows.size(), 1u) << c.state;
    EXPECT_EQ(Cell(t, 0, "blocking_state"), c.state);
    EXPECT_EQ(Cell(t, 0, "object_schema"), c.object_schema) << c.state;
    EXPECT_EQ(Cell(t, 0, "object_name"), c.object_name) << c.state;
    EXPECT_EQ(Cell(t, 0, "is_root_blocker"), "1");
  }
}

TEST(MetadataLockBlockersTest, DeadlockInTheMakingHasNoRootBlocker) {
  const mdl::LockKey a = mdl::LockKey::Table("d", "a");
  const mdl::LockKey b = mdl::LockKey::Table("d", "b");
  const auto a1 = Ticket(1, 1, a, LockType::kSharedNoReadWrite, LockDuration::kTransaction,
                         TicketStatus::kGranted);
  const auto b2 = Ticket(2, 2, b, LockType::kSharedNoReadWrite, LockDuration::kTransaction,
                         TicketStatus::kGranted);
  const auto a2 = Ticket(3, 2, a, LockType::kSharedRead, LockDuration::kTransaction,
                         TicketStatus::kPending);
  const auto b1 = Ticket(4, 1, b, LockType::kSharedRead, LockDuration::kTransaction,
                         TicketStatus::kPending);
  mdl::LockSnapshot locks;
  locks.tickets = {a1, b2, a2, b1};
  locks.edges = {Edge(a2, a1), Edge(b1, b2)};
  const auto t = MetadataLockBlockers(
      locks, {Running(Session(1), "SELECT * FROM b", 1), Running(Session(2), "SELECT * FROM a", 1)},
      Now());
  EXPECT_EQ(Rows(t), (std::vector<std::string>{"1<-2 direct", "2<-1 direct"}));
}

TEST(MetadataLockBlockersTest, InvisibleSessionsDropOut) {
  const SeedCase c = MakeSeedCase();
  std::vector<SessionSnapshot> only_selects = {c.sessions[2], c.sessions[3]};
  EXPECT_TRUE(MetadataLockBlockers(c.locks, only_selects, Now()).rows.empty());
}

}  // namespace
}  // namespace diag
