// SET, SHOW, DESCRIBE/EXPLAIN, transactions, LOCK/FLUSH, KILL, prepared statements, accounts.
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using testing::MustFail;
using testing::MustParse;
using testing::ToSexpr;

template <typename T>
const T& As(const std::unique_ptr<ast::Statement>& st) {
  static const T kEmpty{};
  if (!st || !st->Is<T>()) {
    ADD_FAILURE() << "wrong statement kind";
    return kEmpty;
  }
  return *st->As<T>();
}

TEST(SetTest, SystemAndUserVariablesWithScopes) {
  auto st = MustParse(
      "SET autocommit=0, GLOBAL max_connections = 10, b = 2, SESSION c = DEFAULT, @u := 1, "
      "@@global.x = ON, @@y = 'v', LOCAL z = OFF");
  const auto& set = As<ast::SetStmt>(st);
  ASSERT_EQ(set.items.size(), 8u);
  EXPECT_EQ(set.items[0].kind, ast::SetItemKind::kSystemVar);
  EXPECT_EQ(set.items[0].scope, ast::VarScope::kDefault);
  EXPECT_EQ(set.items[0].name, "autocommit");
  EXPECT_EQ(ToSexpr(*set.items[0].value), "0");
  EXPECT_EQ(set.items[1].scope, ast::VarScope::kGlobal);
  EXPECT_EQ(set.items[2].scope, ast::VarScope::kGlobal);  // scope carries over, as in MySQL
  EXPECT_EQ(set.items[3].scope, ast::VarScope::kSession);
  EXPECT_EQ(ToSexpr(*set.items[3].value), "DEFAULT");
  EXPECT_EQ(set.items[4].kind, ast::SetItemKind::kUserVar);
  EXPECT_EQ(set.items[4].name, "u");
  EXPECT_EQ(set.items[5].scope, ast::VarScope::kGlobal);
  EXPECT_EQ(ToSexpr(*set.items[5].value), "'ON'");
  EXPECT_EQ(set.items[6].scope, ast::VarScope::kSession);
  EXPECT_EQ(ToSexpr(*set.items[7].value), "'OFF'");
}

