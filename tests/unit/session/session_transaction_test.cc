// Transactions and their metadata locks at session level (seed scenarios included).
#include "session_test_util.h"

namespace session_test {
namespace {

using V = std::vector<std::string>;

TEST_F(SessionTest, EndToEndCreateInsertSelect) {
  Client& a = Connect();
  MakeTable(a, 2);
  Outcome o = a.Ok("SELECT id, c FROM t ORDER BY id");
  ASSERT_EQ(o.rows(), 2u);
  EXPECT_EQ(o.Cell(1, 0), "2");
  EXPECT_TRUE(o.result.autocommit);
  EXPECT_FALSE(o.result.in_transaction);
}

TEST_F(SessionTest, AutocommitSelectReleasesItsLocks) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("SELECT * FROM t");
  EXPECT_EQ(LocksOf(a.id()), V{});
}

TEST_F(SessionTest, SelectInTransactionHoldsSharedReadUntilCommit) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
  a.Ok("COMMIT");
  EXPECT_EQ(LocksOf(a.id()), V{});
}

TEST_F(SessionTest, InsertInTransactionHoldsSharedWriteAndGlobalIxIsStatementOnly) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("INSERT INTO t VALUES (10, 'x')");
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_WRITE TRANSACTION GRANTED"});
  a.Ok("ROLLBACK");
  EXPECT_EQ(a.Ok("SELECT COUNT(*) FROM t").Cell(0, 0), "2");
}

TEST_F(SessionTest, FailedSelectWithUnknownColumnKeepsTheLockInTransaction) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  Outcome o = a.Exec("SELECT nosuch FROM t");
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(o.error.code, sql::ErrorCode::kUnknownColumn);
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
}

TEST_F(SessionTest, AutocommitOffStartsTransactionAndSetAutocommitOnCommits) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("SET autocommit = 0");
  Outcome o = a.Ok("SELECT * FROM t");
  EXPECT_TRUE(o.result.in_transaction);
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
  a.Ok("SET autocommit = 1");
  EXPECT_EQ(LocksOf(a.id()), V{});
}

TEST_F(SessionTest, IdleTransactionBlocksAlterAndPendingAlterBlocksNewSelect) {
  Client& a = Connect();
  Client& b = Connect("root", "");
  Client& c = Connect();
  MakeTable(a);
  b.Ok("USE d");
  c.Ok("USE d");
  c.Ok("SET lock_wait_timeout = 100");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  b.Start("ALTER TABLE t ADD COLUMN x INT");
  WaitForState(b, "Waiting for table metadata lock");
  c.Start("SELECT * FROM t");
  WaitForState(c, "Waiting for table metadata lock");
  a.Ok("COMMIT");
  EXPECT_TRUE(b.Join().ok);
  Outcome sel = c.Join();
  ASSERT_TRUE(sel.ok) << sel.error.message;
  EXPECT_EQ(sel.result.result_set.columns.size(), 3u);
}

TEST_F(SessionTest, LockWaitTimeoutFailsOnlyTheStatement) {
  Client& a = Connect();
  Client& b = Connect();
  MakeTable(a);
  b.Ok("USE d");
  a.Ok("LOCK TABLES t WRITE");
  b.Ok("BEGIN");
  b.Ok("SET SESSION lock_wait_timeout = 1");
  Outcome o = b.Exec("SELECT * FROM t");
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(o.error.code, sql::ErrorCode::kLockWaitTimeout);
  EXPECT_EQ(o.error.message, "Lock wait timeout exceeded; try restarting transaction");
  EXPECT_TRUE(b.session().in_transaction());
  EXPECT_EQ(LocksOf(b.id()), V{});
}

TEST_F(SessionTest, SetWithSubqueryLocksItsTable) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("SET @n = (SELECT COUNT(*) FROM t)");
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
  EXPECT_EQ(a.Ok("SELECT @n").Cell(0, 0), "2");
}

