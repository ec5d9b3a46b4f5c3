#include "storage/transaction_impl.h"

#include "storage/scan_cursor.h"

namespace storage {
namespace {

bool TouchedLess(const std::pair<uint64_t, Key>& a, const std::pair<uint64_t, Key>& b) {
  if (a.first != b.first) return a.first < b.first;
  return CompareKeys(a.second, b.second) < 0;
}

Status DuplicateEntry(const Key& key, const TableDef& def, const std::string& index) {
  return Status(sql::ErrorCode::kDuplicateEntry,
                "Duplicate entry '" + FormatKey(key) + "' for key '" + def.name + "." + index + "'");
}

bool IsZeroOrNull(const Value& v) { return v.is_null() || (v.is_numeric() && v.ToDouble() == 0); }

}  // namespace

TransactionImpl::TransactionImpl(EngineImpl* engine, uint64_t id, const TransactionOptions& options)
    : engine_(engine), id_(id), options_(options), lock_owner_(id), touched_set_(&TouchedLess) {}

TransactionImpl::~TransactionImpl() {
  if (is_active()) Rollback();
}

bool TransactionImpl::is_active() const {
  TrxState s = state();
  return s != TrxState::kCommitted && s != TrxState::kRolledBack;
}

Status TransactionImpl::CheckWritable() const {
  if (!is_active()) return Status(sql::ErrorCode::kInternal, "Transaction is not active");
  if (options_.read_only) {
    return Status(sql::ErrorCode::kInternal, "Cannot execute statement in a READ ONLY transaction.");
  }
  return Status::OK();
}

Result<std::shared_ptr<TableData>> TransactionImpl::Live(Table& table) {
  auto* t = static_cast<TableData*>(&table);
  if (!t->is_live()) {
    auto def = t->def();
    return Status(sql::ErrorCode::kNoSuchTable, "Table '" + def->db + "." + def->name + "' doesn't exist");
  }
  if (tables_used_.insert(t->id()).second) tables_in_use_.fetch_add(1, std::memory_order_relaxed);
  return t->shared_from_this();
}

Status TransactionImpl::LockRow(TableData& table, const Key& pk, RowLockMode mode) {
  if (mode == RowLockMode::kNone) return Status::OK();
  return engine_->row_locks().Acquire(&lock_owner_, table.id(), RowLockId(table.id(), pk), mode,
                                      options_.lock_wait_timeout);
}

Status TransactionImpl::CheckRowShapeLocked(const TableData& t, const Row& row) const {
  if (row.size() != t.def_.columns.size()) {
    return Status(sql::ErrorCode::kWrongValueCount, "Column count doesn't match value count at row 1");
  }
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null() && !t.def_.columns[i].nullable) {
      return Status(sql::ErrorCode::kBadNull, "Column '" + t.def_.columns[i].name + "' cannot be null");
    }
  }
  return Status::OK();
}

Status TransactionImpl::CheckUniqueLocked(TableData& t, const Row& row, const std::vector<Key>& self_pks,
                                          Key* wait_for, Key* conflict_pk) {
  for (const SecondaryIndex& idx : t.indexes) {
    if (!idx.def.is_unique()) continue;
    Key k = t.IndexKeyOf(idx, row);
    if (HasNull(k)) continue;  // NULLs are distinct
    for (auto it = idx.entries.lower_bound({k, Key{}}); it != idx.entries.end() && CompareKeys(it->first, k) == 0;
         ++it) {
      const Key& other = it->second;
      bool self = false;
      for (const Key& s : self_pks) self = self || CompareKeys(s, other) == 0;
      if (self) continue;
      auto rec_it = t.rows.find(other);
      if (rec_it == t.rows.end()) continue;
      const RowRecord& rec = rec_it->second;
      if (rec.writer != 0 && rec.writer != id_) {
        *wait_for = other;  // another trx's uncommitted version holds the key: wait for it
        return Status::OK();
      }
      const std::optional<Row>& latest = rec.Latest();
      if (latest && CompareKeys(t.IndexKeyOf(idx, *latest), k) == 0) {
        if (conflict_pk) *conflict_pk = other;
        return DuplicateEntry(k, t.def_, idx.def.name);
      }
    }
  }
  return Status::OK();
}

