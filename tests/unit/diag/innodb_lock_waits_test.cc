#include "diag/innodb_lock_waits.h"

#include <gtest/gtest.h>

#include "diag/sys_format.h"
#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;
using SysClock = std::chrono::system_clock;

// Whole seconds, so that TIMEDIFF of the DATETIMEs is exact.
SysClock::time_point WallNow() { return SysClock::time_point(std::chrono::seconds(1'750'000'000)); }

storage::DataLock Lock(uint64_t trx, uint64_t thread, std::string mode, bool granted,
                       std::string id) {
  storage::DataLock l;
  l.engine_lock_id = std::move(id);
  l.trx_id = trx;
  l.thread_id = thread;
  l.record = true;
  l.object_schema = "scn";
  l.object_name = "t";
  l.index_name = "PRIMARY";
  l.lock_mode = std::move(mode);
  l.granted = granted;
  l.lock_data = "1";
  return l;
}

storage::TrxInfo Trx(uint64_t id, uint64_t thread, int started_secs_ago) {
  storage::TrxInfo t;
  t.trx_id = id;
  t.thread_id = thread;
  t.started = WallNow() - std::chrono::seconds(started_secs_ago);
  return t;
}

struct Case {
  storage::DataLockSnapshot locks;
  std::vector<storage::TrxInfo> trxs;
  std::vector<SessionSnapshot> sessions;
};

// A (trx 10, pid 5) idle after UPDATE row 1; B (trx 11, pid 6) waits 7 s on it; C (trx 12,
// pid 7) with a long statement waits 3 s.
Case MakeCase() {
  Case c;
  c.locks.locks = {Lock(10, 5, "X,REC_NOT_GAP", true, "10:5:77:X"),
                   Lock(11, 6, "X,REC_NOT_GAP", false, "11:5:77:X"),
                   Lock(12, 7, "S,REC_NOT_GAP", false, "12:5:77:S")};
  c.locks.waits = {{2, 0}, {1, 0}};  // deliberately not in wait order
  storage::TrxInfo a = Trx(10, 5, 3725);
  a.rows_locked = 1;
  a.rows_modified = 1;
  storage::TrxInfo b = Trx(11, 6, 9);
  b.state = storage::TrxState::kLockWait;
  b.wait_started = WallNow() - std::chrono::seconds(7);
  b.rows_locked = 2;
  storage::TrxInfo cc = Trx(12, 7, 3);
  cc.state = storage::TrxState::kLockWait;
  cc.wait_started = WallNow() - std::chrono::seconds(3);
  c.trxs = {a, b, cc};
  c.sessions = {Session(5, "UPDATE t SET v = 2 WHERE id = 1"),
                Running(Session(6), "UPDATE t SET v = 3 WHERE id = 1", 7, "updating"),
                Running(Session(7),
                        "SELECT * FROM t WHERE id = 1 AND v IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
                        "11, 12) LOCK IN SHARE MODE",
                        3, "statistics")};
  return c;
}

TEST(InnodbLockWaitsTest, ColumnsAreMysql80s) {
  EXPECT_EQ(ColumnNames(InnodbLockWaits({}, {}, {}, WallNow(), false)),
            (std::vector<std::string>{"wait_started",
                                      "wait_age",
                                      "wait_age_secs",
                                      "locked_table",
                                      "locked_table_schema",
                                      "locked_table_name",
                                      "locked_table_partition",
                                      "locked_table_subpartition",
                                      "locked_index",
                                      "locked_type",
                                      "waiting_trx_id",
                                      "waiting_trx_started",
                                      "waiting_trx_age",
                                      "waiting_trx_rows_locked",
                                      "waiting_trx_rows_modified",
                                      "waiting_pid",
                                      "waiting_query",
                                      "waiting_lock_id",
                                      "waiting_lock_mode",
                                      "blocking_trx_id",
                                      "blocking_pid",
                                      "blocking_query",
                                      "blocking_lock_id",
                                      "blocking_lock_mode",
                                      "blocking_trx_started",
                                      "blocking_trx_age",
                                      "blocking_trx_rows_locked",
                                      "blocking_trx_rows_modified",
                                      "sql_kill_blocking_query",
                                      "sql_kill_blocking_connection"}));
}

TEST(InnodbLockWaitsTest, OneRowPerEdgeOldestWaitFirst) {
  const Case c = MakeCase();
  const auto t = InnodbLockWaits(c.locks, c.trxs, c.sessions, WallNow(), false);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(Cell(t, 0, "waiting_pid"), "6");
  EXPECT_EQ(Cell(t, 0, "wait_started"), LocalDateTime(WallNow() - std::chrono::seconds(7)));
  EXPECT_EQ(Cell(t, 0, "wait_age"), "00:00:07");
  EXPECT_EQ(Cell(t, 0, "wait_age_secs"), "7");
  EXPECT_EQ(Cell(t, 0, "locked_table"), "`scn`.`t`");
  EXPECT_EQ(Cell(t, 0, "locked_table_schema"), "scn");
  EXPECT_EQ(Cell(t, 0, "locked_table_name"), "t");
  EXPECT_EQ(Cell(t, 0, "locked_table_partition"), "NULL");
  EXPECT_EQ(Cell(t, 0, "locked_table_subpartition"), "NULL");
  EXPECT_EQ(Cell(t, 0, "locked_index"), "PRIMARY");
  EXPECT_EQ(Cell(t, 0, "locked_type"), "RECORD");
  EXPECT_EQ(Cell(t, 0, "waiting_trx_id"), "11");
  EXPECT_EQ(Cell(t, 0, "waiting_trx_age"), "00:00:09");
  EXPECT_EQ(Cell(t, 0, "waiting_trx_rows_locked"), "2");
  EXPECT_EQ(Cell(t, 0, "waiting_trx_rows_modified"), "0");
  EXPECT_EQ(Cell(t, 0, "waiting_query"), "UPDATE t SET v = 3 WHERE id = 1");
  EXPECT_EQ(Cell(t, 0, "waiting_lock_id"), "11:5:77:X");
  EXPECT_EQ(Cell(t, 0, "waiting_lock_mode"), "X,REC_NOT_GAP");
  EXPECT_EQ(Cell(t, 0, "blocking_trx_id"), "10");
  EXPECT_EQ(Cell(t, 0, "blocking_pid"), "5");
  EXPECT_EQ(Cell(t, 0, "blocking_query"), "NULL");  // idle in transaction
  EXPECT_EQ(Cell(t, 0, "blocking_lock_id"), "10:5:77:X");
  EXPECT_EQ(Cell(t, 0, "blocking_lock_mode"), "X,REC_NOT_GAP");
  EXPECT_EQ(Cell(t, 0, "blocking_trx_started"), LocalDateTime(c.trxs[0].started));
  EXPECT_EQ(Cell(t, 0, "blocking_trx_age"), "01:02:05");
  EXPECT_EQ(Cell(t, 0, "blocking_trx_rows_locked"), "1");
  EXPECT_EQ(Cell(t, 0, "blocking_trx_rows_modified"), "1");
  EXPECT_EQ(Cell(t, 0, "sql_kill_blocking_query"), "KILL QUERY 5");
  EXPECT_EQ(Cell(t, 0, "sql_kill_blocking_connection"), "KILL 5");
  EXPECT_EQ(Cell(t, 1, "waiting_pid"), "7");
  EXPECT_EQ(Cell(t, 1, "waiting_lock_mode"), "S,REC_NOT_GAP");
}

TEST(InnodbLockWaitsTest, PlainFormAbbreviatesQueriesRawFormDoesNot) {
  const Case c = MakeCase();
  const std::string full = *c.sessions[2].info;
  const auto plain = InnodbLockWaits(c.locks, c.trxs, c.sessions, WallNow(), false);
  const auto raw = InnodbLockWaits(c.locks, c.trxs, c.sessions, WallNow(), true);
  EXPECT_EQ(Cell(plain, 1, "waiting_query"), FormatStatement(full));
  EXPECT_NE(Cell(plain, 1, "waiting_query"), full);
  EXPECT_EQ(Cell(raw, 1, "waiting_query"), full);
}

TEST(InnodbLockWaitsTest, EdgesOfUnlistedTransactionsAreDropped) {
  Case c = MakeCase();
  c.trxs.erase(c.trxs.begin());  // the blocker committed after the lock snapshot
  EXPECT_TRUE(InnodbLockWaits(c.locks, c.trxs, c.sessions, WallNow(), false).rows.empty());
}

TEST(InnodbLockWaitsTest, TimeDiffText) {
  EXPECT_EQ(TimeDiffText(0), "00:00:00");
  EXPECT_EQ(TimeDiffText(59), "00:00:59");
  EXPECT_EQ(TimeDiffText(3600 * 100 + 61), "100:01:01");
  EXPECT_EQ(TimeDiffText(-5), "-00:00:05");
}

}  // namespace
}  // namespace diag
