#include <filesystem>
#include <fstream>

#include "storage/commit_log.h"
#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;

std::vector<Row> AllRows(Engine& engine, const std::string& db, const std::string& name) {
  auto t = engine.OpenTable(db, name).value();
  auto trx = engine.Begin(TransactionOptions{});
  auto cur = std::move(trx->Scan(*t, ScanSpec{})).value();
  std::vector<Row> rows;
  while (*cur->Next()) rows.push_back(cur->row());
  return rows;
}

TEST_F(EngineFixture, CommittedRowsAndDdlSurviveReopen) {
  Fill(20);
  auto trx = Begin();
  ASSERT_TRUE(*trx->Delete(*table_, K(5)));
  ASSERT_OK(trx->Commit());
  auto uncommitted = Begin();
  ASSERT_OK(uncommitted->Insert(*table_, R(500, Value::Int(1), "never")));
  ASSERT_OK(engine_->CreateDatabase("db2"));
  ASSERT_OK(engine_->RenameTable("db", "t", "db2", "t"));
  std::vector<Row> before = AllRows(*engine_, "db2", "t");
  uncommitted.reset();
  Reopen();
  EXPECT_EQ(AllRows(*engine_, "db2", "t"), before);
  // The counter is rebuilt from committed rows (an uncommitted 500 is not persisted).
  EXPECT_EQ(engine_->FindTable("db2", "t")->auto_increment, 21u);
  EXPECT_EQ(before.size(), 19u);
}

TEST_F(EngineFixture, CheckpointThenRecoveryIsEquivalent) {
  Fill(50);
  ASSERT_OK(engine_->CreateTable(SbTable("db", "u")));
  ASSERT_OK(engine_->Checkpoint());
  EXPECT_EQ(engine_->log_bytes(), 0u);
  auto trx = Begin();
  ASSERT_TRUE(*trx->Update(*table_, K(3), R(3, Value::Int(33), "x3")));
  ASSERT_OK(trx->Commit());
  std::vector<Row> before = AllRows(*engine_, "db", "t");
  auto def_before = *engine_->FindTable("db", "t");
  Reopen();
  EXPECT_EQ(AllRows(*engine_, "db", "t"), before);
  EXPECT_EQ(*engine_->FindTable("db", "t"), def_before);
  EXPECT_NE(engine_->FindTable("db", "u"), nullptr);
}

TEST_F(EngineFixture, TornLastRecordIsIgnoredAtEveryByteOffset) {
  Fill(3);
  std::string log = CommitLog::FileName(dir_, 1);
  const uintmax_t good = std::filesystem::file_size(log);
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, R(4, Value::Int(4), "c4")));
  ASSERT_OK(trx->Commit());
  const uintmax_t full = std::filesystem::file_size(log);
  std::string bytes;
  {
    std::ifstream in(log, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  table_.reset();
  engine_.reset();
  for (uintmax_t cut = good; cut < full; ++cut) {
    {
      std::ofstream out(log, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(cut));
    }
    Reopen();
    ASSERT_EQ(table_->row_count(), 3u) << "cut at " << cut;
    EXPECT_EQ(std::filesystem::file_size(log), good);
    engine_.reset();
    table_.reset();
  }
  {
    std::ofstream out(log, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(full));
  }
  Reopen();
  EXPECT_EQ(table_->row_count(), 4u);
}

TEST_F(EngineFixture, FailedWriteRollsBackAndLaterCommitsSucceed) {
  Fill(1);
  engine_->TEST_InjectLogFault(LogFault::kFailWrite);
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, R(2, Value::Int(1), "c2")));
  auto s = trx->Commit();
  EXPECT_EQ(s.code(), ErrorCode::kDiskFull);
  EXPECT_NE(s.message().find("Error writing file"), std::string::npos);
  EXPECT_FALSE(trx->is_active());
  EXPECT_EQ(table_->row_count(), 1u);
  auto next = Begin();
  ASSERT_OK(next->Insert(*table_, R(3, Value::Int(1), "c3")));
  EXPECT_OK(next->Commit());
  Reopen();
  EXPECT_EQ(table_->row_count(), 2u);
}

TEST_F(EngineFixture, FailedFsyncPoisonsTheLogForLaterCommitsAndDdl) {
  Fill(1);
  engine_->TEST_InjectLogFault(LogFault::kFailSync);
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, R(2, Value::Int(1), "c2")));
  EXPECT_EQ(trx->Commit().code(), ErrorCode::kDiskFull);
  EXPECT_EQ(table_->row_count(), 1u);
  auto next = Begin();
  ASSERT_OK(next->Insert(*table_, R(3, Value::Int(1), "c3")));
  EXPECT_EQ(next->Commit().code(), ErrorCode::kDiskFull);
  EXPECT_EQ(engine_->CreateDatabase("x").code(), ErrorCode::kDiskFull);
  EXPECT_FALSE(engine_->DatabaseExists("x"));
}

TEST_F(EngineFixture, ConcurrentCommitsAllSurviveWithSync) {
  sync_ = true;
  Reopen();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto trx = Begin();
        int id = 1000 + t * 100 + i;
        ASSERT_OK(trx->Insert(*table_, R(id, Value::Int(i), "c" + std::to_string(id))));
        ASSERT_OK(trx->Commit());
      }
    });
  }
  for (auto& th : threads) th.join();
  Reopen();
  EXPECT_EQ(table_->row_count(), 100u);
}

TEST_F(EngineFixture, AutomaticCheckpointBoundsTheLog) {
  table_.reset();
  engine_.reset();
  auto e = Engine::Open(EngineOptions{.datadir = dir_, .sync_commit = false, .checkpoint_log_bytes = 2048});
  ASSERT_OK(e);
  engine_ = std::move(e).value();
  table_ = engine_->OpenTable("db", "t").value();
  Fill(200);  // one big commit (> 2 KiB) triggers a checkpoint
  EXPECT_EQ(engine_->log_bytes(), 0u);
  Reopen();
  EXPECT_EQ(table_->row_count(), 200u);
}

}  // namespace
}  // namespace storage::testing
