// ExecContext: everything the query engine needs from the session that runs a statement.
//
// The executor (src/sql/executor.h) is stateless; all per-connection state lives in the
// session (src/server/sql_session.*), which implements this interface and passes it to each
// entry point. Contract for the whole interface:
//   - One ExecContext serves one statement at a time, on the connection's thread only; the
//     executor never calls it from another thread, so implementations need no locking for
//     their own session state (Killed() may read a flag other threads set: make it atomic).
//   - Metadata locks are the session's business: every table a statement names is already
//     locked (and known to exist or not) when the executor runs; the executor never takes,
//     releases or inspects MDL, even when it fails (e.g. "Unknown column" keeps the lock).
//   - Storage row locks ARE taken by the executor, through Transaction(); the session keeps
//     the transaction's lock-wait timeout equal to @@innodb_lock_wait_timeout
//     (storage::Transaction::set_lock_wait_timeout) and calls Transaction::Interrupt() on
//     KILL QUERY, so row-lock waits end with kLockWaitTimeout / kQueryInterrupted.
//   - Errors are storage::Status / storage::Result (src/storage/status.h), which carry a
//     sql::SqlError with MySQL's message text. MySQL numbers appear only in the protocol.
#ifndef SQL_EXEC_CONTEXT_H_
#define SQL_EXEC_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/sql_error.h"
#include "sql/virtual_table.h"
#include "storage/status.h"
#include "storage/value.h"

namespace storage {
class Engine;
class Transaction;
}  // namespace storage

namespace sql {

// SHOW WARNINGS levels.
enum class WarningLevel : uint8_t { kNote, kWarning, kError };

class ExecContext {
 public:
  virtual ~ExecContext() = default;

  // --- Storage ---------------------------------------------------------------------------

  // The storage engine (catalog, tables). Outlives the statement.
  virtual storage::Engine& engine() = 0;

  // The session's current storage transaction. The session creates it lazily on the first
  // call (an autocommit statement gets a fresh one that the session commits or rolls back
  // after the executor returns). The executor only reads/writes rows and takes savepoints
  // through it (statement-level rollback uses a savepoint named "__mdld_statement", released
  // when the statement ends); it never commits or rolls back the whole transaction.
  virtual storage::Transaction& Transaction() = 0;

  // --- Session state ---------------------------------------------------------------------

  // The current database (USE db); empty when none is selected.
  virtual const std::string& current_db() const = 0;

  // CONNECTION_ID().
  virtual uint64_t connection_id() const = 0;

  // LAST_INSERT_ID(): the session value. The executor sets it (a) when LAST_INSERT_ID(x) is
  // evaluated and (b) after an INSERT that generated AUTO_INCREMENT values (first generated
  // id of the statement), as MySQL does.
  virtual uint64_t last_insert_id() const = 0;
  virtual void set_last_insert_id(uint64_t id) = 0;

  // ROW_COUNT(): affected rows of the previous statement (-1 after a SELECT), maintained by
  // the session. FOUND_ROWS(): rows of the previous SELECT (before LIMIT when it used
  // SQL_CALC_FOUND_ROWS); the executor calls set_found_rows at the end of every SELECT.
  virtual int64_t row_count() const = 0;
  virtual uint64_t found_rows() const = 0;
  virtual void set_found_rows(uint64_t rows) = 0;

  // User variables (@x). Names are case-insensitive; an unset variable reads as NULL.
  virtual storage::Value GetUserVariable(const std::string& name) const = 0;
  virtual void SetUserVariable(const std::string& name, storage::Value value) = 0;

  // @@[scope.]name. Returns the value (integers as kInt/kUInt, ON/OFF booleans as kInt 1/0
  // as MySQL shows @@autocommit, strings as kString), or kUnknownSystemVariable
  // "Unknown system variable 'name'", or kIncorrectGlobalLocalVar for @@session.x of a
  // global-only variable ("Variable 'x' is a GLOBAL variable"). The executor also reads
  // @@sql_mode through this (STRICT_TRANS_TABLES / STRICT_ALL_TABLES, ONLY_FULL_GROUP_BY,
  // ERROR_FOR_DIVISION_BY_ZERO) once per statement.
  virtual storage::Result<storage::Value> GetSystemVariable(ast::VarScope scope,
                                                           const std::string& name) const = 0;

  // The statement's start time: NOW(), CURRENT_TIMESTAMP, CURDATE(), UNIX_TIMESTAMP() and
  // DEFAULT CURRENT_TIMESTAMP all use it, so it must stay fixed for the whole statement.
  // (SYSDATE() reads the clock itself.) Shown in the system time zone (time_zone=SYSTEM).
  virtual std::chrono::system_clock::time_point statement_time() const = 0;

  // --- Interruption ----------------------------------------------------------------------

  // True once KILL QUERY / KILL CONNECTION targeted the running statement. The executor
  // polls it between rows of long loops and then fails with kQueryInterrupted
  // "Query execution was interrupted". Thread-safe (another session sets the flag).
  virtual bool Killed() const = 0;

  // SLEEP(seconds): blocks the statement for `seconds`, with processlist State "User sleep"
  // while it waits. Returns false after the full duration, true if KILL QUERY/CONNECTION
  // ended it early. MySQL 8.0 (manual, SLEEP()): an interrupted SLEEP() returns 1; when the
  // SLEEP() is the only thing the query does (SELECT SLEEP(10) without FROM) the statement
  // succeeds with 1, otherwise the statement fails with 1317 — the executor applies that
  // rule; the session must NOT clear the kill flag until the statement ends.
  virtual bool Sleep(double seconds) = 0;

  // --- Diagnostics -----------------------------------------------------------------------

  // information_schema / performance_schema / sys / mysql tables. Called when the FROM
  // clause names a table in one of those databases (compared case-insensitively); `db` is
  // lower-cased, `name` as written. Returns nullopt if no such table exists (the executor
  // then fails with kNoSuchTable "Table 'db.name' doesn't exist").
  virtual std::optional<VirtualTable> OpenVirtualTable(const std::string& db,
                                                       const std::string& name) = 0;

  // Functions only the session can run, called with evaluated arguments. The executor calls
  // this for exactly these names (upper-cased), with the result types it reports in
  // metadata: GET_LOCK(name, timeout) → BIGINT 1/0/NULL; RELEASE_LOCK(name) → BIGINT
  // 1/0/NULL; RELEASE_ALL_LOCKS() → BIGINT UNSIGNED count; IS_FREE_LOCK(name) → BIGINT;
  // IS_USED_LOCK(name) → BIGINT UNSIGNED connection id or NULL; USER(), SESSION_USER(),
  // SYSTEM_USER() → VARCHAR 'user@host'; CURRENT_USER() → VARCHAR 'user@%'-style account.
  // Errors (kUserLockDeadlock, kUserLockWrongName, kQueryInterrupted...) fail the statement.
  virtual storage::Result<storage::Value> CallSessionFunction(
      const std::string& name, const std::vector<storage::Value>& args) = 0;

  // Adds a row to SHOW WARNINGS for the current statement (division by zero, truncation,
  // INSERT IGNORE duplicates, ...). The session counts them for the OK packet's warnings.
  virtual void PushWarning(WarningLevel level, const SqlError& warning) = 0;

  // Rows the statement read from tables (MySQL's Rows_examined), reported once at the end of
  // each statement. Optional: the default ignores it. Tests use it to check index use.
  virtual void OnRowsExamined(uint64_t rows) { (void)rows; }
};

}  // namespace sql

#endif  // SQL_EXEC_CONTEXT_H_
