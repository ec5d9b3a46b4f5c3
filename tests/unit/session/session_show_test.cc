// SHOW ... WHERE and the GLOBAL / SESSION scopes of SHOW VARIABLES.
#include "session_test_util.h"

namespace session_test {
namespace {

using V = std::vector<std::string>;

V Column(const Outcome& o, size_t col) {
  V out;
  for (size_t i = 0; i < o.rows(); ++i) out.push_back(o.Cell(i, col));
  return out;
}

TEST_F(SessionTest, ShowWhereFiltersOnResultColumns) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("CREATE TABLE u (id INT)");
  EXPECT_EQ(Column(a.Ok("SHOW VARIABLES WHERE Variable_name = 'lock_wait_timeout'"), 1),
            V{"31536000"});
  EXPECT_EQ(Column(a.Ok("SHOW VARIABLES WHERE Variable_name LIKE '%lock_wait_timeout' "
                        "AND Value > 100"), 0),
            V{"lock_wait_timeout"});
  EXPECT_EQ(Column(a.Ok("SHOW TABLES WHERE Tables_in_d <> 't'"), 0), V{"u"});
  Outcome cols = a.Ok("SHOW COLUMNS FROM t WHERE Field = 'c'");
  ASSERT_EQ(cols.rows(), 1u);
  EXPECT_EQ(cols.Cell(0, 1), "varchar(10)");
  EXPECT_EQ(cols.result.result_set.columns[0].name, "Field");
  EXPECT_EQ(Column(a.Ok("SHOW DATABASES WHERE `Database` = 'd'"), 0), V{"d"});
  EXPECT_EQ(Column(a.Ok("SHOW STATUS WHERE Variable_name IN ('Uptime', 'Nope')"), 0), V{"Uptime"});
  Outcome bad = a.Exec("SHOW VARIABLES WHERE nosuch = 1");
  EXPECT_EQ(bad.error.code, sql::ErrorCode::kUnknownColumn);
  EXPECT_EQ(bad.error.message, "Unknown column 'nosuch' in 'where clause'");
  // The materialized result exists only while the filter runs.
  EXPECT_FALSE(a.Exec("SELECT * FROM information_schema.`#show_result`").ok);
}

TEST_F(SessionTest, ShowGlobalAndSessionVariablesDiffer) {
  Client& a = Connect();
  a.Ok("SET SESSION lock_wait_timeout = 5");
  a.Ok("SET autocommit = 0");
  const std::string q = " VARIABLES WHERE Variable_name IN ('lock_wait_timeout', 'autocommit')";
  EXPECT_EQ(Column(a.Ok("SHOW SESSION" + q), 1), (V{"OFF", "5"}));
  EXPECT_EQ(Column(a.Ok("SHOW" + q), 1), (V{"OFF", "5"}));
  EXPECT_EQ(Column(a.Ok("SHOW GLOBAL" + q), 1), (V{"ON", "31536000"}));
  a.Ok("SET GLOBAL lock_wait_timeout = 7");
  EXPECT_EQ(Column(a.Ok("SHOW GLOBAL VARIABLES LIKE 'lock_wait_timeout'"), 1), V{"7"});
  EXPECT_EQ(Column(a.Ok("SHOW SESSION VARIABLES LIKE 'lock_wait_timeout'"), 1), V{"5"});
  EXPECT_EQ(Column(Connect().Ok("SHOW VARIABLES LIKE 'lock_wait_timeout'"), 1), V{"7"});
  // Session-only variables have no GLOBAL value; global-only ones show in both scopes.
  EXPECT_EQ(a.Ok("SHOW GLOBAL VARIABLES LIKE 'debug_sync'").rows(), 0u);
  EXPECT_EQ(a.Ok("SHOW SESSION VARIABLES LIKE 'debug_sync'").rows(), 1u);
  EXPECT_EQ(Column(a.Ok("SHOW SESSION VARIABLES LIKE 'max_connections'"), 1), V{"151"});
}

}  // namespace
}  // namespace session_test
