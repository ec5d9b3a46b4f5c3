#include "diag/threads_table.h"

#include <gtest/gtest.h>

#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

TEST(ThreadsTableTest, ColumnsAreMysql80s) {
  EXPECT_EQ(ColumnNames(ThreadsTable({}, Now())),
            (std::vector<std::string>{
                "THREAD_ID", "NAME", "TYPE", "PROCESSLIST_ID", "PROCESSLIST_USER",
                "PROCESSLIST_HOST", "PROCESSLIST_DB", "PROCESSLIST_COMMAND", "PROCESSLIST_TIME",
                "PROCESSLIST_STATE", "PROCESSLIST_INFO", "PARENT_THREAD_ID", "ROLE",
                "INSTRUMENTED", "HISTORY", "CONNECTION_TYPE", "THREAD_OS_ID",
                "RESOURCE_GROUP"}));
}

TEST(ThreadsTableTest, OneForegroundRowPerSessionSortedByThreadId) {
  SessionSnapshot idle = Session(7);
  idle.host = "10.1.2.3:4567";
  idle.db.clear();
  idle.command_since = Now() - std::chrono::seconds(12);
  SessionSnapshot busy = Running(Session(3), "SELECT SLEEP(5)", 2, "User sleep");
  busy.thread_os_id = 4242;
  busy.connection_type = "Socket";
  const auto t = ThreadsTable({idle, busy}, Now());
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "3");
  EXPECT_EQ(Cell(t, 0, "NAME"), "thread/sql/one_connection");
  EXPECT_EQ(Cell(t, 0, "TYPE"), "FOREGROUND");
  EXPECT_EQ(Cell(t, 0, "PROCESSLIST_COMMAND"), "Query");
  EXPECT_EQ(Cell(t, 0, "PROCESSLIST_STATE"), "User sleep");
  EXPECT_EQ(Cell(t, 0, "PROCESSLIST_INFO"), "SELECT SLEEP(5)");
  EXPECT_EQ(Cell(t, 0, "PROCESSLIST_TIME"), "2");
  EXPECT_EQ(Cell(t, 0, "CONNECTION_TYPE"), "Socket");
  EXPECT_EQ(Cell(t, 0, "THREAD_OS_ID"), "4242");
  EXPECT_EQ(Cell(t, 0, "INSTRUMENTED"), "YES");
  EXPECT_EQ(Cell(t, 0, "HISTORY"), "YES");

  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_ID"), "7");
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_HOST"), "10.1.2.3");  // no port, unlike PROCESSLIST
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_DB"), "NULL");
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_COMMAND"), "Sleep");
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_TIME"), "12");
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_STATE"), "NULL");
  EXPECT_EQ(Cell(t, 1, "PROCESSLIST_INFO"), "NULL");
  EXPECT_EQ(Cell(t, 1, "CONNECTION_TYPE"), "TCP/IP");
  EXPECT_EQ(Cell(t, 1, "THREAD_OS_ID"), "NULL");  // no statement ran yet
  EXPECT_EQ(Cell(t, 1, "PARENT_THREAD_ID"), "NULL");
  EXPECT_EQ(Cell(t, 1, "RESOURCE_GROUP"), "NULL");
}

}  // namespace
}  // namespace diag
