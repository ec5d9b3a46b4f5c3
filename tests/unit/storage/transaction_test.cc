#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;

TEST_F(EngineFixture, RollbackRestoresRowsAndIndexes) {
  Fill(3);
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, R(4, Value::Int(7), "c4")));
  ASSERT_TRUE(*trx->Update(*table_, K(1), R(1, Value::Int(9), "z1")));
  ASSERT_TRUE(*trx->Delete(*table_, K(2)));
  trx->Rollback();
  auto reader = Begin();
  EXPECT_EQ(ScanIds(*reader, ScanSpec{}), (std::vector<int64_t>{1, 2, 3}));
  ScanSpec k9{.index = "k", .lower = KeyBound{{Value::Int(9)}, true}, .upper = KeyBound{{Value::Int(9)}, true}};
  EXPECT_TRUE(ScanIds(*reader, k9).empty());
  // The unique key of the rolled-back update is free again, the original one is taken.
  EXPECT_OK(reader->Insert(*table_, R(5, Value::Int(0), "z1")));
  EXPECT_EQ(reader->Insert(*table_, R(6, Value::Int(0), "c1")).code(), ErrorCode::kDuplicateEntry);
}

TEST_F(EngineFixture, RollbackToSavepointUndoesOnlyLaterChanges) {
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, R(1, Value::Int(1), "a")));
  trx->Savepoint("sp");
  ASSERT_OK(trx->Insert(*table_, R(2, Value::Int(1), "b")));
  ASSERT_TRUE(*trx->Update(*table_, K(1), R(1, Value::Int(5), "a")));
  ASSERT_OK(trx->RollbackToSavepoint("SP"));
  EXPECT_EQ(ScanIds(*trx, ScanSpec{}), (std::vector<int64_t>{1}));
  EXPECT_EQ((**trx->Get(*table_, K(1), RowLockMode::kNone))[1].ToInt(), 1);
  ASSERT_OK(trx->ReleaseSavepoint("sp"));
  auto missing = trx->RollbackToSavepoint("sp");
  EXPECT_EQ(missing.code(), ErrorCode::kSpDoesNotExist);
  EXPECT_EQ(missing.message(), "SAVEPOINT sp does not exist");
  ASSERT_OK(trx->Commit());
  auto reader = Begin();
  EXPECT_EQ(ScanIds(*reader, ScanSpec{}), (std::vector<int64_t>{1}));
}

TEST_F(EngineFixture, OtherTransactionsSeeOnlyCommittedVersions) {
  Fill(2);
  auto writer = Begin();
  ASSERT_OK(writer->Insert(*table_, R(3, Value::Int(3), "c3")));
  ASSERT_TRUE(*writer->Update(*table_, K(1), R(1, Value::Int(1), "changed")));
  ASSERT_TRUE(*writer->Delete(*table_, K(2)));
  auto reader = Begin();
  EXPECT_EQ(ScanIds(*reader, ScanSpec{}), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ((**reader->Get(*table_, K(1), RowLockMode::kNone))[2].text(), "c1");
  EXPECT_EQ(ScanIds(*writer, ScanSpec{}), (std::vector<int64_t>{1, 3}));
  ASSERT_OK(writer->Commit());
  EXPECT_EQ(ScanIds(*reader, ScanSpec{}), (std::vector<int64_t>{1, 3}));  // READ COMMITTED
}

TEST_F(EngineFixture, TransactionInfoReportsStateAndCounters) {
  Fill(2);
  auto trx = engine_->Begin(TransactionOptions{.isolation = IsolationLevel::kReadCommitted, .thread_id = 7});
  ASSERT_TRUE(*trx->Delete(*table_, K(1)));
  auto list = engine_->ListTransactions();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].trx_id, trx->id());
  EXPECT_STREQ(ToString(list[0].state), "RUNNING");
  EXPECT_EQ(list[0].rows_modified, 1u);
  EXPECT_EQ(list[0].rows_locked, 1u);
  EXPECT_EQ(list[0].tables_locked, 1u);
  EXPECT_EQ(list[0].thread_id, 7u);
  EXPECT_STREQ(ToString(list[0].isolation), "READ COMMITTED");
  ASSERT_OK(trx->Commit());
  EXPECT_TRUE(engine_->ListTransactions().empty());
}

TEST_F(EngineFixture, ReadOnlyTransactionRejectsWrites) {
  auto trx = engine_->Begin(TransactionOptions{.read_only = true});
  EXPECT_EQ(trx->Insert(*table_, R(1, Value::Int(1), "a")).code(), ErrorCode::kInternal);
}

TEST_F(EngineFixture, DestroyingAnActiveTransactionRollsBack) {
  {
    auto trx = Begin();
    ASSERT_OK(trx->Insert(*table_, R(1, Value::Int(1), "a")));
  }
  auto reader = Begin();
  EXPECT_TRUE(ScanIds(*reader, ScanSpec{}).empty());
}

}  // namespace
}  // namespace storage::testing
