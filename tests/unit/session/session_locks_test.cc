// LOCK TABLES, FLUSH TABLES WITH READ LOCK, user-level locks and KILL at session level.
#include "session_test_util.h"

namespace session_test {
namespace {

using V = std::vector<std::string>;

TEST_F(SessionTest, LockTablesRestrictsAccessToLockedTables) {
  Client& a = Connect();
  MakeTable(a);
  a.Ok("CREATE TABLE u (id INT)");
  a.Ok("LOCK TABLES t READ");
  EXPECT_EQ(LocksOf(a.id()), V{"TABLE d.t SHARED_READ_ONLY EXPLICIT GRANTED"});
  a.Ok("SELECT * FROM t");
  Outcome o = a.Exec("SELECT * FROM u");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kTableNotLocked);
  EXPECT_EQ(o.error.message, "Table 'u' was not locked with LOCK TABLES");
  o = a.Exec("INSERT INTO t VALUES (5, 'x')");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kTableNotLockedForWrite);
  EXPECT_EQ(o.error.message, "Table 't' was locked with a READ lock and can't be updated");
  a.Ok("UNLOCK TABLES");
  EXPECT_EQ(LocksOf(a.id()), V{});
}

TEST_F(SessionTest, LockTablesWriteBlocksReadersUntilUnlock) {
  Client& a = Connect();
  Client& b = Connect();
  MakeTable(a);
  b.Ok("USE d");
  a.Ok("LOCK TABLES t WRITE");
  a.Ok("INSERT INTO t VALUES (7, 'w')");
  b.Start("SELECT COUNT(*) FROM t");
  WaitForState(b, "Waiting for table metadata lock");
  a.Ok("UNLOCK TABLES");
  Outcome o = b.Join();
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.Cell(0, 0), "3");
}

TEST_F(SessionTest, KillConnectionReleasesLockTables) {
  Client& a = Connect();
  Client& holder = Connect("root", "");
  MakeTable(a);
  holder.Ok("USE d");
  holder.Ok("LOCK TABLES t WRITE");
  a.Ok("KILL " + std::to_string(holder.id()));
  EXPECT_TRUE(holder.session().connection_killed());
  clients_.erase(clients_.begin() + 1);  // the connection thread closes the session
  a.Ok("SELECT * FROM t");
}

TEST_F(SessionTest, FtwrlBlocksWritesAndCommits) {
  Client& a = Connect();
  Client& writer = Connect();
  Client& committer = Connect();
  MakeTable(a);
  writer.Ok("USE d");
  committer.Ok("USE d");
  committer.Ok("BEGIN");
  committer.Ok("INSERT INTO t VALUES (20, 'c')");
  Client& ftwrl = Connect();
  ftwrl.Ok("FLUSH TABLES WITH READ LOCK");
  EXPECT_EQ(LocksOf(ftwrl.id()), (V{"COMMIT SHARED EXPLICIT GRANTED", "GLOBAL SHARED EXPLICIT GRANTED"}));
  writer.Start("INSERT INTO t VALUES (21, 'w')");
  WaitForState(writer, "Waiting for global read lock");
  committer.Start("COMMIT");
  WaitForState(committer, "Waiting for commit lock");
  Outcome own = ftwrl.Exec("INSERT INTO d.t VALUES (22, 'f')");
  EXPECT_EQ(own.error.code, sql::ErrorCode::kCantUpdateWithReadLock);
  ftwrl.Ok("UNLOCK TABLES");
  EXPECT_TRUE(writer.Join().ok);
  EXPECT_TRUE(committer.Join().ok);
  EXPECT_EQ(a.Ok("SELECT COUNT(*) FROM t").Cell(0, 0), "4");
}

TEST_F(SessionTest, GetLockSemantics) {
  Client& a = Connect();
  Client& b = Connect();
  EXPECT_EQ(a.Ok("SELECT GET_LOCK('L1', 0)").Cell(0, 0), "1");
  EXPECT_EQ(a.Ok("SELECT GET_LOCK('l1', 0)").Cell(0, 0), "1");  // recursive, case-insensitive
  EXPECT_EQ(b.Ok("SELECT GET_LOCK('l1', 0)").Cell(0, 0), "0");  // timeout
  EXPECT_EQ(b.Ok("SELECT IS_FREE_LOCK('l1')").Cell(0, 0), "0");
  EXPECT_EQ(b.Ok("SELECT IS_USED_LOCK('l1')").Cell(0, 0), std::to_string(a.id()));
  EXPECT_EQ(b.Ok("SELECT RELEASE_LOCK('l1')").Cell(0, 0), "0");   // not the owner
  EXPECT_EQ(b.Ok("SELECT RELEASE_LOCK('nobody')").Cell(0, 0), "NULL");
  EXPECT_EQ(a.Ok("SELECT RELEASE_LOCK('l1')").Cell(0, 0), "1");
  EXPECT_EQ(b.Ok("SELECT IS_FREE_LOCK('l1')").Cell(0, 0), "0");  // still held once
  EXPECT_EQ(a.Ok("SELECT RELEASE_ALL_LOCKS()").Cell(0, 0), "1");
  EXPECT_EQ(b.Ok("SELECT IS_FREE_LOCK('l1')").Cell(0, 0), "1");
  Outcome bad = a.Exec("SELECT GET_LOCK('', 0)");
  EXPECT_EQ(bad.error.code, sql::ErrorCode::kUserLockWrongName);
}

