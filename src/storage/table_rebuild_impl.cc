// TableRebuild (ALGORITHM=COPY) and IndexBuild (INPLACE ADD INDEX); design in table_rebuild.h.
#include <ctime>

#include "storage/engine_impl.h"

namespace storage {
namespace {

constexpr uint64_t kCommitBatch = 1024;

Status Duplicate(const Key& k, const std::string& table, const std::string& index) {
  return Status(sql::ErrorCode::kDuplicateEntry, "Duplicate entry '" + FormatKey(k) + "' for key '" + table + "." + index + "'");
}

// Collects changed primary keys; its own mutex is a leaf (taken under the table latch).
class PkTracker : public ChangeTracker {
 public:
  void Note(const Key& pk) override {
    base::MutexLock lock(&mu_);
    changed_.insert(pk);
  }
  std::set<Key, KeyLess> Take() {
    base::MutexLock lock(&mu_);
    return std::move(changed_);
  }

 private:
  base::Mutex mu_;
  std::set<Key, KeyLess> changed_ MDL_GUARDED_BY(mu_);
};

void Unregister(TableData& t, ChangeTracker* tracker) MDL_REQUIRES(t.latch) {
  std::erase(t.trackers, tracker);
}

class TableRebuildImpl : public TableRebuild {
 public:
  TableRebuildImpl(EngineImpl* engine, std::shared_ptr<TableData> src, TableDef def, RowMapper mapper)
      : engine_(engine), src_(std::move(src)), dst_(std::make_shared<TableData>(def)), mapper_(std::move(mapper)) {
    base::WriterMutexLock latch(&src_->latch);
    src_->trackers.push_back(&tracker_);
    estimated_ = src_->row_count();
  }
  ~TableRebuildImpl() override { Abort(); }

  Result<uint64_t> CopyBatch(uint64_t max_rows) override {
    if (!failed_.ok()) return failed_;
    if (finished_) return uint64_t{0};
    uint64_t n = 0;
    {
      base::ReaderMutexLock latch(&src_->latch);
      if (!src_->is_live()) return Fail(Status(sql::ErrorCode::kNoSuchTable, "Table '" + src_->def_.db + "." + src_->def_.name + "' doesn't exist"));
      auto it = last_ ? src_->rows.upper_bound(*last_) : src_->rows.begin();
      for (; it != src_->rows.end() && n < max_rows; ++it) {
        last_ = it->first;
        if (!it->second.committed) continue;
        Status s = CopyOne(it->first, *it->second.committed);
        if (!s.ok()) {
          Fail(s).IgnoreError();
          break;
        }
        ++n;
      }
      if (it == src_->rows.end()) done_ = true;
    }
    if (!failed_.ok()) {
      Abort();  // needs the exclusive latch, so only after the shared one is released
      return failed_;
    }
    return n;
  }
  bool Done() const override { return done_; }
  uint64_t rows_copied() const override { return copied_; }
  uint64_t rows_estimated() const override { return estimated_; }

  Status Commit() override {
    while (!done_) STORAGE_RETURN_IF_ERROR(CopyBatch(kCommitBatch));
    if (!failed_.ok()) return failed_;
    base::MutexLock ddl(&engine_->ddl_mu());
    base::WriterMutexLock gate(&engine_->commit_gate());
    {
      base::WriterMutexLock latch(&src_->latch);
      for (const auto& [pk, rec] : src_->rows) {
        if (rec.writer != 0) return Status(sql::ErrorCode::kInternal, "Table has uncommitted changes");
      }
      for (const Key& pk : tracker_.Take()) {
        auto m = mapped_.find(pk);
        if (m != mapped_.end()) {
          base::WriterMutexLock dl(&dst_->latch);
          dst_->PutCommittedLocked(m->second, std::nullopt);
          mapped_.erase(m);
        }
        auto r = src_->rows.find(pk);
        if (r != src_->rows.end() && r->second.committed) {
          Status s = CopyOne(pk, *r->second.committed);
          if (!s.ok()) {
            failed_ = s;
            Unregister(*src_, &tracker_);  // we hold the exclusive latch
            registered_ = false;
            finished_ = true;
            return s;
          }
        }
      }
      LogRecord rec;
      rec.type = RecordType::kReplaceTable;
      {
        base::WriterMutexLock dl(&dst_->latch);
        dst_->auto_increment = std::max(dst_->auto_increment, src_->auto_increment);
        dst_->def_.create_time = static_cast<int64_t>(std::time(nullptr));
        rec.def = dst_->def_;
        rec.def.auto_increment = dst_->auto_increment;
        for (const auto& [pk, r] : dst_->rows) rec.ops.push_back(RowOp{dst_->id(), pk, r.committed});
      }
      STORAGE_RETURN_IF_ERROR(engine_->LogDurably(rec));
      Unregister(*src_, &tracker_);
      registered_ = false;
      src_->MarkDead();
    }
    engine_->ReplaceTableData(dst_);
    finished_ = true;
    return Status::OK();
  }

