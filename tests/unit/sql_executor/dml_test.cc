// INSERT / REPLACE / UPDATE / DELETE: affected rows, info text, errors with MySQL's texts,
// statement-level rollback.
#include "test_context.h"

namespace sql::testing {
namespace {

class DmlTest : public ::testing::Test {
 protected:
  void SetUp() override { ctx_.CreateSbtest("t"); }
  TestContext ctx_;
};

TEST_F(DmlTest, MultiRowInsertReportsRecordsAndFirstId) {
  auto r = ctx_.Run("INSERT INTO t (k, c) VALUES (1,'a'),(2,'b')");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 2u);
  EXPECT_EQ(r->last_insert_id, 1u);
  EXPECT_EQ(r->info, "Records: 2  Duplicates: 0  Warnings: 0");
  EXPECT_EQ(ctx_.last_insert_id(), 1u);
  EXPECT_EQ(ctx_.Rows("SELECT id, k, c, pad FROM t ORDER BY id"), "1,1,a,NULL;2,2,b,NULL");
}

TEST_F(DmlTest, DefaultsAndDefaultKeyword) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (5, DEFAULT)").ok());
  EXPECT_EQ(ctx_.Rows("SELECT id, k, c FROM t"), "5,0,");
}

TEST_F(DmlTest, DuplicateKeyMessage) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id) VALUES (5)").ok());
  auto r = ctx_.Run("INSERT INTO t (id) VALUES (5)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kDuplicateEntry);
  EXPECT_EQ(r.status().message(), "Duplicate entry '5' for key 't.PRIMARY'");
}

TEST_F(DmlTest, UpdateIgnoreSkipsDuplicateRowsWithAWarning) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1), (2, 2), (3, 3)").ok());
  // id 1 -> 2 collides and stays; id 3 -> 4 changes.
  auto r = ctx_.Run("UPDATE IGNORE t SET id = id + 1 WHERE id IN (1, 3)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(r->info, "Rows matched: 2  Changed: 1  Warnings: 1");
  EXPECT_EQ(ctx_.Rows("SELECT id, k FROM t ORDER BY id"), "1,1;2,2;4,3");
}

TEST_F(DmlTest, FailedMultiRowInsertRollsBackOnlyThatStatement) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1)").ok());
  auto r = ctx_.Run("INSERT INTO t (id, k) VALUES (2, 2), (1, 3)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t"), "1");  // row 2 undone, row 1 (earlier statement) kept
}

TEST_F(DmlTest, StrictModeConversionErrors) {
  struct { const char* sql; ErrorCode code; const char* msg; } cases[] = {
      {"INSERT INTO t (k) VALUES ('abc')", ErrorCode::kTruncatedWrongValue,
       "Incorrect integer value: 'abc' for column 'k' at row 1"},
      {"INSERT INTO t (k) VALUES (3000000000)", ErrorCode::kOutOfRange,
       "Out of range value for column 'k' at row 1"},
      {"INSERT INTO t (c) VALUES ('01234567890')", ErrorCode::kDataTooLong,
       "Data too long for column 'c' at row 1"},
      {"INSERT INTO t (k) VALUES (NULL)", ErrorCode::kBadNull, "Column 'k' cannot be null"},
      {"INSERT INTO t (k, c) VALUES (1)", ErrorCode::kWrongValueCount,
       "Column count doesn't match value count at row 1"},
      {"INSERT INTO t (nope) VALUES (1)", ErrorCode::kUnknownColumn, "Unknown column 'nope' in 'field list'"},
  };
  for (const auto& c : cases) {
    auto r = ctx_.Run(c.sql);
    ASSERT_FALSE(r.ok()) << c.sql;
    EXPECT_EQ(r.code(), c.code) << c.sql;
    EXPECT_EQ(r.status().message(), c.msg) << c.sql;
  }
}

TEST_F(DmlTest, NoDefaultForNotNullColumn) {
  storage::TableDef def;
  def.db = "db";
  def.name = "u";
  storage::ColumnDef a;
  a.name = "a";
  a.type = storage::ColumnType::kInt;
  a.nullable = false;
  storage::ColumnDef b;
  b.name = "b";
  b.type = storage::ColumnType::kInt;
  def.columns = {a, b};
  ASSERT_TRUE(ctx_.engine().CreateTable(def).ok());
  auto r = ctx_.Run("INSERT INTO u (b) VALUES (1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNoDefaultForField);
  EXPECT_EQ(r.status().message(), "Field 'a' doesn't have a default value");
}

TEST_F(DmlTest, InsertIgnoreTurnsDuplicatesIntoWarnings) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id) VALUES (1)").ok());
  auto r = ctx_.Run("INSERT IGNORE INTO t (id) VALUES (1), (2)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(r->info, "Records: 2  Duplicates: 1  Warnings: 1");
}

TEST_F(DmlTest, OnDuplicateKeyUpdateCountsTwoPerUpdate) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1)").ok());
  auto r = ctx_.Run("INSERT INTO t (id, k) VALUES (1, 5) ON DUPLICATE KEY UPDATE k = VALUES(k) + k");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 2u);
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t"), "6");
  r = ctx_.Run("INSERT INTO t (id, k) VALUES (1, 5) ON DUPLICATE KEY UPDATE k = k");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 0u);
}

TEST_F(DmlTest, ReplaceDeletesThenInserts) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1)").ok());
  auto r = ctx_.Run("REPLACE INTO t (id, k) VALUES (1, 9)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 2u);
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t"), "9");
}

TEST_F(DmlTest, InsertSelect) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1), (2, 2)").ok());
  auto r = ctx_.Run("INSERT INTO t (k, c) SELECT k + 10, 'x' FROM t");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 2u);
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t ORDER BY k"), "1;2;11;12");
}

TEST_F(DmlTest, UpdateCountsMatchedAndChanged) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1), (2, 2), (3, 2)").ok());
  auto r = ctx_.Run("UPDATE t SET k = 2 WHERE id <= 2");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(r->info, "Rows matched: 2  Changed: 1  Warnings: 0");
  r = ctx_.Run("UPDATE t SET k=k+1 WHERE id=?", {storage::Value::Int(3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ctx_.rows_examined, 1u);  // PK point lookup
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t ORDER BY id"), "2;2;3");
}

TEST_F(DmlTest, UpdateOrderByLimit) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1), (2, 2), (3, 3)").ok());
  ASSERT_TRUE(ctx_.Run("UPDATE t SET k = 0 ORDER BY id DESC LIMIT 2").ok());
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t ORDER BY id"), "1;0;0");
}

TEST_F(DmlTest, UpdateUnknownColumnInWhere) {
  auto r = ctx_.Run("UPDATE t SET k = 1 WHERE nope = 2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unknown column 'nope' in 'where clause'");
}

TEST_F(DmlTest, DeleteWithWhereAndLimit) {
  ASSERT_TRUE(ctx_.Run("INSERT INTO t (id, k) VALUES (1, 1), (2, 2), (3, 3)").ok());
  auto r = ctx_.Run("DELETE FROM t WHERE id=2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(ctx_.rows_examined, 1u);
  r = ctx_.Run("DELETE FROM t ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t"), "1");
}

}  // namespace
}  // namespace sql::testing
