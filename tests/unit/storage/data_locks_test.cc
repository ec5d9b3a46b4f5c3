// Engine::SnapshotDataLocks (data_locks.h): holders, waiters, wait edges, intention locks, key
// formatting, and that nothing is left after commit/rollback.
#include "storage/data_locks.h"

#include <future>
#include <set>
#include <thread>

#include "storage/key.h"
#include "storage/row_lock_table.h"
#include "storage_test_util.h"

namespace storage::testing {
namespace {

using namespace std::chrono_literals;

// Bounded polling of observable state (no sleeps to order threads).
void WaitUntilLockWait(Engine& engine, uint64_t trx_id) {
  for (int i = 0; i < 100000; ++i) {
    for (const TrxInfo& info : engine.ListTransactions()) {
      if (info.trx_id == trx_id && info.state == TrxState::kLockWait) return;
    }
    std::this_thread::yield();
  }
  FAIL() << "trx " << trx_id << " never waited";
}

std::optional<TrxInfo> InfoOf(Engine& engine, uint64_t trx_id) {
  for (const TrxInfo& info : engine.ListTransactions()) {
    if (info.trx_id == trx_id) return info;
  }
  return std::nullopt;
}

// The locks of `trx`, in snapshot order.
std::vector<DataLock> LocksOf(const DataLockSnapshot& s, uint64_t trx) {
  std::vector<DataLock> out;
  for (const DataLock& l : s.locks) {
    if (l.trx_id == trx) out.push_back(l);
  }
  return out;
}

class DataLocksTest : public EngineFixture {
 protected:
  std::unique_ptr<Transaction> BeginOn(uint64_t thread_id) {
    return engine_->Begin(TransactionOptions{.lock_wait_timeout = 5s, .thread_id = thread_id});
  }
};

TEST_F(DataLocksTest, HolderWaiterAndEdgeThenEmptyAfterCommitAndRollback) {
  Fill(2);
  auto a = BeginOn(11);
  auto b = BeginOn(12);
  ASSERT_TRUE(*a->Update(*table_, K(1), R(1, Value::Int(10), "c1")));
  auto fut = std::async(std::launch::async,
                        [&] { return b->Update(*table_, K(1), R(1, Value::Int(20), "c1")); });
  WaitUntilLockWait(*engine_, b->id());

  const DataLockSnapshot s = engine_->SnapshotDataLocks();
  const std::vector<DataLock> la = LocksOf(s, a->id());
  const std::vector<DataLock> lb = LocksOf(s, b->id());
  ASSERT_EQ(la.size(), 2u);
  ASSERT_EQ(lb.size(), 2u);
  EXPECT_EQ(s.locks.size(), 4u);
  // a: IX on the table, then X on row 1 (granted).
  EXPECT_FALSE(la[0].record);
  EXPECT_EQ(la[0].lock_mode, "IX");
  EXPECT_TRUE(la[0].granted);
  EXPECT_EQ(la[0].object_schema, "db");
  EXPECT_EQ(la[0].object_name, "t");
  EXPECT_EQ(la[0].thread_id, 11u);
  EXPECT_TRUE(la[1].record);
  EXPECT_EQ(la[1].index_name, "PRIMARY");
  EXPECT_EQ(la[1].lock_mode, "X,REC_NOT_GAP");
  EXPECT_EQ(la[1].lock_data, "1");
  EXPECT_TRUE(la[1].granted);
  EXPECT_FALSE(la[1].wait_started.has_value());
  // b: IX granted (taken before the row lock, as InnoDB), X on row 1 waiting.
  EXPECT_EQ(lb[0].lock_mode, "IX");
  EXPECT_TRUE(lb[0].granted);
  EXPECT_EQ(lb[0].thread_id, 12u);
  EXPECT_EQ(lb[1].lock_mode, "X,REC_NOT_GAP");
  EXPECT_EQ(lb[1].lock_data, "1");
  EXPECT_FALSE(lb[1].granted);
  ASSERT_TRUE(lb[1].wait_started.has_value());
  // Exactly one edge: b's request -> a's record lock.
  ASSERT_EQ(s.waits.size(), 1u);
  EXPECT_EQ(s.locks[s.waits[0].requesting].engine_lock_id, lb[1].engine_lock_id);
  EXPECT_EQ(s.locks[s.waits[0].blocking].engine_lock_id, la[1].engine_lock_id);
  // Lock ids are unique; INNODB_TRX shows the waiting lock's id and wait start.
  std::set<std::string> ids;
  for (const DataLock& l : s.locks) ids.insert(l.engine_lock_id);
  EXPECT_EQ(ids.size(), s.locks.size());
  const auto info = InfoOf(*engine_, b->id());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->requested_lock_id, lb[1].engine_lock_id);
  EXPECT_EQ(info->wait_started, lb[1].wait_started);

