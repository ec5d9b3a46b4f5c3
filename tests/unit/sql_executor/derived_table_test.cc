// Derived tables (`FROM (SELECT ...) AS x`): SQLAlchemy's query.count() shape, joins, nesting,
// UNION inside, INSERT ... SELECT, errors, metadata, and the lock plan that covers their base
// tables. Expected values are what MySQL 8.0 returns for the same statements.
#include <algorithm>

#include "sql/lock_plan.h"
#include "test_context.h"

namespace sql::testing {
namespace {

class DerivedTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.CreateSbtest("t");
    ASSERT_TRUE(ctx_.Run("INSERT INTO t (k, c, pad) VALUES (10,'a','x'),(20,'b',NULL),(20,'c','y'),(30,'d','z')").ok());
    ctx_.Commit();
  }
  TestContext ctx_;
};

TEST_F(DerivedTableTest, SqlAlchemyCountQuery) {
  EXPECT_EQ(ctx_.Rows("SELECT count(*) AS count_1 FROM (SELECT t.id AS t_id, t.k AS t_k, t.c AS t_c FROM t) AS anon_1"),
            "4");
  EXPECT_EQ(ctx_.Rows("SELECT count(*) AS count_1 FROM (SELECT t.id AS t_id FROM t WHERE t.k = 20) AS anon_1"), "2");
}

TEST_F(DerivedTableTest, OuterWhereOrderAndAggregates) {
  EXPECT_EQ(ctx_.Rows("SELECT anon_1.t_id FROM (SELECT t.id AS t_id, t.k AS t_k FROM t) AS anon_1 "
                      "WHERE anon_1.t_k = 20 ORDER BY anon_1.t_id DESC"),
            "3;2");
  EXPECT_EQ(ctx_.Rows("SELECT x.k, x.n FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) AS x WHERE x.n > 1"), "20,2");
  EXPECT_EQ(ctx_.Rows("SELECT id FROM (SELECT id FROM t ORDER BY id DESC LIMIT 2) x ORDER BY id"), "3;4");
  EXPECT_EQ(ctx_.Rows("SELECT * FROM (SELECT 1 AS a, 'x' AS b) AS d"), "1,x");
}

TEST_F(DerivedTableTest, JoinsWithDerivedTables) {
  EXPECT_EQ(ctx_.Rows("SELECT t.c, x.m FROM t JOIN (SELECT k, MAX(id) AS m FROM t GROUP BY k) x "
                      "ON x.k = t.k AND x.m = t.id ORDER BY t.c"),
            "a,1;c,3;d,4");
  EXPECT_EQ(ctx_.Rows("SELECT t.id, x.n FROM t LEFT JOIN (SELECT k, COUNT(*) AS n FROM t WHERE k > 15 GROUP BY k) AS x "
                      "ON x.k = t.k ORDER BY t.id"),
            "1,NULL;2,2;3,2;4,1");
  EXPECT_EQ(ctx_.Rows("SELECT x.id, t.c FROM (SELECT id FROM t WHERE id < 3) x RIGHT JOIN t ON t.id = x.id "
                      "ORDER BY t.id"),
            "1,a;2,b;NULL,c;NULL,d");
  EXPECT_EQ(ctx_.Rows("SELECT a.id, b.id FROM (SELECT id FROM t) a JOIN (SELECT id FROM t) b USING (id) "
                      "WHERE a.id > 3"),
            "4,4");
}

TEST_F(DerivedTableTest, NestedAndUnionDerivedTables) {
  EXPECT_EQ(ctx_.Rows("SELECT s FROM (SELECT SUM(n) AS s FROM (SELECT k AS n FROM t) AS inner1) AS outer1"), "80");
  EXPECT_EQ(ctx_.Rows("SELECT COUNT(*) FROM (SELECT id FROM t UNION SELECT k FROM t) u"), "7");
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t WHERE k IN (SELECT m FROM (SELECT MAX(k) AS m FROM t) mx)"), "4");
}

TEST_F(DerivedTableTest, InsertSelectFromDerivedTable) {
  auto r = ctx_.Run("INSERT INTO t (k, c) SELECT s.k + 1, 'z' FROM (SELECT k FROM t WHERE id = 1) AS s");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT k FROM t WHERE c = 'z'"), "11");
}