TEST(SetTest, NamesAndCharacterSet) {
  auto st = MustParse("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
  const auto& set = As<ast::SetStmt>(st);
  EXPECT_EQ(set.items[0].kind, ast::SetItemKind::kNames);
  EXPECT_EQ(set.items[0].charset, "utf8mb4");
  EXPECT_EQ(set.items[0].collation, "utf8mb4_unicode_ci");
  auto st2 = MustParse("SET NAMES 'latin1'");
  EXPECT_EQ(As<ast::SetStmt>(st2).items[0].charset, "latin1");
  auto st3 = MustParse("SET CHARACTER SET DEFAULT");
  EXPECT_EQ(As<ast::SetStmt>(st3).items[0].kind, ast::SetItemKind::kCharacterSet);
  EXPECT_EQ(As<ast::SetStmt>(st3).items[0].charset, "DEFAULT");
}

TEST(SetTest, Transaction) {
  auto st = MustParse("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY");
  const auto& set = As<ast::SetTransactionStmt>(st);
  EXPECT_EQ(set.scope, ast::VarScope::kSession);
  EXPECT_EQ(set.isolation, ast::IsolationLevel::kReadCommitted);
  EXPECT_EQ(set.read_only, true);
  auto st2 = MustParse("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(As<ast::SetTransactionStmt>(st2).scope, ast::VarScope::kDefault);
  auto st3 = MustParse("SET GLOBAL TRANSACTION READ WRITE");
  EXPECT_EQ(As<ast::SetTransactionStmt>(st3).read_only, false);
  EXPECT_EQ(As<ast::SetTransactionStmt>(MustParse(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")).isolation,
            ast::IsolationLevel::kRepeatableRead);
  EXPECT_EQ(As<ast::SetTransactionStmt>(MustParse(
                "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED")).isolation,
            ast::IsolationLevel::kReadUncommitted);
}

struct ShowCase {
  const char* text;
  ast::ShowKind kind;
};

class ShowKindTest : public ::testing::TestWithParam<ShowCase> {};

TEST_P(ShowKindTest, Parses) {
  auto st = MustParse(GetParam().text);
  EXPECT_EQ(As<ast::ShowStmt>(st).kind, GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ShowKindTest,
    ::testing::Values(
        ShowCase{"show databases", ast::ShowKind::kDatabases},
        ShowCase{"SHOW SCHEMAS LIKE 'a%'", ast::ShowKind::kDatabases},
        ShowCase{"show tables", ast::ShowKind::kTables},
        ShowCase{"SHOW FULL TABLES FROM db WHERE Table_type = 'BASE TABLE'",
                 ast::ShowKind::kTables},
        ShowCase{"SHOW FULL COLUMNS FROM t FROM db LIKE 'c%'", ast::ShowKind::kColumns},
        ShowCase{"SHOW FIELDS IN db.t", ast::ShowKind::kColumns},
        ShowCase{"DESCRIBE t", ast::ShowKind::kColumns},
        ShowCase{"DESC db.t col", ast::ShowKind::kColumns},
        ShowCase{"SHOW CREATE TABLE t", ast::ShowKind::kCreateTable},
        ShowCase{"SHOW CREATE DATABASE db", ast::ShowKind::kCreateDatabase},
        ShowCase{"SHOW INDEX FROM t", ast::ShowKind::kIndex},
        ShowCase{"SHOW KEYS IN t IN db", ast::ShowKind::kIndex},
        ShowCase{"SHOW VARIABLES LIKE 'sql_mode'", ast::ShowKind::kVariables},
        ShowCase{"SHOW GLOBAL STATUS WHERE Variable_name = 'x'", ast::ShowKind::kStatus},
        ShowCase{"SHOW WARNINGS LIMIT 5", ast::ShowKind::kWarnings},
        ShowCase{"SHOW ERRORS", ast::ShowKind::kErrors},
        ShowCase{"SHOW COUNT(*) WARNINGS", ast::ShowKind::kCountWarnings},
        ShowCase{"SHOW FULL PROCESSLIST", ast::ShowKind::kProcesslist},
        ShowCase{"SHOW ENGINE INNODB STATUS", ast::ShowKind::kEngineStatus},
        ShowCase{"SHOW ENGINES", ast::ShowKind::kEngines},
        ShowCase{"SHOW CHARACTER SET", ast::ShowKind::kCharset},
        ShowCase{"SHOW COLLATION LIKE 'utf8%'", ast::ShowKind::kCollation},
        ShowCase{"SHOW TABLE STATUS FROM db LIKE 't'", ast::ShowKind::kTableStatus},
        ShowCase{"SHOW BINLOG EVENTS", ast::ShowKind::kBinlogEvents},
        ShowCase{"SHOW GRANTS FOR 'u'@'%'", ast::ShowKind::kGrants},
        ShowCase{"SHOW MASTER STATUS", ast::ShowKind::kMasterStatus},
        ShowCase{"SHOW BINARY LOG STATUS", ast::ShowKind::kMasterStatus},
        ShowCase{"SHOW BINARY LOGS", ast::ShowKind::kBinaryLogs},
        ShowCase{"show master logs", ast::ShowKind::kBinaryLogs}));

TEST(ShowTest, BinlogEventsClauses) {
  auto st = MustParse("SHOW BINLOG EVENTS IN 'mdld-log.000002' FROM 120 LIMIT 2, 5");
  const auto& show = As<ast::ShowStmt>(st);
  EXPECT_EQ(show.kind, ast::ShowKind::kBinlogEvents);
  EXPECT_EQ(show.log_name, "mdld-log.000002");
  EXPECT_EQ(show.from_pos, 120u);
  ASSERT_TRUE(show.limit.has_value());
  auto bare = MustParse("SHOW BINLOG EVENTS");
  EXPECT_EQ(As<ast::ShowStmt>(bare).log_name, "");
  EXPECT_FALSE(As<ast::ShowStmt>(bare).from_pos.has_value());
}

TEST(ShowTest, Details) {
  auto st = MustParse("SHOW FULL COLUMNS FROM t FROM db LIKE 'c%'");
  const auto& show = As<ast::ShowStmt>(st);
  EXPECT_TRUE(show.full);
  EXPECT_EQ(show.table.name, "t");
  EXPECT_EQ(show.table.db, "db");
  EXPECT_EQ(show.like_pattern, "c%");
  auto st2 = MustParse("SHOW SESSION VARIABLES WHERE Variable_name = 'a'");
  EXPECT_EQ(As<ast::ShowStmt>(st2).scope, ast::VarScope::kSession);
  EXPECT_NE(As<ast::ShowStmt>(st2).where, nullptr);
  auto st3 = MustParse("DESC t c1");
  EXPECT_EQ(As<ast::ShowStmt>(st3).like_pattern, "c1");
  auto st4 = MustParse("SHOW GRANTS FOR 'u'@'localhost'");
  EXPECT_EQ(As<ast::ShowStmt>(st4).user, "u");
  EXPECT_EQ(As<ast::ShowStmt>(st4).host, "localhost");
  EXPECT_EQ(MustFail("SHOW FULL DATABASES").message, testing::SyntaxMessage("FULL DATABASES"));
}

TEST(ExplainTest, WrapsTheStatement) {
  auto st = MustParse("EXPLAIN SELECT a FROM t WHERE id = ?");
  const auto& explain = As<ast::ExplainStmt>(st);
  ASSERT_NE(explain.statement, nullptr);
  EXPECT_TRUE(explain.statement->Is<ast::SelectStmt>());
  EXPECT_EQ(explain.statement->text, "SELECT a FROM t WHERE id = ?");
  EXPECT_EQ(st->param_count, 1u);
  auto st2 = MustParse("DESCRIBE FORMAT=JSON UPDATE t SET a = 1");
  EXPECT_EQ(As<ast::ExplainStmt>(st2).format, "JSON");
}

TEST(TransactionTest, Forms) {
  using A = ast::TransactionAction;
  EXPECT_EQ(As<ast::TransactionStmt>(MustParse("BEGIN")).action, A::kBegin);
  EXPECT_EQ(As<ast::TransactionStmt>(MustParse("BEGIN WORK")).action, A::kBegin);
  auto start = MustParse("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT");
  EXPECT_TRUE(As<ast::TransactionStmt>(start).start_transaction);
  EXPECT_EQ(As<ast::TransactionStmt>(start).read_only, true);
  EXPECT_TRUE(As<ast::TransactionStmt>(start).with_consistent_snapshot);
  auto commit = MustParse("COMMIT WORK AND NO CHAIN NO RELEASE");
  EXPECT_EQ(As<ast::TransactionStmt>(commit).action, A::kCommit);
  EXPECT_EQ(As<ast::TransactionStmt>(commit).chain, false);
  EXPECT_EQ(As<ast::TransactionStmt>(commit).release, false);
  auto rollback = MustParse("ROLLBACK AND CHAIN");
  EXPECT_EQ(As<ast::TransactionStmt>(rollback).chain, true);
  auto to = MustParse("ROLLBACK WORK TO SAVEPOINT sp1");
  EXPECT_EQ(As<ast::TransactionStmt>(to).action, A::kRollbackToSavepoint);
  EXPECT_EQ(As<ast::TransactionStmt>(to).savepoint, "sp1");
  EXPECT_EQ(As<ast::TransactionStmt>(MustParse("ROLLBACK TO sp2")).savepoint, "sp2");
  EXPECT_EQ(As<ast::TransactionStmt>(MustParse("SAVEPOINT s")).action, A::kSavepoint);
  EXPECT_EQ(As<ast::TransactionStmt>(MustParse("RELEASE SAVEPOINT s")).action,
            A::kReleaseSavepoint);
}

TEST(LockTest, LockTablesModes) {
  auto st = MustParse("LOCK TABLES t1 READ, t2 AS x READ LOCAL, db.t3 WRITE, t4 LOW_PRIORITY WRITE");
  const auto& lock = As<ast::LockTablesStmt>(st);
  ASSERT_EQ(lock.tables.size(), 4u);
  EXPECT_EQ(lock.tables[0].mode, ast::TableLockMode::kRead);
  EXPECT_EQ(lock.tables[1].alias, "x");
  EXPECT_EQ(lock.tables[1].mode, ast::TableLockMode::kReadLocal);
  EXPECT_EQ(lock.tables[2].mode, ast::TableLockMode::kWrite);
  EXPECT_EQ(lock.tables[3].mode, ast::TableLockMode::kLowPriorityWrite);
  EXPECT_TRUE(MustParse("UNLOCK TABLES")->Is<ast::UnlockTablesStmt>());
  EXPECT_TRUE(MustParse("LOCK INSTANCE FOR BACKUP")->Is<ast::LockInstanceStmt>());
  EXPECT_TRUE(MustParse("UNLOCK INSTANCE")->Is<ast::UnlockInstanceStmt>());
}

TEST(FlushTest, Forms) {
  auto ftwrl = MustParse("FLUSH TABLES WITH READ LOCK");
  EXPECT_TRUE(As<ast::FlushStmt>(ftwrl).tables);
  EXPECT_TRUE(As<ast::FlushStmt>(ftwrl).with_read_lock);
  auto list = MustParse("FLUSH TABLE t1, db.t2 WITH READ LOCK");
  EXPECT_EQ(As<ast::FlushStmt>(list).table_list.size(), 2u);
  auto opts = MustParse("FLUSH LOCAL PRIVILEGES, BINARY LOGS");
  EXPECT_EQ(As<ast::FlushStmt>(opts).other_options,
            (std::vector<std::string>{"PRIVILEGES", "BINARY LOGS"}));
  EXPECT_EQ(As<ast::FlushStmt>(MustParse("FLUSH LOGS")).other_options[0], "LOGS");
}

TEST(MiscTest, KillPrepareExecuteDeallocateDo) {
  auto kill = MustParse("KILL QUERY 42");
  EXPECT_TRUE(As<ast::KillStmt>(kill).query_only);
  EXPECT_EQ(ToSexpr(*As<ast::KillStmt>(kill).id), "42");
  EXPECT_FALSE(As<ast::KillStmt>(MustParse("KILL CONNECTION 7")).query_only);
  auto prepare = MustParse("PREPARE s1 FROM 'SELECT ?'");
  EXPECT_EQ(As<ast::PrepareStmt>(prepare).text, "SELECT ?");
  EXPECT_EQ(As<ast::PrepareStmt>(MustParse("PREPARE s1 FROM @q")).user_var, "q");
  auto execute = MustParse("EXECUTE s1 USING @a, @b");
  EXPECT_EQ(As<ast::ExecuteStmt>(execute).using_vars, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(As<ast::DeallocatePrepareStmt>(MustParse("DEALLOCATE PREPARE s1")).name, "s1");
  EXPECT_EQ(As<ast::DeallocatePrepareStmt>(MustParse("DROP PREPARE s1")).name, "s1");
  EXPECT_EQ(As<ast::DoStmt>(MustParse("DO SLEEP(1), 2")).exprs.size(), 2u);
}

TEST(AccountTest, CreateDropGrantRevoke) {
  auto create = MustParse("CREATE USER 'app'@'%' IDENTIFIED BY 'pw', bob IDENTIFIED WITH "
                          "mysql_native_password BY 'x'");
  const auto& users = As<ast::CreateUserStmt>(create).users;
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name.user, "app");
  EXPECT_EQ(users[0].name.host, "%");
  EXPECT_EQ(users[0].password, "pw");
  EXPECT_EQ(users[1].name.host, "%");  // MySQL's default host
  EXPECT_EQ(users[1].auth_plugin, "mysql_native_password");
  auto drop = MustParse("DROP USER IF EXISTS 'a'@localhost, 'b'@'10.0.0.1'");
  EXPECT_EQ(As<ast::DropUserStmt>(drop).users[0].host, "localhost");
  EXPECT_EQ(As<ast::DropUserStmt>(drop).users[1].host, "10.0.0.1");
  auto grant = MustParse("GRANT SELECT, INSERT, LOCK TABLES ON db.* TO 'app'@'%' WITH GRANT OPTION");
  const auto& g = As<ast::GrantStmt>(grant);
  ASSERT_EQ(g.privileges.size(), 3u);
  EXPECT_EQ(g.privileges[2].name, "LOCK TABLES");
  EXPECT_EQ(g.level.db, "db");
  EXPECT_EQ(g.level.table, "*");
  EXPECT_TRUE(g.with_grant_option);
  auto all = MustParse("GRANT ALL PRIVILEGES ON *.* TO u");
  EXPECT_EQ(As<ast::GrantStmt>(all).privileges[0].name, "ALL");
  EXPECT_EQ(As<ast::GrantStmt>(all).level.db, "*");
  auto revoke = MustParse("REVOKE UPDATE (a, b) ON TABLE db.t FROM 'u'@'h'");
  EXPECT_EQ(As<ast::RevokeStmt>(revoke).privileges[0].columns.size(), 2u);
  EXPECT_EQ(As<ast::RevokeStmt>(revoke).level.table, "t");
  auto alter = MustParse("ALTER USER 'u'@'h' IDENTIFIED BY 'new'");
  EXPECT_EQ(As<ast::AlterUserStmt>(alter).users[0].password, "new");
}

}  // namespace
}  // namespace sql
