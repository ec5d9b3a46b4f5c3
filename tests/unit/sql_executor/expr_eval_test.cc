// Expressions against results MySQL 8.0 returns for the same SELECT.
#include "test_context.h"

namespace sql::testing {
namespace {

struct Case {
  const char* sql;
  const char* expected;
};

TEST(ExprEvalTest, MatchesMySqlResults) {
  TestContext ctx;
  const Case cases[] = {
      {"SELECT 1+1", "2"},
      {"SELECT 1/3", "0.3333"},
      {"SELECT 10/4", "2.5000"},
      {"SELECT 1.0/3", "0.33333"},
      {"SELECT 7 DIV 2", "3"},
      {"SELECT 7 % 3", "1"},
      {"SELECT 1/0", "NULL"},
      {"SELECT 0.1 + 0.2", "0.3"},
      {"SELECT 1.5 * 2", "3.0"},
      {"SELECT '10' + 5", "15"},
      {"SELECT 1 = 1", "1"},
      {"SELECT NULL = NULL", "NULL"},
      {"SELECT NULL <=> NULL", "1"},
      {"SELECT 'abc' = 'ABC'", "1"},
      {"SELECT 'a' = 'a '", "0"},
      {"SELECT '10' = 10", "1"},
      {"SELECT NULL AND 0", "0"},
      {"SELECT NULL OR 1", "1"},
      {"SELECT NULL AND 1", "NULL"},
      {"SELECT NOT NULL", "NULL"},
      {"SELECT 2 BETWEEN 1 AND 3", "1"},
      {"SELECT 2 IN (1, NULL)", "NULL"},
      {"SELECT 1 IN (1, NULL)", "1"},
      {"SELECT 3 NOT IN (1, 2)", "1"},
      {"SELECT 'Hello' LIKE 'h%o'", "1"},
      {"SELECT 'a_c' LIKE 'a\\_c'", "1"},
      {"SELECT 'abc' LIKE 'a_d'", "0"},
      {"SELECT CASE 2 WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END", "y"},
      {"SELECT CASE WHEN NULL THEN 1 ELSE 2 END", "2"},
      {"SELECT CONCAT('a', 1, 'b')", "a1b"},
      {"SELECT CONCAT('a', NULL)", "NULL"},
      {"SELECT CONCAT_WS('-', 'a', NULL, 'b')", "a-b"},
      {"SELECT LENGTH('héllo')", "6"},
      {"SELECT CHAR_LENGTH('héllo')", "5"},
      {"SELECT UPPER('abc')", "ABC"},
      {"SELECT SUBSTRING('hello', 2, 3)", "ell"},
      {"SELECT SUBSTRING('hello', -3)", "llo"},
      {"SELECT TRIM('  x  ')", "x"},
      {"SELECT REPLACE('aXbX', 'X', 'y')", "ayby"},
      {"SELECT LEFT('hello', 2)", "he"},
      {"SELECT LPAD('5', 3, '0')", "005"},
      {"SELECT IFNULL(NULL, 'd')", "d"},
      {"SELECT COALESCE(NULL, NULL, 3)", "3"},
      {"SELECT NULLIF(1, 1)", "NULL"},
      {"SELECT IF(1 > 2, 'a', 'b')", "b"},
      {"SELECT ABS(-5)", "5"},
      {"SELECT ROUND(2.5)", "3"},
      {"SELECT ROUND(1.2345, 2)", "1.23"},
      {"SELECT FLOOR(-1.5)", "-2"},
      {"SELECT CEIL(1.2)", "2"},
      {"SELECT MOD(10, 3)", "1"},
      {"SELECT GREATEST(1, 5, 3)", "5"},
      {"SELECT LEAST('b', 'a')", "a"},
      {"SELECT CAST('12abc' AS SIGNED)", "12"},
      {"SELECT CAST(-1 AS UNSIGNED)", "18446744073709551615"},
      {"SELECT CAST(3.14159 AS DECIMAL(5,2))", "3.14"},
      {"SELECT CAST('2024-01-02 10:11:12' AS DATE)", "2024-01-02"},
      {"SELECT CAST('test plain returns' AS CHAR(60))", "test plain returns"},
      {"SELECT DATE_FORMAT('2024-03-05 14:07:09', '%Y/%m/%d %H:%i:%s')", "2024/03/05 14:07:09"},
      {"SELECT YEAR('2024-03-05')", "2024"},
      {"SELECT DATE('2024-03-05 10:00:00') + INTERVAL 1 DAY", "2024-03-06"},
      {"SELECT '2024-01-31' + INTERVAL 1 MONTH", "2024-02-29"},
      {"SELECT DATABASE()", "db"},
      {"SELECT CONNECTION_ID()", "7"},
      {"SELECT VERSION()", "8.0.36-mdld"},
      {"SELECT 5 & 3", "1"},
      {"SELECT 1 << 4", "16"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ctx.Scalar(c.sql), c.expected) << c.sql;
  }
}

TEST(ExprEvalTest, DivisionByZeroWarns) {
  TestContext ctx;
  EXPECT_EQ(ctx.Scalar("SELECT 1/0"), "NULL");
  ASSERT_EQ(ctx.warnings.size(), 1u);
  EXPECT_EQ(ctx.warnings[0].code, ErrorCode::kDivisionByZero);
  EXPECT_EQ(ctx.warnings[0].message, "Division by 0");
}

TEST(ExprEvalTest, BigintOverflowIsError1690) {
  TestContext ctx;
  auto r = ctx.Run("SELECT 9223372036854775807 + 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kDataOutOfRange);
  EXPECT_EQ(r.status().message(), "BIGINT value is out of range in '(9223372036854775807 + 1)'");
}

TEST(ExprEvalTest, UnknownFunction) {
  TestContext ctx;
  auto r = ctx.Run("SELECT nosuchfn(1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnknownFunction);
  EXPECT_EQ(r.status().message(), "FUNCTION db.nosuchfn does not exist");
}

TEST(ExprEvalTest, WrongParamCount) {
  TestContext ctx;
  auto r = ctx.Run("SELECT CONCAT_WS('x')");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Incorrect parameter count in the call to native function 'CONCAT_WS'");
}

TEST(ExprEvalTest, ParamsAndUserVariables) {
  TestContext ctx;
  auto r = ctx.Run("SELECT ? + 1", {storage::Value::Int(41)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result_set.rows[0][0].ToString(), "42");
  ctx.SetUserVariable("X", storage::Value::String("hi"));
  EXPECT_EQ(ctx.Scalar("SELECT @x"), "hi");
}

TEST(ExprEvalTest, LastInsertIdWithArgumentSetsIt) {
  TestContext ctx;
  EXPECT_EQ(ctx.Scalar("SELECT LAST_INSERT_ID(17)"), "17");
  EXPECT_EQ(ctx.last_insert_id(), 17u);
}

TEST(ExprEvalTest, ResultColumnTypes) {
  TestContext ctx;
  auto r = ctx.Run("SELECT 1, 'abc', 1.5, NOW(), NULL, 1+1 AS two");
  ASSERT_TRUE(r.ok());
  const auto& c = r->result_set.columns;
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].type, storage::ColumnType::kBigInt);
  EXPECT_EQ(c[0].length, 1u);
  EXPECT_EQ(c[0].name, "1");
  EXPECT_EQ(c[1].type, storage::ColumnType::kVarchar);
  EXPECT_EQ(c[1].length, 3u);
  EXPECT_EQ(c[1].name, "abc");
  EXPECT_EQ(c[2].type, storage::ColumnType::kDecimal);
  EXPECT_EQ(c[2].decimals, 1);
  EXPECT_EQ(c[3].type, storage::ColumnType::kDateTime);
  EXPECT_EQ(c[4].type, storage::ColumnType::kNull);
  EXPECT_EQ(c[5].name, "two");
}

// @@x columns carry the variable's MySQL 8.0 type (MariaDB 10.11 reports the same): integer
// variables BIGINT UNSIGNED(21), booleans BIGINT(1), text VARCHAR; so do expressions over them.
TEST(ExprEvalTest, SystemVariableColumnTypes) {
  TestContext ctx;
  auto r = ctx.Run(
      "SELECT @@wait_timeout, @@autocommit, @@sql_mode, @@session.transaction_isolation, "
      "@@global.lock_wait_timeout, @@wait_timeout + 1, @@autocommit = 1, @@tx_read_only");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& c = r->result_set.columns;
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(c[0].type, storage::ColumnType::kBigInt);
  EXPECT_TRUE(c[0].is_unsigned);
  EXPECT_EQ(c[0].length, 21u);
  EXPECT_FALSE(c[0].not_null);
  EXPECT_EQ(c[1].type, storage::ColumnType::kBigInt);
  EXPECT_FALSE(c[1].is_unsigned);
  EXPECT_EQ(c[1].length, 1u);
  EXPECT_EQ(c[2].type, storage::ColumnType::kVarchar);
  EXPECT_EQ(c[3].type, storage::ColumnType::kVarchar);
  EXPECT_EQ(c[4].type, storage::ColumnType::kBigInt);
  EXPECT_EQ(c[5].type, storage::ColumnType::kBigInt);
  EXPECT_EQ(c[6].type, storage::ColumnType::kBigInt);
  EXPECT_EQ(c[7].type, storage::ColumnType::kBigInt);
  const auto& row = r->result_set.rows[0];
  EXPECT_EQ(row[0].kind(), storage::ValueKind::kUInt);
  EXPECT_EQ(row[0].ToString(), "28800");
  EXPECT_EQ(row[1].ToInt(), 1);
  EXPECT_EQ(row[3].ToString(), "REPEATABLE-READ");
  EXPECT_EQ(row[4].ToString(), "31536000");
  EXPECT_EQ(row[5].ToString(), "28801");
  EXPECT_EQ(row[6].ToInt(), 1);
  EXPECT_EQ(row[7].ToInt(), 0);
}

TEST(ExprEvalTest, EvaluateConstantRejectsColumns) {
  TestContext ctx;
  auto parsed = ParseSingle("DO a + 1");
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ast::Statement>>(parsed));
  const auto& st = *std::get<0>(parsed);
  const auto* d = st.As<ast::DoStmt>();
  ASSERT_NE(d, nullptr);
  auto v = EvaluateConstant(*d->exprs[0], ctx);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "Unknown column 'a' in 'field list'");
}

}  // namespace
}  // namespace sql::testing
