#include "diag/innodb_status.h"

#include <gtest/gtest.h>

#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

std::string StatusText(const std::vector<storage::TrxInfo>& trxs,
                       const std::vector<SessionSnapshot>& sessions,
                       std::chrono::system_clock::time_point now) {
  const sql::ResultSet rs = ShowEngineInnodbStatus(trxs, sessions, now);
  EXPECT_EQ(rs.columns.size(), 3u);
  EXPECT_EQ(rs.columns[0].name, "Type");
  EXPECT_EQ(rs.columns[1].name, "Name");
  EXPECT_EQ(rs.columns[2].name, "Status");
  EXPECT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.rows[0][0].ToString(), "InnoDB");
  EXPECT_EQ(rs.rows[0][1].ToString(), "");
  return rs.rows[0][2].ToString();
}

TEST(ShowEngineInnodbStatusTest, ListsTransactionsNewestFirstLikeInnodb) {
  const auto now = std::chrono::system_clock::now();
  storage::TrxInfo idle;
  idle.trx_id = 7202;
  idle.thread_id = 52;
  idle.started = now - std::chrono::seconds(55);
  idle.rows_locked = 1;
  idle.rows_modified = 1;
  idle.tables_locked = 1;
  storage::TrxInfo waiting;
  waiting.trx_id = 7203;
  waiting.thread_id = 53;
  waiting.state = storage::TrxState::kLockWait;
  waiting.started = now - std::chrono::seconds(9);
  waiting.wait_started = now - std::chrono::seconds(4);
  waiting.requested_lock_id = "7203:4:(2)";
  waiting.tables_in_use = 1;
  waiting.tables_locked = 1;
  SessionSnapshot s52 = Session(52, "UPDATE t SET v = 10 WHERE id = 2");
  s52.thread_os_id = 9001;
  SessionSnapshot s53 = Running(Session(53), "UPDATE t SET v = 3 WHERE id = 2", 4, "updating");
  s53.thread_os_id = 9002;
  const std::string text = StatusText({idle, waiting}, {s52, s53}, now);

  const std::string expected_waiting =
      "---TRANSACTION 7203, ACTIVE 9 sec starting index read\n"
      "mysql tables in use 1, locked 1\n"
      "LOCK WAIT 2 lock struct(s), heap size 1136, 0 row lock(s)\n"
      "MySQL thread id 53, OS thread handle 9002, query id 253 localhost root updating\n"
      "UPDATE t SET v = 3 WHERE id = 2\n"
      "------- TRX HAS BEEN WAITING 4 SEC FOR THIS LOCK TO BE GRANTED:\n"
      "RECORD LOCKS lock id 7203:4:(2) trx id 7203 lock_mode X waiting\n"
      "------------------\n";
  const std::string expected_idle =
      "---TRANSACTION 7202, ACTIVE 55 sec\n"
      "2 lock struct(s), heap size 1136, 1 row lock(s), undo log entries 1\n"
      "MySQL thread id 52, OS thread handle 9001, query id 152 localhost root\n";
  EXPECT_NE(text.find("INNODB MONITOR OUTPUT"), std::string::npos);
  EXPECT_NE(text.find("------------\nTRANSACTIONS\n------------\n"), std::string::npos);
  const size_t w = text.find(expected_waiting);
  const size_t i = text.find(expected_idle);
  ASSERT_NE(w, std::string::npos) << text;
  ASSERT_NE(i, std::string::npos) << text;
  EXPECT_LT(w, i);
  EXPECT_NE(text.find("END OF INNODB MONITOR OUTPUT"), std::string::npos);
}

TEST(ShowEngineInnodbStatusTest, NoTransactionsStillHasTheSection) {
  const std::string text = StatusText({}, {}, std::chrono::system_clock::now());
  EXPECT_NE(text.find("LIST OF TRANSACTIONS FOR EACH SESSION:\n----"), std::string::npos);
  EXPECT_EQ(text.find("---TRANSACTION"), std::string::npos);
}

}  // namespace
}  // namespace diag
