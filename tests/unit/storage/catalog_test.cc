#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;

TEST_F(EngineFixture, CreateDatabaseTwiceFailsWithDatabaseExists) {
  auto s = engine_->CreateDatabase("db");
  EXPECT_EQ(s.code(), ErrorCode::kDatabaseExists);
  EXPECT_EQ(s.message(), "Can't create database 'db'; database exists");
}

TEST_F(EngineFixture, DropDatabaseDropsItsTablesAndReturnsTheirNames) {
  ASSERT_OK(engine_->CreateTable(SbTable("db", "u")));
  auto dropped = engine_->DropDatabase("db");
  ASSERT_OK(dropped);
  EXPECT_EQ(*dropped, (std::vector<std::string>{"t", "u"}));
  EXPECT_FALSE(engine_->DatabaseExists("db"));
  EXPECT_FALSE(table_->is_live());
  EXPECT_EQ(engine_->DropDatabase("db").code(), ErrorCode::kDropDatabaseMissing);
}

TEST_F(EngineFixture, TableNamesAreCaseSensitive) {
  EXPECT_NE(engine_->FindTable("db", "t"), nullptr);
  EXPECT_EQ(engine_->FindTable("db", "T"), nullptr);
  ASSERT_OK(engine_->CreateTable(SbTable("db", "T")));
  EXPECT_EQ(engine_->ListTables("db"), (std::vector<std::string>{"T", "t"}));
}

TEST_F(EngineFixture, CreateTableErrors) {
  EXPECT_EQ(engine_->CreateTable(SbTable("db", "t")).code(), ErrorCode::kTableExists);
  EXPECT_EQ(engine_->CreateTable(SbTable("nodb", "t")).code(), ErrorCode::kUnknownDatabase);
  TableDef bad = SbTable("db", "bad");
  bad.columns.push_back(bad.columns[0]);
  EXPECT_EQ(engine_->CreateTable(bad).code(), ErrorCode::kDuplicateColumn);
  bad = SbTable("db", "bad");
  bad.indexes.push_back(bad.indexes[0]);
  EXPECT_EQ(engine_->CreateTable(bad).code(), ErrorCode::kMultiplePrimaryKey);
}

TEST_F(EngineFixture, DropMissingTableIsUnknownTable) {
  auto s = engine_->DropTable("db", "nope");
  EXPECT_EQ(s.code(), ErrorCode::kUnknownTable);
  EXPECT_EQ(s.message(), "Unknown table 'db.nope'");
}

TEST_F(EngineFixture, RenameAcrossDatabasesKeepsRows) {
  Fill(3);
  ASSERT_OK(engine_->CreateDatabase("db2"));
  ASSERT_OK(engine_->RenameTable("db", "t", "db2", "t2"));
  EXPECT_EQ(engine_->FindTable("db", "t"), nullptr);
  auto t2 = engine_->OpenTable("db2", "t2");
  ASSERT_OK(t2);
  EXPECT_EQ((*t2)->row_count(), 3u);
  EXPECT_EQ((*t2)->def()->db, "db2");
  EXPECT_EQ(engine_->RenameTable("db", "t", "db2", "x").code(), ErrorCode::kNoSuchTable);
}

TEST_F(EngineFixture, TruncateRemovesRowsAndResetsAutoIncrement) {
  Fill(5);
  ASSERT_OK(engine_->TruncateTable("db", "t"));
  EXPECT_EQ(table_->row_count(), 0u);
  EXPECT_EQ(table_->def()->auto_increment, 1u);
  auto trx = Begin();
  auto ins = trx->Insert(*table_, R(0, Value::Int(1), "x"));
  ASSERT_OK(ins);
  EXPECT_EQ(ins->generated_id, 1u);
}

TEST_F(EngineFixture, ChangeTableMetadataRenamesIndexAndRejectsLayoutChanges) {
  TableDef def = *table_->def();
  def.options.comment = "hello";
  def.indexes[1].name = "k2";
  ASSERT_OK(engine_->ChangeTableMetadata("db", "t", def));
  EXPECT_EQ(table_->def()->options.comment, "hello");
  EXPECT_NE(table_->def()->FindIndex("K2"), nullptr);
  def.columns[1].type = ColumnType::kBigInt;
  EXPECT_EQ(engine_->ChangeTableMetadata("db", "t", def).code(), ErrorCode::kInternal);
}

TEST_F(EngineFixture, DropIndexRemovesItAndMissingOneIsCantDropField) {
  ASSERT_OK(engine_->DropIndex("db", "t", "k"));
  EXPECT_EQ(table_->def()->FindIndex("k"), nullptr);
  EXPECT_EQ(engine_->DropIndex("db", "t", "k").code(), ErrorCode::kCantDropField);
}

}  // namespace
}  // namespace storage::testing
