// Engine: the transactional, durable storage engine of mdld (catalog, tables, transactions).
//
// One Engine owns a data directory. Open() recovers it: it loads the last checkpoint snapshot
// and replays the commit log after it (a torn last record, e.g. after SIGKILL during a write,
// is detected by its length/CRC32C and ignored; it was never acknowledged). Every commit and
// every DDL operation appends one record to the log and fsyncs it before returning OK, in a
// single commit order; the log is the server's binlog. Checkpoint() writes a snapshot
// atomically (temp file, fsync, rename) and drops the log files it covers; one also runs
// automatically when the log grows past EngineOptions::checkpoint_log_bytes, and at Close().
//
// Databases `information_schema`, `performance_schema`, `sys` and `mysql` are virtual and
// belong to the SQL layer; the engine stores them like any other name if asked to.
// Names of databases and tables are case-sensitive (lower_case_table_names=0).
//
// DDL here is not transactional and not checked against open transactions: the SQL layer
// holds the matching metadata locks before calling. DDL operations are serialized among
// themselves.
//
// Thread safety: every method may be called concurrently from any thread.
#ifndef STORAGE_ENGINE_H_
#define STORAGE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/data_locks.h"
#include "storage/schema.h"
#include "storage/status.h"
#include "storage/table.h"
#include "storage/table_rebuild.h"
#include "storage/transaction.h"

namespace storage {

struct EngineOptions {
  std::string datadir;  // created if missing
  // fsync the log before a commit returns (innodb_flush_log_at_trx_commit=1). false makes
  // tests fast; a crash may then lose acknowledged commits, never corrupt the state.
  bool sync_commit = true;
  // A commit that leaves the log larger than this runs a checkpoint afterwards.
  uint64_t checkpoint_log_bytes = 64ull << 20;
};

// Test-only fault injection for the log (see Engine::TEST_InjectLogFault).
enum class LogFault : uint8_t {
  kNone,
  kFailWrite,  // the next log write fails (as ENOSPC)
  kFailSync,   // the next fsync of the log fails (as EIO)
};

class Engine {
 public:
  virtual ~Engine() = default;  // closes without a checkpoint if Close() was not called

  // Opens `options.datadir`, creating it if needed, and recovers. Errors: kInternal with the
  // file and reason (unreadable/corrupt snapshot, I/O error).
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options);

  // Checkpoints and closes the log. Later calls on this engine fail with kInternal.
  virtual Status Close() = 0;

  // --- Databases ---------------------------------------------------------------------------

  // Error: kDatabaseExists "Can't create database 'd'; database exists".
  virtual Status CreateDatabase(const std::string& db) = 0;
  // Drops `db` and every table in it; returns the dropped table names. Error:
  // kDropDatabaseMissing "Can't drop database 'd'; database doesn't exist".
  virtual Result<std::vector<std::string>> DropDatabase(const std::string& db) = 0;
  virtual bool DatabaseExists(const std::string& db) const = 0;
  // Sorted.
  virtual std::vector<std::string> ListDatabases() const = 0;

  // --- Tables --------------------------------------------------------------------------------

  // Creates a table from `def` (after ValidateTableDef). Errors: kUnknownDatabase "Unknown
  // database 'd'", kTableExists "Table 't' already exists", ValidateTableDef's errors.
  virtual Status CreateTable(const TableDef& def) = 0;
  // Error: kUnknownTable "Unknown table 'db.t'".
  virtual Status DropTable(const std::string& db, const std::string& name) = 0;
  // Moves/renames a table, possibly to another database. Errors: kNoSuchTable "Table 'db.t'
  // doesn't exist" (source), kUnknownDatabase (target db), kTableExists (target name).
  virtual Status RenameTable(const std::string& db, const std::string& name, const std::string& new_db,
                             const std::string& new_name) = 0;
  // Deletes all rows and resets AUTO_INCREMENT to 1. Error: kNoSuchTable.
  virtual Status TruncateTable(const std::string& db, const std::string& name) = 0;
  // Replaces definition details that do not change stored rows or index contents: column
  // names/defaults/comments, index names/comments, table options, AUTO_INCREMENT (raised to
  // above the largest existing value, as InnoDB). Errors: kNoSuchTable; kInternal if
  // `new_def` differs in column count/types/nullability or index columns (use BeginRebuild).
  virtual Status ChangeTableMetadata(const std::string& db, const std::string& name, const TableDef& new_def) = 0;
  // Error: kCantDropField "Can't DROP 'k'; check that column/key exists"; PRIMARY cannot be
  // dropped here (rebuild instead): kInternal.
  virtual Status DropIndex(const std::string& db, const std::string& name, const std::string& index) = 0;

  // Error: kNoSuchTable "Table 'db.t' doesn't exist".
  virtual Result<std::shared_ptr<Table>> OpenTable(const std::string& db, const std::string& name) const = 0;
  // Definition snapshot, or nullptr.
  virtual std::shared_ptr<const TableDef> FindTable(const std::string& db, const std::string& name) const = 0;
  // Sorted table names of `db` (empty if it does not exist).
  virtual std::vector<std::string> ListTables(const std::string& db) const = 0;

  // --- Online schema change (table_rebuild.h) --------------------------------------------------

  // Errors: kNoSuchTable; ValidateTableDef's errors for `new_def` (its db/name must be the
  // table's own; rename separately).
  virtual Result<std::unique_ptr<TableRebuild>> BeginRebuild(const std::string& db, const std::string& name,
                                                             TableDef new_def, RowMapper mapper) = 0;
  // Errors: kNoSuchTable; kDuplicateKeyName; kUnknownColumn for a missing key column;
  // kMultiplePrimaryKey / kInternal for a PRIMARY index (rebuild instead).
  virtual Result<std::unique_ptr<IndexBuild>> BeginIndexBuild(const std::string& db, const std::string& name,
                                                              IndexDef index) = 0;

  // --- Transactions ----------------------------------------------------------------------------

  virtual std::unique_ptr<Transaction> Begin(const TransactionOptions& options) = 0;
  // A snapshot of all active transactions (INNODB_TRX), ordered by trx id.
  virtual std::vector<TrxInfo> ListTransactions() const = 0;
  // A consistent snapshot of every row lock held or requested, and who waits for whom
  // (performance_schema.data_locks / data_lock_waits; see data_locks.h). Row-lock traffic is
  // held up only while the locks are copied; names and keys are formatted afterwards.
  virtual DataLockSnapshot SnapshotDataLocks() const = 0;

  // --- Durability ------------------------------------------------------------------------------

  // Writes a snapshot and truncates the log. Error: kInternal / kDiskFull on I/O failure (the
  // previous snapshot and log stay valid).
  virtual Status Checkpoint() = 0;
  // Bytes in the live log files (for tests and SHOW ENGINE-like output).
  virtual uint64_t log_bytes() const = 0;

  // Makes the next log write or fsync fail. After a failed fsync the log is poisoned: every
  // later commit and DDL fails with kDiskFull until the engine is reopened (the data that
  // failed to sync may or may not be on disk, so nothing after it may be acknowledged).
  virtual void TEST_InjectLogFault(LogFault fault) = 0;
};

}  // namespace storage

#endif  // STORAGE_ENGINE_H_
