// Shared helpers for storage tests: a temp datadir, an engine with a `db.t` test table.
#ifndef TESTS_UNIT_STORAGE_STORAGE_TEST_UTIL_H_
#define TESTS_UNIT_STORAGE_STORAGE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/engine.h"

namespace storage::testing {

#define ASSERT_OK(expr)                                           \
  do {                                                            \
    auto s_ = ::storage::ToStatus(expr);                          \
    ASSERT_TRUE(s_.ok()) << s_.message();                         \
  } while (0)
#define EXPECT_OK(expr)                                           \
  do {                                                            \
    auto s_ = ::storage::ToStatus(expr);                          \
    EXPECT_TRUE(s_.ok()) << s_.message();                         \
  } while (0)

inline std::string MakeTempDir() {
  char tmpl[] = "/tmp/storage_test_XXXXXX";
  return std::string(mkdtemp(tmpl));
}

// (id INT PRIMARY KEY AUTO_INCREMENT, k INT, c VARCHAR(20) NOT NULL, KEY k(k), UNIQUE KEY uc(c))
inline TableDef SbTable(const std::string& db = "db", const std::string& name = "t") {
  TableDef def;
  def.db = db;
  def.name = name;
  def.columns.push_back(ColumnDef{.name = "id", .type = ColumnType::kInt, .nullable = false, .auto_increment = true});
  def.columns.push_back(ColumnDef{.name = "k", .type = ColumnType::kInt});
  def.columns.push_back(ColumnDef{.name = "c", .type = ColumnType::kVarchar, .length = 20, .nullable = false});
  def.indexes.push_back(IndexDef{.name = "PRIMARY", .kind = IndexKind::kPrimary, .columns = {{"id"}}});
  def.indexes.push_back(IndexDef{.name = "k", .kind = IndexKind::kNonUnique, .columns = {{"k"}}});
  def.indexes.push_back(IndexDef{.name = "uc", .kind = IndexKind::kUnique, .columns = {{"c"}}});
  return def;
}

inline Row R(int64_t id, Value k, const std::string& c) { return Row{Value::Int(id), std::move(k), Value::String(c)}; }
inline Key K(int64_t id) { return Key{Value::Int(id)}; }

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    Reopen();
    ASSERT_OK(engine_->CreateDatabase("db"));
    ASSERT_OK(engine_->CreateTable(SbTable()));
    table_ = engine_->OpenTable("db", "t").value();
  }
  void TearDown() override {
    table_.reset();
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    table_.reset();
    engine_.reset();
    auto e = Engine::Open(EngineOptions{.datadir = dir_, .sync_commit = sync_});
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
    if (engine_->FindTable("db", "t")) table_ = engine_->OpenTable("db", "t").value();
  }
  std::unique_ptr<Transaction> Begin(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return engine_->Begin(TransactionOptions{.lock_wait_timeout = timeout});
  }
  // Inserts and commits rows 1..n with k = id % 10, c = "c<id>".
  void Fill(int n) {
    auto trx = Begin();
    for (int i = 1; i <= n; ++i) ASSERT_OK(trx->Insert(*table_, R(i, Value::Int(i % 10), "c" + std::to_string(i))));
    ASSERT_OK(trx->Commit());
  }
  std::vector<int64_t> ScanIds(Transaction& trx, const ScanSpec& spec) {
    std::vector<int64_t> ids;
    auto cursor = trx.Scan(*table_, spec);
    EXPECT_TRUE(cursor.ok());
    while (true) {
      auto more = (*cursor)->Next();
      EXPECT_TRUE(more.ok()) << more.status().message();
      if (!more.ok() || !*more) break;
      ids.push_back((*cursor)->row()[0].ToInt());
    }
    return ids;
  }

  bool sync_ = false;
  std::string dir_;
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<Table> table_;
};

}  // namespace storage::testing

#endif  // TESTS_UNIT_STORAGE_STORAGE_TEST_UTIL_H_
