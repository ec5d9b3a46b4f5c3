// TransactionImpl: the Transaction (transaction.h) — undo log, savepoints, row locks, commit.
//
// Undo: every change appends an UndoEntry (table, pk, whether this was the transaction's first
// change to the row, the previous pending image). Rollback (to a savepoint) undoes entries in
// reverse. Commit writes one kTrxCommit record with the final image of every touched row,
// syncs it, applies pending -> committed, then releases row locks.
//
// Thread safety: used by one thread at a time, except Interrupt/ClearInterrupt/info/state,
// which are thread-safe (atomics and the row-lock table's mutex).
#ifndef STORAGE_TRANSACTION_IMPL_H_
#define STORAGE_TRANSACTION_IMPL_H_

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "storage/engine_impl.h"
#include "storage/row_lock_table.h"
#include "storage/transaction.h"

namespace storage {

class TransactionImpl : public Transaction {
 public:
  TransactionImpl(EngineImpl* engine, uint64_t id, const TransactionOptions& options);
  ~TransactionImpl() override;

  uint64_t id() const override { return id_; }
  const TransactionOptions& options() const override { return options_; }
  TrxState state() const override { return state_.load(std::memory_order_acquire); }
  bool is_active() const override;
  bool has_writes() const override { return !undo_.empty() || !touched_.empty(); }
  void set_lock_wait_timeout(std::chrono::milliseconds timeout) override { options_.lock_wait_timeout = timeout; }

  Result<std::optional<Row>> Get(Table& table, const Key& pk, RowLockMode lock) override;
  Result<std::unique_ptr<Cursor>> Scan(Table& table, const ScanSpec& spec) override;
  Result<InsertResult> Insert(Table& table, Row row) override;
  Result<bool> Update(Table& table, const Key& pk, Row new_row) override;
  Result<bool> Delete(Table& table, const Key& pk) override;
  Result<std::optional<Key>> FindDuplicate(Table& table, const Row& row) override;
  void Savepoint(std::string_view name) override;
  Status RollbackToSavepoint(std::string_view name) override;
  Status ReleaseSavepoint(std::string_view name) override;
  Status Commit() override;
  void Rollback() override;
  void Interrupt() override;
  void ClearInterrupt() override;
  TrxInfo info() const override;

  // Locks (table, pk) in `mode`, waiting as needed. No latch may be held.
  Status LockRow(TableData& table, const Key& pk, RowLockMode mode);
  RowLockOwner* lock_owner() { return &lock_owner_; }
  void NoteTableUsed(uint64_t table_id) { tables_used_.insert(table_id); }

 private:
  struct UndoEntry {
    std::shared_ptr<TableData> table;
    Key pk;
    bool first_touch = false;
    std::optional<Row> prev_pending;
  };

  Status CheckWritable() const;
  Result<std::shared_ptr<TableData>> Live(Table& table);
  // Under the table's exclusive latch: the first conflicting row for `row` at `pk` on a unique
  // index (ignoring `self_pks`). Sets *wait_for if the conflict is another trx's uncommitted
  // row that must be waited for; returns the duplicate error otherwise (OK = no conflict).
  Status CheckUniqueLocked(TableData& t, const Row& row, const std::vector<Key>& self_pks, Key* wait_for,
                           Key* conflict_pk) MDL_REQUIRES(t.latch);
  Status CheckRowShapeLocked(const TableData& t, const Row& row) const MDL_REQUIRES_SHARED(t.latch);
  // Records the change and updates the table. REQUIRES: X row lock on pk.
  void WriteLocked(const std::shared_ptr<TableData>& t, const Key& pk, std::optional<Row> image)
      MDL_REQUIRES(t->latch);
  void UndoTo(size_t undo_size);
  void Finish(TrxState final_state);

  EngineImpl* const engine_;
  const uint64_t id_;
  TransactionOptions options_;
  const std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
  std::atomic<TrxState> state_{TrxState::kRunning};  // acq/rel: read by info() from other threads
  std::atomic<uint64_t> rows_modified_{0};            // relaxed: statistics
  std::atomic<uint64_t> tables_in_use_{0};            // relaxed: statistics
  RowLockOwner lock_owner_;

  std::vector<UndoEntry> undo_;
  // Rows with a pending image of this trx, in first-touch order (redo order).
  std::vector<std::pair<std::shared_ptr<TableData>, Key>> touched_;
  std::set<std::pair<uint64_t, Key>, bool (*)(const std::pair<uint64_t, Key>&, const std::pair<uint64_t, Key>&)>
      touched_set_;
  std::vector<std::pair<std::string, size_t>> savepoints_;  // name -> undo size
  std::set<uint64_t> tables_used_;
};

}  // namespace storage

#endif  // STORAGE_TRANSACTION_IMPL_H_
