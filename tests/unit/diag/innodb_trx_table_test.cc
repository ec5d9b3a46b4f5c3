#include "diag/innodb_trx_table.h"

#include <gtest/gtest.h>

#include "diag/sys_format.h"
#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

storage::TrxInfo Trx(uint64_t id, uint64_t thread) {
  storage::TrxInfo t;
  t.trx_id = id;
  t.thread_id = thread;
  t.started = std::chrono::system_clock::now() - std::chrono::seconds(30);
  return t;
}

TEST(InnodbTrxTableTest, ColumnsAreMysql80s) {
  EXPECT_EQ(ColumnNames(InnodbTrxTable({}, {})),
            (std::vector<std::string>{
                "trx_id", "trx_state", "trx_started", "trx_requested_lock_id",
                "trx_wait_started", "trx_weight", "trx_mysql_thread_id", "trx_query",
                "trx_operation_state", "trx_tables_in_use", "trx_tables_locked",
                "trx_lock_structs", "trx_lock_memory_bytes", "trx_rows_locked",
                "trx_rows_modified", "trx_concurrency_tickets", "trx_isolation_level",
                "trx_unique_checks", "trx_foreign_key_checks", "trx_last_foreign_key_error",
                "trx_adaptive_hash_latched", "trx_adaptive_hash_timeout", "trx_is_read_only",
                "trx_autocommit_non_locking", "trx_schedule_weight"}));
}

TEST(InnodbTrxTableTest, IdleWriterHasNoQueryAndStatementCountersAreZero) {
  storage::TrxInfo w = Trx(7202, 5);
  w.rows_locked = 1;
  w.rows_modified = 1;
  w.tables_in_use = 1;
  w.tables_locked = 1;
  SessionSnapshot s = Session(5, "UPDATE t SET v = 10 WHERE id = 2");
  s.in_transaction = true;
  const auto t = InnodbTrxTable({w}, {s});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "trx_id"), "7202");
  EXPECT_EQ(Cell(t, 0, "trx_state"), "RUNNING");
  EXPECT_EQ(Cell(t, 0, "trx_started"), LocalDateTime(w.started));
  EXPECT_EQ(Cell(t, 0, "trx_requested_lock_id"), "NULL");
  EXPECT_EQ(Cell(t, 0, "trx_wait_started"), "NULL");
  EXPECT_EQ(Cell(t, 0, "trx_mysql_thread_id"), "5");
  EXPECT_EQ(Cell(t, 0, "trx_query"), "NULL");
  EXPECT_EQ(Cell(t, 0, "trx_operation_state"), "NULL");
  EXPECT_EQ(Cell(t, 0, "trx_tables_in_use"), "0");
  EXPECT_EQ(Cell(t, 0, "trx_tables_locked"), "0");
  EXPECT_EQ(Cell(t, 0, "trx_lock_structs"), "2");  // InnoDB: IX table lock + record locks
  EXPECT_EQ(Cell(t, 0, "trx_lock_memory_bytes"), "1136");
  EXPECT_EQ(Cell(t, 0, "trx_weight"), "3");
  EXPECT_EQ(Cell(t, 0, "trx_rows_locked"), "1");
  EXPECT_EQ(Cell(t, 0, "trx_rows_modified"), "1");
  EXPECT_EQ(Cell(t, 0, "trx_isolation_level"), "REPEATABLE READ");
  EXPECT_EQ(Cell(t, 0, "trx_unique_checks"), "1");
  EXPECT_EQ(Cell(t, 0, "trx_is_read_only"), "0");
  EXPECT_EQ(Cell(t, 0, "trx_autocommit_non_locking"), "0");
  EXPECT_EQ(Cell(t, 0, "trx_schedule_weight"), "NULL");
}

TEST(InnodbTrxTableTest, WaitingTransactionShowsItsRunningStatementAndLock) {
  storage::TrxInfo w = Trx(9, 6);
  w.state = storage::TrxState::kLockWait;
  w.wait_started = std::chrono::system_clock::now() - std::chrono::seconds(3);
  w.requested_lock_id = "9:4:1469598103934665603:X";
  w.tables_in_use = 1;
  w.tables_locked = 1;
  SessionSnapshot s = Running(Session(6), "UPDATE t SET v = 3 WHERE id = 2", 3, "updating");
  s.in_transaction = true;
  const auto t = InnodbTrxTable({w}, {s});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "trx_state"), "LOCK WAIT");
  EXPECT_EQ(Cell(t, 0, "trx_requested_lock_id"), "9:4:1469598103934665603:X");
  EXPECT_EQ(Cell(t, 0, "trx_wait_started"), LocalDateTime(*w.wait_started));
  EXPECT_EQ(Cell(t, 0, "trx_query"), "UPDATE t SET v = 3 WHERE id = 2");
  EXPECT_EQ(Cell(t, 0, "trx_operation_state"), "starting index read");
  EXPECT_EQ(Cell(t, 0, "trx_tables_in_use"), "1");
  EXPECT_EQ(Cell(t, 0, "trx_tables_locked"), "1");
  EXPECT_EQ(Cell(t, 0, "trx_schedule_weight"), "1");
}

TEST(InnodbTrxTableTest, SortedByTrxIdAndAutocommitReadIsNonLocking) {
  storage::TrxInfo a = Trx(20, 1);
  storage::TrxInfo b = Trx(10, 2);
  const SessionSnapshot reader = Running(Session(1), "SELECT * FROM t", 1);
  const auto t = InnodbTrxTable({a, b}, {reader});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(Cell(t, 0, "trx_id"), "10");
  EXPECT_EQ(Cell(t, 0, "trx_query"), "NULL");  // no session row to join: not running
  EXPECT_EQ(Cell(t, 1, "trx_id"), "20");
  EXPECT_EQ(Cell(t, 1, "trx_autocommit_non_locking"), "1");
  EXPECT_EQ(Cell(t, 1, "trx_query"), "SELECT * FROM t");
}

TEST(EstimateLockFootprintTest, HeapGrowsBeyondThePreallocatedStructs) {
  storage::TrxInfo t;
  t.tables_locked = 10;  // 20 structs: 4 beyond the 16 preallocated
  t.rows_modified = 5;
  const TrxLockFootprint f = EstimateLockFootprint(t);
  EXPECT_EQ(f.lock_structs, 20u);
  EXPECT_EQ(f.lock_memory_bytes, 1136u + 4 * 256);
  EXPECT_EQ(f.weight, 25u);
}

}  // namespace
}  // namespace diag