  ASSERT_OK(a->Commit());
  auto r = fut.get();
  ASSERT_OK(r);
  const DataLockSnapshot after_commit = engine_->SnapshotDataLocks();
  EXPECT_TRUE(LocksOf(after_commit, a->id()).empty());
  ASSERT_EQ(LocksOf(after_commit, b->id()).size(), 2u);
  EXPECT_TRUE(LocksOf(after_commit, b->id())[1].granted);
  EXPECT_TRUE(after_commit.waits.empty());
  b->Rollback();
  const DataLockSnapshot after_rollback = engine_->SnapshotDataLocks();
  EXPECT_TRUE(after_rollback.locks.empty());
  EXPECT_TRUE(after_rollback.waits.empty());
}

TEST_F(DataLocksTest, EveryConflictingSharedHolderBlocksAnExclusiveRequest) {
  Fill(1);
  auto a = BeginOn(1);
  auto b = BeginOn(2);
  auto c = BeginOn(3);
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kShared));
  ASSERT_OK(b->Get(*table_, K(1), RowLockMode::kShared));
  auto fut = std::async(std::launch::async,
                        [&] { return c->Get(*table_, K(1), RowLockMode::kExclusive); });
  WaitUntilLockWait(*engine_, c->id());
  const DataLockSnapshot s = engine_->SnapshotDataLocks();
  EXPECT_EQ(LocksOf(s, a->id())[0].lock_mode, "IS");
  EXPECT_EQ(LocksOf(s, a->id())[1].lock_mode, "S,REC_NOT_GAP");
  EXPECT_EQ(LocksOf(s, c->id())[0].lock_mode, "IX");
  ASSERT_EQ(s.waits.size(), 2u);
  std::set<uint64_t> blockers;
  for (const DataLockWait& w : s.waits) {
    EXPECT_EQ(s.locks[w.requesting].trx_id, c->id());
    EXPECT_FALSE(s.locks[w.requesting].granted);
    EXPECT_TRUE(s.locks[w.blocking].granted);
    blockers.insert(s.locks[w.blocking].trx_id);
  }
  EXPECT_EQ(blockers, (std::set<uint64_t>{a->id(), b->id()}));
  a->Rollback();
  b->Rollback();
  ASSERT_OK(fut.get());
  c->Rollback();
  EXPECT_TRUE(engine_->SnapshotDataLocks().locks.empty());
}

TEST_F(DataLocksTest, UpgradeShowsHeldSharedAndRequestedExclusiveBlockedOnlyByTheOther) {
  Fill(1);
  auto a = BeginOn(1);
  auto b = BeginOn(2);
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kShared));
  ASSERT_OK(b->Get(*table_, K(1), RowLockMode::kShared));
  auto fut = std::async(std::launch::async,
                        [&] { return a->Get(*table_, K(1), RowLockMode::kExclusive); });
  WaitUntilLockWait(*engine_, a->id());
  const DataLockSnapshot s = engine_->SnapshotDataLocks();
  const std::vector<DataLock> la = LocksOf(s, a->id());
  ASSERT_EQ(la.size(), 3u);
  EXPECT_EQ(la[0].lock_mode, "IX");  // a requested X on the table's row
  EXPECT_EQ(la[1].lock_mode, "S,REC_NOT_GAP");
  EXPECT_TRUE(la[1].granted);
  EXPECT_EQ(la[2].lock_mode, "X,REC_NOT_GAP");
  EXPECT_FALSE(la[2].granted);
  EXPECT_NE(la[1].engine_lock_id, la[2].engine_lock_id);
  ASSERT_EQ(s.waits.size(), 1u);
  EXPECT_EQ(s.locks[s.waits[0].blocking].trx_id, b->id());
  b->Rollback();
  ASSERT_OK(fut.get());
  a->Rollback();
}

