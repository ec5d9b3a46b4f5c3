// Multi-table UPDATE: comma and JOIN forms, each target row changed once, matched/changed
// counts, outer joins, errors with MySQL's texts, locks on read and updated rows.
#include "test_context.h"

namespace sql::testing {
namespace {

class MultiUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.CreateSbtest("t");
    ctx_.CreateUsers("u");
    ASSERT_TRUE(ctx_.Run("INSERT INTO t (k, c, pad) VALUES (10,'a','x'),(20,'b',NULL),(20,'c','y'),(30,'d','z')").ok());
    ASSERT_TRUE(ctx_.Run("INSERT INTO u (name, team) VALUES ('alice','red'),('Bob','blue'),('carol','red')").ok());
    ctx_.Commit();
  }
  TestContext ctx_;
};

TEST_F(MultiUpdateTest, CommaJoinUpdatesMatchingRows) {
  auto r = ctx_.Run("UPDATE t, u SET t.pad = u.name WHERE t.id = u.id AND u.team = 'red'");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 2u);
  EXPECT_EQ(r->info, "Rows matched: 2  Changed: 2  Warnings: 0");
  EXPECT_EQ(ctx_.Rows("SELECT id, pad FROM t ORDER BY id"), "1,alice;2,NULL;3,carol;4,z");
}

TEST_F(MultiUpdateTest, JoinFormUpdatesBothTables) {
  auto r = ctx_.Run("UPDATE t JOIN u ON u.id = t.id SET t.k = t.k + 1, u.team = 'x' WHERE t.id = 2");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->info, "Rows matched: 2  Changed: 2  Warnings: 0");
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t WHERE id = 2"), "21");
  EXPECT_EQ(ctx_.Rows("SELECT team FROM u WHERE id = 2"), "x");
}

TEST_F(MultiUpdateTest, EachTargetRowChangesOnceAndUnchangedRowsCountAsMatched) {
  // a.id 2 and 3 each join two b rows (k = 20); each a row is still updated once.
  auto r = ctx_.Run("UPDATE t a JOIN t b ON b.k = a.k SET a.k = a.k + 100");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->info, "Rows matched: 4  Changed: 4  Warnings: 0");
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t ORDER BY id"), "110;120;120;130");
  r = ctx_.Run("UPDATE t, u SET t.k = t.k WHERE t.id = u.id AND t.id = 1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 0u);
  EXPECT_EQ(r->info, "Rows matched: 1  Changed: 0  Warnings: 0");
}

TEST_F(MultiUpdateTest, OuterJoinAndDerivedSource) {
  auto r = ctx_.Run("UPDATE t LEFT JOIN u ON u.id = t.id SET t.c = 'none' WHERE u.id IS NULL");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t WHERE c = 'none'"), "4");
  r = ctx_.Run("UPDATE t JOIN (SELECT k, COUNT(*) AS n FROM t GROUP BY k) g ON g.k = t.k SET t.pad = g.n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(ctx_.Rows("SELECT pad FROM t ORDER BY id"), "1;2;2;1");
}

TEST_F(MultiUpdateTest, ResolutionErrors) {
  struct { const char* sql; ErrorCode code; const char* msg; } cases[] = {
      {"UPDATE t, u SET id = 1", ErrorCode::kNonUniqueColumn, "Column 'id' in field list is ambiguous"},
      {"UPDATE t, u SET t.nope = 1", ErrorCode::kUnknownColumn, "Unknown column 't.nope' in 'field list'"},
      {"UPDATE t, u SET t.k = 1 WHERE nope = 1", ErrorCode::kUnknownColumn, "Unknown column 'nope' in 'where clause'"},
      {"UPDATE t JOIN u ON u.nope = t.id SET t.k = 1", ErrorCode::kUnknownColumn, "Unknown column 'u.nope' in 'on clause'"},
  };
  for (const auto& c : cases) {
    auto r = ctx_.Run(c.sql);
    ASSERT_FALSE(r.ok()) << c.sql;
    EXPECT_EQ(r.code(), c.code) << c.sql;
    EXPECT_EQ(r.status().message(), c.msg) << c.sql;
  }
  auto r = ctx_.Run("UPDATE t, (SELECT 1 AS one) d SET d.one = 2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNotSupported);
}

TEST_F(MultiUpdateTest, FailedRowRollsBackTheWholeStatement) {
  // The second target row would duplicate name 'alice': nothing of the statement remains.
  auto r = ctx_.Run("UPDATE u, t SET u.name = 'alice' WHERE u.id = t.id AND t.id IN (2, 3)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kDuplicateEntry);
  EXPECT_EQ(ctx_.Rows("SELECT name FROM u ORDER BY id"), "alice;Bob;carol");
}

TEST_F(MultiUpdateTest, IgnoreSkipsTheDuplicateRowWithAWarning) {
  auto r = ctx_.Run("UPDATE IGNORE u, t SET u.name = 'alice' WHERE u.id = t.id AND t.id IN (2, 3)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 0u);
  EXPECT_EQ(r->info, "Rows matched: 2  Changed: 0  Warnings: 2");
  EXPECT_EQ(ctx_.Rows("SELECT name FROM u ORDER BY id"), "alice;Bob;carol");
}

TEST_F(MultiUpdateTest, LocksUpdatedRowsExclusiveAndReadRowsShared) {
  ASSERT_TRUE(ctx_.Run("UPDATE t, u SET t.k = 99 WHERE t.id = u.id AND u.id = 2").ok());
  storage::TransactionOptions opts;
  opts.lock_wait_timeout = std::chrono::milliseconds(1);
  auto other = ctx_.engine().Begin(opts);
  auto t = ctx_.engine().OpenTable("db", "t");
  auto u = ctx_.engine().OpenTable("db", "u");
  ASSERT_TRUE(t.ok() && u.ok());
  auto shared_on_read_row = other->Get(**u, {storage::Value::Int(2)}, storage::RowLockMode::kShared);
  EXPECT_TRUE(shared_on_read_row.ok());
  auto x_on_read_row = other->Get(**u, {storage::Value::Int(2)}, storage::RowLockMode::kExclusive);
  ASSERT_FALSE(x_on_read_row.ok());
  EXPECT_EQ(x_on_read_row.code(), ErrorCode::kLockWaitTimeout);
  auto s_on_updated_row = other->Get(**t, {storage::Value::Int(2)}, storage::RowLockMode::kShared);
  ASSERT_FALSE(s_on_updated_row.ok());
  EXPECT_EQ(s_on_updated_row.code(), ErrorCode::kLockWaitTimeout);
  other->Rollback();
}

}  // namespace
}  // namespace sql::testing
