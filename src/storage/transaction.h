// Transaction: the only way to read and change rows.
//
// Isolation: every transaction gets READ COMMITTED semantics, whatever `isolation` says (the
// level is recorded and reported, e.g. in INNODB_TRX; SELECT @@transaction_isolation should
// still show the session's setting, MySQL's default 'REPEATABLE-READ'). Concretely:
//   - a plain (non-locking) read sees, per row, the latest committed version, or this
//     transaction's own uncommitted version; it never waits for row locks;
//   - a locking read (RowLockMode kShared = FOR SHARE, kExclusive = FOR UPDATE) first takes the
//     row lock, then sees the latest version (which then is committed or this trx's own);
//   - Insert/Update/Delete take an exclusive row lock on the primary key (and a shared lock on a
//     conflicting row of a unique key they check), held until Commit/Rollback;
//   - there are no gap locks: phantoms are possible, as in InnoDB's READ COMMITTED.
//
// Row-lock waits block for at most `lock_wait_timeout` (innodb_lock_wait_timeout) and end with:
//   kLockWaitTimeout   "Lock wait timeout exceeded; try restarting transaction"
//                      (only the statement fails; the transaction stays usable, as InnoDB)
//   kDeadlock          "Deadlock found when trying to get lock; try restarting transaction"
//                      (the requester that closes a cycle in the wait-for graph is the victim;
//                      the caller must Rollback() the whole transaction, as InnoDB does)
//   kQueryInterrupted  "Query execution was interrupted" (Interrupt() from another thread)
// A failed write leaves no partial effect of that call (statement-level atomicity of a
// multi-row statement is the caller's job: take a Savepoint before it and roll back to it).
//
// Lifetime: created by Engine::Begin; destroying a transaction that is still active rolls it
// back. It must not outlive its Engine.
//
// Thread safety: a Transaction is used by one thread at a time (its session), except
// Interrupt() and info(), which any thread may call at any time.
#ifndef STORAGE_TRANSACTION_H_
#define STORAGE_TRANSACTION_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"
#include "storage/table.h"
#include "storage/value.h"

namespace storage {

// A primary-key value (one Value per PRIMARY KEY column, in key order), or, for tables
// without a PRIMARY KEY, the hidden row id as a single Value::UInt. Also used for secondary
// index keys (one Value per index column).
using Key = std::vector<Value>;

enum class IsolationLevel : uint8_t { kReadUncommitted, kReadCommitted, kRepeatableRead, kSerializable };
// "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE" (INNODB_TRX form).
const char* ToString(IsolationLevel level);

// INNODB_TRX.trx_state values: "RUNNING", "LOCK WAIT", "ROLLING BACK", "COMMITTING".
// kCommitted / kRolledBack are final states after which the transaction accepts no work.
enum class TrxState : uint8_t { kRunning, kLockWait, kRollingBack, kCommitting, kCommitted, kRolledBack };
const char* ToString(TrxState state);

enum class RowLockMode : uint8_t { kNone, kShared, kExclusive };

// What INNODB_TRX shows for one transaction.
struct TrxInfo {
  uint64_t trx_id = 0;
  TrxState state = TrxState::kRunning;
  std::chrono::system_clock::time_point started;
  std::optional<std::chrono::system_clock::time_point> wait_started;  // set while in LOCK WAIT
  // While in LOCK WAIT: the requested lock's performance_schema.data_locks ENGINE_LOCK_ID
  // ("<trx_id>:<table id>:<key hash>:<S|X>", see data_locks.h), as
  // INNODB_TRX.trx_requested_lock_id; empty otherwise.
  std::string requested_lock_id;
  uint64_t rows_locked = 0;    // row locks held
  uint64_t rows_modified = 0;  // rows inserted, updated or deleted (trx_rows_modified)
  uint64_t tables_in_use = 0;  // distinct tables this trx read or wrote
  uint64_t tables_locked = 0;  // distinct tables on which it holds row locks
  IsolationLevel isolation = IsolationLevel::kRepeatableRead;
  bool read_only = false;
  uint64_t thread_id = 0;  // TransactionOptions::thread_id (trx_mysql_thread_id)
};

struct TransactionOptions {
  IsolationLevel isolation = IsolationLevel::kRepeatableRead;
  bool read_only = false;  // START TRANSACTION READ ONLY: writes fail with kInternal
  std::chrono::milliseconds lock_wait_timeout = std::chrono::seconds(50);
  uint64_t thread_id = 0;  // the connection id, reported in TrxInfo
};

struct KeyBound {
  // A prefix of the index key is allowed: then only the first key.size() key columns are
  // compared (so {5} as an inclusive upper bound on index (a, b) includes (5, anything)).
  Key key;
  bool inclusive = true;
};

struct ScanSpec {
  // Index to scan: "" or "PRIMARY" (case-insensitive) for the primary index (for a table with
  // no PRIMARY KEY: the hidden row id, i.e. insertion order), otherwise a secondary index name.
  std::string index;
  std::optional<KeyBound> lower;  // nullopt: unbounded
  std::optional<KeyBound> upper;
  bool descending = false;
  RowLockMode lock = RowLockMode::kNone;
};

// A forward iterator over the rows of a scan, in index order (ties on a secondary key are
// ordered by primary key).
//
// The cursor holds no latch between Next() calls: it resumes after the last entry it returned,
// so rows changed concurrently are seen (or not) as of the moment Next() reaches them, each
// visible at most once. A locking scan (ScanSpec::lock != kNone) locks each row before
// returning it, may wait (returning the row-lock errors above), and re-checks the row's key
// against the bounds after the wait. A cursor must not outlive its Transaction.
class Cursor {
 public:
  virtual ~Cursor() = default;
  // Advances to the next row. Returns true if there is one (then key()/row() are valid until
  // the next call), false at the end, or a row-lock error / kNoSuchTable.
  virtual Result<bool> Next() = 0;
  virtual const Key& primary_key() const = 0;
  virtual const Row& row() const = 0;
};

struct InsertResult {
  Key primary_key;
  // The AUTO_INCREMENT value generated for this row (the column was NULL or 0), else 0. What
  // LAST_INSERT_ID() should return is the caller's business.
  uint64_t generated_id = 0;
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual uint64_t id() const = 0;
  virtual const TransactionOptions& options() const = 0;
  virtual TrxState state() const = 0;
  // True until Commit() succeeds or the transaction is rolled back.
  virtual bool is_active() const = 0;
  // True once the transaction changed any row.
  virtual bool has_writes() const = 0;
  // Changes the row-lock wait timeout for later calls (SET innodb_lock_wait_timeout mid-trx).
  virtual void set_lock_wait_timeout(std::chrono::milliseconds timeout) = 0;