TEST_F(DerivedTableTest, ErrorsInsideAndAroundDerivedTables) {
  auto r = ctx_.Run("SELECT * FROM (SELECT id, id FROM t) x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kDuplicateColumn);
  EXPECT_EQ(r.status().message(), "Duplicate column name 'id'");
  r = ctx_.Run("SELECT nope FROM (SELECT id FROM t) x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unknown column 'nope' in 'field list'");
  r = ctx_.Run("SELECT x.id FROM (SELECT nope FROM t) x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unknown column 'nope' in 'field list'");
  r = ctx_.Run("SELECT * FROM (SELECT id FROM t) x, (SELECT id FROM t) x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Not unique table/alias: 'x'");
}

TEST_F(DerivedTableTest, DerivedTableDoesNotChangeFoundRows) {
  ASSERT_EQ(ctx_.Rows("SELECT id FROM t WHERE id = 1"), "1");
  // FOUND_ROWS() reads the previous statement's count, not the derived table's 4 rows.
  EXPECT_EQ(ctx_.Rows("SELECT FOUND_ROWS() FROM (SELECT id FROM t) x LIMIT 1"), "1");
  EXPECT_EQ(ctx_.found_rows(), 1u);
}

TEST_F(DerivedTableTest, MetadataAndDescribe) {
  auto r = ctx_.Run("SELECT x.t_id, x.n FROM (SELECT id AS t_id, k + 1 AS n FROM t) AS x LIMIT 1");
  ASSERT_TRUE(r.ok());
  const auto& c = r->result_set.columns;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "t_id");
  EXPECT_EQ(c[0].table, "x");
  EXPECT_EQ(c[0].org_name, "id");
  EXPECT_EQ(c[0].type, storage::ColumnType::kInt);
  EXPECT_FALSE(c[0].primary_key);
  EXPECT_EQ(c[1].name, "n");
  EXPECT_EQ(c[1].type, storage::ColumnType::kBigInt);

  auto parsed = ParseSingle("SELECT count(*) AS count_1, ? FROM (SELECT id AS a FROM t WHERE id > ?) AS anon_1");
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ast::Statement>>(parsed));
  const auto* sel = std::get<0>(parsed)->As<ast::SelectStmt>();
  ASSERT_NE(sel, nullptr);
  auto cols = DescribeSelect(*sel, ctx_);
  ASSERT_TRUE(cols.ok()) << cols.status().message();
  ASSERT_EQ(cols->size(), 2u);
  EXPECT_EQ((*cols)[0].name, "count_1");
}

// The session's lock plan takes SHARED_READ on base tables inside derived tables (and their
// subqueries and unions), so a concurrent DDL waits for the reading transaction.
TEST(DerivedTableLockPlanTest, BaseTablesInsideDerivedTablesAreReadLocked) {
  auto parsed = ParseSingle(
      "SELECT count(*) FROM (SELECT a.id FROM t1 a JOIN (SELECT id FROM t2) b ON a.id = b.id "
      "WHERE a.id IN (SELECT id FROM t3) UNION SELECT id FROM other.t4) AS anon_1");
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ast::Statement>>(parsed));
  auto plan = PlanLocks(*std::get<0>(parsed), "db");
  ASSERT_TRUE(plan.ok());
  std::vector<std::string> locked;
  for (const auto& r : plan->requests) {
    EXPECT_EQ(r.type, mdl::LockType::kSharedRead) << r.key.ToString();
    locked.push_back(std::string(r.key.schema_name()) + "." + std::string(r.key.object_name()));
  }
  std::sort(locked.begin(), locked.end());
  EXPECT_EQ(locked, (std::vector<std::string>{"db.t1", "db.t2", "db.t3", "other.t4"}));

  parsed = ParseSingle("INSERT INTO t1 (id) SELECT id FROM (SELECT id FROM t2) AS s");
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ast::Statement>>(parsed));
  plan = PlanLocks(*std::get<0>(parsed), "db");
  ASSERT_TRUE(plan.ok());
  bool t2_read = false;
  for (const auto& r : plan->requests) {
    if (r.key.object_name() == "t2") t2_read = r.type == mdl::LockType::kSharedRead;
  }
  EXPECT_TRUE(t2_read);
}

}  // namespace
}  // namespace sql::testing
