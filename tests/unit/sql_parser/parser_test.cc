// Entry points: statement splitting, empty queries, statement text, syntax error messages.
#include "sql/parser.h"

#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using testing::MustFail;
using testing::MustParse;
using testing::SyntaxMessage;

ParsedStatement Next(std::string_view text, size_t offset) {
  auto result = ParseNext(text, offset);
  if (auto* error = std::get_if<SqlError>(&result)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::move(std::get<ParsedStatement>(result));
}

TEST(ParseNextTest, SplitsOnSemicolonsAndReportsEachText) {
  std::string text = "SELECT 1; select 'a;b' /* ; */ ;\n\n  ;;  UPDATE t SET a=1 -- ;\n";
  ParsedStatement first = Next(text, 0);
  ASSERT_TRUE(first.statement);
  EXPECT_EQ(first.statement->text, "SELECT 1");
  EXPECT_EQ(first.end_offset, 9u);
  EXPECT_TRUE(HasMoreStatements(text, first.end_offset));
  ParsedStatement second = Next(text, first.end_offset);
  ASSERT_TRUE(second.statement);
  EXPECT_EQ(second.statement->text, "select 'a;b' /* ; */");
  ParsedStatement third = Next(text, second.end_offset);
  ASSERT_TRUE(third.statement);
  EXPECT_TRUE(third.statement->Is<ast::UpdateStmt>());
  EXPECT_EQ(third.statement->text, "UPDATE t SET a=1 -- ;");
  EXPECT_FALSE(HasMoreStatements(text, third.end_offset));
  ParsedStatement end = Next(text, third.end_offset);
  EXPECT_FALSE(end.statement);
}

TEST(ParseNextTest, OnlyBlanksAndCommentsYieldNoStatement) {
  for (const char* text : {"", "   ", "-- x", "/* a */ # b\n", ";", " ; ; "}) {
    ParsedStatement parsed = Next(text, 0);
    EXPECT_FALSE(parsed.statement) << text;
    EXPECT_FALSE(HasMoreStatements(text, 0)) << text;
  }
}

// MySQL's lexer notes comments: a text of nothing but comments parses to the empty statement
// (SQLCOM_EMPTY_QUERY, answered OK); one of only blanks and ';' is ER_EMPTY_QUERY.
TEST(ParseNextTest, OnlyCommentsAreAnEmptyStatement) {
  for (const char* text : {"/* c */", "-- c\n", "-- c", "--", "# c", "/* c */;", " /* a */ ; # b",
                           "/*!40101 */", "/*+ hint */"}) {
    ParsedStatement parsed = Next(text, 0);
    EXPECT_FALSE(parsed.statement) << text;
    EXPECT_TRUE(parsed.empty_statement) << text;
    EXPECT_TRUE(OnlyCommentsRemain(text, 0)) << text;
    EXPECT_FALSE(HasMoreStatements(text, 0)) << text;
  }
  for (const char* text : {"", "   ", "\n\t", ";", " ; ; ", "--x", "-"}) {
    auto result = ParseNext(text, 0);
    if (auto* parsed = std::get_if<ParsedStatement>(&result)) {
      EXPECT_FALSE(parsed->empty_statement) << text;
    }
    EXPECT_FALSE(OnlyCommentsRemain(text, 0)) << text;
  }
}

TEST(ParseNextTest, CommentsAfterTheLastStatementAreOneMoreEmptyStatement) {
  std::string text = "SELECT 1 /* in */; /* after */ ";
  ParsedStatement first = Next(text, 0);
  ASSERT_TRUE(first.statement);
  EXPECT_EQ(first.statement->text, "SELECT 1 /* in */");
  EXPECT_FALSE(first.empty_statement);
  EXPECT_FALSE(HasMoreStatements(text, first.end_offset));
  EXPECT_TRUE(OnlyCommentsRemain(text, first.end_offset));
  ParsedStatement rest = Next(text, first.end_offset);
  EXPECT_FALSE(rest.statement);
  EXPECT_TRUE(rest.empty_statement);
  // A comment before a later statement belongs to that statement; one inside the statement
  // just parsed does not count for what follows it.
  EXPECT_FALSE(OnlyCommentsRemain("SELECT 1; /* c */ SELECT 2", 9));
  EXPECT_FALSE(OnlyCommentsRemain("SELECT 1 /* c */;", 17));
  // An unterminated comment is a statement that fails, not an empty one.
  EXPECT_FALSE(OnlyCommentsRemain("SELECT 1; /* c", 9));
  EXPECT_TRUE(HasMoreStatements("SELECT 1; /* c", 9));
}

TEST(ParseNextTest, EarlierStatementsParseEvenIfALaterOneIsBroken) {
  std::string text = "SELECT 1; SELEC 2";
  ParsedStatement first = Next(text, 0);
  ASSERT_TRUE(first.statement);
  auto second = ParseNext(text, first.end_offset);
  ASSERT_TRUE(std::holds_alternative<SqlError>(second));
  EXPECT_EQ(std::get<SqlError>(second).message, SyntaxMessage("SELEC 2"));
}

TEST(ParseNextTest, StatementPositionsAreOffsetsIntoTheWholeText) {
  std::string text = "DO 1;\nSELECT a FROM t";
  ParsedStatement first = Next(text, 0);
  ParsedStatement second = Next(text, first.end_offset);
  ASSERT_TRUE(second.statement);
  EXPECT_EQ(second.statement->pos.offset, 6u);
  EXPECT_EQ(second.statement->pos.line, 1u);  // lines count from the statement's start
  const auto* select = second.statement->As<ast::SelectStmt>();
  ASSERT_NE(select, nullptr);
  EXPECT_EQ(select->from[0].table.pos.offset, 20u);
}

TEST(ParseSingleTest, EmptyTextIsQueryWasEmpty) {
  for (const char* text : {"", "  ", "/* only */", ";"}) {
    SqlError error = MustFail(text);
    EXPECT_EQ(error.code, ErrorCode::kEmptyQuery) << text;
    EXPECT_EQ(error.message, "Query was empty");
  }
}

TEST(ParseSingleTest, TrailingSemicolonAllowedSecondStatementIsAnError) {
  EXPECT_TRUE(MustParse("SELECT 1;"));
  SqlError error = MustFail("SELECT 1; SELECT 2");
  EXPECT_EQ(error.code, ErrorCode::kParseError);
  EXPECT_EQ(error.message, SyntaxMessage("SELECT 2"));
}

TEST(ParseSingleTest, ParamsAreNumberedInOrder) {
  auto st = MustParse("UPDATE t SET c=? WHERE id BETWEEN ? AND ? LIMIT ?");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->param_count, 4u);
  const auto* update = st->As<ast::UpdateStmt>();
  EXPECT_EQ(testing::ToSexpr(*update->set[0].value), "?0");
  EXPECT_EQ(testing::ToSexpr(*update->where), "(between id ?1 ?2)");
  EXPECT_EQ(testing::ToSexpr(*update->limit->count), "?3");
}

