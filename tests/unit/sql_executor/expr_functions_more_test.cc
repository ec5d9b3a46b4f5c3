// Date arithmetic (DATE_ADD family, INTERVAL units, TIMESTAMPDIFF/ADD, EXTRACT), digests,
// string and regular-expression functions. Each expected value is MySQL 8.0's result for the
// same expression (most are the examples of the MySQL reference manual).
#include "sql/expr_hash.h"
#include "sql/select_plan.h"
#include "test_context.h"

namespace sql::testing {
namespace {

struct Case {
  const char* expr;
  const char* want;
};

void ExpectAll(TestContext& ctx, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(ctx.Scalar(std::string("SELECT ") + c.expr), c.want) << c.expr;
  }
}

TEST(DateArithmeticTest, DateAddFamilyWithSimpleUnits) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"DATE_ADD('2024-01-31', INTERVAL 1 MONTH)", "2024-02-29"},
      {"DATE_ADD('2024-01-31 10:00:00', INTERVAL 1 DAY)", "2024-02-01 10:00:00"},
      {"DATE_SUB('2024-03-01', INTERVAL 1 DAY)", "2024-02-29"},
      {"ADDDATE('2024-01-01', 31)", "2024-02-01"},
      {"ADDDATE('2024-01-01', INTERVAL 31 DAY)", "2024-02-01"},
      {"SUBDATE('2024-01-01', INTERVAL 1 YEAR)", "2023-01-01"},
      {"SUBDATE('2024-01-01', 1)", "2023-12-31"},
      {"DATE_ADD('2024-01-01', INTERVAL 90 MINUTE)", "2024-01-01 01:30:00"},
      {"DATE_ADD('2024-01-01', INTERVAL 1 QUARTER)", "2024-04-01"},
      {"'2024-01-01' + INTERVAL 1 WEEK", "2024-01-08"},
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL 1.5 SECOND)", "2024-01-01 00:00:01.500000"},
      {"DATE_ADD(NULL, INTERVAL 1 DAY)", "NULL"},
      {"DATE_ADD('2024-01-01', INTERVAL NULL DAY)", "NULL"},
      {"DATE_ADD('9999-12-31', INTERVAL 1 DAY)", "NULL"},
      {"DATE_SUB('0000-01-01 00:00:00', INTERVAL 1 SECOND)", "NULL"},
  });
}

TEST(DateArithmeticTest, CompoundIntervalUnits) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1:30' HOUR_MINUTE)", "2024-01-01 01:30:00"},
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1 2:03:04' DAY_SECOND)", "2024-01-02 02:03:04"},
      {"DATE_ADD('2024-01-01', INTERVAL '1-2' YEAR_MONTH)", "2025-03-01"},
      {"DATE_SUB('2024-01-01 00:00:00', INTERVAL '-1 1' DAY_HOUR)", "2024-01-02 01:00:00"},
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1.5' SECOND_MICROSECOND)", "2024-01-01 00:00:01.500000"},
      // Missing leading parts are zero: '30' HOUR_MINUTE is 30 minutes.
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL '30' HOUR_MINUTE)", "2024-01-01 00:30:00"},
      {"DATE_ADD('2024-01-01 00:00:00', INTERVAL '1:2:3' HOUR_MINUTE)", "NULL"},
  });
}

TEST(DateArithmeticTest, TimestampDiffAndAdd) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"TIMESTAMPDIFF(MONTH,'2003-02-01','2003-05-01')", "3"},
      {"TIMESTAMPDIFF(YEAR,'2002-05-01','2001-01-01')", "-1"},
      {"TIMESTAMPDIFF(MINUTE,'2003-02-01','2003-05-01 12:05:55')", "128885"},
      {"TIMESTAMPDIFF(MONTH,'2024-01-31','2024-02-29')", "0"},
      {"TIMESTAMPDIFF(DAY,'2024-01-02','2024-01-01 00:00:01')", "0"},
      {"TIMESTAMPDIFF(SQL_TSI_DAY,'2024-01-01','2024-03-01')", "60"},
      {"TIMESTAMPDIFF(SECOND, NULL, '2024-01-01')", "NULL"},
      {"TIMESTAMPADD(MINUTE, 1, '2003-01-02')", "2003-01-02 00:01:00"},
      {"TIMESTAMPADD(WEEK, 1, '2003-01-02')", "2003-01-09"},
      {"DATEDIFF('2007-12-31 23:59:59','2007-12-30')", "1"},
  });
  auto r = ctx.Run("SELECT TIMESTAMPDIFF(FORTNIGHT, '2024-01-01', '2024-01-02')");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kParseError);
}

