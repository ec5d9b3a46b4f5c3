#include "diag/statements_current_table.h"

#include <gtest/gtest.h>

#include "diag_test_util.h"

namespace diag {
namespace {

using namespace diag::testing;

TEST(EventsStatementsCurrentTableTest, ColumnsAreMysql80s) {
  const auto names = ColumnNames(EventsStatementsCurrentTable({}, Now(), Now()));
  const std::vector<std::string> expected = {
      "THREAD_ID", "EVENT_ID", "END_EVENT_ID", "EVENT_NAME", "SOURCE", "TIMER_START",
      "TIMER_END", "TIMER_WAIT", "LOCK_TIME", "SQL_TEXT", "DIGEST", "DIGEST_TEXT",
      "CURRENT_SCHEMA", "OBJECT_TYPE", "OBJECT_SCHEMA", "OBJECT_NAME", "OBJECT_INSTANCE_BEGIN",
      "MYSQL_ERRNO", "RETURNED_SQLSTATE", "MESSAGE_TEXT", "ERRORS", "WARNINGS", "ROWS_AFFECTED",
      "ROWS_SENT", "ROWS_EXAMINED", "CREATED_TMP_DISK_TABLES", "CREATED_TMP_TABLES",
      "SELECT_FULL_JOIN", "SELECT_FULL_RANGE_JOIN", "SELECT_RANGE", "SELECT_RANGE_CHECK",
      "SELECT_SCAN", "SORT_MERGE_PASSES", "SORT_RANGE", "SORT_ROWS", "SORT_SCAN",
      "NO_INDEX_USED", "NO_GOOD_INDEX_USED", "NESTING_EVENT_ID", "NESTING_EVENT_TYPE",
      "NESTING_EVENT_LEVEL", "STATEMENT_ID"};
  EXPECT_EQ(names, expected);
}

TEST(EventsStatementsCurrentTableTest, IdleSessionShowsItsLastFailedStatement) {
  const auto server_start = Now() - std::chrono::seconds(100);
  SessionSnapshot s = Session(10, "SELECT error FROM sbtest2");
  s.statement.db = "scn";
  s.statement.start = Now() - std::chrono::seconds(2);
  s.statement.end = s.statement.start + std::chrono::milliseconds(3);
  s.statement.lock_time = std::chrono::microseconds(7);
  s.statement.error_number = 1054;
  s.statement.error_sqlstate = "42S22";
  s.statement.error_message = "Unknown column 'error' in 'field list'";
  const auto t = EventsStatementsCurrentTable({s}, Now(), server_start);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "10");
  EXPECT_EQ(Cell(t, 0, "EVENT_ID"), "110");
  EXPECT_EQ(Cell(t, 0, "END_EVENT_ID"), "110");
  EXPECT_EQ(Cell(t, 0, "EVENT_NAME"), "statement/sql/select");
  EXPECT_EQ(Cell(t, 0, "SQL_TEXT"), "SELECT error FROM sbtest2");
  EXPECT_EQ(Cell(t, 0, "CURRENT_SCHEMA"), "scn");
  EXPECT_EQ(Cell(t, 0, "TIMER_START"), "98000000000000");
  EXPECT_EQ(Cell(t, 0, "TIMER_END"), "98003000000000");
  EXPECT_EQ(Cell(t, 0, "TIMER_WAIT"), "3000000000");
  EXPECT_EQ(Cell(t, 0, "LOCK_TIME"), "7000000");
  EXPECT_EQ(Cell(t, 0, "MYSQL_ERRNO"), "1054");
  EXPECT_EQ(Cell(t, 0, "RETURNED_SQLSTATE"), "42S22");
  EXPECT_EQ(Cell(t, 0, "MESSAGE_TEXT"), "Unknown column 'error' in 'field list'");
  EXPECT_EQ(Cell(t, 0, "ERRORS"), "1");
  EXPECT_EQ(Cell(t, 0, "DIGEST"), "NULL");
  EXPECT_EQ(Cell(t, 0, "NESTING_EVENT_LEVEL"), "0");
}

TEST(EventsStatementsCurrentTableTest, RunningStatementHasNoEndEventAndTimesSoFar) {
  const auto server_start = Now() - std::chrono::seconds(100);
  const SessionSnapshot s = Running(Session(11), "ALTER TABLE sbtest2 ADD test3 INT", 5);
  const auto t = EventsStatementsCurrentTable({s}, Now(), server_start);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "END_EVENT_ID"), "NULL");
  EXPECT_EQ(Cell(t, 0, "EVENT_NAME"), "statement/sql/alter_table");
  EXPECT_EQ(Cell(t, 0, "TIMER_END"), "100000000000000");
  EXPECT_EQ(Cell(t, 0, "TIMER_WAIT"), "5000000000000");
  EXPECT_EQ(Cell(t, 0, "MYSQL_ERRNO"), "0");
  EXPECT_EQ(Cell(t, 0, "RETURNED_SQLSTATE"), "NULL");
  EXPECT_EQ(Cell(t, 0, "MESSAGE_TEXT"), "NULL");
  EXPECT_EQ(Cell(t, 0, "ERRORS"), "0");
}

