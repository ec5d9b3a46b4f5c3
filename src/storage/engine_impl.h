// EngineImpl: the Engine (engine.h) — catalog, DDL, commit ordering, checkpoint, recovery.
//
// Catalog: databases and (db, name) -> TableData, plus id -> TableData for log replay.
// Commit ordering: a transaction holds commit_gate_ shared from appending its redo until it
// has applied it to the tables; DDL and checkpoints hold it exclusively. So the log order is
// the order in which changes became visible, and a checkpoint sees no half-applied commit.
//
// Lock order (take left before right; never left while holding right):
//   checkpoint_mu_ -> ddl_mu_ -> commit_gate_ -> catalog_mu_ -> TableData::latch
//     -> RowLockTable::mu_ -> registry_mu_ -> CommitLog::mu_
// (registry_mu_ -> RowLockTable::mu_ is the one allowed inversion: ListTransactions reads lock
// state under registry_mu_; RowLockTable never takes registry_mu_.)
// Log I/O happens under ddl_mu_/commit_gate_ (on purpose: DDL must be durable before it is
// visible, and in commit order), never under a table latch except DDL that holds the gate.
#ifndef STORAGE_ENGINE_IMPL_H_
#define STORAGE_ENGINE_IMPL_H_

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "base/mutex.h"
#include "storage/commit_log.h"
#include "storage/engine.h"
#include "storage/log_record.h"
#include "storage/row_lock_table.h"
#include "storage/table_data.h"

namespace storage {

class TransactionImpl;

class EngineImpl : public Engine {
 public:
  explicit EngineImpl(EngineOptions options) : options_(std::move(options)) {}
  ~EngineImpl() override;

  Status Recover();  // called once by Engine::Open

  Status Close() override;
  Status CreateDatabase(const std::string& db) override;
  Result<std::vector<std::string>> DropDatabase(const std::string& db) override;
  bool DatabaseExists(const std::string& db) const override;
  std::vector<std::string> ListDatabases() const override;
  Status CreateTable(const TableDef& def) override;
  Status DropTable(const std::string& db, const std::string& name) override;
  Status RenameTable(const std::string& db, const std::string& name, const std::string& new_db,
                     const std::string& new_name) override;
  Status TruncateTable(const std::string& db, const std::string& name) override;
  Status ChangeTableMetadata(const std::string& db, const std::string& name, const TableDef& new_def) override;
  Status DropIndex(const std::string& db, const std::string& name, const std::string& index) override;
  Result<std::shared_ptr<Table>> OpenTable(const std::string& db, const std::string& name) const override;
  std::shared_ptr<const TableDef> FindTable(const std::string& db, const std::string& name) const override;
  std::vector<std::string> ListTables(const std::string& db) const override;
  Result<std::unique_ptr<TableRebuild>> BeginRebuild(const std::string& db, const std::string& name, TableDef new_def,
                                                     RowMapper mapper) override;
  Result<std::unique_ptr<IndexBuild>> BeginIndexBuild(const std::string& db, const std::string& name,
                                                      IndexDef index) override;
  std::unique_ptr<Transaction> Begin(const TransactionOptions& options) override;
  std::vector<TrxInfo> ListTransactions() const override;
  DataLockSnapshot SnapshotDataLocks() const override;  // data_locks.cc
  Status Checkpoint() override;
  uint64_t log_bytes() const override;
  void TEST_InjectLogFault(LogFault fault) override;

  // --- For transactions and builds ---
  RowLockTable& row_locks() { return row_locks_; }
  base::SharedMutex& commit_gate() MDL_RETURN_CAPABILITY(commit_gate_) { return commit_gate_; }
  base::Mutex& ddl_mu() MDL_RETURN_CAPABILITY(ddl_mu_) { return ddl_mu_; }
  // Appends and syncs one record. REQUIRES: commit_gate_ held (shared or exclusive).
  Status LogDurably(const LogRecord& record);
  void Register(TransactionImpl* trx) MDL_EXCLUDES(registry_mu_);
  void Unregister(TransactionImpl* trx) MDL_EXCLUDES(registry_mu_);
  // Runs a checkpoint if the log outgrew options_.checkpoint_log_bytes and none is running.
  void MaybeCheckpoint();
  std::shared_ptr<TableData> FindTableData(const std::string& db, const std::string& name) const
      MDL_EXCLUDES(catalog_mu_);
  // Swaps `replacement` in for the table of the same id. REQUIRES: commit gate exclusive.
  void ReplaceTableData(const std::shared_ptr<TableData>& replacement) MDL_EXCLUDES(catalog_mu_);

  // Applies a decoded record to the in-memory state (recovery and live DDL share this).
  Status ApplyRecord(const LogRecord& record) MDL_EXCLUDES(catalog_mu_);

 private:
  using TableKey = std::pair<std::string, std::string>;
  Status CheckOpen() const;
  std::shared_ptr<TableData> TableByIdLocked(uint64_t id) const MDL_REQUIRES_SHARED(catalog_mu_);
  Status ReplayFile(const std::string& path, bool is_last_log, bool* torn);
  Status WriteSnapshot(const std::string& data);
  std::string EncodeSnapshot(uint64_t next_log_seq) MDL_REQUIRES(commit_gate_);

  const EngineOptions options_;
  std::atomic<bool> closed_{false};  // release/acquire: Close() vs later calls
  std::atomic<uint64_t> next_trx_id_{1};
  std::atomic<uint64_t> next_table_id_{1};

  base::Mutex checkpoint_mu_;
  base::Mutex ddl_mu_ MDL_ACQUIRED_AFTER(checkpoint_mu_);
  base::SharedMutex commit_gate_ MDL_ACQUIRED_AFTER(ddl_mu_);
  mutable base::SharedMutex catalog_mu_ MDL_ACQUIRED_AFTER(commit_gate_);
  std::set<std::string> databases_ MDL_GUARDED_BY(catalog_mu_);
  std::map<TableKey, std::shared_ptr<TableData>> tables_ MDL_GUARDED_BY(catalog_mu_);
  std::map<uint64_t, std::shared_ptr<TableData>> tables_by_id_ MDL_GUARDED_BY(catalog_mu_);

  RowLockTable row_locks_;
  mutable base::Mutex registry_mu_;
  std::map<uint64_t, TransactionImpl*> active_ MDL_GUARDED_BY(registry_mu_);

  std::unique_ptr<CommitLog> log_;  // set by Recover(), then immutable
};

}  // namespace storage

#endif  // STORAGE_ENGINE_IMPL_H_
