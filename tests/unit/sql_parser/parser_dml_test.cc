// INSERT / REPLACE / UPDATE / DELETE.
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using testing::MustFail;
using testing::MustParse;
using testing::ToSexpr;

template <typename T>
const T& As(const std::unique_ptr<ast::Statement>& st) {
  static const T kEmpty{};
  if (!st || !st->Is<T>()) {
    ADD_FAILURE() << "wrong statement kind";
    return kEmpty;
  }
  return *st->As<T>();
}

TEST(InsertTest, SysbenchInsertWithParams) {
  auto st = MustParse("INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)");
  const auto& insert = As<ast::InsertStmt>(st);
  EXPECT_EQ(insert.table.name, "sbtest1");
  EXPECT_EQ(insert.columns, (std::vector<std::string>{"id", "k", "c", "pad"}));
  ASSERT_EQ(insert.rows.size(), 1u);
  EXPECT_EQ(ToSexpr(*insert.rows[0][3]), "?3");
  EXPECT_EQ(st->param_count, 4u);
}

TEST(InsertTest, MultiRowValuesDefaultAndModifiers) {
  auto st = MustParse("INSERT LOW_PRIORITY IGNORE t VALUE (1, DEFAULT), (2, 'x'), ()");
  const auto& insert = As<ast::InsertStmt>(st);
  EXPECT_EQ(insert.priority, ast::InsertPriority::kLowPriority);
  EXPECT_TRUE(insert.ignore);
  EXPECT_TRUE(insert.columns.empty());
  ASSERT_EQ(insert.rows.size(), 3u);
  EXPECT_EQ(ToSexpr(*insert.rows[0][1]), "DEFAULT");
  EXPECT_TRUE(insert.rows[2].empty());
}

TEST(InsertTest, SetFormBecomesColumnsAndOneRow) {
  auto st = MustParse("INSERT INTO t SET a = 1, b = a + 1");
  const auto& insert = As<ast::InsertStmt>(st);
  EXPECT_EQ(insert.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(insert.rows.size(), 1u);
  EXPECT_EQ(ToSexpr(*insert.rows[0][1]), "(+ a 1)");
}

TEST(InsertTest, InsertSelect) {
  auto st = MustParse("INSERT INTO t (a) SELECT b FROM u WHERE b > 0");
  const auto& insert = As<ast::InsertStmt>(st);
  ASSERT_NE(insert.select, nullptr);
  EXPECT_EQ(ToSexpr(*insert.select), "select b");
  auto st2 = MustParse("INSERT INTO t (SELECT b FROM u)");
  EXPECT_NE(As<ast::InsertStmt>(st2).select, nullptr);
}

TEST(InsertTest, OnDuplicateKeyUpdateWithValuesFunction) {
  auto st = MustParse(
      "INSERT INTO t (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE n = n + VALUES(n), m = 0");
  const auto& insert = As<ast::InsertStmt>(st);
  ASSERT_EQ(insert.on_duplicate_update.size(), 2u);
  EXPECT_EQ(insert.on_duplicate_update[0].column.column, "n");
  EXPECT_EQ(ToSexpr(*insert.on_duplicate_update[0].value), "(+ n (VALUES n))");
}

TEST(InsertTest, Replace) {
  auto st = MustParse("REPLACE INTO t (a) VALUES (1)");
  EXPECT_TRUE(As<ast::InsertStmt>(st).replace);
  EXPECT_EQ(MustFail("REPLACE IGNORE INTO t VALUES (1)").code, ErrorCode::kParseError);
}

TEST(UpdateTest, SysbenchUpdates) {
  auto st = MustParse("UPDATE sbtest1 SET k=k+1 WHERE id=?");
  const auto& update = As<ast::UpdateStmt>(st);
  ASSERT_EQ(update.tables.size(), 1u);
  EXPECT_EQ(update.tables[0].table.name, "sbtest1");
  EXPECT_EQ(update.set[0].column.column, "k");
  EXPECT_EQ(ToSexpr(*update.set[0].value), "(+ k 1)");
  EXPECT_EQ(ToSexpr(*update.where), "(= id ?0)");
}

TEST(UpdateTest, ModifiersOrderLimitAndDefault) {
  auto st = MustParse(
      "UPDATE LOW_PRIORITY IGNORE t AS x SET x.a = DEFAULT, b = 2 WHERE c ORDER BY d LIMIT 5");
  const auto& update = As<ast::UpdateStmt>(st);
  EXPECT_TRUE(update.low_priority);
  EXPECT_TRUE(update.ignore);
  EXPECT_EQ(update.tables[0].alias, "x");
  EXPECT_EQ(update.set[0].column.table, "x");
  EXPECT_EQ(ToSexpr(*update.set[0].value), "DEFAULT");
  EXPECT_EQ(update.order_by.size(), 1u);
  EXPECT_EQ(ToSexpr(*update.limit->count), "5");
}

TEST(UpdateTest, MultiTableRejectsOrderBy) {
  EXPECT_TRUE(MustParse("UPDATE a JOIN b ON a.id = b.id SET a.x = b.x"));
  EXPECT_EQ(MustFail("UPDATE a, b SET a.x = 1 ORDER BY a.x").message,
            testing::SyntaxMessage("ORDER BY a.x"));
}

TEST(DeleteTest, SysbenchDelete) {
  auto st = MustParse("DELETE FROM sbtest1 WHERE id=?");
  const auto& del = As<ast::DeleteStmt>(st);
  EXPECT_EQ(del.table.name, "sbtest1");
  EXPECT_EQ(ToSexpr(*del.where), "(= id ?0)");
}

TEST(DeleteTest, ModifiersOrderAndLimit) {
  auto st = MustParse("DELETE LOW_PRIORITY QUICK IGNORE FROM db.t WHERE a ORDER BY b DESC LIMIT 1");
  const auto& del = As<ast::DeleteStmt>(st);
  EXPECT_TRUE(del.low_priority);
  EXPECT_TRUE(del.quick);
  EXPECT_TRUE(del.ignore);
  EXPECT_EQ(del.table.db, "db");
  EXPECT_TRUE(del.order_by[0].descending);
  EXPECT_EQ(ToSexpr(*del.limit->count), "1");
  EXPECT_EQ(MustFail("DELETE FROM t LIMIT 1, 2").message, testing::SyntaxMessage(", 2"));
}

}  // namespace
}  // namespace sql
