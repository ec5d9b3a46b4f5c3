// SELECT over storage and virtual tables: resolution errors, index use, joins, aggregates,
// ORDER/LIMIT, subqueries, UNION.
#include "test_context.h"

namespace sql::testing {
namespace {

class SelectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.CreateSbtest("t");
    ASSERT_TRUE(ctx_.Run("INSERT INTO t (k, c, pad) VALUES (10,'a','x'),(20,'b',NULL),(20,'c','y'),(30,'d','z')").ok());
    ctx_.Commit();
  }
  TestContext ctx_;
};

TEST_F(SelectTest, PrimaryKeyLookupReadsOneRow) {
  EXPECT_EQ(ctx_.Rows("SELECT c FROM t WHERE id=2"), "b");
  EXPECT_EQ(ctx_.rows_examined, 1u);
  auto r = ctx_.Run("SELECT c FROM t WHERE id=?", {storage::Value::String("3")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result_set.rows.size(), 1u);
  EXPECT_EQ(ctx_.rows_examined, 1u);
}

TEST_F(SelectTest, PrimaryKeyRangeReadsOnlyTheRange) {
  EXPECT_EQ(ctx_.Rows("SELECT c FROM t WHERE id BETWEEN 2 AND 3 ORDER BY c DESC"), "c;b");
  EXPECT_EQ(ctx_.rows_examined, 2u);
}

TEST_F(SelectTest, SecondaryIndexEquality) {
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t WHERE k = 20 ORDER BY id"), "2;3");
  EXPECT_EQ(ctx_.rows_examined, 2u);
}

TEST_F(SelectTest, UnknownColumnErrorsNameTheClause) {
  struct { const char* sql; const char* msg; } cases[] = {
      {"SELECT nope FROM t", "Unknown column 'nope' in 'field list'"},
      {"SELECT id FROM t WHERE nope = 1", "Unknown column 'nope' in 'where clause'"},
      {"SELECT id FROM t ORDER BY nope", "Unknown column 'nope' in 'order clause'"},
      {"SELECT k FROM t GROUP BY nope", "Unknown column 'nope' in 'group statement'"},
      {"SELECT t.nope FROM t", "Unknown column 't.nope' in 'field list'"},
  };
  for (const auto& c : cases) {
    auto r = ctx_.Run(c.sql);
    ASSERT_FALSE(r.ok()) << c.sql;
    EXPECT_EQ(r.code(), ErrorCode::kUnknownColumn) << c.sql;
    EXPECT_EQ(r.status().message(), c.msg) << c.sql;
  }
}

TEST_F(SelectTest, MissingTableAndDatabase) {
  auto r = ctx_.Run("SELECT * FROM missing");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNoSuchTable);
  EXPECT_EQ(r.status().message(), "Table 'db.missing' doesn't exist");
  ctx_.db_ = "";
  r = ctx_.Run("SELECT * FROM t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNoDatabaseSelected);
}

TEST_F(SelectTest, AmbiguousColumnInJoin) {
  auto r = ctx_.Run("SELECT id FROM t a JOIN t b ON a.id = b.id");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNonUniqueColumn);
  EXPECT_EQ(r.status().message(), "Column 'id' in field list is ambiguous");
}

TEST_F(SelectTest, JoinsUsePrimaryKeyLookups) {
  EXPECT_EQ(ctx_.Rows("SELECT a.id, b.c FROM t a JOIN t b ON b.id = a.id + 1 ORDER BY a.id"), "1,b;2,c;3,d");
  EXPECT_EQ(ctx_.Rows("SELECT a.id, b.id FROM t a LEFT JOIN t b ON b.id = a.id + 1 WHERE a.id >= 3 ORDER BY a.id"),
            "3,4;4,NULL");
}

TEST_F(SelectTest, AggregatesAndGroupBy) {
  EXPECT_EQ(ctx_.Rows("SELECT COUNT(*), SUM(k), MIN(c), MAX(k), AVG(k) FROM t"), "4,80,a,30,20.0000");
  EXPECT_EQ(ctx_.Rows("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1"), "20,2");
  EXPECT_EQ(ctx_.Rows("SELECT COUNT(*), SUM(k) FROM t WHERE id > 100"), "0,NULL");
  EXPECT_EQ(ctx_.Rows("SELECT COUNT(pad), COUNT(DISTINCT k) FROM t"), "3,3");
  EXPECT_EQ(ctx_.Rows("SELECT GROUP_CONCAT(c ORDER BY c DESC SEPARATOR '|') FROM t"), "d|c|b|a");
}