  void Abort() override {
    if (registered_) {
      base::WriterMutexLock latch(&src_->latch);
      Unregister(*src_, &tracker_);
      registered_ = false;
    }
    finished_ = true;
  }

 private:
  // Records the error; CopyBatch aborts once it released the shared latch.
  Status Fail(Status s) {
    failed_ = s;
    return s;
  }

  // Maps one source row into dst. Caller holds src latch (shared or exclusive).
  Status CopyOne(const Key& src_pk, const Row& row) {
    STORAGE_ASSIGN_OR_RETURN(Row mapped, mapper_(row, ++copied_));
    TableData& dst = *dst_;
    base::WriterMutexLock dl(&dst.latch);
    if (mapped.size() != dst.def_.columns.size()) {
      return Status(sql::ErrorCode::kInternal, "Row mapper produced a row of the wrong width");
    }
    for (size_t i = 0; i < mapped.size(); ++i) {
      if (mapped[i].is_null() && !dst.def_.columns[i].nullable) {
        if (dst.def_.columns[i].auto_increment) {
          mapped[i] = Value::UInt(dst.auto_increment);
          continue;
        }
        return Status(sql::ErrorCode::kBadNull, "Column '" + dst.def_.columns[i].name + "' cannot be null");
      }
    }
    Key pk = dst.has_hidden_pk() ? Key{Value::UInt(dst.next_row_id++)} : dst.PrimaryKeyOf(mapped);
    if (dst.rows.count(pk)) return Duplicate(pk, dst.def_.name, "PRIMARY");
    for (const SecondaryIndex& idx : dst.indexes) {
      if (!idx.def.is_unique()) continue;
      Key k = dst.IndexKeyOf(idx, mapped);
      if (HasNull(k)) continue;
      auto it = idx.entries.lower_bound({k, Key{}});
      if (it != idx.entries.end() && CompareKeys(it->first, k) == 0) return Duplicate(k, dst.def_.name, idx.def.name);
    }
    dst.PutCommittedLocked(pk, std::move(mapped));
    mapped_[src_pk] = pk;
    return Status::OK();
  }

  EngineImpl* const engine_;
  const std::shared_ptr<TableData> src_;
  const std::shared_ptr<TableData> dst_;
  const RowMapper mapper_;
  PkTracker tracker_;
  bool registered_ = true;
  std::optional<Key> last_;
  std::map<Key, Key, KeyLess> mapped_;  // source pk -> dst pk
  uint64_t copied_ = 0;
  uint64_t estimated_ = 0;
  bool done_ = false;
  bool finished_ = false;
  Status failed_;
};

class IndexBuildImpl : public IndexBuild {
 public:
  IndexBuildImpl(EngineImpl* engine, std::shared_ptr<TableData> table, IndexDef def)
      : engine_(engine), table_(std::move(table)), def_(std::move(def)) {
    base::WriterMutexLock latch(&table_->latch);
    table_->trackers.push_back(&tracker_);
    index_ = table_->MakeIndex(def_);
    estimated_ = table_->row_count();
  }
  ~IndexBuildImpl() override { Abort(); }

  Result<uint64_t> CopyBatch(uint64_t max_rows) override {
    if (finished_) return uint64_t{0};
    base::ReaderMutexLock latch(&table_->latch);
    uint64_t n = 0;
    auto it = last_ ? table_->rows.upper_bound(*last_) : table_->rows.begin();
    for (; it != table_->rows.end() && n < max_rows; ++it, ++n) {
      last_ = it->first;
      AddLocked(it->first, it->second);
    }
    if (it == table_->rows.end()) done_ = true;
    copied_ += n;
    return n;
  }
  bool Done() const override { return done_; }
  uint64_t rows_copied() const override { return copied_; }
  uint64_t rows_estimated() const override { return estimated_; }

