#include "diag/sys_format.h"

#include <gtest/gtest.h>

#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

TEST(FormatStatementTest, ShortStatementsStayWholeWithNewlinesAsSpaces) {
  EXPECT_EQ(FormatStatement("SELECT 1\nFROM t"), "SELECT 1 FROM t");
  const std::string exactly64(64, 'x');
  EXPECT_EQ(FormatStatement(exactly64), exactly64);
}

TEST(FormatStatementTest, LongStatementsKeep30CharactersAtEachEnd) {
  const std::string s = std::string(30, 'a') + std::string(5, 'm') + std::string(30, 'z');
  EXPECT_EQ(FormatStatement(s), std::string(30, 'a') + " ... " + std::string(30, 'z'));
}

TEST(FormatStatementTest, CountsUtf8CharactersNotBytes) {
  std::string s;
  for (int i = 0; i < 64; ++i) s += "\xc3\xa9";  // 64 x 'é' = 128 bytes, 64 characters
  EXPECT_EQ(FormatStatement(s), s);
  s += "\xc3\xa9";
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "\xc3\xa9";
  EXPECT_EQ(FormatStatement(s), thirty + " ... " + thirty);
}

TEST(ThreadHostTest, StripsThePortOfRemoteClients) {
  SessionSnapshot s = Session(1);
  s.host = "10.0.0.7:5123";
  EXPECT_EQ(ThreadHost(s), "10.0.0.7");
  EXPECT_EQ(ThreadAccount(s), "root@10.0.0.7");
  s.host = "localhost";
  EXPECT_EQ(ThreadAccount(s), "root@localhost");
}

TEST(PicosecondsTest, CountsFromTheOriginAndNeverGoesNegative) {
  const auto origin = Now();
  EXPECT_EQ(Picoseconds(origin + std::chrono::microseconds(3), origin), 3000000u);
  EXPECT_EQ(Picoseconds(origin - std::chrono::seconds(1), origin), 0u);
}

TEST(LocalDateTimeTest, FormatsAsDatetimeText) {
  const std::string s = LocalDateTime(std::chrono::system_clock::now());
  ASSERT_EQ(s.size(), 19u);
  EXPECT_EQ(s[4], '-');
  EXPECT_EQ(s[10], ' ');
  EXPECT_EQ(s[13], ':');
}

}  // namespace
}  // namespace diag
