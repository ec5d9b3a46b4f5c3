#include "diag/statement_event_name.h"

#include <gtest/gtest.h>

namespace diag {
namespace {

TEST(StatementEventNameTest, NamesMysqlSqlCommands) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT error FROM sbtest2", "select"},
      {"  /* hint */ select 1", "select"},
      {"(SELECT 1) UNION (SELECT 2)", "select"},
      {"WITH x AS (SELECT 1) SELECT * FROM x", "select"},
      {"INSERT INTO t VALUES (1)", "insert"},
      {"INSERT INTO t SELECT * FROM u", "insert_select"},
      {"REPLACE INTO t VALUES (1)", "replace"},
      {"UPDATE t SET v = 1", "update"},
      {"UPDATE t, u SET t.v = u.v", "update_multi"},
      {"DELETE FROM t WHERE id = 1", "delete"},
      {"DELETE t FROM t JOIN u ON t.id = u.id", "delete_multi"},
      {"ALTER TABLE sbtest2 ADD test3 INT", "alter_table"},
      {"CREATE TABLE t (id INT)", "create_table"},
      {"CREATE TEMPORARY TABLE t (id INT)", "create_table"},
      {"CREATE UNIQUE INDEX i ON t (v)", "create_index"},
      {"CREATE DATABASE d", "create_db"},
      {"DROP SCHEMA d", "drop_db"},
      {"DROP TABLE t", "drop_table"},
      {"CREATE USER u", "create_user"},
      {"RENAME TABLE a TO b", "rename_table"},
      {"TRUNCATE TABLE t", "truncate"},
      {"BEGIN", "begin"},
      {"START TRANSACTION", "begin"},
      {"COMMIT", "commit"},
      {"ROLLBACK", "rollback"},
      {"ROLLBACK TO SAVEPOINT s", "rollback_to_savepoint"},
      {"ROLLBACK WORK TO s", "rollback_to_savepoint"},
      {"SAVEPOINT s", "savepoint"},
      {"RELEASE SAVEPOINT s", "release_savepoint"},
      {"SET autocommit = 0", "set_option"},
      {"LOCK TABLES t WRITE", "lock_tables"},
      {"UNLOCK TABLES", "unlock_tables"},
      {"LOCK INSTANCE FOR BACKUP", "lock_instance"},
      {"FLUSH TABLES WITH READ LOCK", "flush"},
      {"KILL 5", "kill"},
      {"USE scn", "change_db"},
      {"SHOW FULL PROCESSLIST", "show_processlist"},
      {"SHOW GLOBAL VARIABLES", "show_variables"},
      {"SHOW ENGINE INNODB STATUS", "show_engine_status"},
      {"SHOW CREATE TABLE t", "show_create_table"},
      {"SHOW TABLE STATUS", "show_table_status"},
      {"SHOW COUNT(*) ERRORS", "show_errors"},
      {"DESCRIBE t", "show_fields"},
      {"EXPLAIN SELECT 1", "select"},
      {"PREPARE s FROM 'SELECT 1'", "prepare_sql"},
      {"EXECUTE s", "execute_sql"},
      {"DEALLOCATE PREPARE s", "dealloc_sql"},
      {"DO SLEEP(1)", "do"},
      {"XA START 'x'", "xa_start"},
      {"SELEC 1", "error"},
      {"", "error"}};
  for (const auto& [sql, command] : cases) {
    EXPECT_EQ(StatementEventName(sql), "statement/sql/" + command) << sql;
  }
}

TEST(StatementEventNameTest, QuotedTextAndCommentsAreNotKeywords) {
  EXPECT_EQ(StatementEventName("-- SELECT\nUPDATE t SET v = 'SELECT'"), "statement/sql/update");
  EXPECT_EQ(StatementEventName("# x\nINSERT INTO `select` VALUES ('SELECT')"),
            "statement/sql/insert");
}

}  // namespace
}  // namespace diag
