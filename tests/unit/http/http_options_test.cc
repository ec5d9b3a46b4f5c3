// --http-port and --http-bind-address (server_options_parser.h).
#include <gtest/gtest.h>

#include "server/server_options_parser.h"

namespace server {
namespace {

TEST(HttpOptionsTest, OffAndOnLoopbackByDefault) {
  auto parsed = ParseCommandLine({});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  EXPECT_EQ(std::get<CommandLine>(parsed).http_port, 0);
  EXPECT_EQ(std::get<CommandLine>(parsed).http_bind_address, "127.0.0.1");
}

TEST(HttpOptionsTest, BothSpellingsAndTheLastOneWins) {
  auto parsed = ParseCommandLine(
      {"--http-port=8080", "--http_bind_address", "0.0.0.0", "--http-port", "9090"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  EXPECT_EQ(std::get<CommandLine>(parsed).http_port, 9090);
  EXPECT_EQ(std::get<CommandLine>(parsed).http_bind_address, "0.0.0.0");
}

TEST(HttpOptionsTest, PortOutOfRangeIsAnError) {
  auto parsed = ParseCommandLine({"--http-port=70000"});
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_EQ(std::get<std::string>(parsed), "invalid value '70000' for option '--http-port'");
  EXPECT_NE(UsageText("mdld").find("--http-port=N"), std::string::npos);
}

}  // namespace
}  // namespace server