void TransactionImpl::WriteLocked(const std::shared_ptr<TableData>& t, const Key& pk, std::optional<Row> image) {
  auto it = t->rows.find(pk);
  const bool first_touch = it == t->rows.end() || it->second.writer != id_;
  UndoEntry undo{t, pk, first_touch, first_touch ? std::nullopt : it->second.pending};
  undo_.push_back(std::move(undo));
  if (first_touch && touched_set_.insert({t->id(), pk}).second) touched_.emplace_back(t, pk);
  t->SetPendingLocked(pk, id_, std::move(image));
  rows_modified_.fetch_add(1, std::memory_order_relaxed);
  t->CheckInvariantsLocked();
}

Result<std::optional<Row>> TransactionImpl::Get(Table& table, const Key& pk, RowLockMode lock) {
  if (!is_active()) return Status(sql::ErrorCode::kInternal, "Transaction is not active");
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  STORAGE_RETURN_IF_ERROR(LockRow(*t, pk, lock));
  base::ReaderMutexLock latch(&t->latch);
  auto it = t->rows.find(pk);
  if (it == t->rows.end()) return std::optional<Row>();
  return it->second.VisibleTo(id_);
}

Result<std::unique_ptr<Cursor>> TransactionImpl::Scan(Table& table, const ScanSpec& spec) {
  if (!is_active()) return Status(sql::ErrorCode::kInternal, "Transaction is not active");
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  {
    base::ReaderMutexLock latch(&t->latch);
    if (t->FindIndexLocked(spec.index) == -2) {
      return Status(sql::ErrorCode::kInternal, "Key '" + spec.index + "' doesn't exist in table '" + t->def_.name + "'");
    }
  }
  return std::unique_ptr<Cursor>(new ScanCursor(this, std::move(t), spec));
}

Result<InsertResult> TransactionImpl::Insert(Table& table, Row row) {
  STORAGE_RETURN_IF_ERROR(CheckWritable());
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  InsertResult result;
  {
    base::WriterMutexLock latch(&t->latch);
    if (row.size() != t->def_.columns.size()) {
      return Status(sql::ErrorCode::kWrongValueCount, "Column count doesn't match value count at row 1");
    }
    const int ai = t->def_.auto_increment_column();
    if (ai >= 0) {
      Value& v = row[static_cast<size_t>(ai)];
      if (IsZeroOrNull(v)) {
        result.generated_id = t->auto_increment++;
        v = t->def_.columns[static_cast<size_t>(ai)].is_unsigned ? Value::UInt(result.generated_id)
                                                                   : Value::Int(static_cast<int64_t>(result.generated_id));
      } else {
        t->ObserveCountersLocked(Key{}, row);  // an explicit value pushes the counter
      }
    }
    STORAGE_RETURN_IF_ERROR(CheckRowShapeLocked(*t, row));
    result.primary_key = t->has_hidden_pk() ? Key{Value::UInt(t->next_row_id++)} : t->PrimaryKeyOf(row);
  }
  const Key& pk = result.primary_key;
  while (true) {
    STORAGE_RETURN_IF_ERROR(LockRow(*t, pk, RowLockMode::kExclusive));
    Key wait_for;
    {
      base::WriterMutexLock latch(&t->latch);
      if (!t->is_live()) return Status(sql::ErrorCode::kNoSuchTable, "Table '" + t->def_.db + "." + t->def_.name + "' doesn't exist");
      auto it = t->rows.find(pk);
      if (it != t->rows.end() && it->second.Latest()) return DuplicateEntry(pk, t->def_, "PRIMARY");
      STORAGE_RETURN_IF_ERROR(CheckUniqueLocked(*t, row, {pk}, &wait_for, nullptr));
      if (wait_for.empty()) {
        WriteLocked(t, pk, std::move(row));
        return result;
      }
    }
    STORAGE_RETURN_IF_ERROR(LockRow(*t, wait_for, RowLockMode::kShared));
  }
}

