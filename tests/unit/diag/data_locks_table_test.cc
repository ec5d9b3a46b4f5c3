#include "diag/data_locks_table.h"

#include <gtest/gtest.h>

#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

storage::DataLock Lock(uint64_t trx, uint64_t thread, bool record, std::string mode, bool granted) {
  storage::DataLock l;
  l.trx_id = trx;
  l.thread_id = thread;
  l.record = record;
  l.object_schema = "scn";
  l.object_name = "t";
  l.lock_mode = std::move(mode);
  l.granted = granted;
  l.engine_lock_id = std::to_string(trx) + (record ? ":5:77:" : ":5:") + l.lock_mode;
  l.object_instance = 1000 + trx * 10 + (record ? 1 : 0);
  if (record) {
    l.index_name = "PRIMARY";
    l.lock_data = "1";
  }
  if (!granted) l.wait_started = std::chrono::system_clock::now();
  return l;
}

// A (trx 10, conn 5) holds X on row 1; B (trx 11, conn 6) waits for it.
storage::DataLockSnapshot OneWait() {
  storage::DataLockSnapshot s;
  s.locks = {Lock(10, 5, false, "IX", true), Lock(10, 5, true, "X,REC_NOT_GAP", true),
             Lock(11, 6, false, "IX", true), Lock(11, 6, true, "X,REC_NOT_GAP", false)};
  s.waits = {{3, 1}};
  return s;
}

std::vector<SessionSnapshot> Sessions() {
  SessionSnapshot a = Session(5, "UPDATE t SET v = 2 WHERE id = 1");
  SessionSnapshot b = Running(Session(6), "UPDATE t SET v = 3 WHERE id = 1", 4, "updating");
  a.thread_id = 105;  // THREAD_ID differs from the connection id in MySQL
  b.thread_id = 106;
  return {a, b};
}

TEST(DataLocksTableTest, ColumnsAreMysql80s) {
  EXPECT_EQ(ColumnNames(DataLocksTable({}, {})),
            (std::vector<std::string>{
                "ENGINE", "ENGINE_LOCK_ID", "ENGINE_TRANSACTION_ID", "THREAD_ID", "EVENT_ID",
                "OBJECT_SCHEMA", "OBJECT_NAME", "PARTITION_NAME", "SUBPARTITION_NAME", "INDEX_NAME",
                "OBJECT_INSTANCE_BEGIN", "LOCK_TYPE", "LOCK_MODE", "LOCK_STATUS", "LOCK_DATA"}));
  EXPECT_EQ(ColumnNames(DataLockWaitsTable({}, {})),
            (std::vector<std::string>{
                "ENGINE", "REQUESTING_ENGINE_LOCK_ID", "REQUESTING_ENGINE_TRANSACTION_ID",
                "REQUESTING_THREAD_ID", "REQUESTING_EVENT_ID", "REQUESTING_OBJECT_INSTANCE_BEGIN",
                "BLOCKING_ENGINE_LOCK_ID", "BLOCKING_ENGINE_TRANSACTION_ID", "BLOCKING_THREAD_ID",
                "BLOCKING_EVENT_ID", "BLOCKING_OBJECT_INSTANCE_BEGIN"}));
}

