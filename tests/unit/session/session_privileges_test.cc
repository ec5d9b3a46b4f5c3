// Accounts and privileges: names and SHOW GRANTS text, the accounts file, and the checks
// statements make (before any metadata lock), at session level.
#include <fstream>

#include "server/session_accounts.h"
#include "server/session_privileges.h"
#include "session_test_util.h"

namespace session_test {
namespace {

using server::PrivilegeSet;
namespace priv = server::priv;
using V = std::vector<std::string>;

TEST(PrivilegesTest, NamesFollowMysqlOrder) {
  EXPECT_EQ(server::PrivilegeNames(priv::kAlter | priv::kSelect | priv::kDrop), "SELECT, DROP, ALTER");
  EXPECT_EQ(server::PrivilegeNames(priv::kSuper | priv::kSystemVariablesAdmin, " or "),
            "SUPER or SYSTEM_VARIABLES_ADMIN");
  EXPECT_EQ(server::PrivilegeNames(priv::kGrantOption), "");
}

TEST(PrivilegesTest, FromNameExpandsAllPerLevel) {
  EXPECT_EQ(server::PrivilegeFromName("ALL", true), priv::kAllDatabase);
  EXPECT_EQ(server::PrivilegeFromName("ALL", false), priv::kAllGlobal);
  EXPECT_EQ(server::PrivilegeFromName("USAGE", false), PrivilegeSet{0});
  EXPECT_EQ(server::PrivilegeFromName("LOCK TABLES", true), priv::kLockTables);
  EXPECT_EQ(server::PrivilegeFromName("CREATE USER", false), priv::kCreateUser);
  EXPECT_EQ(server::PrivilegeFromName("FROBNICATE", false), std::nullopt);
  EXPECT_NE(priv::kGlobalOnly & priv::kProcess, 0u);
  EXPECT_EQ(priv::kGlobalOnly & priv::kSelect, 0u);
}

TEST(PrivilegesTest, GrantStatementText) {
  EXPECT_EQ(server::GrantStatementText(0, "*", "app", "%"), "GRANT USAGE ON *.* TO `app`@`%`");
  EXPECT_EQ(server::GrantStatementText(priv::kSelect | priv::kInsert, "sec", "app", "%"),
            "GRANT SELECT, INSERT ON `sec`.* TO `app`@`%`");
  EXPECT_EQ(server::GrantStatementText(priv::kAllGlobal | priv::kGrantOption, "*", "root", "localhost"),
            "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION");
}

TEST(AccountsFileTest, RoundTripsAndDetectsTruncation) {
  std::map<std::string, server::StoredAccount> accounts;
  accounts["a b"] = server::StoredAccount{"a b", "%", std::string("\x01\xff", 2), {}};
  accounts["a b"].grants.global = priv::kProcess;
  accounts["a b"].grants.databases["db 1"] = priv::kSelect | priv::kAlter;
  accounts["z"] = server::StoredAccount{"z", "localhost", "", {}};
  const std::string text = server::FormatAccountsFile(accounts);
  auto parsed = server::ParseAccountsFile(text);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(parsed->at("a b").auth_string, std::string("\x01\xff", 2));
  EXPECT_EQ(parsed->at("a b").grants, accounts["a b"].grants);
  EXPECT_EQ(parsed->at("z").host, "localhost");
  // Every proper prefix that cuts a line or drops the end line is refused.
  for (size_t n = 0; n + 1 < text.size(); ++n) {
    EXPECT_FALSE(server::ParseAccountsFile(text.substr(0, n)).ok()) << n;
  }
}

class PrivilegeTest : public SessionTest {
 protected:
  // Root creates database d with table t, and user app with `grants` (GRANT ... statements).
  Client& App(const std::vector<std::string>& grants, const std::string& db = "d") {
    Client& root = Root();
    root.Ok("CREATE USER 'app'@'%' IDENTIFIED BY 'pw'");
    for (const auto& g : grants) root.Ok(g);
    return Connect("app", db);
  }
  Client& Root() {
    if (root_ == nullptr) {
      root_ = &Connect();
      MakeTable(*root_);
    }
    return *root_;
  }
  static void ExpectError(const Outcome& o, sql::ErrorCode code, const std::string& message) {
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.code, code) << o.error.message;
    EXPECT_EQ(o.error.message, message);
  }
  Client* root_ = nullptr;
};

TEST_F(PrivilegeTest, TablePrivilegesAtDatabaseLevel) {
  Client& app = App({"GRANT SELECT, INSERT, UPDATE, DELETE ON d.* TO 'app'@'%'"});
  app.Ok("SELECT * FROM t");
  app.Ok("INSERT INTO t VALUES (9, 'x')");
  app.Ok("UPDATE t SET c = 'y' WHERE id = 9");
  app.Ok("DELETE FROM t WHERE id = 9");
  ExpectError(app.Exec("ALTER TABLE t ADD COLUMN z INT"), sql::ErrorCode::kTableAccessDenied,
              "ALTER command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("DROP TABLE t"), sql::ErrorCode::kTableAccessDenied,
              "DROP command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("CREATE INDEX i ON t (c)"), sql::ErrorCode::kTableAccessDenied,
              "INDEX command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("CREATE TABLE n (id INT)"), sql::ErrorCode::kTableAccessDenied,
              "CREATE command denied to user 'app'@'localhost' for table 'n'");
  ExpectError(app.Exec("RENAME TABLE t TO t2"), sql::ErrorCode::kTableAccessDenied,
              "DROP,ALTER command denied to user 'app'@'localhost' for table 't'");
}

TEST_F(PrivilegeTest, EachDmlNeedsItsOwnPrivilege) {
  Client& app = App({"GRANT SELECT ON d.* TO 'app'@'%'"});
  app.Ok("SELECT * FROM t");
  ExpectError(app.Exec("INSERT INTO t VALUES (9, 'x')"), sql::ErrorCode::kTableAccessDenied,
              "INSERT command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("REPLACE INTO t VALUES (9, 'x')"), sql::ErrorCode::kTableAccessDenied,
              "INSERT,DELETE command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("UPDATE t SET c = 'y'"), sql::ErrorCode::kTableAccessDenied,
              "UPDATE command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("DELETE FROM t"), sql::ErrorCode::kTableAccessDenied,
              "DELETE command denied to user 'app'@'localhost' for table 't'");
}

TEST_F(PrivilegeTest, MultiTableUpdateNeedsUpdateOnlyOnAssignedTables) {
  Client& root = Root();
  root.Ok("CREATE DATABASE ro");
  root.Ok("CREATE TABLE ro.src (id INT PRIMARY KEY, c VARCHAR(10))");
  root.Ok("INSERT INTO ro.src VALUES (1, 'n')");
  Client& app = App({"GRANT SELECT, UPDATE ON d.* TO 'app'@'%'", "GRANT SELECT ON ro.* TO 'app'@'%'"});
  Outcome o = app.Ok("UPDATE t JOIN ro.src s ON s.id = t.id SET t.c = s.c");
  EXPECT_EQ(o.result.affected_rows, 1u);
  ExpectError(app.Exec("UPDATE t JOIN ro.src s ON s.id = t.id SET s.c = 'z'"),
              sql::ErrorCode::kTableAccessDenied,
              "UPDATE command denied to user 'app'@'localhost' for table 'src'");
}

TEST_F(PrivilegeTest, DeniedStatementTakesNoMetadataLock) {
  Client& root = Root();
  Client& app = App({}, "");
  root.Ok("LOCK TABLES t WRITE");
  // Without the check before locking, the SELECT would wait and end with 1205.
  app.Ok("SET SESSION lock_wait_timeout = 1");
  app.Ok("USE information_schema");
  ExpectError(app.Exec("SELECT * FROM d.t"), sql::ErrorCode::kTableAccessDenied,
              "SELECT command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("ALTER TABLE d.t ADD COLUMN z INT"), sql::ErrorCode::kTableAccessDenied,
              "ALTER command denied to user 'app'@'localhost' for table 't'");
  ExpectError(app.Exec("LOCK TABLES d.t READ"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'd'");
  EXPECT_EQ(LocksOf(app.id()), V{});
  root.Ok("UNLOCK TABLES");
}

TEST_F(PrivilegeTest, DatabaseLevelChecks) {
  Client& app = App({}, "");
  ExpectError(app.Exec("USE d"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'd'");
  ExpectError(app.Exec("CREATE DATABASE e"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'e'");
  ExpectError(app.Exec("DROP DATABASE d"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'd'");
  Outcome dbs = app.Ok("SHOW DATABASES");
  for (size_t i = 0; i < dbs.rows(); ++i) EXPECT_NE(dbs.Cell(i, 0), "d");
  app.Ok("USE information_schema");
  Root().Ok("GRANT CREATE, DROP ON e.* TO 'app'@'%'");
  app.Ok("CREATE DATABASE e");
  app.Ok("USE e");
  app.Ok("DROP DATABASE e");
  // A session cannot start in a database it has no privilege on.
  sql::SqlError error;
  server::ConnectionInfo info;
  info.connection_id = context_->NextConnectionId();
  info.user = "app";
  info.host = "10.0.0.1:5000";
  info.initial_db = "d";
  EXPECT_EQ(context_->NewSession(info, &error), nullptr);
  EXPECT_EQ(error.message, "Access denied for user 'app'@'10.0.0.1' to database 'd'");
}

TEST_F(PrivilegeTest, GlobalPrivilegeChecks) {
  Client& app = App({"GRANT SELECT ON d.* TO 'app'@'%'"});
  ExpectError(app.Exec("SET GLOBAL lock_wait_timeout = 5"), sql::ErrorCode::kSpecificAccessDenied,
              "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN "
              "privilege(s) for this operation");
  ExpectError(app.Exec("FLUSH TABLES WITH READ LOCK"), sql::ErrorCode::kSpecificAccessDenied,
              "Access denied; you need (at least one of) the RELOAD privilege(s) for this operation");
  ExpectError(app.Exec("CREATE USER x"), sql::ErrorCode::kSpecificAccessDenied,
              "Access denied; you need (at least one of) the CREATE USER privilege(s) for this "
              "operation");
  ExpectError(app.Exec("KILL " + std::to_string(Root().id())), sql::ErrorCode::kKillDenied,
              "You are not owner of thread " + std::to_string(Root().id()));
  Outcome p = app.Ok("SELECT DISTINCT user FROM information_schema.processlist");
  ASSERT_EQ(p.rows(), 1u);
  EXPECT_EQ(p.Cell(0, 0), "app");
  Root().Ok("GRANT SYSTEM_VARIABLES_ADMIN, RELOAD, PROCESS, CONNECTION_ADMIN ON *.* TO 'app'@'%'");
  app.Ok("SET GLOBAL lock_wait_timeout = 5");
  app.Ok("FLUSH TABLES WITH READ LOCK");
  app.Ok("UNLOCK TABLES");
  EXPECT_EQ(app.Ok("SELECT COUNT(DISTINCT user) FROM information_schema.processlist").Cell(0, 0), "2");
  app.Ok("KILL QUERY " + std::to_string(Root().id()));
}

TEST_F(PrivilegeTest, ProcessPrivilegeGuardsOtherUsersLocksAndTransactions) {
  Client& app = App({"GRANT SELECT ON d.* TO 'app'@'%'"});
  Root().Ok("BEGIN");
  Root().Ok("UPDATE t SET c = 'r' WHERE id = 1");
  const std::string locks =
      "SELECT COUNT(*) FROM performance_schema.metadata_locks WHERE OBJECT_NAME = 't'";
  const std::string trx = "SELECT COUNT(*) FROM information_schema.innodb_trx";
  EXPECT_EQ(app.Ok(locks).Cell(0, 0), "0");
  EXPECT_EQ(app.Ok(trx).Cell(0, 0), "0");
  app.Ok("BEGIN");
  app.Ok("SELECT * FROM t WHERE id = 2");
  EXPECT_EQ(app.Ok(locks).Cell(0, 0), "1");  // its own SHARED_READ
  EXPECT_EQ(app.Ok(trx).Cell(0, 0), "1");    // its own transaction
  Connect().Ok("GRANT PROCESS ON *.* TO 'app'@'%'");  // not Root(): GRANT commits implicitly
  EXPECT_EQ(app.Ok(locks).Cell(0, 0), "2");
  EXPECT_EQ(app.Ok(trx).Cell(0, 0), "2");
  app.Ok("COMMIT");
  Root().Ok("COMMIT");
}

TEST_F(PrivilegeTest, InformationSchemaShowsOnlyDatabasesWithPrivileges) {
  Root().Ok("CREATE DATABASE other");
  Root().Ok("CREATE TABLE other.o (id INT)");
  Client& app = App({"GRANT SELECT ON d.* TO 'app'@'%'"});
  EXPECT_EQ(app.Ok("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name "
                   "IN ('d', 'other', 'information_schema')").Cell(0, 0), "2");
  EXPECT_EQ(app.Ok("SELECT GROUP_CONCAT(table_name) FROM information_schema.tables "
                   "WHERE table_schema IN ('d', 'other')").Cell(0, 0), "t");
  EXPECT_EQ(app.Ok("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'other'")
                .Cell(0, 0), "0");
  EXPECT_EQ(Root().Ok("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema "
                      "IN ('d', 'other')").Cell(0, 0), "2");
}

TEST_F(PrivilegeTest, GrantAppliesToRunningSessionAndRevokeRemovesIt) {
  Client& app = App({"GRANT SELECT ON d.* TO 'app'@'%'"});
  EXPECT_FALSE(app.Exec("ALTER TABLE t ADD COLUMN z INT").ok);
  Root().Ok("GRANT ALTER ON d.* TO 'app'@'%'");
  app.Ok("ALTER TABLE t ADD COLUMN z INT");
  Root().Ok("REVOKE ALTER ON d.* FROM 'app'@'%'");
  EXPECT_EQ(app.Exec("ALTER TABLE t DROP COLUMN z").error.code, sql::ErrorCode::kTableAccessDenied);
}

TEST_F(PrivilegeTest, ShowGrants) {
  Client& app = App({"GRANT SELECT, INSERT ON d.* TO 'app'@'%'", "GRANT PROCESS ON *.* TO 'app'@'%'"});
  Outcome o = app.Ok("SHOW GRANTS");
  EXPECT_EQ(o.result.result_set.columns[0].name, "Grants for app@%");
  ASSERT_EQ(o.rows(), 2u);
  EXPECT_EQ(o.Cell(0, 0), "GRANT PROCESS ON *.* TO `app`@`%`");
  EXPECT_EQ(o.Cell(1, 0), "GRANT SELECT, INSERT ON `d`.* TO `app`@`%`");
  ExpectError(app.Exec("SHOW GRANTS FOR root@localhost"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'mysql'");
  Outcome r = Root().Ok("SHOW GRANTS FOR root@localhost");
  EXPECT_EQ(r.Cell(0, 0), "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION");
  ExpectError(Root().Exec("SHOW GRANTS FOR nobody"), sql::ErrorCode::kNonexistingGrant,
              "There is no such grant defined for user 'nobody' on host '%'");
}

TEST_F(PrivilegeTest, AccountStatementErrors) {
  Client& root = Root();
  root.Ok("CREATE USER 'app'@'%'");
  ExpectError(root.Exec("CREATE USER 'app'@'%', 'other'@'%'"), sql::ErrorCode::kCannotUser,
              "Operation CREATE USER failed for 'app'@'%'");
  // Atomic: 'other' was not created either.
  ExpectError(root.Exec("DROP USER other"), sql::ErrorCode::kCannotUser,
              "Operation DROP USER failed for 'other'@'%'");
  root.Ok("CREATE USER IF NOT EXISTS 'app'@'%'");
  ExpectError(root.Exec("GRANT SELECT ON d.* TO ghost"), sql::ErrorCode::kNoCreateUserWithGrant,
              "You are not allowed to create a user with GRANT");
  ExpectError(root.Exec("GRANT PROCESS ON d.* TO app"), sql::ErrorCode::kWrongUsage,
              "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
  ExpectError(root.Exec("REVOKE SELECT ON d.* FROM app"), sql::ErrorCode::kNonexistingGrant,
              "There is no such grant defined for user 'app' on host '%'");
  ExpectError(root.Exec("DROP USER root@localhost"), sql::ErrorCode::kCannotUser,
              "Operation DROP USER failed for 'root'@'localhost'");
  // Granting needs GRANT OPTION and the privileges themselves.
  root.Ok("GRANT SELECT ON d.* TO app WITH GRANT OPTION");
  Client& app = Connect("app", "d");
  root.Ok("CREATE USER peer");
  app.Ok("GRANT SELECT ON d.* TO peer");
  ExpectError(app.Exec("GRANT INSERT ON d.* TO peer"), sql::ErrorCode::kDbAccessDenied,
              "Access denied for user 'app'@'localhost' to database 'd'");
  ExpectError(app.Exec("GRANT SELECT ON *.* TO peer"), sql::ErrorCode::kAccessDenied,
              "Access denied for user 'app'@'localhost' (using password: NO)");
  app.Ok("ALTER USER app IDENTIFIED BY 'new'");  // one's own password needs no privilege
}

TEST_F(PrivilegeTest, AccountsAndGrantsSurviveRestart) {
  App({"GRANT SELECT, UPDATE ON d.* TO 'app'@'%'", "GRANT PROCESS ON *.* TO 'app'@'%'"});
  Root().Ok("CREATE USER gone");
  Root().Ok("DROP USER gone");
  clients_.clear();
  root_ = nullptr;
  context_.reset();
  server::ServerOptions o;
  o.datadir = dir_.string();
  o.sync_commit = false;
  std::string error;
  context_ = server::ServerContext::Open(o, &error);
  ASSERT_NE(context_, nullptr) << error;
  auto account = state().accounts->FindStored("app");
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->host, "%");
  EXPECT_EQ(account->auth_string, context_->FindAccount("app")->auth_string);
  EXPECT_FALSE(account->auth_string.empty());
  EXPECT_EQ(account->grants.global, priv::kProcess);
  EXPECT_EQ(account->grants.databases.at("d"), priv::kSelect | priv::kUpdate);
  EXPECT_FALSE(context_->FindAccount("gone").has_value());
  Client& app = Connect("app", "d");
  app.Ok("SELECT * FROM t");
  EXPECT_EQ(app.Exec("DELETE FROM t").error.code, sql::ErrorCode::kTableAccessDenied);
}

TEST_F(PrivilegeTest, CorruptAccountsFileFailsOpen) {
  Root().Ok("CREATE USER app");
  clients_.clear();
  root_ = nullptr;
  context_.reset();
  {
    std::ofstream f(dir_ / "mdld-accounts", std::ios::trunc);
    f << "mdld-accounts 1\naccount x61 x25 x 0\n";  // no end line: a torn write
  }
  server::ServerOptions o;
  o.datadir = dir_.string();
  std::string error;
  EXPECT_EQ(server::ServerContext::Open(o, &error), nullptr);
  EXPECT_NE(error.find("Corrupt accounts file"), std::string::npos) << error;
}

}  // namespace
}  // namespace session_test