TEST_F(SelectTest, OnlyFullGroupByRejectsNonAggregatedColumn) {
  auto r = ctx_.Run("SELECT c, COUNT(*) FROM t GROUP BY k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kWrongFieldWithGroup);
  // Grouping by the primary key makes every column functionally dependent.
  EXPECT_EQ(ctx_.Rows("SELECT id, c FROM t GROUP BY id ORDER BY id LIMIT 1"), "1,a");
}

TEST_F(SelectTest, OrderByAliasOrdinalDistinctLimit) {
  EXPECT_EQ(ctx_.Rows("SELECT k AS kk FROM t ORDER BY kk DESC LIMIT 2"), "30;20");
  EXPECT_EQ(ctx_.Rows("SELECT DISTINCT k FROM t ORDER BY 1"), "10;20;30");
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t ORDER BY id LIMIT 1, 2"), "2;3");
  EXPECT_EQ(ctx_.Rows("SELECT pad FROM t ORDER BY pad"), "NULL;x;y;z");
}

TEST_F(SelectTest, SubqueriesAndUnion) {
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t WHERE k = (SELECT MAX(k) FROM t)"), "4");
  EXPECT_EQ(ctx_.Rows("SELECT id FROM t WHERE id IN (SELECT id FROM t WHERE k = 20) ORDER BY id"), "2;3");
  EXPECT_EQ(ctx_.Rows("SELECT a.id FROM t a WHERE EXISTS (SELECT 1 FROM t b WHERE b.id = a.id + 3)"), "1");
  EXPECT_EQ(ctx_.Rows("SELECT 1 UNION SELECT 1 UNION ALL SELECT 2"), "1;2");
  auto r = ctx_.Run("SELECT (SELECT k FROM t)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kSubqueryNRows);
}

TEST_F(SelectTest, VirtualTablesFilterAndJoin) {
  EXPECT_EQ(ctx_.Rows("SELECT NAME FROM performance_schema.threads WHERE THREAD_ID = 2"), "worker");
  EXPECT_EQ(ctx_.Rows("SELECT th.name, t.c FROM performance_schema.threads th JOIN t ON t.id = th.thread_id "
                      "ORDER BY th.thread_id"),
            "main,a;worker,b");
  auto r = ctx_.Run("SELECT * FROM information_schema.nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNoSuchTable);
}

TEST_F(SelectTest, TableColumnMetadata) {
  auto r = ctx_.Run("SELECT id, c AS cc, COUNT(*) FROM t GROUP BY id");
  ASSERT_TRUE(r.ok());
  const auto& c = r->result_set.columns;
  EXPECT_EQ(c[0].name, "id");
  EXPECT_TRUE(c[0].primary_key);
  EXPECT_TRUE(c[0].auto_increment);
  EXPECT_EQ(c[0].org_table, "t");
  EXPECT_EQ(c[0].schema, "db");
  EXPECT_EQ(c[1].name, "cc");
  EXPECT_EQ(c[1].org_name, "c");
  EXPECT_EQ(c[2].type, storage::ColumnType::kBigInt);
  EXPECT_TRUE(c[2].not_null);
}

TEST_F(SelectTest, ScalarSubqueryColumnHasTheSubqueryType) {
  // PyMySQL converts by column type: a VARCHAR here would turn MAX(k) into the string '30'.
  auto r = ctx_.Run("SELECT id, (SELECT MAX(k) FROM t) AS m, (SELECT c FROM t b WHERE b.id = t.id) FROM t WHERE id = 1");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& c = r->result_set.columns;
  EXPECT_EQ(c[1].name, "m");
  EXPECT_EQ(c[1].type, storage::ColumnType::kInt);
  EXPECT_FALSE(c[1].not_null);
  EXPECT_EQ(c[2].type, storage::ColumnType::kChar);
  EXPECT_EQ(c[2].org_table, "");
  EXPECT_EQ(ctx_.Rows("SELECT id, (SELECT MAX(k) FROM t) AS m FROM t WHERE id = 1"), "1,30");
}

TEST_F(SelectTest, ForUpdateLocksRowsAgainstOtherTransactions) {
  ASSERT_TRUE(ctx_.Run("SELECT * FROM t WHERE id = 1 FOR UPDATE").ok());
  storage::TransactionOptions opts;
  opts.lock_wait_timeout = std::chrono::milliseconds(1);
  auto other = ctx_.engine().Begin(opts);
  auto table = ctx_.engine().OpenTable("db", "t");
  ASSERT_TRUE(table.ok());
  auto got = other->Get(**table, {storage::Value::Int(1)}, storage::RowLockMode::kExclusive);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.code(), ErrorCode::kLockWaitTimeout);
  other->Rollback();
}

}  // namespace
}  // namespace sql::testing
