// What real clients send: sysbench oltp_read_write, the mariadb CLI, PyMySQL and SQLAlchemy 1.4.
// Each must parse to the expected statement kind (and, for SELECTs, name its columns as MySQL).
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

struct ClientCase {
  const char* text;
  size_t kind;               // index into ast::Statement::Node
  const char* first_column;  // SELECT only: name of the first result column
};

template <typename T>
constexpr size_t KindOf() {
  ast::Statement::Node node{std::in_place_type<T>};
  return node.index();
}

class ClientStatementTest : public ::testing::TestWithParam<ClientCase> {};

TEST_P(ClientStatementTest, Parses) {
  auto st = testing::MustParse(GetParam().text);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->node.index(), GetParam().kind);
  if (GetParam().first_column != nullptr) {
    const auto* select = st->As<ast::SelectStmt>();
    ASSERT_NE(select, nullptr);
    EXPECT_EQ(select->items[0].name, GetParam().first_column);
  }
}

const size_t kSelect = KindOf<ast::SelectStmt>();

INSTANTIATE_TEST_SUITE_P(
    Sysbench, ClientStatementTest,
    ::testing::Values(
        ClientCase{"SELECT c FROM sbtest1 WHERE id=?", kSelect, "c"},
        ClientCase{"SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?", kSelect, "c"},
        ClientCase{"SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ?", kSelect, "SUM(k)"},
        ClientCase{"SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", kSelect, "c"},
        ClientCase{"SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", kSelect,
                   "c"},
        ClientCase{"UPDATE sbtest1 SET k=k+1 WHERE id=?", KindOf<ast::UpdateStmt>(), nullptr},
        ClientCase{"UPDATE sbtest1 SET c=? WHERE id=?", KindOf<ast::UpdateStmt>(), nullptr},
        ClientCase{"DELETE FROM sbtest1 WHERE id=?", KindOf<ast::DeleteStmt>(), nullptr},
        ClientCase{"INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)",
                   KindOf<ast::InsertStmt>(), nullptr},
        ClientCase{"CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT "
                   "'0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT "
                   "NULL, PRIMARY KEY (id)) /*! ENGINE = innodb */",
                   KindOf<ast::CreateTableStmt>(), nullptr},
        ClientCase{"CREATE INDEX k_1 ON sbtest1(k)", KindOf<ast::CreateIndexStmt>(), nullptr},
        ClientCase{"DROP TABLE IF EXISTS sbtest1", KindOf<ast::DropTableStmt>(), nullptr},
        ClientCase{"BEGIN", KindOf<ast::TransactionStmt>(), nullptr},
        ClientCase{"COMMIT", KindOf<ast::TransactionStmt>(), nullptr}));

INSTANTIATE_TEST_SUITE_P(
    MariadbCli, ClientStatementTest,
    ::testing::Values(
        ClientCase{"select @@version_comment limit 1", kSelect, "@@version_comment"},
        ClientCase{"SELECT DATABASE()", kSelect, "DATABASE()"},
        ClientCase{"show databases", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"show tables", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"select USER()", kSelect, "USER()"}));

INSTANTIATE_TEST_SUITE_P(
    PyMySqlAndSqlAlchemy, ClientStatementTest,
    ::testing::Values(
        ClientCase{"SET AUTOCOMMIT = 0", KindOf<ast::SetStmt>(), nullptr},
        ClientCase{"SET NAMES utf8mb4", KindOf<ast::SetStmt>(), nullptr},
        ClientCase{"SELECT @@tx_isolation", kSelect, "@@tx_isolation"},
        ClientCase{"SELECT @@transaction_isolation", kSelect, "@@transaction_isolation"},
        ClientCase{"SHOW VARIABLES LIKE 'sql_mode'", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"SHOW VARIABLES LIKE 'lower_case_table_names'", KindOf<ast::ShowStmt>(),
                   nullptr},
        ClientCase{"SELECT CAST('test plain returns' AS CHAR(60)) AS anon_1", kSelect, "anon_1"},
        ClientCase{"SELECT CAST('test unicode returns' AS CHAR(60)) AS anon_1", kSelect,
                   "anon_1"},
        ClientCase{"SHOW FULL TABLES FROM `test`", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"DESCRIBE `users`", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"SHOW CREATE TABLE `users`", KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'test' "
                   "AND table_name = 'users'",
                   kSelect, "COUNT(*)"},
        ClientCase{"SELECT users.id AS users_id, users.name AS users_name \nFROM users \nWHERE "
                   "users.id = 1",
                   kSelect, "users_id"},
        ClientCase{"INSERT INTO users (name, fullname) VALUES ('a', 'b')",
                   KindOf<ast::InsertStmt>(), nullptr},
        ClientCase{"SELECT users.id AS users_id FROM users WHERE users.name IN ('a', 'b') "
                   "ORDER BY users.id \n LIMIT 1",
                   kSelect, "users_id"},
        ClientCase{"SELECT count(*) AS count_1 \nFROM (SELECT users.id AS users_id \nFROM users) "
                   "AS anon_1",
                   kSelect, "count_1"},
        ClientCase{"ROLLBACK", KindOf<ast::TransactionStmt>(), nullptr},
        ClientCase{"SELECT @@session.transaction_read_only", kSelect,
                   "@@session.transaction_read_only"},
        ClientCase{"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
                   KindOf<ast::SetTransactionStmt>(), nullptr},
        ClientCase{"/*!40101 SET character_set_client = utf8 */", KindOf<ast::SetStmt>(),
                   nullptr},
        ClientCase{"SELECT CAST('test collated returns' AS CHAR CHARACTER SET utf8mb4) COLLATE "
                   "utf8mb4_bin AS anon_1",
                   kSelect, "anon_1"},
        ClientCase{"SHOW COLLATION WHERE `Charset` = 'utf8mb4' AND `Default` = 'Yes'",
                   KindOf<ast::ShowStmt>(), nullptr},
        ClientCase{"SELECT 1 FROM DUAL", kSelect, "1"},
        ClientCase{"SHOW VARIABLES LIKE 'lower_case_table_names'", KindOf<ast::ShowStmt>(),
                   nullptr},
        ClientCase{"INSERT INTO sbtest1(k, c, pad) VALUES(1, 'a', 'b'),(2, 'c', 'd')",
                   KindOf<ast::InsertStmt>(), nullptr},
        ClientCase{"SELECT * FROM performance_schema.metadata_locks WHERE OBJECT_SCHEMA = 'db'",
                   kSelect, "*"},
        ClientCase{"SELECT waiting_pid, blocking_pid FROM sys.schema_table_lock_waits", kSelect,
                   "waiting_pid"},
        ClientCase{"SELECT ID, USER, STATE, INFO FROM information_schema.PROCESSLIST WHERE "
                   "COMMAND != 'Sleep'",
                   kSelect, "ID"}));

}  // namespace
}  // namespace sql