TEST(DateArithmeticTest, TimestampDiffOverTableColumns) {
  TestContext ctx;
  ctx.CreateSbtest("t");
  ASSERT_TRUE(ctx.Run("INSERT INTO t (k, c, pad) VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-03-01')").ok());
  // The unit keyword is not a column: `DAY` resolves nowhere and must not fail resolution.
  EXPECT_EQ(ctx.Rows("SELECT TIMESTAMPDIFF(DAY, pad, '2024-03-01') FROM t WHERE TIMESTAMPDIFF(DAY, pad, "
                     "'2024-03-01') > 0"),
            "60");
  EXPECT_EQ(ctx.Rows("SELECT id FROM t WHERE pad < DATE_SUB('2024-03-01', INTERVAL 1 MONTH)"), "1");
}

TEST(DateArithmeticTest, ExtractAndDateParts) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"EXTRACT(YEAR FROM '2019-07-02')", "2019"},
      {"EXTRACT(YEAR_MONTH FROM '2019-07-02 01:02:03')", "201907"},
      {"EXTRACT(DAY_MINUTE FROM '2019-07-02 01:02:03')", "20102"},
      {"EXTRACT(MICROSECOND FROM '2003-01-02 10:30:00.000123')", "123"},
      {"EXTRACT(WEEK FROM '2024-01-07')", "1"},
      {"EXTRACT(WEEK FROM '2024-01-06')", "0"},
      {"WEEKDAY('2008-02-03 22:23:00')", "6"},
      {"DAYOFYEAR('2007-02-03')", "34"},
      {"QUARTER('2008-04-01')", "2"},
      {"TIME('2003-12-31 01:02:03')", "01:02:03"},
  });
}

TEST(DateArithmeticTest, ResultTypes) {
  TestContext ctx;
  auto r = ctx.Run("SELECT DATE_ADD('2024-01-01', INTERVAL 1 DAY), TIMESTAMPDIFF(DAY, NOW(), NOW()), "
                   "DATE_ADD(CURDATE(), INTERVAL 1 DAY), DATE_ADD(CURDATE(), INTERVAL 1 HOUR), NOW() - INTERVAL 1 DAY");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& c = r->result_set.columns;
  EXPECT_EQ(c[0].type, storage::ColumnType::kVarchar);
  EXPECT_EQ(c[1].type, storage::ColumnType::kBigInt);
  EXPECT_EQ(c[2].type, storage::ColumnType::kDate);
  EXPECT_EQ(c[3].type, storage::ColumnType::kDateTime);
  EXPECT_EQ(c[4].type, storage::ColumnType::kDateTime);
}

TEST(DigestTest, MatchesMysqlAndReferenceVectors) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"MD5('testing')", "ae2b1fca515949e5d54fb22b8ed95575"},
      {"SHA1('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {"SHA('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {"SHA2('abc', 224)", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
      {"SHA2('abc', 0)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"SHA2('abc', 100)", "NULL"},
      {"MD5(NULL)", "NULL"},
  });
  // Multi-block messages (FIPS 180-4 / RFC 1321 test vectors).
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(Sha2Hex(two_blocks, 256), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha2Hex("abc", 384),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(Sha2Hex("abc", 512),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(Md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(StringFunctionTest, NormalizedCallForms) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"POSITION('bar' IN 'foobarbar')", "4"},
      {"POSITION('x' IN 'foobar')", "0"},
      {"TRIM(LEADING 'x' FROM 'xxxbarxxx')", "barxxx"},
      {"TRIM(TRAILING 'xyz' FROM 'barxxyz')", "barx"},
      {"TRIM(BOTH 'x' FROM 'xxxbarxxx')", "bar"},
      {"TRIM(LEADING FROM '  bar  ')", "bar  "},
  });
}

