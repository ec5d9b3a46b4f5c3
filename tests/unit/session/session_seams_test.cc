// Protocol seams: COM_SET_OPTION (SetMultiStatements), CLIENT_FOUND_ROWS and
// ServerContext::KillAllSessions.
#include "session_test_util.h"

namespace session_test {
namespace {

class SeamsTest : public SessionTest {
 protected:
  std::unique_ptr<server::Session> Open(bool multi_statements, bool found_rows) {
    server::ConnectionInfo info;
    info.connection_id = context_->NextConnectionId();
    info.user = "root";
    info.host = "localhost";
    info.multi_statements = multi_statements;
    info.found_rows = found_rows;
    sql::SqlError error;
    auto s = context_->NewSession(info, &error);
    EXPECT_NE(s, nullptr) << error.message;
    return s;
  }
  static std::vector<Outcome> Run(server::Session& s, const std::string& text) {
    CapturingSink sink;
    s.BeginCommand("Query");
    s.ExecuteQuery(text, sink);
    s.EndCommand();
    return sink.outcomes;
  }
};

TEST_F(SeamsTest, SetMultiStatementsTogglesMultiStatementQueries) {
  auto s = Open(false, false);
  auto out = Run(*s, "SELECT 1; SELECT 2");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].error.code, sql::ErrorCode::kParseError);
  s->SetMultiStatements(true);
  out = Run(*s, "SELECT 1; SELECT 2");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].Cell(0, 0), "2");
  s->SetMultiStatements(false);
  EXPECT_EQ(Run(*s, "SELECT 1; SELECT 2").size(), 1u);
}

TEST_F(SeamsTest, FoundRowsMakesUpdateReportMatchedRows) {
  MakeTable(Connect(), 3);
  auto plain = Open(false, false);
  auto found = Open(false, true);
  Run(*plain, "USE d");
  Run(*found, "USE d");
  // Rows 1..3 all have c = 'v'; two get a new value, one already has it.
  Run(*plain, "UPDATE t SET c = 'w' WHERE id = 3");
  auto out = Run(*found, "UPDATE t SET c = 'w' WHERE id >= 2");
  ASSERT_TRUE(out[0].ok);
  EXPECT_EQ(out[0].result.affected_rows, 2u);  // matched 2, changed 1
  EXPECT_EQ(Run(*found, "SELECT ROW_COUNT()")[0].Cell(0, 0), "2");
  out = Run(*plain, "UPDATE t SET c = 'x' WHERE id >= 2");
  EXPECT_EQ(out[0].result.affected_rows, 2u);
  out = Run(*plain, "UPDATE t SET c = 'x' WHERE id >= 1");
  EXPECT_EQ(out[0].result.affected_rows, 1u);  // without the flag: changed rows only
}

TEST_F(SeamsTest, KillAllSessionsEndsMetadataLockAndRowLockWaits) {
  Client& a = Connect();
  MakeTable(a);
  Client& ddl = Connect("root", "d");
  Client& row = Connect("root", "d");
  a.Ok("BEGIN");
  a.Ok("UPDATE t SET c = 'a' WHERE id = 1");
  row.Start("UPDATE t SET c = 'b' WHERE id = 1");
  WaitFor([&] {
    for (const auto& trx : state().engine->ListTransactions()) {
      if (trx.wait_started.has_value()) return true;
    }
    return false;
  }, "a row lock wait");
  ddl.Start("ALTER TABLE t ADD COLUMN z INT");
  WaitForState(ddl, "Waiting for table metadata lock");
  context_->KillAllSessions();
  EXPECT_EQ(ddl.Join().error.code, sql::ErrorCode::kQueryInterrupted);
  EXPECT_EQ(row.Join().error.code, sql::ErrorCode::kQueryInterrupted);
  EXPECT_TRUE(a.session().connection_killed());
  EXPECT_TRUE(ddl.session().connection_killed());
}

}  // namespace
}  // namespace session_test