Result<bool> TransactionImpl::Update(Table& table, const Key& pk, Row new_row) {
  STORAGE_RETURN_IF_ERROR(CheckWritable());
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  STORAGE_RETURN_IF_ERROR(LockRow(*t, pk, RowLockMode::kExclusive));
  Key new_pk;
  {
    base::ReaderMutexLock latch(&t->latch);
    STORAGE_RETURN_IF_ERROR(CheckRowShapeLocked(*t, new_row));
    new_pk = t->has_hidden_pk() ? pk : t->PrimaryKeyOf(new_row);
  }
  const bool moves = CompareKeys(new_pk, pk) != 0;
  if (moves) STORAGE_RETURN_IF_ERROR(LockRow(*t, new_pk, RowLockMode::kExclusive));
  while (true) {
    Key wait_for;
    {
      base::WriterMutexLock latch(&t->latch);
      if (!t->is_live()) return Status(sql::ErrorCode::kNoSuchTable, "Table '" + t->def_.db + "." + t->def_.name + "' doesn't exist");
      auto it = t->rows.find(pk);
      if (it == t->rows.end() || !it->second.VisibleTo(id_)) return false;
      if (moves) {
        auto other = t->rows.find(new_pk);
        if (other != t->rows.end() && other->second.Latest()) return DuplicateEntry(new_pk, t->def_, "PRIMARY");
      }
      STORAGE_RETURN_IF_ERROR(CheckUniqueLocked(*t, new_row, {pk, new_pk}, &wait_for, nullptr));
      if (wait_for.empty()) {
        t->ObserveCountersLocked(Key{}, new_row);
        if (moves) {
          WriteLocked(t, pk, std::nullopt);
          WriteLocked(t, new_pk, std::move(new_row));
        } else {
          WriteLocked(t, pk, std::move(new_row));
        }
        return true;
      }
    }
    STORAGE_RETURN_IF_ERROR(LockRow(*t, wait_for, RowLockMode::kShared));
  }
}

Result<bool> TransactionImpl::Delete(Table& table, const Key& pk) {
  STORAGE_RETURN_IF_ERROR(CheckWritable());
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  STORAGE_RETURN_IF_ERROR(LockRow(*t, pk, RowLockMode::kExclusive));
  base::WriterMutexLock latch(&t->latch);
  auto it = t->rows.find(pk);
  if (it == t->rows.end() || !it->second.VisibleTo(id_)) return false;
  WriteLocked(t, pk, std::nullopt);
  return true;
}

Result<std::optional<Key>> TransactionImpl::FindDuplicate(Table& table, const Row& row) {
  if (!is_active()) return Status(sql::ErrorCode::kInternal, "Transaction is not active");
  STORAGE_ASSIGN_OR_RETURN(std::shared_ptr<TableData> t, Live(table));
  std::vector<Key> locked;
  while (true) {
    Key wait_for;
    Key conflict;
    {
      base::WriterMutexLock latch(&t->latch);
      if (row.size() != t->def_.columns.size()) {
        return Status(sql::ErrorCode::kWrongValueCount, "Column count doesn't match value count at row 1");
      }
      if (!t->has_hidden_pk()) {
        Key pk = t->PrimaryKeyOf(row);
        auto it = t->rows.find(pk);
        if (!HasNull(pk) && it != t->rows.end()) {
          if (it->second.writer != 0 && it->second.writer != id_) {
            wait_for = pk;
          } else if (it->second.Latest()) {
            conflict = pk;
          }
        }
      }
      if (wait_for.empty() && conflict.empty()) {
        Status s = CheckUniqueLocked(*t, row, {}, &wait_for, &conflict);
        s.IgnoreError();  // the conflict's key is what the caller needs, not the message
      }
      if (wait_for.empty() && conflict.empty()) return std::optional<Key>();
      if (!conflict.empty()) {
        for (const Key& k : locked) {
          if (CompareKeys(k, conflict) == 0) return std::optional<Key>(conflict);
        }
        wait_for = conflict;
      }
    }
    STORAGE_RETURN_IF_ERROR(LockRow(*t, wait_for, RowLockMode::kExclusive));
    locked.push_back(wait_for);
  }
}

void TransactionImpl::Savepoint(std::string_view name) {
  for (auto it = savepoints_.begin(); it != savepoints_.end(); ++it) {
    if (NameEquals(it->first, name)) {
      savepoints_.erase(it);
      break;
    }
  }
  savepoints_.emplace_back(std::string(name), undo_.size());
}

Status TransactionImpl::RollbackToSavepoint(std::string_view name) {
  for (size_t i = 0; i < savepoints_.size(); ++i) {
    if (NameEquals(savepoints_[i].first, name)) {
      UndoTo(savepoints_[i].second);
      savepoints_.resize(i + 1);
      return Status::OK();
    }
  }
  return Status(sql::ErrorCode::kSpDoesNotExist, "SAVEPOINT " + std::string(name) + " does not exist");
}

Status TransactionImpl::ReleaseSavepoint(std::string_view name) {
  for (size_t i = 0; i < savepoints_.size(); ++i) {
    if (NameEquals(savepoints_[i].first, name)) {
      savepoints_.resize(i);
      return Status::OK();
    }
  }
  return Status(sql::ErrorCode::kSpDoesNotExist, "SAVEPOINT " + std::string(name) + " does not exist");
}

