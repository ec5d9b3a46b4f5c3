#include <future>
#include <thread>

#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;
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

TEST_F(EngineFixture, WriterWaitsForRowLockAndProceedsAfterCommit) {
  Fill(1);
  auto a = Begin();
  auto b = Begin();
  ASSERT_TRUE(*a->Update(*table_, K(1), R(1, Value::Int(10), "c1")));
  auto fut = std::async(std::launch::async, [&] { return b->Update(*table_, K(1), R(1, Value::Int(20), "c1")); });
  WaitUntilLockWait(*engine_, b->id());
  ASSERT_OK(a->Commit());
  auto r = fut.get();
  ASSERT_OK(r);
  EXPECT_TRUE(*r);
  ASSERT_OK(b->Commit());
}

TEST_F(EngineFixture, LockWaitTimesOut) {
  Fill(1);
  auto a = Begin();
  auto b = Begin(50ms);
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kExclusive));
  auto r = b->Get(*table_, K(1), RowLockMode::kShared);
  EXPECT_EQ(r.code(), ErrorCode::kLockWaitTimeout);
  EXPECT_EQ(r.status().message(), "Lock wait timeout exceeded; try restarting transaction");
  EXPECT_TRUE(b->is_active());
}

TEST_F(EngineFixture, SharedLocksAreCompatible) {
  Fill(1);
  auto a = Begin();
  auto b = Begin(50ms);
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kShared));
  EXPECT_OK(b->Get(*table_, K(1), RowLockMode::kShared));
  EXPECT_EQ(b->Get(*table_, K(1), RowLockMode::kExclusive).code(), ErrorCode::kLockWaitTimeout);
}

TEST_F(EngineFixture, DeadlockIsDetectedForTheRequesterClosingTheCycle) {
  Fill(2);
  auto a = Begin();
  auto b = Begin();
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kExclusive));
  ASSERT_OK(b->Get(*table_, K(2), RowLockMode::kExclusive));
  auto fut = std::async(std::launch::async, [&] { return a->Get(*table_, K(2), RowLockMode::kExclusive); });
  WaitUntilLockWait(*engine_, a->id());
  auto r = b->Get(*table_, K(1), RowLockMode::kExclusive);
  EXPECT_EQ(r.code(), ErrorCode::kDeadlock);
  EXPECT_EQ(r.status().message(), "Deadlock found when trying to get lock; try restarting transaction");
  b->Rollback();
  EXPECT_OK(fut.get());
}

TEST_F(EngineFixture, InterruptEndsALockWait) {
  Fill(1);
  auto a = Begin();
  auto b = Begin(60s);
  ASSERT_OK(a->Get(*table_, K(1), RowLockMode::kExclusive));
  auto fut = std::async(std::launch::async, [&] { return b->Get(*table_, K(1), RowLockMode::kExclusive); });
  WaitUntilLockWait(*engine_, b->id());
  b->Interrupt();
  auto r = fut.get();
  EXPECT_EQ(r.code(), ErrorCode::kQueryInterrupted);
  EXPECT_EQ(r.status().message(), "Query execution was interrupted");
  b->ClearInterrupt();
  ASSERT_OK(a->Commit());
  EXPECT_OK(b->Get(*table_, K(1), RowLockMode::kExclusive));
}

TEST_F(EngineFixture, InsertWaitsOnUncommittedUniqueKeyThenFailsIfCommitted) {
  auto a = Begin();
  auto b = Begin();
  ASSERT_OK(a->Insert(*table_, R(1, Value::Int(1), "same")));
  auto fut = std::async(std::launch::async, [&] { return b->Insert(*table_, R(2, Value::Int(1), "same")); });
  WaitUntilLockWait(*engine_, b->id());
  ASSERT_OK(a->Commit());
  EXPECT_EQ(fut.get().code(), ErrorCode::kDuplicateEntry);
}

TEST_F(EngineFixture, InsertWaitsOnUncommittedUniqueKeyThenSucceedsIfRolledBack) {
  auto a = Begin();
  auto b = Begin();
  ASSERT_OK(a->Insert(*table_, R(1, Value::Int(1), "same")));
  auto fut = std::async(std::launch::async, [&] { return b->Insert(*table_, R(2, Value::Int(1), "same")); });
  WaitUntilLockWait(*engine_, b->id());
  a->Rollback();
  EXPECT_OK(fut.get());
}

TEST_F(EngineFixture, LockingScanSeesLatestCommittedRowAfterWait) {
  Fill(3);
  auto a = Begin();
  auto b = Begin();
  ASSERT_TRUE(*a->Update(*table_, K(2), R(2, Value::Int(99), "c2")));
  auto fut = std::async(std::launch::async, [&] {
    std::vector<int64_t> ks;
    auto cur = b->Scan(*table_, ScanSpec{.lock = RowLockMode::kExclusive});
    while (*(*cur)->Next()) ks.push_back((*cur)->row()[1].ToInt());
    return ks;
  });
  WaitUntilLockWait(*engine_, b->id());
  ASSERT_OK(a->Commit());
  EXPECT_EQ(fut.get(), (std::vector<int64_t>{1, 99, 3}));
}

}  // namespace
}  // namespace storage::testing