TEST_F(DataLocksTest, LockDataFormatsKeysAsInnodb) {
  ASSERT_OK(engine_->CreateDatabase("d2"));
  TableDef composite;
  composite.db = "d2";
  composite.name = "comp";
  composite.columns.push_back(
      ColumnDef{.name = "s", .type = ColumnType::kVarchar, .length = 10, .nullable = false});
  composite.columns.push_back(ColumnDef{.name = "n", .type = ColumnType::kInt, .nullable = false});
  composite.indexes.push_back(
      IndexDef{.name = "PRIMARY", .kind = IndexKind::kPrimary, .columns = {{"s"}, {"n"}}});
  ASSERT_OK(engine_->CreateTable(composite));
  TableDef hidden;
  hidden.db = "d2";
  hidden.name = "nopk";
  hidden.columns.push_back(ColumnDef{.name = "v", .type = ColumnType::kInt});
  ASSERT_OK(engine_->CreateTable(hidden));
  auto comp = engine_->OpenTable("d2", "comp").value();
  auto nopk = engine_->OpenTable("d2", "nopk").value();

  auto a = BeginOn(7);
  ASSERT_OK(a->Insert(*comp, Row{Value::String("abc"), Value::Int(5)}));
  ASSERT_OK(a->Insert(*nopk, Row{Value::Int(1)}));
  const std::vector<DataLock> la = LocksOf(engine_->SnapshotDataLocks(), a->id());
  ASSERT_EQ(la.size(), 4u);  // IX on each table, then the two records (tables by id)
  EXPECT_EQ(la[0].object_name, "comp");
  EXPECT_EQ(la[1].object_name, "nopk");
  EXPECT_EQ(la[2].object_name, "comp");
  EXPECT_EQ(la[2].index_name, "PRIMARY");
  EXPECT_EQ(la[2].lock_data, "'abc', 5");
  EXPECT_EQ(la[3].object_schema, "d2");
  EXPECT_EQ(la[3].index_name, "GEN_CLUST_INDEX");
  EXPECT_EQ(la[3].lock_data, "0x000000000001");
  a->Rollback();
}

TEST(RowLockIdTest, ParseInvertsRowLockId) {
  const Key key{Value::Int(-5), Value::UInt(7), Value::String("a;b:c"), Value(),
                Value::Double(1.5)};
  uint64_t table = 0;
  Key parsed;
  ASSERT_TRUE(ParseRowLockId(RowLockId(42, key), &table, &parsed));
  EXPECT_EQ(table, 42u);
  ASSERT_EQ(parsed.size(), key.size());
  EXPECT_EQ(CompareKeys(parsed, key), 0);
  EXPECT_EQ(parsed[2].text(), "a;b:c");
  EXPECT_TRUE(parsed[3].is_null());
  EXPECT_FALSE(ParseRowLockId("x:#1;", &table, &parsed));
  EXPECT_FALSE(ParseRowLockId("1:#1", &table, &parsed));
  EXPECT_FALSE(
      ParseRowLockId("1:s\x05"
                     "ab;",
                     &table, &parsed));
}

TEST(RowLockIdTest, EngineIdIsPerTransactionKeyAndMode) {
  const std::string k1 = RowLockId(3, Key{Value::Int(1)});
  const std::string k2 = RowLockId(3, Key{Value::Int(2)});
  EXPECT_EQ(RecordLockEngineId(9, k1, RowLockMode::kExclusive).rfind("9:3:", 0), 0u);
  EXPECT_NE(RecordLockEngineId(9, k1, RowLockMode::kExclusive),
            RecordLockEngineId(9, k2, RowLockMode::kExclusive));
  EXPECT_NE(RecordLockEngineId(9, k1, RowLockMode::kExclusive),
            RecordLockEngineId(9, k1, RowLockMode::kShared));
  EXPECT_NE(RecordLockEngineId(9, k1, RowLockMode::kShared),
            RecordLockEngineId(8, k1, RowLockMode::kShared));
}

}  // namespace
}  // namespace storage::testing
