#include "server/server_options_parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace server {
namespace {

CommandLine Parse(const std::vector<std::string>& args) {
  auto r = ParseCommandLine(args);
  EXPECT_TRUE(std::holds_alternative<CommandLine>(r))
      << (std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "");
  return std::holds_alternative<CommandLine>(r) ? std::get<CommandLine>(r) : CommandLine{};
}

std::string ParseError(const std::vector<std::string>& args) {
  auto r = ParseCommandLine(args);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

TEST(ServerOptionsParserTest, DefaultsMatchMysqld) {
  CommandLine cl = Parse({});
  EXPECT_EQ(cl.options.port, 3306);
  EXPECT_EQ(cl.options.bind_address, "127.0.0.1");
  EXPECT_EQ(cl.options.datadir, "./data");
  EXPECT_EQ(cl.options.max_connections, 151u);
}

TEST(ServerOptionsParserTest, EqualsAndSeparateValuesAndUnderscores) {
  CommandLine cl = Parse({"--port=0", "--bind-address", "0.0.0.0", "--max_connections=10",
                          "--max-allowed-packet=16M", "--lock_wait_timeout", "5",
                          "--innodb-lock-wait-timeout=3", "--root-password=pw",
                          "--socket=/tmp/s.sock", "--datadir=/tmp/d",
                          "--innodb_flush_log_at_trx_commit=2"});
  EXPECT_EQ(cl.options.port, 0);
  EXPECT_EQ(cl.options.bind_address, "0.0.0.0");
  EXPECT_EQ(cl.options.max_connections, 10u);
  EXPECT_EQ(cl.options.max_allowed_packet, 16u << 20);
  EXPECT_EQ(cl.options.lock_wait_timeout, 5u);
  EXPECT_EQ(cl.options.innodb_lock_wait_timeout, 3u);
  EXPECT_EQ(cl.options.root_password, "pw");
  EXPECT_EQ(cl.options.socket, "/tmp/s.sock");
  EXPECT_EQ(cl.options.datadir, "/tmp/d");
  EXPECT_FALSE(cl.options.sync_commit);
}

TEST(ServerOptionsParserTest, HelpAndVersionTakeNoValue) {
  EXPECT_TRUE(Parse({"--help"}).help);
  EXPECT_TRUE(Parse({"--version"}).version);
}

TEST(ServerOptionsParserTest, Errors) {
  EXPECT_EQ(ParseError({"--bogus=1"}), "unknown option '--bogus'");
  EXPECT_EQ(ParseError({"--port"}), "option '--port' requires a value");
  EXPECT_EQ(ParseError({"--port=70000"}), "invalid value '70000' for option '--port'");
  EXPECT_EQ(ParseError({"--max-allowed-packet=12X"}),
            "invalid value '12X' for option '--max-allowed-packet'");
  EXPECT_EQ(ParseError({"stray"}), "unexpected argument 'stray'");
}

TEST(ServerOptionsParserTest, DefaultsFileAppliesFirstAndCommandLineOverrides) {
  char path[] = "/tmp/mdld-opts-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path);
    out << "# comment\n[client]\nport=1\n[mysqld]\nport = 4000\nmax_connections=7\n"
        << "; another\n[mdld]\ndatadir=\"/var/mdld\"\n";
  }
  CommandLine cl = Parse({"--port=5000", std::string("--defaults-file=") + path});
  EXPECT_EQ(cl.options.port, 5000);
  EXPECT_EQ(cl.options.max_connections, 7u);
  EXPECT_EQ(cl.options.datadir, "/var/mdld");
  std::remove(path);
}

TEST(ServerOptionsParserTest, DefaultsFileErrorsNameTheLine) {
  char path[] = "/tmp/mdld-opts-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::ofstream out(path);
    out << "[mysqld]\nnonsense=1\n";
  }
  EXPECT_EQ(ParseError({std::string("--defaults-file=") + path}),
            std::string(path) + ":2: unknown option '--nonsense'");
  std::remove(path);
  EXPECT_EQ(ParseError({"--defaults-file=/nonexistent/x.cnf"}),
            "could not open option file '/nonexistent/x.cnf'");
}

}  // namespace
}  // namespace server