TEST_F(SessionTest, UserLockDeadlockIsReported) {
  Client& a = Connect();
  Client& b = Connect();
  a.Ok("SELECT GET_LOCK('x', 0)");
  b.Ok("SELECT GET_LOCK('y', 0)");
  a.Start("SELECT GET_LOCK('y', 100)");
  WaitForState(a, "User lock");
  Outcome o = b.Exec("SELECT GET_LOCK('x', 100)");
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(o.error.code, sql::ErrorCode::kUserLockDeadlock);
  b.Ok("SELECT RELEASE_ALL_LOCKS()");
  EXPECT_EQ(a.Join().Cell(0, 0), "1");
}

TEST_F(SessionTest, KillQueryInterruptsWaitingAlterAndLeavesTableUnchanged) {
  Client& a = Connect();
  Client& b = Connect("root", "");
  MakeTable(a);
  b.Ok("USE d");
  a.Ok("BEGIN");
  a.Ok("SELECT * FROM t");
  b.Start("ALTER TABLE t ADD COLUMN x INT");
  WaitForState(b, "Waiting for table metadata lock");
  Client& killer = Connect();
  killer.Ok("KILL QUERY " + std::to_string(b.id()));
  Outcome o = b.Join();
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(o.error.code, sql::ErrorCode::kQueryInterrupted);
  a.Ok("COMMIT");
  EXPECT_EQ(a.Ok("SELECT * FROM t").result.result_set.columns.size(), 2u);
  EXPECT_FALSE(b.session().connection_killed());
  b.Ok("SELECT 1");  // the next statement runs normally
}

TEST_F(SessionTest, KillUnknownThreadAndOtherUsersThread) {
  Client& a = Connect();
  Outcome o = a.Exec("KILL 9999");
  EXPECT_EQ(o.error.code, sql::ErrorCode::kUnknownThread);
  EXPECT_EQ(o.error.message, "Unknown thread id: 9999");
  a.Ok("CREATE USER bob IDENTIFIED BY 'pw'");
  Client& bob = Connect("bob");
  Outcome denied = bob.Exec("KILL " + std::to_string(a.id()));
  EXPECT_EQ(denied.error.code, sql::ErrorCode::kKillDenied);
  EXPECT_EQ(denied.error.message, "You are not owner of thread " + std::to_string(a.id()));
}

TEST_F(SessionTest, KillQueryEndsSleepWithOne) {
  Client& a = Connect();
  a.Start("SELECT SLEEP(100)");
  WaitForState(a, "User sleep");
  Connect().Ok("KILL QUERY " + std::to_string(a.id()));
  Outcome o = a.Join();
  ASSERT_TRUE(o.ok) << o.error.message;
  EXPECT_EQ(o.Cell(0, 0), "1");
}

// DML takes its table locks through the session's prepared handles, each pinning its lock
// object. COM_RESET_CONNECTION drops them: the reset session keeps no lock object alive
// beyond its lock context's small idle cache (mdl::Options::context_cache_size, 16).
TEST_F(SessionTest, ResetConnectionUnpinsThePreparedLockHandles) {
  Client& setup = Connect();
  setup.Ok("CREATE DATABASE d");
  constexpr int kTables = 40;
  for (int i = 0; i < kTables; ++i) setup.Ok("CREATE TABLE d.t" + std::to_string(i) + " (id INT)");
  Client& c = Connect();
  for (int i = 0; i < kTables; ++i) c.Ok("SELECT * FROM d.t" + std::to_string(i));
  const size_t pinned = state().locks.TEST_LockObjectCount();
  c.session().ResetConnection();
  const size_t after = state().locks.TEST_LockObjectCount();
  EXPECT_LE(after + (kTables - 16), pinned) << "pinned " << pinned << ", after reset " << after;
  // The session works as before, its handles prepared anew.
  c.Ok("SELECT * FROM d.t0");
}

}  // namespace
}  // namespace session_test
