// SELECT: select lists and column naming, FROM/joins, clauses, UNION, locking.
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using testing::MustParse;
using testing::ToSexpr;

const ast::SelectStmt& SelectOf(const std::unique_ptr<ast::Statement>& st) {
  static const ast::SelectStmt kEmpty;
  if (!st || !st->Is<ast::SelectStmt>()) {
    ADD_FAILURE() << "not a SELECT";
    return kEmpty;
  }
  return *st->As<ast::SelectStmt>();
}

struct NameCase {
  const char* item;
  const char* name;
};

class ColumnNameTest : public ::testing::TestWithParam<NameCase> {};

TEST_P(ColumnNameTest, ItemIsNamedAsMySqlNamesIt) {
  auto st = MustParse(std::string("SELECT ") + GetParam().item + " FROM t");
  const auto& select = SelectOf(st);
  ASSERT_EQ(select.items.size(), 1u);
  EXPECT_EQ(select.items[0].name, GetParam().name);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ColumnNameTest,
    ::testing::Values(NameCase{"1+1", "1+1"}, NameCase{"1 + 1", "1 + 1"},
                      NameCase{"COUNT(*)", "COUNT(*)"}, NameCase{"count( * )", "count( * )"},
                      NameCase{"@@version", "@@version"},
                      NameCase{"@@session.autocommit", "@@session.autocommit"},
                      NameCase{"a", "a"}, NameCase{"t.a", "a"}, NameCase{"`a b`", "a b"},
                      NameCase{"'abc'", "abc"}, NameCase{"NULL", "NULL"},
                      NameCase{"-1", "-1"}, NameCase{"DATABASE()", "DATABASE()"},
                      NameCase{"a AS x", "x"}, NameCase{"a x", "x"},
                      NameCase{"a AS 'quoted alias'", "quoted alias"},
                      NameCase{"SUM(k) total", "total"},
                      NameCase{"CAST('x' AS CHAR(60)) AS anon_1", "anon_1"},
                      NameCase{"?", "?"}));

TEST(SelectTest, SysbenchPointSelect) {
  auto st = MustParse("SELECT c FROM sbtest1 WHERE id=?");
  const auto& s = SelectOf(st);
  EXPECT_EQ(ToSexpr(s), "select c");
  ASSERT_EQ(s.from.size(), 1u);
  EXPECT_EQ(s.from[0].kind, ast::TableRefKind::kTable);
  EXPECT_EQ(s.from[0].table.name, "sbtest1");
  EXPECT_EQ(ToSexpr(*s.where), "(= id ?0)");
  EXPECT_EQ(st->param_count, 1u);
}

TEST(SelectTest, AllClauses) {
  auto st = MustParse(
      "SELECT DISTINCT SQL_NO_CACHE a, COUNT(*) FROM db1.t AS x WHERE a > 1 GROUP BY a, b "
      "HAVING COUNT(*) > 2 ORDER BY 2 DESC, a LIMIT 10 OFFSET 5 FOR UPDATE NOWAIT");
  const auto& s = SelectOf(st);
  EXPECT_TRUE(s.distinct);
  EXPECT_EQ(s.from[0].table.db, "db1");
  EXPECT_EQ(s.from[0].alias, "x");
  EXPECT_EQ(s.group_by.size(), 2u);
  EXPECT_EQ(ToSexpr(*s.having), "(> (COUNT *) 2)");
  ASSERT_EQ(s.order_by.size(), 2u);
  EXPECT_EQ(ToSexpr(*s.order_by[0].expr), "2");
  EXPECT_TRUE(s.order_by[0].descending);
  EXPECT_FALSE(s.order_by[1].descending);
  EXPECT_EQ(ToSexpr(*s.limit->count), "10");
  EXPECT_EQ(ToSexpr(*s.limit->offset), "5");
  EXPECT_EQ(s.lock_mode, ast::RowLockMode::kForUpdate);
  EXPECT_EQ(s.lock_wait, ast::RowLockWait::kNoWait);
}

TEST(SelectTest, LimitOffsetCommaForm) {
  const auto st = MustParse("SELECT a FROM t LIMIT 5, 10");
  const auto& s = SelectOf(st);
  EXPECT_EQ(ToSexpr(*s.limit->offset), "5");
  EXPECT_EQ(ToSexpr(*s.limit->count), "10");
}

TEST(SelectTest, LockingClauses) {
  EXPECT_EQ(SelectOf(MustParse("SELECT a FROM t FOR SHARE")).lock_mode,
            ast::RowLockMode::kForShare);
  EXPECT_EQ(SelectOf(MustParse("SELECT a FROM t LOCK IN SHARE MODE")).lock_mode,
            ast::RowLockMode::kForShare);
  EXPECT_EQ(SelectOf(MustParse("SELECT a FROM t FOR UPDATE SKIP LOCKED")).lock_wait,
            ast::RowLockWait::kSkipLocked);
  EXPECT_EQ(SelectOf(MustParse("SELECT a FROM t")).lock_mode, ast::RowLockMode::kNone);
}

