// Expressions: precedence, predicates, literals, functions, casts, variables.
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using testing::ExprOf;

struct ExprCase {
  const char* text;
  const char* sexpr;
};

class ExprTest : public ::testing::TestWithParam<ExprCase> {};

TEST_P(ExprTest, ParsesTo) { EXPECT_EQ(ExprOf(GetParam().text), GetParam().sexpr); }

INSTANTIATE_TEST_SUITE_P(
    Precedence, ExprTest,
    ::testing::Values(
        ExprCase{"1 + 2 * 3", "(+ 1 (* 2 3))"},
        ExprCase{"(1 + 2) * 3", "(* (+ 1 2) 3)"},
        ExprCase{"1 - 2 - 3", "(- (- 1 2) 3)"},
        ExprCase{"a OR b AND c", "(or a (and b c))"},
        ExprCase{"a || b && c", "(or a (and b c))"},
        ExprCase{"a XOR b OR c", "(or (xor a b) c)"},
        ExprCase{"a AND b XOR c", "(xor (and a b) c)"},
        ExprCase{"NOT a = b", "(not (= a b))"},
        ExprCase{"!a = b", "(= (not a) b)"},
        ExprCase{"a = b AND c <> d", "(and (= a b) (<> c d))"},
        ExprCase{"a | b & c", "(| a (& b c))"},
        ExprCase{"a & b << 1", "(& a (<< b 1))"},
        ExprCase{"a << 1 + 2", "(<< a (+ 1 2))"},
        ExprCase{"a + b ^ c", "(+ a (^ b c))"},
        ExprCase{"-a ^ b", "(^ (neg a) b)"},
        ExprCase{"- - 1", "(neg (neg 1))"},
        ExprCase{"~a", "(~ a)"},
        ExprCase{"a DIV 2 MOD 3 % 4", "(% (% (div a 2) 3) 4)"},
        ExprCase{"a / b", "(/ a b)"},
        ExprCase{"a = 1 IS NULL", "(is-null (= a 1))"},
        ExprCase{"a < b = c", "(= (< a b) c)"},
        ExprCase{"a <=> NULL", "(<=> a NULL)"},
        ExprCase{"a != b", "(<> a b)"},
        ExprCase{"a >= 1 AND a <= 2", "(and (>= a 1) (<= a 2))"},
        ExprCase{"a > 1 OR a < 0", "(or (> a 1) (< a 0))"},
        ExprCase{"BINARY a = b", "(= (binary a) b)"},
        ExprCase{"a COLLATE utf8mb4_bin = b", "(= a b)"}));

INSTANTIATE_TEST_SUITE_P(
    Predicates, ExprTest,
    ::testing::Values(
        ExprCase{"a IS NULL", "(is-null a)"},
        ExprCase{"a IS NOT NULL", "(is-not-null a)"},
        ExprCase{"a IS TRUE", "(is-true a)"},
        ExprCase{"a IS NOT FALSE", "(is-not-false a)"},
        ExprCase{"a IS UNKNOWN", "(is-unknown a)"},
        ExprCase{"id BETWEEN 1 AND 10", "(between id 1 10)"},
        ExprCase{"id NOT BETWEEN 1 + 1 AND 10 AND b", "(and (not-between id (+ 1 1) 10) b)"},
        ExprCase{"a IN (1, 2, 3)", "(in a 1 2 3)"},
        ExprCase{"a NOT IN ('x')", "(not-in a 'x')"},
        ExprCase{"a IN (SELECT b FROM t)", "(in a select b)"},
        ExprCase{"a LIKE 'x%'", "(like a 'x%')"},
        ExprCase{"a NOT LIKE 'x|%' ESCAPE '|'", "(not-like a 'x|%' '|')"},
        ExprCase{"a REGEXP '^x'", "(regexp a '^x')"},
        ExprCase{"a NOT RLIKE 'y'", "(not-regexp a 'y')"},
        ExprCase{"EXISTS (SELECT 1)", "(exists select 1)"},
        ExprCase{"NOT EXISTS (SELECT 1)", "(not (exists select 1))"},
        ExprCase{"(SELECT MAX(a) FROM t) + 1", "(+ (subquery select (MAX a)) 1)"},
        ExprCase{"(a, b) = (1, 2)", "(= (row a b) (row 1 2))"},
        ExprCase{"ROW(a, b) IN ((1, 2))", "(in (row a b) (row 1 2))"}));