  Status Commit() override {
    while (!done_) STORAGE_RETURN_IF_ERROR(CopyBatch(kCommitBatch));
    base::MutexLock ddl(&engine_->ddl_mu());
    base::WriterMutexLock gate(&engine_->commit_gate());
    base::WriterMutexLock latch(&table_->latch);
    if (!table_->is_live()) return Status(sql::ErrorCode::kNoSuchTable, "Table '" + table_->def_.db + "." + table_->def_.name + "' doesn't exist");
    if (table_->def_.FindIndex(def_.name)) return Status(sql::ErrorCode::kDuplicateKeyName, "Duplicate key name '" + def_.name + "'");
    // Re-index rows changed since the copy passed them: drop their entries, re-add current images.
    for (const Key& pk : tracker_.Take()) {
      auto keys = keys_by_pk_.find(pk);
      if (keys != keys_by_pk_.end()) {
        for (const Key& k : keys->second) index_.entries.erase({k, pk});
        keys_by_pk_.erase(keys);
      }
      auto r = table_->rows.find(pk);
      if (r != table_->rows.end()) AddLocked(pk, r->second);
    }
    if (def_.is_unique()) {
      const Key* prev = nullptr;
      for (const auto& [k, pk] : index_.entries) {
        const std::optional<Row>& latest = table_->rows.at(pk).Latest();
        if (HasNull(k) || !latest || CompareKeys(table_->IndexKeyOf(index_, *latest), k) != 0) continue;
        if (prev && CompareKeys(*prev, k) == 0) return Duplicate(k, table_->def_.name, def_.name);
        prev = &k;
      }
    }
    LogRecord rec;
    rec.type = RecordType::kCreateIndex;
    rec.table_id = table_->id();
    rec.index = def_;
    STORAGE_RETURN_IF_ERROR(engine_->LogDurably(rec));
    Unregister(*table_, &tracker_);
    registered_ = false;
    table_->indexes.push_back(std::move(index_));
    table_->def_.indexes.push_back(def_);
    table_->CheckInvariantsLocked();
    finished_ = true;
    return Status::OK();
  }

  void Abort() override {
    if (registered_) {
      base::WriterMutexLock latch(&table_->latch);
      Unregister(*table_, &tracker_);
      registered_ = false;
    }
    finished_ = true;
  }

 private:
  void AddLocked(const Key& pk, const RowRecord& rec) {
    std::vector<Key>& keys = keys_by_pk_[pk];
    for (const std::optional<Row>* image : {&rec.committed, &rec.pending}) {
      if (!*image || (image == &rec.pending && rec.writer == 0)) continue;
      Key k = table_->IndexKeyOf(index_, **image);
      index_.entries.emplace(k, pk);
      keys.push_back(std::move(k));
    }
  }

  EngineImpl* const engine_;
  const std::shared_ptr<TableData> table_;
  const IndexDef def_;
  SecondaryIndex index_;
  PkTracker tracker_;
  bool registered_ = true;
  std::optional<Key> last_;
  std::map<Key, std::vector<Key>, KeyLess> keys_by_pk_;
  uint64_t copied_ = 0;
  uint64_t estimated_ = 0;
  bool done_ = false;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<TableRebuild>> EngineImpl::BeginRebuild(const std::string& db, const std::string& name,
                                                               TableDef new_def, RowMapper mapper) {
  STORAGE_RETURN_IF_ERROR(CheckOpen());
  std::shared_ptr<TableData> src = FindTableData(db, name);
  if (!src) return Status(sql::ErrorCode::kNoSuchTable, "Table '" + db + "." + name + "' doesn't exist");
  new_def.db = db;
  new_def.name = name;
  STORAGE_RETURN_IF_ERROR(ValidateTableDef(new_def));
  std::stable_partition(new_def.indexes.begin(), new_def.indexes.end(), [](const IndexDef& i) { return i.is_primary(); });
  new_def.id = src->id();
  if (new_def.auto_increment == 0) new_def.auto_increment = 1;
  return std::unique_ptr<TableRebuild>(new TableRebuildImpl(this, std::move(src), std::move(new_def), std::move(mapper)));
}

Result<std::unique_ptr<IndexBuild>> EngineImpl::BeginIndexBuild(const std::string& db, const std::string& name,
                                                                IndexDef index) {
  STORAGE_RETURN_IF_ERROR(CheckOpen());
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return Status(sql::ErrorCode::kNoSuchTable, "Table '" + db + "." + name + "' doesn't exist");
  if (index.is_primary()) return Status(sql::ErrorCode::kInternal, "Adding PRIMARY KEY requires a table rebuild");
  std::shared_ptr<const TableDef> def = t->def();
  if (def->FindIndex(index.name)) return Status(sql::ErrorCode::kDuplicateKeyName, "Duplicate key name '" + index.name + "'");
  if (index.columns.empty()) return Status(sql::ErrorCode::kInternal, "Index '" + index.name + "' has no columns");
  for (const IndexColumn& c : index.columns) {
    if (def->FindColumn(c.name) < 0) {
      return Status(sql::ErrorCode::kUnknownColumn, "Key column '" + c.name + "' doesn't exist in table");
    }
  }
  return std::unique_ptr<IndexBuild>(new IndexBuildImpl(this, std::move(t), std::move(index)));
}

}  // namespace storage