TEST(SelectTest, StarsAndQualifiedStars) {
  const auto st = MustParse("SELECT *, t.*, db.u.* FROM t, db.u");
  const auto& s = SelectOf(st);
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_TRUE(s.items[0].star);
  EXPECT_EQ(s.items[1].star_table, "t");
  EXPECT_EQ(s.items[2].star_db, "db");
  EXPECT_EQ(s.items[2].star_table, "u");
  EXPECT_EQ(s.from.size(), 2u);
}

TEST(SelectTest, NoFromAndFromDual) {
  EXPECT_TRUE(SelectOf(MustParse("SELECT 1")).from.empty());
  EXPECT_TRUE(SelectOf(MustParse("SELECT 1 FROM DUAL")).from.empty());
}

TEST(SelectTest, SchemaQualifiedSystemTables) {
  for (const char* table : {"information_schema.processlist", "performance_schema.metadata_locks",
                            "sys.schema_table_lock_waits"}) {
    const auto st = MustParse(std::string("SELECT * FROM ") + table);
    const auto& s = SelectOf(st);
    ASSERT_EQ(s.from.size(), 1u) << table;
    EXPECT_EQ(s.from[0].table.db + "." + s.from[0].table.name, table);
  }
}

TEST(SelectTest, JoinsAreLeftDeep) {
  const auto st = MustParse(
      "SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id) CROSS JOIN d "
      "INNER JOIN e ON 1");
  const auto& s = SelectOf(st);
  ASSERT_EQ(s.from.size(), 1u);
  const ast::TableRef* j = &s.from[0];
  ASSERT_EQ(j->kind, ast::TableRefKind::kJoin);
  EXPECT_EQ(j->right->table.name, "e");
  j = j->left.get();
  EXPECT_EQ(j->right->table.name, "d");
  EXPECT_EQ(j->on, nullptr);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kLeft);
  EXPECT_EQ(j->using_columns, std::vector<std::string>{"id"});
  j = j->left.get();
  EXPECT_EQ(ToSexpr(*j->on), "(= a.id b.id)");
  EXPECT_EQ(j->left->table.name, "a");
}

TEST(SelectTest, LeftJoinNeedsACondition) {
  EXPECT_EQ(testing::MustFail("SELECT * FROM a LEFT JOIN b").message,
            testing::SyntaxMessage(""));
}

TEST(SelectTest, DerivedTableNeedsAlias) {
  const auto st = MustParse("SELECT x.a FROM (SELECT a FROM t) AS x");
  const auto& s = SelectOf(st);
  EXPECT_EQ(s.from[0].kind, ast::TableRefKind::kDerived);
  EXPECT_EQ(s.from[0].alias, "x");
  EXPECT_EQ(ToSexpr(*s.from[0].derived), "select a");
  EXPECT_EQ(testing::MustFail("SELECT * FROM (SELECT 1)").code, ErrorCode::kParseError);
}

TEST(SelectTest, IndexHintsAreSkipped) {
  const auto st = MustParse("SELECT a FROM t FORCE INDEX (PRIMARY) USE KEY FOR JOIN (k1, k2)");
  EXPECT_EQ(SelectOf(st).from[0].table.name, "t");
}

TEST(SelectTest, UnionTrailingOrderAndLimitApplyToTheUnion) {
  const auto st = MustParse("SELECT a FROM t UNION ALL SELECT b FROM u UNION SELECT c FROM v "
                            "ORDER BY 1 LIMIT 3");
  const auto& s = SelectOf(st);
  ASSERT_EQ(s.unions.size(), 2u);
  EXPECT_TRUE(s.unions[0].all);
  EXPECT_FALSE(s.unions[1].all);
  EXPECT_TRUE(s.unions[1].select->order_by.empty());
  EXPECT_FALSE(s.unions[1].select->limit.has_value());
  EXPECT_EQ(s.union_order_by.size(), 1u);
  EXPECT_EQ(ToSexpr(*s.union_limit->count), "3");
}

TEST(SelectTest, ParenthesizedUnionBlocksKeepTheirOwnLimit) {
  const auto st = MustParse("(SELECT a FROM t LIMIT 1) UNION (SELECT b FROM u LIMIT 2) LIMIT 3");
  const auto& s = SelectOf(st);
  EXPECT_EQ(ToSexpr(*s.limit->count), "1");
  EXPECT_EQ(ToSexpr(*s.unions[0].select->limit->count), "2");
  EXPECT_EQ(ToSexpr(*s.union_limit->count), "3");
}

TEST(SelectTest, AliasCannotBeAReservedWord) {
  EXPECT_EQ(testing::MustFail("SELECT a FROM t WHERE").message, testing::SyntaxMessage(""));
  EXPECT_EQ(testing::MustFail("SELECT a AS from FROM t").message,
            testing::SyntaxMessage("from FROM t"));
}

}  // namespace
}  // namespace sql