INSTANTIATE_TEST_SUITE_P(
    Literals, ExprTest,
    ::testing::Values(
        ExprCase{"NULL", "NULL"},
        ExprCase{"TRUE", "TRUE"},
        ExprCase{"false", "FALSE"},
        ExprCase{"42", "42"},
        ExprCase{"9223372036854775807", "9223372036854775807"},
        ExprCase{"9223372036854775808", "9223372036854775808u"},
        ExprCase{"18446744073709551616", "dec:18446744073709551616"},
        ExprCase{"1.50", "dec:1.50"},
        ExprCase{".5", "dec:0.5"},
        ExprCase{"007.5", "dec:7.5"},
        ExprCase{"1e3", "dbl:1000"},
        ExprCase{"'it''s'", "'it's'"},
        ExprCase{"'a' 'b' \"c\"", "'abc'"},
        ExprCase{"_utf8mb4'x'", "'x'"},
        ExprCase{"N'x'", "'x'"},
        ExprCase{"0x41", "hex:41"},
        ExprCase{"X'4142'", "hex:4142"},
        ExprCase{"b'1'", "hex:01"},
        ExprCase{"DATE '2024-01-02'", "date:2024-01-02"},
        ExprCase{"TIME '10:00:00'", "time:10:00:00"},
        ExprCase{"TIMESTAMP '2024-01-02 03:04:05'", "datetime:2024-01-02 03:04:05"},
        ExprCase{"?", "?0"},
        ExprCase{"@a", "@a"},
        ExprCase{"@@version", "@@version"},
        ExprCase{"@@session.transaction_isolation", "@@session.transaction_isolation"},
        ExprCase{"@@GLOBAL.x", "@@global.x"},
        ExprCase{"@@local.x", "@@session.x"},
        ExprCase{"t.c", "t.c"},
        ExprCase{"db.t.c", "db.t.c"},
        ExprCase{"`my col`", "my col"},
        ExprCase{"t.`select`", "t.select"}));

INSTANTIATE_TEST_SUITE_P(
    Functions, ExprTest,
    ::testing::Values(
        ExprCase{"COUNT(*)", "(COUNT *)"},
        ExprCase{"count(DISTINCT c)", "(COUNT distinct c)"},
        ExprCase{"SUM(k)", "(SUM k)"},
        ExprCase{"MIN(a) + MAX(b)", "(+ (MIN a) (MAX b))"},
        ExprCase{"AVG(ALL x)", "(AVG x)"},
        ExprCase{"GROUP_CONCAT(DISTINCT a, b ORDER BY a DESC SEPARATOR ';')",
                 "(GROUP_CONCAT distinct a b (order a desc) (separator ';'))"},
        ExprCase{"DATABASE()", "(DATABASE)"},
        ExprCase{"now()", "(NOW)"},
        ExprCase{"CURRENT_TIMESTAMP", "(CURRENT_TIMESTAMP)"},
        ExprCase{"CURRENT_TIMESTAMP(6)", "(CURRENT_TIMESTAMP 6)"},
        ExprCase{"IF(a, 1, 2)", "(IF a 1 2)"},
        ExprCase{"LEFT(s, 3)", "(LEFT s 3)"},
        ExprCase{"REPLACE(s, 'a', 'b')", "(REPLACE s 'a' 'b')"},
        ExprCase{"CONCAT('a', b)", "(CONCAT 'a' b)"},
        ExprCase{"mydb.f(1)", "(mydb.F 1)"},
        ExprCase{"VALUES(c)", "(VALUES c)"},
        ExprCase{"SUBSTRING(s FROM 2 FOR 3)", "(SUBSTRING s 2 3)"},
        ExprCase{"EXTRACT(YEAR FROM d)", "(EXTRACT 'YEAR' d)"},
        ExprCase{"POSITION('a' IN s)", "(POSITION 'a' s)"},
        ExprCase{"TRIM(s)", "(TRIM s)"},
        ExprCase{"TRIM(LEADING 'x' FROM s)", "(TRIM_LEADING s 'x')"},
        ExprCase{"TRIM('x' FROM s)", "(TRIM s 'x')"},
        ExprCase{"CAST('test' AS CHAR(60))", "(cast 'test' CHAR(60))"},
        ExprCase{"CAST(a AS UNSIGNED INTEGER)", "(cast a UNSIGNED)"},
        ExprCase{"CAST(a AS DECIMAL(10,2))", "(cast a DECIMAL(10,2))"},
        ExprCase{"CAST(a AS DATETIME(6))", "(cast a DATETIME(6))"},
        ExprCase{"CAST(a AS CHAR CHARACTER SET utf8mb4)", "(cast a CHAR utf8mb4)"},
        ExprCase{"CONVERT(a, SIGNED)", "(cast a SIGNED)"},
        ExprCase{"CONVERT(a USING latin1)", "(cast a CHAR latin1)"},
        ExprCase{"CASE a WHEN 1 THEN 'x' ELSE 'y' END", "(case a (when 1 'x') (else 'y'))"},
        ExprCase{"CASE WHEN a > 1 THEN 1 WHEN a < 0 THEN 2 END",
                 "(case (when (> a 1) 1) (when (< a 0) 2))"},
        ExprCase{"d + INTERVAL 1 DAY", "(+ d (interval 1 4))"},
        ExprCase{"d - INTERVAL '1:2' HOUR_MINUTE", "(- d (interval '1:2' 14))"},
        ExprCase{"DATE_ADD(d, INTERVAL 2 MONTH)", "(DATE_ADD d (interval 2 6))"},
        ExprCase{"INTERVAL 1 YEAR + d", "(+ (interval 1 8) d)"}));

TEST(ExprErrorTest, ReservedWordsAreNotColumns) {
  EXPECT_EQ(testing::MustFail("SELECT a FROM t WHERE order = 1").message,
            testing::SyntaxMessage("order = 1"));
}

TEST(ExprErrorTest, NonCallableReservedWordIsNotAFunction) {
  EXPECT_EQ(testing::MustFail("SELECT WHERE(1)").message, testing::SyntaxMessage("WHERE(1)"));
}

TEST(ExprErrorTest, FloatOverflowIsASyntaxError) {
  EXPECT_EQ(testing::MustFail("SELECT 1e400").code, ErrorCode::kParseError);
}

}  // namespace
}  // namespace sql
