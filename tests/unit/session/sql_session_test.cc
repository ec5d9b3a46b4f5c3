// SqlSession's statement events (sql_session.cc): every statement a client sends, including one
// that fails before it can run, is an event of its own in performance_schema's
// events_statements_current / _history, as in MySQL 8.0.
#include "session_test_util.h"

namespace session_test {
namespace {

using Rows = std::vector<std::string>;

class StatementEventsTest : public SessionTest {
 protected:
  // `c`'s events_statements_history, oldest first, read from another session.
  Outcome History(const Client& c) {
    return Observer().Ok(
        "SELECT EVENT_ID, EVENT_NAME, SQL_TEXT, MYSQL_ERRNO, RETURNED_SQLSTATE, MESSAGE_TEXT, "
        "ERRORS FROM performance_schema.events_statements_history WHERE THREAD_ID = " +
        std::to_string(c.id()) + " ORDER BY EVENT_ID");
  }
  // History(c) as "EVENT_NAME | SQL_TEXT | MYSQL_ERRNO | RETURNED_SQLSTATE | ERRORS" rows.
  Rows HistoryRows(const Client& c) {
    const Outcome h = History(c);
    Rows rows;
    for (size_t i = 0; i < h.rows(); ++i) {
      rows.push_back(h.Cell(i, 1) + " | " + h.Cell(i, 2) + " | " + h.Cell(i, 3) + " | " +
                     h.Cell(i, 4) + " | " + h.Cell(i, 6));
    }
    return rows;
  }
  Outcome Current(const Client& c) {
    return Observer().Ok(
        "SELECT EVENT_ID, EVENT_NAME, SQL_TEXT, MYSQL_ERRNO FROM "
        "performance_schema.events_statements_current WHERE THREAD_ID = " +
        std::to_string(c.id()));
  }
  // Runs `text` as one COM_QUERY and returns every outcome (one per statement run).
  static std::vector<Outcome> Run(Client& c, const std::string& text) {
    CapturingSink sink;
    c.session().BeginCommand("Query");
    c.session().ExecuteQuery(text, sink);
    c.session().EndCommand();
    return sink.outcomes;
  }

 private:
  Client& Observer() {
    if (observer_ == nullptr) observer_ = &Connect();
    return *observer_;
  }
  Client* observer_ = nullptr;
};

TEST_F(StatementEventsTest, SyntaxErrorIsItsOwnEventAndLeavesThePreviousOneAlone) {
  Client& c = Connect();
  c.Ok("SELECT 1");
  const Outcome e = c.Exec("SELEC 1");
  ASSERT_EQ(e.error.code, sql::ErrorCode::kParseError);
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/select | SELECT 1 | 0 | NULL | 0",
                                  "statement/sql/error | SELEC 1 | 1064 | 42000 | 1"}));
  const Outcome h = History(c);
  ASSERT_EQ(h.rows(), 2u);
  EXPECT_EQ(h.Cell(1, 5), e.error.message.substr(0, 128));  // MESSAGE_TEXT
  EXPECT_LT(std::stoull(h.Cell(0, 0)), std::stoull(h.Cell(1, 0)));
  // The current event is the failed one.
  const Outcome cur = Current(c);
  ASSERT_EQ(cur.rows(), 1u);
  EXPECT_EQ(cur.Cell(0, 0), h.Cell(1, 0));
  EXPECT_EQ(cur.Cell(0, 1), "statement/sql/error");
  // A statement that runs next is a new event again.
  c.Ok("SELECT 2");
  EXPECT_EQ(HistoryRows(c).back(), "statement/sql/select | SELECT 2 | 0 | NULL | 0");
}

TEST_F(StatementEventsTest, SyntaxErrorWithAKnownFirstWordIsStillStatementSqlError) {
  Client& c = Connect();
  ASSERT_EQ(c.Exec("  SELECT FROM ;  ").error.code, sql::ErrorCode::kParseError);
  // MySQL's alloc_query: the text without leading blanks nor trailing blanks and ';'.
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/error | SELECT FROM | 1064 | 42000 | 1"}));
}

TEST_F(StatementEventsTest, EmptyQueryIsAnEventWithNullText) {
  Client& c = Connect();
  ASSERT_EQ(c.Exec(" ; ").error.code, sql::ErrorCode::kEmptyQuery);
  ASSERT_EQ(c.Exec("").error.code, sql::ErrorCode::kEmptyQuery);
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/error | NULL | 1065 | 42000 | 1",
                                  "statement/sql/error | NULL | 1065 | 42000 | 1"}));
  EXPECT_EQ(History(c).Cell(0, 5), "Query was empty");
}