struct ErrorCase {
  const char* text;
  const char* near;
  int line;
};

class SyntaxErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SyntaxErrorTest, MessageQuotesTheRestFromTheOffendingToken) {
  SqlError error = MustFail(GetParam().text);
  EXPECT_EQ(error.code, ErrorCode::kParseError);
  EXPECT_EQ(error.message, SyntaxMessage(GetParam().near, GetParam().line));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SyntaxErrorTest,
    ::testing::Values(
        ErrorCase{"SELEC 1", "SELEC 1", 1},
        ErrorCase{"SELECT * FORM t", "FORM t", 1},
        ErrorCase{"SELECT 1 frm t", "t", 1},  // frm is taken as an alias, as MySQL does
        ErrorCase{"SELECT * FROM", "", 1},
        ErrorCase{"SELECT\n1,\n", "", 3},
        ErrorCase{"CREATE TABLE t (id INT,)", ")", 1},
        ErrorCase{"SELECT 'abc", "'abc", 1},
        ErrorCase{"SELECT a FROM t WHERE\n  b = = 1", "= 1", 2},
        ErrorCase{"SELECT select", "select", 1},
        ErrorCase{"SELECT 1 /* unterminated", "/* unterminated", 1},
        ErrorCase{"INSERT INTO t VALUES (1,)", ")", 1},
        ErrorCase{"DROP TABLE", "", 1},
        ErrorCase{"UPDATE t SET a = 1 WHERE", "", 1}));

TEST(SyntaxErrorTest, NearTextIsCutAtEightyCharacters) {
  std::string tail(100, 'x');
  SqlError error = MustFail("SELECT ) " + tail);
  EXPECT_EQ(error.message, SyntaxMessage(") " + tail.substr(0, 78)));
}

TEST(SyntaxErrorTest, NearTextDoesNotSplitUtf8Characters) {
  std::string tail;
  for (int i = 0; i < 100; ++i) tail += "\xC3\xA9";  // é
  SqlError error = MustFail("SELECT ) " + tail);
  std::string expected_near = ") ";
  for (int i = 0; i < 78; ++i) expected_near += "\xC3\xA9";
  EXPECT_EQ(error.message, SyntaxMessage(expected_near));
}

TEST(SyntaxErrorTest, TooDeepNestingIsASyntaxErrorNotACrash) {
  std::string deep = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  SqlError error = MustFail(deep);
  EXPECT_EQ(error.code, ErrorCode::kParseError);
  std::string minus = "SELECT " + std::string(5000, '-') + "1";
  EXPECT_EQ(MustFail(minus).code, ErrorCode::kParseError);
  std::string nots = "SELECT " ;
  for (int i = 0; i < 3000; ++i) nots += "NOT ";
  EXPECT_EQ(MustFail(nots + "1").code, ErrorCode::kParseError);
}

TEST(SyntaxErrorTest, ModerateNestingParses) {
  std::string nested = "SELECT " + std::string(40, '(') + "1" + std::string(40, ')');
  EXPECT_TRUE(MustParse(nested));
}

TEST(StatementTextTest, KeepsLeadingCommentsAndExecutableCommentEnd) {
  auto st = MustParse("  /* app:42 */ SELECT 1  ;  ");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->text, "/* app:42 */ SELECT 1");
  auto st2 = MustParse("/*!40101 SET NAMES utf8 */");
  ASSERT_TRUE(st2);
  EXPECT_EQ(st2->text, "/*!40101 SET NAMES utf8 */");
  EXPECT_TRUE(st2->Is<ast::SetStmt>());
}

}  // namespace
}  // namespace sql
