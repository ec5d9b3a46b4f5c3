// DDL through the session: validation errors, ALTER phases held at sync points.
#include "session_test_util.h"

namespace session_test {
namespace {

using V = std::vector<std::string>;

TEST_F(SessionTest, CreateTableValidationErrors) {
  Client& a = Connect();
  a.Ok("CREATE DATABASE d");
  a.Ok("USE d");
  EXPECT_EQ(a.Exec("CREATE TABLE x (a INT, a INT)").error.code, sql::ErrorCode::kDuplicateColumn);
  EXPECT_EQ(a.Exec("CREATE TABLE x (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))").error.code,
            sql::ErrorCode::kMultiplePrimaryKey);
  EXPECT_EQ(a.Exec("CREATE TABLE x (a INT, KEY k (a), KEY k (a))").error.code,
            sql::ErrorCode::kDuplicateKeyName);
  a.Ok("CREATE TABLE x (a INT)");
  Outcome exists = a.Exec("CREATE TABLE x (a INT)");
  EXPECT_EQ(exists.error.message, "Table 'x' already exists");
  a.Ok("CREATE TABLE IF NOT EXISTS x (a INT)");
  EXPECT_EQ(a.Ok("SHOW WARNINGS").rows(), 1u);
  Outcome drop = a.Exec("DROP TABLE nosuch");
  EXPECT_EQ(drop.error.code, sql::ErrorCode::kUnknownTable);
  EXPECT_EQ(drop.error.message, "Unknown table 'd.nosuch'");
  EXPECT_EQ(a.Exec("CREATE DATABASE d").error.code, sql::ErrorCode::kDatabaseExists);
}

TEST_F(SessionTest, DdlErrorsWithTheirOwnCodes) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("INSERT INTO t VALUES (3, NULL)");
  Outcome o = a.Exec("ALTER TABLE t ADD INDEX k (nosuch)");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kKeyColumnDoesNotExist);
  EXPECT_EQ(o.error.message, "Key column 'nosuch' doesn't exist in table");
  o = a.Exec("ALTER TABLE t MODIFY c VARCHAR(10) NOT NULL");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kInvalidUseOfNull);
  EXPECT_EQ(o.error.message, "Invalid use of NULL value");
  a.Ok("UPDATE t SET c = 'n' WHERE id = 3");
  a.Ok("ALTER TABLE t MODIFY c VARCHAR(10) NOT NULL");
  o = a.Exec("CREATE TABLE e (id INT) ENGINE = Bogus");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kUnknownStorageEngine);
  EXPECT_EQ(o.error.message, "Unknown storage engine 'Bogus'");
  EXPECT_EQ(a.Exec("ALTER TABLE t ENGINE = Bogus").error.code, sql::ErrorCode::kUnknownStorageEngine);
  a.Ok("CREATE TABLE e (id INT) ENGINE = MyISAM");  // mapped to the one engine, as InnoDB
  o = a.Exec("SET SESSION lock_wait_timeout = 'abc'");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kWrongTypeForVar);
  EXPECT_EQ(o.error.message, "Incorrect argument type to variable 'lock_wait_timeout'");
}

TEST_F(SessionTest, DdlCommitsTheOpenTransactionImplicitly) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("INSERT INTO t VALUES (3, 'x')");
  a.Ok("CREATE TABLE u (a INT)");
  EXPECT_FALSE(a.session().in_transaction());
  a.Ok("ROLLBACK");
  EXPECT_EQ(a.Ok("SELECT COUNT(*) FROM t").Cell(0, 0), "3");
}