// MySQL parses a text of nothing but comments to SQLCOM_EMPTY_QUERY and answers OK; only a
// text without any comment is ER_EMPTY_QUERY (above).
TEST_F(StatementEventsTest, CommentOnlyQueryIsAnEmptyStatementThatSucceeds) {
  Client& c = Connect();
  for (const char* text : {"/* c */", "-- c\n", "# c", " /* c */ ; "}) {
    const Outcome o = c.Exec(text);
    EXPECT_TRUE(o.ok) << text << ": " << o.error.message;
    EXPECT_FALSE(o.result.has_result_set) << text;
    EXPECT_EQ(o.result.affected_rows, 0u) << text;
  }
  ASSERT_EQ(c.Exec("  ").error.code, sql::ErrorCode::kEmptyQuery);
  // SQL_TEXT as alloc_query trims it; RETURNED_SQLSTATE 00000 as for any OK statement.
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/empty_query | /* c */ | 0 | 00000 | 0",
                                  "statement/sql/empty_query | -- c | 0 | 00000 | 0",
                                  "statement/sql/empty_query | # c | 0 | 00000 | 0",
                                  "statement/sql/empty_query | /* c */ | 0 | 00000 | 0",
                                  "statement/sql/error | NULL | 1065 | 42000 | 1"}));
  c.Ok("/* c */");
  const Outcome cur = Current(c);
  ASSERT_EQ(cur.rows(), 1u);
  EXPECT_EQ(cur.Cell(0, 1), "statement/sql/empty_query");
  EXPECT_EQ(cur.Cell(0, 3), "0");
}

TEST_F(StatementEventsTest, EmptyStatementCountsAsAQuestionAndClearsWarnings) {
  Client& c = Connect();
  auto questions = [&] {
    return std::stoull(c.Ok("SHOW GLOBAL STATUS LIKE 'Questions'").Cell(0, 1));
  };
  const uint64_t before = questions();
  c.Ok("/* c */");
  EXPECT_EQ(questions(), before + 2);  // the empty statement and the SHOW
  ASSERT_EQ(c.Ok("SELECT 1/0").result.warning_count, 1u);
  EXPECT_EQ(c.Ok("# c").result.warning_count, 0u);
  EXPECT_EQ(c.Ok("SHOW COUNT(*) WARNINGS").Cell(0, 0), "0");
}

TEST_F(StatementEventsTest, TrailingCommentIsOneMoreStatementOnlyWithMultiStatements) {
  Client& c = Connect();
  // Without CLIENT_MULTI_STATEMENTS the comment is part of the one statement's text.
  std::vector<Outcome> out = Run(c, "SELECT 1; /* c */");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].ok);
  EXPECT_FALSE(out[0].more);
  EXPECT_EQ(HistoryRows(c).size(), 1u);
  c.session().SetMultiStatements(true);
  out = Run(c, "SELECT 1; -- c\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].ok);
  EXPECT_TRUE(out[0].more);
  EXPECT_TRUE(out[1].ok);
  EXPECT_FALSE(out[1].more);
  EXPECT_FALSE(out[1].result.has_result_set);
  const Rows rows = HistoryRows(c);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], "statement/sql/select | SELECT 1 | 0 | NULL | 0");
  EXPECT_EQ(rows[2], "statement/sql/empty_query | -- c | 0 | 00000 | 0");
  // Blanks and ';' after the last statement are no statement.
  out = Run(c, "SELECT 1; ; ");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].more);
}

TEST_F(StatementEventsTest, SecondStatementOfAMultiStatementQueryFailsInItsOwnEvent) {
  Client& c = Connect();
  c.session().SetMultiStatements(true);
  const std::vector<Outcome> out = Run(c, "SELECT 1;  SELEC 2 ;");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].ok);
  EXPECT_EQ(out[1].error.code, sql::ErrorCode::kParseError);
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/select | SELECT 1 | 0 | NULL | 0",
                                  "statement/sql/error | SELEC 2 | 1064 | 42000 | 1"}));
}

TEST_F(StatementEventsTest, MultiStatementTextWithoutTheCapabilityIsOneFailedEvent) {
  Client& c = Connect();
  ASSERT_EQ(c.Exec("SELECT 1; SELECT 2").error.code, sql::ErrorCode::kParseError);
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/error | SELECT 1; SELECT 2 | 1064 | 42000 | 1"}));
}

// COM_INIT_DB is a protocol command, not a statement: mdld records no event for it (MySQL's
// statement/com/Init DB is not implemented), and its error must not land on the statement
// before it either.
TEST_F(StatementEventsTest, ProtocolCommandErrorDoesNotChangeThePreviousStatementsEvent) {
  Client& c = Connect();
  c.Ok("SELECT 1");
  CapturingSink sink;
  c.session().BeginCommand("Init DB");
  c.session().ChangeDatabase("no_such_db", sink);
  c.session().EndCommand();
  ASSERT_EQ(sink.outcomes.size(), 1u);
  ASSERT_EQ(sink.outcomes[0].error.code, sql::ErrorCode::kUnknownDatabase);
  EXPECT_EQ(HistoryRows(c), (Rows{"statement/sql/select | SELECT 1 | 0 | NULL | 0"}));
  const Outcome cur = Current(c);
  ASSERT_EQ(cur.rows(), 1u);
  EXPECT_EQ(cur.Cell(0, 3), "0");
}

}  // namespace
}  // namespace session_test
