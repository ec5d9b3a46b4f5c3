#include "diag/schema_table_lock_waits.h"

#include <gtest/gtest.h>

#include "seed_case.h"

namespace diag {
namespace {

using namespace diag::testing;

// (waiting_pid, blocking_pid, blocking_lock_type) of every row.
std::vector<std::string> Pairs(const sql::VirtualTable& t) {
  std::vector<std::string> out;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    out.push_back(Cell(t, i, "waiting_pid") + "<-" + Cell(t, i, "blocking_pid") + " " +
                  Cell(t, i, "blocking_lock_type"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SchemaTableLockWaitsTest, ColumnsAreMysql80s) {
  const auto t = SchemaTableLockWaits({}, {}, Now(), false);
  EXPECT_EQ(ColumnNames(t),
            (std::vector<std::string>{
                "object_schema", "object_name", "waiting_thread_id", "waiting_pid",
                "waiting_account", "waiting_lock_type", "waiting_lock_duration", "waiting_query",
                "waiting_query_secs", "waiting_query_rows_affected", "waiting_query_rows_examined",
                "blocking_thread_id", "blocking_pid", "blocking_account", "blocking_lock_type",
                "blocking_lock_duration", "sql_kill_blocking_query",
                "sql_kill_blocking_connection"}));
}

TEST(SchemaTableLockWaitsTest, EveryGrantedRowBlocksEveryPendingRowWithoutCompatibilityFilter) {
  const SeedCase c = MakeSeedCase();
  const auto t = SchemaTableLockWaits(c.locks, c.sessions, Now(), false);
  // 3 pending x 2 granted: compatible pairs (12 <- 10 SHARED_READ) and the ALTER's own
  // SHARED_UPGRADABLE (11 <- 11) are listed, exactly as MySQL's view does.
  EXPECT_EQ(Pairs(t), (std::vector<std::string>{
                          "11<-10 SHARED_READ", "11<-11 SHARED_UPGRADABLE",
                          "12<-10 SHARED_READ", "12<-11 SHARED_UPGRADABLE",
                          "13<-10 SHARED_READ", "13<-11 SHARED_UPGRADABLE"}));
}

TEST(SchemaTableLockWaitsTest, RowValuesFollowTheViewDefinition) {
  const SeedCase c = MakeSeedCase();
  const auto t = SchemaTableLockWaits(c.locks, c.sessions, Now(), false);
  size_t row = t.rows.size();
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (Cell(t, i, "waiting_pid") == "11" && Cell(t, i, "blocking_pid") == "10") row = i;
  }
  ASSERT_LT(row, t.rows.size());
  EXPECT_EQ(Cell(t, row, "object_schema"), "scn");
  EXPECT_EQ(Cell(t, row, "object_name"), "sbtest2");
  EXPECT_EQ(Cell(t, row, "waiting_account"), "root@localhost");
  EXPECT_EQ(Cell(t, row, "waiting_lock_type"), "EXCLUSIVE");
  EXPECT_EQ(Cell(t, row, "waiting_lock_duration"), "TRANSACTION");
  EXPECT_EQ(Cell(t, row, "waiting_query"), "ALTER TABLE sbtest2 ADD test3 INT");
  EXPECT_EQ(Cell(t, row, "waiting_query_secs"), "30");
  EXPECT_EQ(Cell(t, row, "waiting_query_rows_affected"), "0");
  EXPECT_EQ(Cell(t, row, "blocking_lock_type"), "SHARED_READ");
  EXPECT_EQ(Cell(t, row, "blocking_lock_duration"), "TRANSACTION");
  EXPECT_EQ(Cell(t, row, "sql_kill_blocking_query"), "KILL QUERY 10");
  EXPECT_EQ(Cell(t, row, "sql_kill_blocking_connection"), "KILL 10");
}

TEST(SchemaTableLockWaitsTest, WaitingQueryIsAbbreviatedExceptInTheRawView) {
  SeedCase c = MakeSeedCase();
  const std::string longer = "ALTER TABLE sbtest2 ADD test3 INT, ADD test4 INT, ADD test5 INT, "
                             "ADD test6 INT";
  c.sessions[1].info = longer;
  const auto formatted = SchemaTableLockWaits(c.locks, c.sessions, Now(), false);
  const auto raw = SchemaTableLockWaits(c.locks, c.sessions, Now(), true);
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    if (Cell(raw, i, "waiting_pid") != "11") continue;
    EXPECT_EQ(Cell(raw, i, "waiting_query"), longer);
    EXPECT_EQ(Cell(formatted, i, "waiting_query"),
              "ALTER TABLE sbtest2 ADD test3  ... , ADD test5 INT, ADD test6 INT");
  }
}

TEST(SchemaTableLockWaitsTest, OnlyTableLocksAndVisibleSessionsAppear) {
  using mdl::LockDuration;
  using mdl::LockType;
  using mdl::TicketStatus;
  mdl::LockSnapshot locks;
  locks.tickets = {Ticket(1, 1, mdl::LockKey::Global(), LockType::kShared,
                          LockDuration::kExplicit, TicketStatus::kGranted),
                   Ticket(2, 2, mdl::LockKey::Global(), LockType::kIntentionExclusive,
                          LockDuration::kStatement, TicketStatus::kPending)};
  EXPECT_TRUE(SchemaTableLockWaits(locks, {Session(1), Session(2)}, Now(), false).rows.empty());

  const SeedCase c = MakeSeedCase();
  std::vector<SessionSnapshot> without_idle(c.sessions.begin() + 1, c.sessions.end());
  const auto t = SchemaTableLockWaits(c.locks, without_idle, Now(), false);
  EXPECT_EQ(t.rows.size(), 3u);  // the inner join with threads drops the invisible owner
}

}  // namespace
}  // namespace diag
