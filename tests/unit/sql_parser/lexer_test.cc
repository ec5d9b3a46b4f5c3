#include "sql/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sql {
namespace {

struct Lexed {
  TokenKind kind;
  std::string value;
};

std::vector<Lexed> LexAll(std::string_view text) {
  Lexer lexer(text, 0);
  std::vector<Lexed> out;
  while (true) {
    Token t = lexer.Next();
    if (t.kind == TokenKind::kEnd) break;
    out.push_back({t.kind, t.value});
    if (t.kind == TokenKind::kError) break;
  }
  return out;
}

TEST(LexerTest, WordsNumbersAndPunctuation) {
  auto tokens = LexAll("SELECT a1, 42, 1.5, .5, 1e3, 2E-2 FROM t WHERE x<=>y");
  std::vector<std::pair<TokenKind, std::string>> expected = {
      {TokenKind::kWord, "SELECT"}, {TokenKind::kWord, "a1"},      {TokenKind::kPunct, ","},
      {TokenKind::kInt, "42"},      {TokenKind::kPunct, ","},      {TokenKind::kDecimal, "1.5"},
      {TokenKind::kPunct, ","},     {TokenKind::kDecimal, ".5"},   {TokenKind::kPunct, ","},
      {TokenKind::kFloat, "1e3"},   {TokenKind::kPunct, ","},      {TokenKind::kFloat, "2E-2"},
      {TokenKind::kWord, "FROM"},   {TokenKind::kWord, "t"},       {TokenKind::kWord, "WHERE"},
      {TokenKind::kWord, "x"},      {TokenKind::kPunct, "<=>"},    {TokenKind::kWord, "y"}};
  ASSERT_EQ(tokens.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, expected[i].first) << i;
    EXPECT_EQ(tokens[i].value, expected[i].second) << i;
  }
}

TEST(LexerTest, StringEscapesAndDoubledQuotes) {
  auto tokens = LexAll(R"('it''s' "say ""hi""" 'a\nb\tc\\d\'e' 'x\%y\_z' '\0')");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].value, "it's");
  EXPECT_EQ(tokens[1].value, "say \"hi\"");
  EXPECT_EQ(tokens[2].value, "a\nb\tc\\d'e");
  EXPECT_EQ(tokens[3].value, "x\\%y\\_z");  // LIKE escapes keep their backslash
  EXPECT_EQ(tokens[4].value, std::string(1, '\0'));
}

TEST(LexerTest, QuotedIdentifierUnquotesDoubledBackquote) {
  auto tokens = LexAll("`my``table` `select`");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kQuotedIdent);
  EXPECT_EQ(tokens[0].value, "my`table");
  EXPECT_EQ(tokens[1].value, "select");
}

TEST(LexerTest, HexAndBitLiterals) {
  auto tokens = LexAll("0x4142 X'4142' x'' 0b101 b'01000001' 0xZZ");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kHex);
  EXPECT_EQ(tokens[0].value, "AB");
  EXPECT_EQ(tokens[1].value, "AB");
  EXPECT_EQ(tokens[2].value, "");
  EXPECT_EQ(tokens[3].kind, TokenKind::kBit);
  EXPECT_EQ(tokens[3].value, "\x05");
  EXPECT_EQ(tokens[4].value, "A");
  EXPECT_EQ(tokens[5].kind, TokenKind::kWord);  // not hex digits: an identifier
}

TEST(LexerTest, IdentifierMayStartWithDigits) {
  auto tokens = LexAll("1abc 123e");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[0].value, "1abc");
  EXPECT_EQ(tokens[1].kind, TokenKind::kWord);
}

TEST(LexerTest, CommentsAreSkipped) {
  auto tokens = LexAll("a -- line\nb # hash\nc /* block\n */ d /*+ hint */ e --x");
  std::vector<std::string> values;
  for (auto& t : tokens) values.push_back(t.value);
  // "--x" without a following blank is two minus signs and x.
  EXPECT_EQ(values, (std::vector<std::string>{"a", "b", "c", "d", "e", "-", "-", "x"}));
}

TEST(LexerTest, ExecutableCommentContentsAreSql) {
  auto tokens = LexAll("a /*! ENGINE = innodb */ b /*!40101 c */ /*!99999 hidden */ d");
  std::vector<std::string> values;
  for (auto& t : tokens) values.push_back(t.value);
  EXPECT_EQ(values, (std::vector<std::string>{"a", "ENGINE", "=", "innodb", "b", "c", "d"}));
}

TEST(LexerTest, VariablesAndParams) {
  auto tokens = LexAll("@a @`b c` @'d' @@session.x ?");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kUserVar);
  EXPECT_EQ(tokens[0].value, "a");
  EXPECT_EQ(tokens[1].value, "b c");
  EXPECT_EQ(tokens[2].value, "d");
  EXPECT_EQ(tokens[3].kind, TokenKind::kAtAt);
  EXPECT_EQ(tokens[4].value, "session");
  EXPECT_EQ(tokens[5].value, ".");
  EXPECT_EQ(tokens[6].value, "x");
  EXPECT_EQ(tokens[7].kind, TokenKind::kParam);
}

TEST(LexerTest, UnterminatedInputIsAnErrorAtItsStart) {
  for (const char* text : {"a 'abc", "a `abc", "a /* abc", "a \"x\\"}) {
    Lexer lexer(text, 0);
    EXPECT_EQ(lexer.Next().kind, TokenKind::kWord) << text;
    Token t = lexer.Next();
    EXPECT_EQ(t.kind, TokenKind::kError) << text;
    EXPECT_EQ(t.begin, 2u) << text;
    EXPECT_EQ(lexer.Next().kind, TokenKind::kError) << text;  // sticky
  }
}

TEST(LexerTest, LinesAreCounted) {
  Lexer lexer("a\n/* x\n */ b\n'c\nd' e", 0);
  EXPECT_EQ(lexer.Next().line, 1u);
  EXPECT_EQ(lexer.Next().line, 3u);
  EXPECT_EQ(lexer.Next().line, 4u);
  EXPECT_EQ(lexer.Next().line, 5u);
}

}  // namespace
}  // namespace sql