TEST(StringFunctionTest, ManualExamples) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"SUBSTRING_INDEX('www.mysql.com', '.', 2)", "www.mysql"},
      {"SUBSTRING_INDEX('www.mysql.com', '.', -2)", "mysql.com"},
      {"SUBSTRING_INDEX('www.mysql.com', '.', 5)", "www.mysql.com"},
      {"TO_BASE64('abc')", "YWJj"},
      {"FROM_BASE64(TO_BASE64('abc'))", "abc"},
      {"UNHEX('4D7953514C')", "MySQL"},
      {"UNHEX('GG')", "NULL"},
      {"QUOTE('Don\\'t!')", "'Don\\'t!'"},
      {"QUOTE(NULL)", "NULL"},
      {"BIT_LENGTH('text')", "32"},
      {"FORMAT(12332.123456, 4)", "12,332.1235"},
      {"FORMAT(12332.1, 4)", "12,332.1000"},
      {"FORMAT(12332.2, 0)", "12,332"},
      {"FORMAT(-1234567, 2)", "-1,234,567.00"},
      {"LOG(2, 65536)", "16"},
      {"LOG2(65536)", "16"},
      {"LOG10(100)", "2"},
      {"LN(0)", "NULL"},
      {"EXP(0)", "1"},
  });
}

TEST(StringFunctionTest, RegularExpressions) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"REGEXP_LIKE('CamelCase', 'CAMELCASE')", "1"},
      {"REGEXP_LIKE('CamelCase', 'CAMELCASE', 'c')", "0"},
      {"REGEXP_LIKE('abc', NULL)", "NULL"},
      {"'a1' REGEXP '^[a-z]\\\\d$'", "1"},
      {"REGEXP_REPLACE('a b c', 'b', 'X')", "a X c"},
      {"REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 1, 3)", "abc def X"},
      {"REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 5)", "abc X X"},
      {"REGEXP_INSTR('dog cat dog', 'dog', 2)", "9"},
      {"REGEXP_INSTR('aa aaa aaaa', 'a{4}')", "8"},
      {"REGEXP_INSTR('aa aaa aaaa', 'a{4}', 1, 1, 1)", "12"},
      {"REGEXP_SUBSTR('abc def ghi', '[a-z]+', 1, 3)", "ghi"},
      {"REGEXP_SUBSTR('abc', 'x')", "NULL"},
  });
}

TEST(TimeFunctionTest, ManualExamples) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"TIME_TO_SEC('22:23:00')", "80580"},
      {"TIME_TO_SEC('00:39:38')", "2378"},
      {"SEC_TO_TIME(2378)", "00:39:38"},
      {"SEC_TO_TIME(-1)", "-00:00:01"},
      {"SEC_TO_TIME(90000)", "25:00:00"},
      {"TIMEDIFF('2000-01-01 00:00:00', '2000-01-01 00:00:00.000001')", "-00:00:00.000001"},
      {"TIMEDIFF('2008-12-31 23:59:59.000001', '2008-12-30 01:01:01.000002')", "46:58:57.999999"},
      {"TIMEDIFF('10:00:00', '2008-12-30 01:01:01')", "NULL"},
      {"MAKEDATE(2011,31)", "2011-01-31"},
      {"MAKEDATE(2011,32)", "2011-02-01"},
      {"MAKEDATE(2011,0)", "NULL"},
      {"FROM_DAYS(730669)", "2000-07-03"},
      {"WEEK('2008-02-20')", "7"},
      {"WEEK('2008-02-20',1)", "8"},
      {"WEEK('2008-12-31',1)", "53"},
      {"WEEK('2000-01-01',0)", "0"},
      {"WEEK('2000-01-01',2)", "52"},
      {"YEARWEEK('1987-01-01')", "198652"},
      {"STR_TO_DATE('01,5,2013','%d,%m,%Y')", "2013-05-01"},
      {"STR_TO_DATE('May 1, 2013','%M %d,%Y')", "2013-05-01"},
      {"STR_TO_DATE('a09:30:17','a%h:%i:%s')", "09:30:17"},
      {"STR_TO_DATE('a09:30:17','%h:%i:%s')", "NULL"},
      {"STR_TO_DATE('2013-05-01 10:11:12', '%Y-%m-%d %H:%i:%s')", "2013-05-01 10:11:12"},
      {"STR_TO_DATE('2013-02-30', '%Y-%m-%d')", "NULL"},
      {"CONVERT_TZ('2004-01-01 12:00:00','+00:00','+10:00')", "2004-01-01 22:00:00"},
      {"CONVERT_TZ('2004-01-01 12:00:00','GMT','MET')", "NULL"},
      {"CAST('10:00' AS TIME)", "10:00:00"},
      {"CAST('2024-01-01 10:11:12.5' AS TIME)", "10:11:12"},
      {"CAST('abc' AS TIME)", "NULL"},
  });
}