  // --- Reads -------------------------------------------------------------------------------

  // The row with primary key `pk`, as visible to this transaction (see isolation above), or
  // nullopt. With `lock` != kNone the row lock is taken first (even if the row does not exist,
  // the key stays locked until the end of the transaction).
  virtual Result<std::optional<Row>> Get(Table& table, const Key& pk, RowLockMode lock) = 0;
  // Starts a scan. Errors: kNoSuchTable; kInternal "Key 'x' doesn't exist in table 't'" for
  // an unknown index name.
  virtual Result<std::unique_ptr<Cursor>> Scan(Table& table, const ScanSpec& spec) = 0;

  // --- Writes ------------------------------------------------------------------------------
  // All writes: REQUIRES is_active() && !options().read_only. Each may wait for row locks.

  // Inserts `row` (one Value per column). If the table has an AUTO_INCREMENT column whose
  // value is NULL or 0, the next counter value is generated (and not given back on rollback,
  // as InnoDB); an explicit larger value pushes the counter past it.
  // Errors: kDuplicateEntry "Duplicate entry '<v>' for key '<table>.<index>'" (composite key
  // values joined by '-'), kBadNull "Column 'c' cannot be null" for NULL in a NOT NULL column,
  // kWrongValueCount if row.size() differs from the column count, row-lock errors.
  virtual Result<InsertResult> Insert(Table& table, Row row) = 0;
  // Replaces the row whose primary key is `pk` with `new_row` (which may change the primary
  // key). Returns false if no such row is visible any more (e.g. deleted and committed by
  // another transaction since the caller read it). Errors as Insert.
  virtual Result<bool> Update(Table& table, const Key& pk, Row new_row) = 0;
  // Deletes the row whose primary key is `pk`; returns false if no such row is visible.
  virtual Result<bool> Delete(Table& table, const Key& pk) = 0;
  // For REPLACE / INSERT ... ON DUPLICATE KEY UPDATE: the primary key of a visible row that
  // would make Insert(table, row) fail with kDuplicateEntry (on the primary key first, then on
  // unique indexes in definition order), after taking an exclusive lock on it; nullopt if none.
  // The AUTO_INCREMENT column is compared as given (NULL/0 never conflicts).
  virtual Result<std::optional<Key>> FindDuplicate(Table& table, const Row& row) = 0;

  // --- Savepoints ----------------------------------------------------------------------------

  // Sets (or moves) savepoint `name` (case-insensitive) to the current point.
  virtual void Savepoint(std::string_view name) = 0;
  // Undoes row changes made after the savepoint; later savepoints are removed, the named one
  // stays. Row locks are kept (as InnoDB). Error: kSpDoesNotExist "SAVEPOINT <name> does not exist".
  virtual Status RollbackToSavepoint(std::string_view name) = 0;
  // Error: kSpDoesNotExist.
  virtual Status ReleaseSavepoint(std::string_view name) = 0;

  // --- End -----------------------------------------------------------------------------------

  // Makes the changes durable (redo appended to the log and fsync'd, shared with concurrent
  // committers) and visible, then releases row locks. On a log write/fsync failure returns
  // kDiskFull "Error writing file '<path>' (errno: <n> - <text>)" and the transaction is
  // rolled back (never acknowledged). A transaction without writes commits without log I/O.
  // After Commit (either outcome) the transaction is not active.
  virtual Status Commit() = 0;
  // Undoes all changes, releases row locks. Idempotent.
  virtual void Rollback() = 0;

  // --- Cross-thread --------------------------------------------------------------------------

  // KILL QUERY: makes a current row-lock wait (or the next one, if none is in progress) return
  // kQueryInterrupted. The flag stays set until ClearInterrupt(), which the caller invokes at
  // the start of each statement. Any thread.
  virtual void Interrupt() = 0;
  virtual void ClearInterrupt() = 0;
  // Current INNODB_TRX view. Any thread.
  virtual TrxInfo info() const = 0;
};

}  // namespace storage

#endif  // STORAGE_TRANSACTION_H_
