#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;

// ALTER TABLE t ADD COLUMN extra INT NOT NULL DEFAULT 7 (COPY).
TEST_F(EngineFixture, CopyRebuildInBatchesCarriesConcurrentChanges) {
  Fill(100);
  TableDef def = *table_->def();
  def.columns.push_back(ColumnDef{.name = "extra", .type = ColumnType::kInt, .nullable = false});
  auto rebuild = engine_->BeginRebuild("db", "t", def, [](const Row& old, uint64_t) -> Result<Row> {
    Row r = old;
    r.push_back(Value::Int(7));
    return r;
  });
  ASSERT_OK(rebuild);
  EXPECT_EQ(*(*rebuild)->CopyBatch(40), 40u);
  auto trx = Begin();  // changes behind and ahead of the copy position
  ASSERT_TRUE(*trx->Delete(*table_, K(10)));
  ASSERT_TRUE(*trx->Update(*table_, K(90), R(90, Value::Int(5), "moved")));
  ASSERT_OK(trx->Insert(*table_, R(1000, Value::Int(1), "new")));
  ASSERT_OK(trx->Commit());
  ASSERT_OK((*rebuild)->Commit());
  EXPECT_FALSE(table_->is_live());
  table_ = engine_->OpenTable("db", "t").value();
  EXPECT_EQ(table_->row_count(), 100u);
  auto reader = Begin();
  auto row90 = **reader->Get(*table_, K(90), RowLockMode::kNone);
  EXPECT_EQ(row90[2].text(), "moved");
  EXPECT_EQ(row90[3].ToInt(), 7);
  EXPECT_FALSE(reader->Get(*table_, K(10), RowLockMode::kNone)->has_value());
  reader.reset();  // a transaction must not outlive its engine
  Reopen();
  EXPECT_EQ(table_->row_count(), 100u);
  EXPECT_EQ(table_->def()->columns.size(), 4u);
}

TEST_F(EngineFixture, RebuildReportsMapperAndNotNullErrors) {
  Fill(3);
  TableDef def = *table_->def();
  def.columns[1].nullable = false;
  auto bad = engine_->BeginRebuild("db", "t", def, [](const Row& old, uint64_t n) -> Result<Row> {
    if (n == 2) return sql::SqlError(ErrorCode::kDataTooLong, "Data too long for column 'c' at row 2");
    return old;
  });
  ASSERT_OK(bad);
  EXPECT_EQ((*bad)->Commit().code(), ErrorCode::kDataTooLong);
  auto trx = Begin();
  ASSERT_OK(trx->Insert(*table_, Row{Value::Int(9), Value(), Value::String("n")}));
  ASSERT_OK(trx->Commit());
  auto nn = engine_->BeginRebuild("db", "t", def, [](const Row& old, uint64_t) -> Result<Row> { return old; });
  EXPECT_EQ((*nn)->Commit().code(), ErrorCode::kBadNull);
  EXPECT_TRUE(table_->is_live());
}

TEST_F(EngineFixture, IndexBuildInBatchesIndexesConcurrentDml) {
  Fill(100);
  IndexDef idx{.name = "kc", .kind = IndexKind::kNonUnique, .columns = {{"k"}, {"c"}}};
  auto build = engine_->BeginIndexBuild("db", "t", idx);
  ASSERT_OK(build);
  EXPECT_EQ(*(*build)->CopyBatch(50), 50u);
  auto trx = Begin();
  ASSERT_TRUE(*trx->Update(*table_, K(3), R(3, Value::Int(77), "c3")));  // already copied
  ASSERT_OK(trx->Insert(*table_, R(500, Value::Int(77), "c500")));
  ASSERT_OK(trx->Commit());
  auto pending = Begin();  // uncommitted during commit of the build
  ASSERT_OK(pending->Insert(*table_, R(600, Value::Int(77), "c600")));
  ASSERT_OK((*build)->Commit());
  ASSERT_OK(pending->Commit());
  auto reader = Begin();
  ScanSpec eq{.index = "kc", .lower = KeyBound{{Value::Int(77)}, true}, .upper = KeyBound{{Value::Int(77)}, true}};
  EXPECT_EQ(ScanIds(*reader, eq), (std::vector<int64_t>{3, 500, 600}));
  reader.reset();
  trx.reset();
  pending.reset();
  Reopen();
  auto again = Begin();
  EXPECT_EQ(ScanIds(*again, eq), (std::vector<int64_t>{3, 500, 600}));
}

TEST_F(EngineFixture, UniqueIndexBuildFailsOnDuplicates) {
  Fill(20);  // k = id % 10 repeats
  auto build = engine_->BeginIndexBuild("db", "t", IndexDef{.name = "uk", .kind = IndexKind::kUnique, .columns = {{"k"}}});
  ASSERT_OK(build);
  auto s = (*build)->Commit();
  EXPECT_EQ(s.code(), ErrorCode::kDuplicateEntry);
  EXPECT_EQ(s.message(), "Duplicate entry '0' for key 't.uk'");
  EXPECT_EQ(table_->def()->FindIndex("uk"), nullptr);
}

}  // namespace
}  // namespace storage::testing