TEST_F(SessionTest, AlterCopyPhaseAllowsReadsAndBlocksWrites) {
  Client& ddl = Connect();
  Client& reader = Connect("root", "");
  Client& writer = Connect("root", "");
  MakeTable(ddl, 5);
  reader.Ok("USE d");
  writer.Ok("USE d");
  ddl.Ok("SET debug_sync = 'alter_table_copy_phase SIGNAL copying WAIT_FOR go'");
  ddl.Start("ALTER TABLE t MODIFY c VARCHAR(20), ALGORITHM=COPY");
  reader.Ok("SET debug_sync = 'now WAIT_FOR copying'");
  EXPECT_EQ(LocksOf(ddl.id()),
            (V{"BACKUP LOCK INTENTION_EXCLUSIVE TRANSACTION GRANTED",
               "GLOBAL INTENTION_EXCLUSIVE STATEMENT GRANTED",
               "SCHEMA d INTENTION_EXCLUSIVE TRANSACTION GRANTED",
               "TABLE d.t SHARED_NO_WRITE TRANSACTION GRANTED"}));
  EXPECT_EQ(reader.Ok("SELECT COUNT(*) FROM t").Cell(0, 0), "5");
  writer.Start("INSERT INTO t VALUES (6, 'w')");
  WaitForState(writer, "Waiting for table metadata lock");
  reader.Ok("SET debug_sync = 'now SIGNAL go'");
  Outcome alter = ddl.Join();
  ASSERT_TRUE(alter.ok) << alter.error.message;
  EXPECT_EQ(alter.result.affected_rows, 5u);
  EXPECT_TRUE(writer.Join().ok);
  EXPECT_EQ(LocksOf(ddl.id()), V{});
}

TEST_F(SessionTest, AlterInplaceBuildPhaseAllowsWrites) {
  Client& ddl = Connect();
  Client& writer = Connect("root", "");
  MakeTable(ddl, 3);
  writer.Ok("USE d");
  ddl.Ok("SET debug_sync = 'alter_table_inplace_build SIGNAL building WAIT_FOR go'");
  ddl.Start("CREATE INDEX ic ON t (c)");
  writer.Ok("SET debug_sync = 'now WAIT_FOR building'");
  EXPECT_EQ(LocksOf(ddl.id()).back(), "TABLE d.t SHARED_UPGRADABLE TRANSACTION GRANTED");
  writer.Ok("INSERT INTO t VALUES (4, 'w')");
  writer.Ok("SET debug_sync = 'now SIGNAL go'");
  ASSERT_TRUE(ddl.Join().ok);
  EXPECT_EQ(writer.Ok("SHOW INDEX FROM t").rows(), 2u);
}

TEST_F(SessionTest, InstantRefusedForIndexAndTypeChangesAsMysql) {
  Client& a = Connect();
  MakeTable(a);
  Outcome o = a.Exec("ALTER TABLE t ADD INDEX (c), ALGORITHM=INSTANT");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kAlterOperationNotSupported);
  EXPECT_EQ(o.error.message,
            "ALGORITHM=INSTANT is not supported for this operation. Try ALGORITHM=COPY/INPLACE.");
  o = a.Exec("ALTER TABLE t MODIFY c INT, ALGORITHM=INPLACE");
  EXPECT_EQ(o.error.message,
            "ALGORITHM=INPLACE is not supported. Reason: Cannot change column type INPLACE. "
            "Try ALGORITHM=COPY.");
  a.Ok("ALTER TABLE t ADD COLUMN n INT, ALGORITHM=INSTANT");
  EXPECT_EQ(a.Ok("SELECT * FROM t").result.result_set.columns.size(), 3u);
}

TEST_F(SessionTest, FailedUpgradeLeavesTableUnchanged) {
  Client& a = Connect();
  Client& ddl = Connect("root", "");
  MakeTable(a);
  ddl.Ok("USE d");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  ddl.Ok("SET lock_wait_timeout = 1");
  Outcome o = ddl.Exec("ALTER TABLE t ADD COLUMN x INT");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kLockWaitTimeout);
  a.Ok("COMMIT");
  EXPECT_EQ(a.Ok("SELECT * FROM t").result.result_set.columns.size(), 2u);
}

TEST_F(SessionTest, ShowCreateTableAndColumns) {
  Client& a = Connect();
  MakeTable(a);
  Outcome o = a.Ok("SHOW CREATE TABLE t");
  EXPECT_EQ(o.Cell(0, 1),
            "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `c` varchar(10) DEFAULT NULL,\n"
            "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
            "COLLATE=utf8mb4_0900_ai_ci");
  Outcome cols = a.Ok("SHOW COLUMNS FROM t");
  ASSERT_EQ(cols.rows(), 2u);
  EXPECT_EQ(cols.Cell(0, 1), "int");
  EXPECT_EQ(cols.Cell(0, 3), "PRI");
  Outcome tables = a.Ok(
      "SELECT TABLE_NAME FROM information_schema.tables WHERE TABLE_SCHEMA = 'd'");
  ASSERT_EQ(tables.rows(), 1u);
  EXPECT_EQ(tables.Cell(0, 0), "t");
}

}  // namespace
}  // namespace session_test