TEST(EventsStatementsCurrentTableTest, CountersAndSessionsWithoutStatements) {
  SessionSnapshot s = Session(4, "UPDATE t SET v = 1");
  s.statement.rows_affected = 3;
  s.statement.rows_examined = 9;
  s.statement.warning_count = 2;
  SessionSnapshot fresh = Session(5);  // never ran a statement: no row
  const auto t = EventsStatementsCurrentTable({fresh, s}, Now(), Now());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "4");
  EXPECT_EQ(Cell(t, 0, "ROWS_AFFECTED"), "3");
  EXPECT_EQ(Cell(t, 0, "ROWS_EXAMINED"), "9");
  EXPECT_EQ(Cell(t, 0, "ROWS_SENT"), "0");
  EXPECT_EQ(Cell(t, 0, "WARNINGS"), "2");
  EXPECT_EQ(Cell(t, 0, "CURRENT_SCHEMA"), "NULL");
}

StatementEvent Finished(uint64_t event_id, std::string sql, uint32_t error = 0) {
  StatementEvent e;
  e.event_id = event_id;
  e.sql_text = std::move(sql);
  e.start = Now() - std::chrono::seconds(10) + std::chrono::seconds(event_id);
  e.end = e.start + std::chrono::milliseconds(1);
  if (error != 0) {
    e.error_number = error;
    e.error_sqlstate = "42S22";
    e.error_message = "Unknown column 'x' in 'field list'";
  }
  return e;
}

TEST(EventsStatementsHistoryTableTest, SameColumnsAsCurrent) {
  EXPECT_EQ(ColumnNames(EventsStatementsHistoryTable({}, Now(), Now())),
            ColumnNames(EventsStatementsCurrentTable({}, Now(), Now())));
}

TEST(EventsStatementsHistoryTableTest, EveryFinishedStatementOfEverySessionByThreadThenEvent) {
  SessionSnapshot b = Session(7);
  b.statement_history = {Finished(3, "BEGIN"), Finished(4, "SELECT * FROM t")};
  SessionSnapshot a = Session(5);
  a.statement_history = {Finished(1, "SELECT x FROM t", 1054)};
  SessionSnapshot fresh = Session(6);  // no history: no rows
  const auto t = EventsStatementsHistoryTable({b, fresh, a}, Now(), Now() - std::chrono::hours(1));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(Cell(t, 0, "THREAD_ID"), "5");
  EXPECT_EQ(Cell(t, 0, "EVENT_ID"), "1");
  EXPECT_EQ(Cell(t, 0, "END_EVENT_ID"), "1");
  EXPECT_EQ(Cell(t, 0, "MYSQL_ERRNO"), "1054");
  EXPECT_EQ(Cell(t, 0, "ERRORS"), "1");
  EXPECT_EQ(Cell(t, 1, "THREAD_ID"), "7");
  EXPECT_EQ(Cell(t, 1, "SQL_TEXT"), "BEGIN");
  EXPECT_EQ(Cell(t, 1, "EVENT_NAME"), "statement/sql/begin");
  EXPECT_EQ(Cell(t, 2, "SQL_TEXT"), "SELECT * FROM t");
  EXPECT_EQ(Cell(t, 2, "EVENT_ID"), "4");
  EXPECT_EQ(Cell(t, 2, "MYSQL_ERRNO"), "0");
  EXPECT_EQ(Cell(t, 2, "TIMER_WAIT"), "1000000000");
}

TEST(EventsStatementsHistoryTableTest, StatementThatFailedToParseKeepsItsEventNameAndNullText) {
  SessionSnapshot s = Session(8);
  // "SELECT FROM" names a SELECT by its first word; a statement that failed to parse is
  // statement/sql/error all the same (MySQL). An empty query has no text: SQL_TEXT NULL.
  StatementEvent syntax = Finished(2, "SELECT FROM", 1064);
  syntax.event_name = "statement/sql/error";
  StatementEvent empty = Finished(3, "", 1065);
  empty.event_name = "statement/sql/error";
  s.statement_history = {syntax, empty};
  const auto t = EventsStatementsHistoryTable({s}, Now(), Now() - std::chrono::hours(1));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(Cell(t, 0, "EVENT_NAME"), "statement/sql/error");
  EXPECT_EQ(Cell(t, 0, "SQL_TEXT"), "SELECT FROM");
  EXPECT_EQ(Cell(t, 0, "MYSQL_ERRNO"), "1064");
  EXPECT_EQ(Cell(t, 1, "EVENT_NAME"), "statement/sql/error");
  EXPECT_EQ(Cell(t, 1, "SQL_TEXT"), "NULL");
  EXPECT_EQ(Cell(t, 1, "MYSQL_ERRNO"), "1065");
}

}  // namespace
}  // namespace diag
