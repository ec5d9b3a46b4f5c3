#include "storage/engine_impl.h"

#include <algorithm>
#include <ctime>

#include "storage/transaction_impl.h"

namespace storage {
namespace {

Status NoSuchTable(const std::string& db, const std::string& name) {
  return Status(sql::ErrorCode::kNoSuchTable, "Table '" + db + "." + name + "' doesn't exist");
}

// PRIMARY first, as the engine keeps it.
TableDef Normalized(TableDef def) {
  std::stable_partition(def.indexes.begin(), def.indexes.end(), [](const IndexDef& i) { return i.is_primary(); });
  for (IndexDef& i : def.indexes) {
    if (i.is_primary()) i.name = "PRIMARY";
  }
  return def;
}

}  // namespace

EngineImpl::~EngineImpl() = default;

Status EngineImpl::CheckOpen() const {
  if (closed_.load(std::memory_order_acquire)) return Status(sql::ErrorCode::kInternal, "Storage engine is closed");
  return Status::OK();
}

Status EngineImpl::LogDurably(const LogRecord& record) {
  STORAGE_RETURN_IF_ERROR(CheckOpen());
  STORAGE_ASSIGN_OR_RETURN(uint64_t position, log_->Append(EncodeRecord(record)));
  return log_->Sync(position);
}

Status EngineImpl::CreateDatabase(const std::string& db) {
  base::MutexLock ddl(&ddl_mu_);
  if (DatabaseExists(db)) {
    return Status(sql::ErrorCode::kDatabaseExists, "Can't create database '" + db + "'; database exists");
  }
  LogRecord r;
  r.type = RecordType::kCreateDatabase;
  r.name = db;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Result<std::vector<std::string>> EngineImpl::DropDatabase(const std::string& db) {
  base::MutexLock ddl(&ddl_mu_);
  if (!DatabaseExists(db)) {
    return Status(sql::ErrorCode::kDropDatabaseMissing, "Can't drop database '" + db + "'; database doesn't exist");
  }
  std::vector<std::string> dropped = ListTables(db);
  LogRecord r;
  r.type = RecordType::kDropDatabase;
  r.name = db;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  STORAGE_RETURN_IF_ERROR(ApplyRecord(r));
  return dropped;
}

bool EngineImpl::DatabaseExists(const std::string& db) const {
  base::ReaderMutexLock lock(&catalog_mu_);
  return databases_.count(db) > 0;
}

std::vector<std::string> EngineImpl::ListDatabases() const {
  base::ReaderMutexLock lock(&catalog_mu_);
  return std::vector<std::string>(databases_.begin(), databases_.end());
}

Status EngineImpl::CreateTable(const TableDef& in) {
  STORAGE_RETURN_IF_ERROR(ValidateTableDef(in));
  base::MutexLock ddl(&ddl_mu_);
  if (!DatabaseExists(in.db)) return Status(sql::ErrorCode::kUnknownDatabase, "Unknown database '" + in.db + "'");
  if (FindTableData(in.db, in.name)) {
    return Status(sql::ErrorCode::kTableExists, "Table '" + in.name + "' already exists");
  }
  LogRecord r;
  r.type = RecordType::kCreateTable;
  r.def = Normalized(in);
  r.def.id = next_table_id_.fetch_add(1);
  if (r.def.create_time == 0) r.def.create_time = static_cast<int64_t>(std::time(nullptr));
  if (r.def.auto_increment == 0) r.def.auto_increment = 1;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Status EngineImpl::DropTable(const std::string& db, const std::string& name) {
  base::MutexLock ddl(&ddl_mu_);
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return Status(sql::ErrorCode::kUnknownTable, "Unknown table '" + db + "." + name + "'");
  LogRecord r;
  r.type = RecordType::kDropTable;
  r.table_id = t->id();
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Status EngineImpl::RenameTable(const std::string& db, const std::string& name, const std::string& new_db,
                               const std::string& new_name) {
  base::MutexLock ddl(&ddl_mu_);
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return NoSuchTable(db, name);
  if (!DatabaseExists(new_db)) return Status(sql::ErrorCode::kUnknownDatabase, "Unknown database '" + new_db + "'");
  if (FindTableData(new_db, new_name)) {
    return Status(sql::ErrorCode::kTableExists, "Table '" + new_name + "' already exists");
  }
  LogRecord r;
  r.type = RecordType::kRenameTable;
  r.table_id = t->id();
  r.db = new_db;
  r.table = new_name;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Status EngineImpl::TruncateTable(const std::string& db, const std::string& name) {
  base::MutexLock ddl(&ddl_mu_);
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return NoSuchTable(db, name);
  LogRecord r;
  r.type = RecordType::kTruncateTable;
  r.table_id = t->id();
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Status EngineImpl::ChangeTableMetadata(const std::string& db, const std::string& name, const TableDef& new_def) {
  STORAGE_RETURN_IF_ERROR(ValidateTableDef(new_def));
  base::MutexLock ddl(&ddl_mu_);
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return NoSuchTable(db, name);
  TableDef def = Normalized(new_def);
  std::shared_ptr<const TableDef> old = t->def();
  bool same_layout = def.columns.size() == old->columns.size() && def.indexes.size() == old->indexes.size();
  for (size_t i = 0; same_layout && i < def.columns.size(); ++i) {
    const ColumnDef &a = def.columns[i], &b = old->columns[i];
    same_layout = a.type == b.type && a.length == b.length && a.precision == b.precision && a.scale == b.scale &&
                  a.is_unsigned == b.is_unsigned && a.nullable == b.nullable && a.auto_increment == b.auto_increment;
  }
  for (size_t i = 0; same_layout && i < def.indexes.size(); ++i) {
    const IndexDef &a = def.indexes[i], &b = old->indexes[i];
    same_layout = a.kind == b.kind && a.columns.size() == b.columns.size();
    for (size_t c = 0; same_layout && c < a.columns.size(); ++c) {
      same_layout = def.FindColumn(a.columns[c].name) == old->FindColumn(b.columns[c].name);
    }
  }
  if (!same_layout) {
    return Status(sql::ErrorCode::kInternal, "Metadata change would alter stored rows; rebuild the table");
  }
  def.db = old->db;
  def.name = old->name;
  def.id = old->id;
  def.create_time = old->create_time;
  LogRecord r;
  r.type = RecordType::kChangeMetadata;
  r.def = def;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

Status EngineImpl::DropIndex(const std::string& db, const std::string& name, const std::string& index) {
  base::MutexLock ddl(&ddl_mu_);
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return NoSuchTable(db, name);
  std::shared_ptr<const TableDef> def = t->def();
  const IndexDef* idx = def->FindIndex(index);
  if (idx == nullptr) {
    return Status(sql::ErrorCode::kCantDropField, "Can't DROP '" + index + "'; check that column/key exists");
  }
  if (idx->is_primary()) return Status(sql::ErrorCode::kInternal, "Dropping PRIMARY requires a table rebuild");
  LogRecord r;
  r.type = RecordType::kDropIndex;
  r.table_id = t->id();
  r.name = idx->name;
  base::WriterMutexLock gate(&commit_gate_);
  STORAGE_RETURN_IF_ERROR(LogDurably(r));
  return ApplyRecord(r);
}

std::shared_ptr<TableData> EngineImpl::FindTableData(const std::string& db, const std::string& name) const {
  base::ReaderMutexLock lock(&catalog_mu_);
  auto it = tables_.find({db, name});
  return it == tables_.end() ? nullptr : it->second;
}

Result<std::shared_ptr<Table>> EngineImpl::OpenTable(const std::string& db, const std::string& name) const {
  std::shared_ptr<TableData> t = FindTableData(db, name);
  if (!t) return NoSuchTable(db, name);
  return std::shared_ptr<Table>(t);
}

std::shared_ptr<const TableDef> EngineImpl::FindTable(const std::string& db, const std::string& name) const {
  std::shared_ptr<TableData> t = FindTableData(db, name);
  return t ? t->def() : nullptr;
}

std::vector<std::string> EngineImpl::ListTables(const std::string& db) const {
  base::ReaderMutexLock lock(&catalog_mu_);
  std::vector<std::string> names;
  for (auto it = tables_.lower_bound({db, ""}); it != tables_.end() && it->first.first == db; ++it) {
    names.push_back(it->first.second);
  }
  return names;
}

void EngineImpl::ReplaceTableData(const std::shared_ptr<TableData>& replacement) {
  base::WriterMutexLock lock(&catalog_mu_);
  auto it = tables_by_id_.find(replacement->id());
  if (it == tables_by_id_.end()) return;
  std::shared_ptr<TableData> old = it->second;
  old->MarkDead();
  it->second = replacement;
  for (auto& [key, t] : tables_) {
    if (t == old) t = replacement;
  }
}

std::unique_ptr<Transaction> EngineImpl::Begin(const TransactionOptions& options) {
  auto trx = std::make_unique<TransactionImpl>(this, next_trx_id_.fetch_add(1), options);
  Register(trx.get());
  return trx;
}

void EngineImpl::Register(TransactionImpl* trx) {
  base::MutexLock lock(&registry_mu_);
  active_[trx->id()] = trx;
}

void EngineImpl::Unregister(TransactionImpl* trx) {
  base::MutexLock lock(&registry_mu_);
  active_.erase(trx->id());
}

std::vector<TrxInfo> EngineImpl::ListTransactions() const {
  base::MutexLock lock(&registry_mu_);
  std::vector<TrxInfo> out;
  for (const auto& [id, trx] : active_) out.push_back(trx->info());
  return out;
}

uint64_t EngineImpl::log_bytes() const { return log_ ? log_->file_bytes() : 0; }

void EngineImpl::TEST_InjectLogFault(LogFault fault) { log_->InjectFault(fault); }

std::shared_ptr<TableData> EngineImpl::TableByIdLocked(uint64_t id) const {
  auto it = tables_by_id_.find(id);
  return it == tables_by_id_.end() ? nullptr : it->second;
}

Status EngineImpl::ApplyRecord(const LogRecord& r) {
  base::WriterMutexLock lock(&catalog_mu_);
  switch (r.type) {
    case RecordType::kCreateDatabase:
      databases_.insert(r.name);
      break;
    case RecordType::kDropDatabase:
      databases_.erase(r.name);
      for (auto it = tables_.lower_bound({r.name, ""}); it != tables_.end() && it->first.first == r.name;) {
        it->second->MarkDead();
        tables_by_id_.erase(it->second->id());
        it = tables_.erase(it);
      }
      break;
    case RecordType::kCreateTable: {
      auto t = std::make_shared<TableData>(r.def);
      tables_[{r.def.db, r.def.name}] = t;
      tables_by_id_[r.def.id] = t;
      if (r.def.id >= next_table_id_.load()) next_table_id_.store(r.def.id + 1);
      break;
    }
    case RecordType::kDropTable:
    case RecordType::kRenameTable: {
      std::shared_ptr<TableData> t = TableByIdLocked(r.table_id);
      if (!t) break;
      base::WriterMutexLock latch(&t->latch);
      tables_.erase({t->def_.db, t->def_.name});
      if (r.type == RecordType::kDropTable) {
        tables_by_id_.erase(r.table_id);
        t->MarkDead();
      } else {
        t->def_.db = r.db;
        t->def_.name = r.table;
        tables_[{r.db, r.table}] = t;
      }
      break;
    }
    case RecordType::kTruncateTable: {
      std::shared_ptr<TableData> t = TableByIdLocked(r.table_id);
      if (!t) break;
      base::WriterMutexLock latch(&t->latch);
      t->ClearLocked();
      t->auto_increment = 1;
      break;
    }
    case RecordType::kReplaceTable: {
      std::shared_ptr<TableData> old = TableByIdLocked(r.def.id);
      if (!old) break;
      auto t = std::make_shared<TableData>(r.def);
      {
        base::WriterMutexLock latch(&t->latch);
        for (const RowOp& op : r.ops) t->PutCommittedLocked(op.pk, op.row);
      }
      old->MarkDead();
      tables_by_id_[r.def.id] = t;
      tables_[{r.def.db, r.def.name}] = t;
      break;
    }
    case RecordType::kCreateIndex:
    case RecordType::kDropIndex:
    case RecordType::kChangeMetadata: {
      std::shared_ptr<TableData> t = TableByIdLocked(r.type == RecordType::kChangeMetadata ? r.def.id : r.table_id);
      if (!t) break;
      base::WriterMutexLock latch(&t->latch);
      if (r.type == RecordType::kCreateIndex) {
        SecondaryIndex index = t->MakeIndex(r.index);
        t->FillIndexLocked(&index);
        t->indexes.push_back(std::move(index));
        t->def_.indexes.push_back(r.index);
      } else if (r.type == RecordType::kDropIndex) {
        std::erase_if(t->indexes, [&](const SecondaryIndex& i) { return NameEquals(i.def.name, r.name); });
        std::erase_if(t->def_.indexes, [&](const IndexDef& i) { return NameEquals(i.name, r.name); });
      } else {
        // Index positions are unchanged (same layout), so only names/options change.
        t->def_ = r.def;
        for (size_t i = 0, s = 0; i < r.def.indexes.size(); ++i) {
          if (!r.def.indexes[i].is_primary()) t->indexes[s++].def = r.def.indexes[i];
        }
        t->auto_increment = std::max<uint64_t>(r.def.auto_increment, 1);
        for (const auto& [pk, rec] : t->rows) {
          if (rec.committed) t->ObserveCountersLocked(pk, *rec.committed);
        }
      }
      break;
    }
    case RecordType::kTrxCommit:
      for (const RowOp& op : r.ops) {
        std::shared_ptr<TableData> t = TableByIdLocked(op.table_id);
        if (!t) continue;  // dropped later in the log
        base::WriterMutexLock latch(&t->latch);
        t->PutCommittedLocked(op.pk, op.row);
      }
      if (r.trx_id >= next_trx_id_.load()) next_trx_id_.store(r.trx_id + 1);
      break;
    case RecordType::kSnapshotHeader:
      next_table_id_.store(std::max(next_table_id_.load(), r.next_table_id));
      next_trx_id_.store(std::max(next_trx_id_.load(), r.next_trx_id));
      break;
    case RecordType::kTableRows: {
      std::shared_ptr<TableData> t = TableByIdLocked(r.table_id);
      if (!t) return Status(sql::ErrorCode::kInternal, "Snapshot rows for an unknown table");
      base::WriterMutexLock latch(&t->latch);
      for (const RowOp& op : r.ops) t->PutCommittedLocked(op.pk, op.row);
      t->auto_increment = std::max(t->auto_increment, r.auto_increment);
      t->next_row_id = std::max(t->next_row_id, r.next_row_id);
      break;
    }
  }
  return Status::OK();
}

}  // namespace storage