TEST(StringFunctionTest, NumbersAndAddresses) {
  TestContext ctx;
  ExpectAll(ctx, {
      {"CRC32('MySQL')", "3259397556"},
      {"CRC32('mysql')", "2501908538"},
      {"CONV('a',16,2)", "1010"},
      {"CONV('6E',18,8)", "172"},
      {"CONV(-17,10,-18)", "-H"},
      {"BIN(12)", "1100"},
      {"OCT(12)", "14"},
      {"INET_ATON('10.0.5.9')", "167773449"},
      {"INET_ATON('127.1')", "2130706433"},
      {"INET_ATON('1.2.3.256')", "NULL"},
      {"INET_NTOA(167773449)", "10.0.5.9"},
      {"CHAR(77,121,83,81,'76')", "MySQL"},
      {"CHAR(77,77.3,'77.3')", "MMM"},
      {"INSERT('Quadratic', 3, 4, 'What')", "QuWhattic"},
      {"INSERT('Quadratic', -1, 4, 'What')", "Quadratic"},
      {"INSERT('Quadratic', 3, 100, 'What')", "QuWhat"},
      {"UUID_SHORT() < UUID_SHORT()", "1"},
  });
}

TEST(StringFunctionTest, UnknownFunctionWithoutDatabaseIsNoDatabaseSelected) {
  TestContext ctx;
  ctx.db_ = "";
  auto r = ctx.Run("SELECT no_such_function(1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNoDatabaseSelected);
  ctx.db_ = "db";
  r = ctx.Run("SELECT no_such_function(1)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "FUNCTION db.no_such_function does not exist");
}

TEST(StringEqualityRangesTest, CoverEveryCaseVariantWithDisjointRanges) {
  auto r = StringEqualityRanges("ab");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], std::make_pair(std::string("AB"), std::string("AB")));
  EXPECT_EQ(r[3], std::make_pair(std::string("ab"), std::string("ab")));
  r = StringEqualityRanges("x1-Alice");
  ASSERT_EQ(r.size(), 16u);  // x, A, l, i enumerated; "ce" varies inside each range
  EXPECT_EQ(r[0], std::make_pair(std::string("X1-ALICE"), std::string("X1-ALIce")));
  for (size_t i = 1; i < r.size(); ++i) EXPECT_LT(r[i - 1].second, r[i].first);
  // Every case variant of a longer name falls in exactly one range.
  const std::string variants[] = {"ALICEsmith", "aliceSMITH", "AlIcEsMiTh", "alicesmith"};
  auto ranges = StringEqualityRanges("AliceSmith");
  for (const std::string& v : variants) {
    int hits = 0;
    for (const auto& [lo, hi] : ranges) hits += (lo <= v && v <= hi) ? 1 : 0;
    EXPECT_EQ(hits, 1) << v;
  }
  EXPECT_EQ(StringEqualityRanges("").size(), 1u);
}

}  // namespace
}  // namespace sql::testing