void TransactionImpl::UndoTo(size_t undo_size) {
  while (undo_.size() > undo_size) {
    UndoEntry& e = undo_.back();
    {
      base::WriterMutexLock latch(&e.table->latch);
      e.table->RestoreLocked(e.pk, e.first_touch, std::move(e.prev_pending));
      e.table->CheckInvariantsLocked();
    }
    undo_.pop_back();
  }
}

void TransactionImpl::Finish(TrxState final_state) {
  engine_->row_locks().ReleaseAll(&lock_owner_);
  undo_.clear();
  touched_.clear();
  touched_set_.clear();
  savepoints_.clear();
  state_.store(final_state, std::memory_order_release);
  engine_->Unregister(this);
}

Status TransactionImpl::Commit() {
  if (!is_active()) return Status(sql::ErrorCode::kInternal, "Transaction is not active");
  if (touched_.empty()) {
    Finish(TrxState::kCommitted);
    return Status::OK();
  }
  state_.store(TrxState::kCommitting, std::memory_order_release);
  Status failed;
  {
    base::ReaderMutexLock gate(&engine_->commit_gate());
    LogRecord redo;
    redo.type = RecordType::kTrxCommit;
    redo.trx_id = id_;
    for (const auto& [t, pk] : touched_) {
      if (!t->is_live()) continue;  // dropped since: DDL is not transactional
      base::ReaderMutexLock latch(&t->latch);
      auto it = t->rows.find(pk);
      if (it == t->rows.end() || it->second.writer != id_) continue;  // undone by a savepoint
      redo.ops.push_back(RowOp{t->id(), pk, it->second.pending});
    }
    if (!redo.ops.empty()) failed = engine_->LogDurably(redo);
    if (failed.ok()) {
      for (const auto& [t, pk] : touched_) {
        base::WriterMutexLock latch(&t->latch);
        t->CommitRecordLocked(pk, id_);
      }
    }
  }
  if (!failed.ok()) {
    state_.store(TrxState::kRollingBack, std::memory_order_release);
    UndoTo(0);
    Finish(TrxState::kRolledBack);
    return failed;
  }
  Finish(TrxState::kCommitted);
  engine_->MaybeCheckpoint();
  return Status::OK();
}

void TransactionImpl::Rollback() {
  if (!is_active()) return;
  state_.store(TrxState::kRollingBack, std::memory_order_release);
  UndoTo(0);
  Finish(TrxState::kRolledBack);
}

void TransactionImpl::Interrupt() { engine_->row_locks().SetInterrupted(&lock_owner_, true); }
void TransactionImpl::ClearInterrupt() { engine_->row_locks().SetInterrupted(&lock_owner_, false); }

TrxInfo TransactionImpl::info() const {
  TrxInfo info;
  info.trx_id = id_;
  info.state = state();
  info.started = started_;
  RowLockWaitInfo w = engine_->row_locks().Describe(&lock_owner_);
  if (w.waiting) {
    info.state = TrxState::kLockWait;
    info.wait_started = w.wait_started;
    info.requested_lock_id = w.requested_lock_id;
  }
  info.rows_locked = w.rows_locked;
  info.tables_locked = w.tables_locked;
  info.rows_modified = rows_modified_.load(std::memory_order_relaxed);
  info.tables_in_use = tables_in_use_.load(std::memory_order_relaxed);
  info.isolation = options_.isolation;
  info.read_only = options_.read_only;
  info.thread_id = options_.thread_id;
  return info;
}

const char* ToString(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::kReadUncommitted: return "READ UNCOMMITTED";
    case IsolationLevel::kReadCommitted: return "READ COMMITTED";
    case IsolationLevel::kRepeatableRead: return "REPEATABLE READ";
    case IsolationLevel::kSerializable: return "SERIALIZABLE";
  }
  return "";
}

const char* ToString(TrxState state) {
  switch (state) {
    case TrxState::kRunning: return "RUNNING";
    case TrxState::kLockWait: return "LOCK WAIT";
    case TrxState::kRollingBack: return "ROLLING BACK";
    case TrxState::kCommitting: return "COMMITTING";
    case TrxState::kCommitted: return "COMMITTED";
    case TrxState::kRolledBack: return "ROLLED BACK";
  }
  return "";
}

}  // namespace storage