TEST_F(SessionTest, SavepointRollbackReleasesLocksTakenAfterIt) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("CREATE TABLE u (id INT PRIMARY KEY)");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  a.Ok("SAVEPOINT sp");
  a.Ok("INSERT INTO u VALUES (1)");
  EXPECT_EQ(LocksOf(a.id()), (V{"TABLE d.t SHARED_READ TRANSACTION GRANTED",
                                "TABLE d.u SHARED_WRITE TRANSACTION GRANTED"}));
  a.Ok("ROLLBACK TO SAVEPOINT sp");
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
  a.Ok("COMMIT");
  EXPECT_EQ(a.Ok("SELECT COUNT(*) FROM u").Cell(0, 0), "0");
  Outcome o = a.Exec("ROLLBACK TO SAVEPOINT nosuch");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kSpDoesNotExist);
}

TEST_F(SessionTest, PrepareReleasesItsLocksEvenInTransaction) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("PREPARE s FROM 'SELECT * FROM t WHERE id = ?'");
  EXPECT_EQ(LocksOf(a.id()), V{});
  a.Ok("SET @x = 2");
  Outcome o = a.Ok("EXECUTE s USING @x");
  ASSERT_EQ(o.rows(), 1u);
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ TRANSACTION GRANTED"});
  a.Ok("DEALLOCATE PREPARE s");
}

TEST_F(SessionTest, DisconnectRollsBackAndReleasesEverything) {
  Client& a = Connect();
  MakeTable(a);
  uint64_t id;
  {
    Client& b = Connect("root", "d");
    id = b.id();
    b.Ok("BEGIN");
    b.Ok("INSERT INTO t VALUES (9, 'z')");
    b.Ok("SELECT GET_LOCK('ul', 0)");
    EXPECT_FALSE(LocksOf(id).empty());
    clients_.pop_back();
  }
  EXPECT_EQ(LocksOf(id), V{});
  EXPECT_EQ(a.Ok("SELECT COUNT(*) FROM t").Cell(0, 0), "2");
}

TEST_F(SessionTest, SystemVariablesSessionAndGlobal) {
  Client& a = Connect();
  EXPECT_EQ(a.Ok("SELECT @@lock_wait_timeout").Cell(0, 0), "31536000");
  a.Ok("SET GLOBAL lock_wait_timeout = 20");
  EXPECT_EQ(a.Ok("SELECT @@lock_wait_timeout").Cell(0, 0), "31536000");
  Client& b = Connect();
  EXPECT_EQ(b.Ok("SELECT @@lock_wait_timeout").Cell(0, 0), "20");
  Outcome o = a.Exec("SET no_such_var = 1");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kUnknownSystemVariable);
  EXPECT_EQ(o.error.message, "Unknown system variable 'no_such_var'");
  o = a.Exec("SET version = 'x'");
  EXPECT_EQ(o.error.message, "Variable 'version' is a read only variable");
  EXPECT_EQ(a.Ok("SELECT @@version_comment").Cell(0, 0),
            "mdld MySQL-compatible metadata lock server");
}

TEST_F(SessionTest, ShowProcesslistAndMetadataLocksTable) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  Outcome o = a.Ok(
      "SELECT OBJECT_TYPE, OBJECT_SCHEMA, OBJECT_NAME, LOCK_TYPE, LOCK_DURATION, LOCK_STATUS, "
      "OWNER_THREAD_ID FROM performance_schema.metadata_locks WHERE OBJECT_NAME = 't'");
  ASSERT_EQ(o.rows(), 1u);
  EXPECT_EQ(o.Cell(0, 3), "SHARED_READ");
  EXPECT_EQ(o.Cell(0, 6), std::to_string(a.id()));
  Outcome p = a.Ok("SHOW PROCESSLIST");
  ASSERT_EQ(p.rows(), 1u);
  EXPECT_EQ(p.Cell(0, 4), "Query");
  EXPECT_EQ(p.Cell(0, 7), "SHOW PROCESSLIST");
}

}  // namespace
}  // namespace session_test