TEST(DataLocksTableTest, TableAndRecordRows) {
  const auto t = DataLocksTable(OneWait(), Sessions());
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(Cell(t, 0, "ENGINE"), "INNODB");
  EXPECT_EQ(Cell(t, 0, "ENGINE_LOCK_ID"), "10:5:IX");
  EXPECT_EQ(Cell(t, 0, "ENGINE_TRANSACTION_ID"), "10");
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "105");
  EXPECT_EQ(Cell(t, 0, "EVENT_ID"), "NULL");
  EXPECT_EQ(Cell(t, 0, "OBJECT_SCHEMA"), "scn");
  EXPECT_EQ(Cell(t, 0, "OBJECT_NAME"), "t");
  EXPECT_EQ(Cell(t, 0, "PARTITION_NAME"), "NULL");
  EXPECT_EQ(Cell(t, 0, "SUBPARTITION_NAME"), "NULL");
  EXPECT_EQ(Cell(t, 0, "INDEX_NAME"), "NULL");
  EXPECT_EQ(Cell(t, 0, "OBJECT_INSTANCE_BEGIN"), "1100");
  EXPECT_EQ(Cell(t, 0, "LOCK_TYPE"), "TABLE");
  EXPECT_EQ(Cell(t, 0, "LOCK_MODE"), "IX");
  EXPECT_EQ(Cell(t, 0, "LOCK_STATUS"), "GRANTED");
  EXPECT_EQ(Cell(t, 0, "LOCK_DATA"), "NULL");
  EXPECT_EQ(Cell(t, 1, "LOCK_TYPE"), "RECORD");
  EXPECT_EQ(Cell(t, 1, "INDEX_NAME"), "PRIMARY");
  EXPECT_EQ(Cell(t, 1, "LOCK_MODE"), "X,REC_NOT_GAP");
  EXPECT_EQ(Cell(t, 1, "LOCK_DATA"), "1");
  EXPECT_EQ(Cell(t, 1, "EVENT_ID"), "NULL");  // granted: not recorded per lock
  EXPECT_EQ(Cell(t, 3, "LOCK_STATUS"), "WAITING");
  EXPECT_EQ(Cell(t, 3, "THREAD_ID"), "106");
  EXPECT_EQ(Cell(t, 3, "EVENT_ID"), "206");  // the waiting statement's event
}

TEST(DataLocksTableTest, OwnerWithoutVisibleSessionHasNullThread) {
  const auto t = DataLocksTable(OneWait(), {});
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "NULL");
  EXPECT_EQ(Cell(t, 3, "EVENT_ID"), "NULL");
}

TEST(DataLocksTableTest, WaitRowJoinsBothLocks) {
  const auto t = DataLockWaitsTable(OneWait(), Sessions());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "ENGINE"), "INNODB");
  EXPECT_EQ(Cell(t, 0, "REQUESTING_ENGINE_LOCK_ID"), "11:5:77:X,REC_NOT_GAP");
  EXPECT_EQ(Cell(t, 0, "REQUESTING_ENGINE_TRANSACTION_ID"), "11");
  EXPECT_EQ(Cell(t, 0, "REQUESTING_THREAD_ID"), "106");
  EXPECT_EQ(Cell(t, 0, "REQUESTING_EVENT_ID"), "206");
  EXPECT_EQ(Cell(t, 0, "REQUESTING_OBJECT_INSTANCE_BEGIN"), "1111");
  EXPECT_EQ(Cell(t, 0, "BLOCKING_ENGINE_LOCK_ID"), "10:5:77:X,REC_NOT_GAP");
  EXPECT_EQ(Cell(t, 0, "BLOCKING_ENGINE_TRANSACTION_ID"), "10");
  EXPECT_EQ(Cell(t, 0, "BLOCKING_THREAD_ID"), "105");
  EXPECT_EQ(Cell(t, 0, "BLOCKING_EVENT_ID"), "NULL");
  EXPECT_EQ(Cell(t, 0, "BLOCKING_OBJECT_INSTANCE_BEGIN"), "1101");
}

TEST(DataLocksTableTest, OnlyConnectionsKeepsEdgesBetweenVisibleLocks) {
  const storage::DataLockSnapshot mine = OnlyConnections(OneWait(), {6});
  ASSERT_EQ(mine.locks.size(), 2u);
  EXPECT_EQ(mine.locks[0].trx_id, 11u);
  EXPECT_TRUE(mine.waits.empty());  // the blocker belongs to someone else
  const storage::DataLockSnapshot both = OnlyConnections(OneWait(), {5, 6});
  ASSERT_EQ(both.waits.size(), 1u);
  EXPECT_EQ(both.locks[both.waits[0].requesting].trx_id, 11u);
  EXPECT_EQ(both.locks[both.waits[0].blocking].trx_id, 10u);
  storage::DataLockSnapshot reordered = OneWait();
  std::swap(reordered.locks[0], reordered.locks[2]);  // B's IX first, A's after
  const storage::DataLockSnapshot only_b = OnlyConnections(reordered, {6});
  EXPECT_EQ(only_b.locks.size(), 2u);
  EXPECT_EQ(only_b.locks[0].lock_mode, "IX");
  EXPECT_EQ(only_b.locks[1].lock_mode, "X,REC_NOT_GAP");
}

}  // namespace
}  // namespace diag
