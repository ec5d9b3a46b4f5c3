#include "storage/binlog_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "storage/commit_log.h"

namespace storage {
namespace {


std::string Quote(const std::string& name) { return "`" + name + "`"; }

Status NotFound() {
  // MySQL: ER_ERROR_WHEN_EXECUTING_COMMAND "... Could not find target log"; the server maps it.
  return Status(sql::ErrorCode::kInternal, "Could not find target log");
}

// Reads the whole file; nullopt-like error if it vanished (a checkpoint deleted it).
Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound();
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first log seq not covered by the snapshot (1 without a snapshot), and the snapshot's
// records through `observe`. A missing snapshot is a fresh datadir.
template <typename Fn>
Result<uint64_t> LoadSnapshot(const std::string& datadir, Fn&& observe) {
  std::ifstream in(datadir + "/mdld-snapshot", std::ios::binary);
  if (!in) return uint64_t{1};
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string data = ss.str();
  size_t pos = 0;
  std::string_view payload;
  uint64_t first_seq = 0;
  while (ReadFrame(data, &pos, &payload) == FrameStatus::kOk) {
    Result<LogRecord> record = DecodeRecord(payload);
    if (!record.ok()) break;
    if (record->type == RecordType::kSnapshotHeader) first_seq = record->next_log_seq;
    observe(*record);
  }
  if (first_seq == 0) return Status(sql::ErrorCode::kInternal, "Corrupt snapshot in the datadir");
  return first_seq;
}


std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Calls fn(record, pos, end) for each complete frame of `data`; stops at the first torn or
// undecodable frame (the unfinished tail of the file being written).
template <typename Fn>
void ForEachRecord(std::string_view data, Fn&& fn) {
  size_t pos = 0;
  std::string_view payload;
  while (true) {
    const size_t start = pos;
    if (ReadFrame(data, &pos, &payload) != FrameStatus::kOk) return;
    Result<LogRecord> record = DecodeRecord(payload);
    if (!record.ok()) return;
    fn(*record, start, pos);
  }
}

}  // namespace

std::string BinlogEventMapper::TableName(uint64_t table_id) const {
  auto it = tables_.find(table_id);
  return it == tables_.end() ? "table_id " + std::to_string(table_id) : Quote(it->second.name);
}

std::string BinlogEventMapper::QualifiedName(uint64_t table_id) const {
  auto it = tables_.find(table_id);
  if (it == tables_.end()) return "table_id " + std::to_string(table_id);
  return Quote(it->second.db) + "." + Quote(it->second.name);
}

std::string BinlogEventMapper::UseDb(uint64_t table_id) const {
  auto it = tables_.find(table_id);
  return it == tables_.end() ? "" : "use " + Quote(it->second.db) + "; ";
}

void BinlogEventMapper::Observe(const LogRecord& r) {
  switch (r.type) {
    case RecordType::kCreateTable:
    case RecordType::kChangeMetadata: {
      TableState& t = tables_[r.def.id];
      t.db = r.def.db;
      t.name = r.def.name;
      return;
    }
    case RecordType::kReplaceTable: {
      TableState& t = tables_[r.def.id];
      t.db = r.def.db;
      t.name = r.def.name;
      t.keys.clear();
      for (const RowOp& op : r.ops) {
        if (op.row) t.keys.insert(op.pk);
      }
      return;
    }
    case RecordType::kDropDatabase:
      std::erase_if(tables_, [&](const auto& e) { return e.second.db == r.name; });
      return;
    case RecordType::kDropTable:
      tables_.erase(r.table_id);
      return;
    case RecordType::kRenameTable: {
      TableState& t = tables_[r.table_id];
      t.db = r.db;
      t.name = r.table;
      return;
    }
    case RecordType::kTruncateTable:
      tables_[r.table_id].keys.clear();
      return;
    case RecordType::kTrxCommit:
    case RecordType::kTableRows:
      for (const RowOp& op : r.ops) {
        std::set<Key, KeyLess>& keys = tables_[op.table_id].keys;
        if (op.row) {
          keys.insert(op.pk);
        } else {
          keys.erase(op.pk);
        }
      }
      return;
    case RecordType::kCreateDatabase:
    case RecordType::kCreateIndex:
    case RecordType::kDropIndex:
    case RecordType::kSnapshotHeader:
      return;
  }
}

void BinlogEventMapper::Map(const LogRecord& r, uint64_t pos, uint64_t end_pos,
                            std::vector<BinlogEvent>* out) {
  auto emit = [&](std::string type, std::string info) {
    out->push_back(BinlogEvent{pos, end_pos, std::move(type), std::move(info)});
  };
  auto columns = [](const TableDef& def) {
    return std::to_string(def.columns.size()) + (def.columns.size() == 1 ? " column" : " columns");
  };
  switch (r.type) {
    case RecordType::kTrxCommit: {
      emit("Query", "BEGIN");
      // Per table, in the order of first touch: counts of inserted, updated, deleted rows,
      // classified against the keys before this commit. The record holds one final image per
      // key (the net effect of the transaction on that row).
      struct Counts {
        uint64_t table_id;
        uint64_t write = 0, update = 0, remove = 0;
      };
      std::vector<Counts> order;
      std::map<uint64_t, std::set<Key, KeyLess>> seen;
      for (const RowOp& op : r.ops) {
        auto it = std::find_if(order.begin(), order.end(),
                               [&](const Counts& c) { return c.table_id == op.table_id; });
        if (it == order.end()) it = order.insert(order.end(), Counts{op.table_id});
        if (!seen[op.table_id].insert(op.pk).second) continue;
        auto t = tables_.find(op.table_id);
        const bool existed = t != tables_.end() && t->second.keys.count(op.pk) != 0;
        if (!op.row) {
          if (existed) ++it->remove;
        } else if (existed) {
          ++it->update;
        } else {
          ++it->write;
        }
      }
      for (const Counts& c : order) {
        const std::string id = "table_id: " + std::to_string(c.table_id);
        std::vector<std::string> kinds;
        if (c.write != 0) kinds.push_back("Write_rows");
        if (c.update != 0) kinds.push_back("Update_rows");
        if (c.remove != 0) kinds.push_back("Delete_rows");
        // Only deletions of rows the commit itself inserted: no net change to show.
        if (kinds.empty()) continue;
        emit("Table_map", id + " (" + QualifiedName(c.table_id) + ")");
        for (size_t i = 0; i < kinds.size(); ++i) {
          emit(kinds[i], i + 1 == kinds.size() ? id + " flags: STMT_END_F" : id);
        }
      }
      emit("Xid", "COMMIT /* xid=" + std::to_string(r.trx_id) + " */");
      break;
    }
    case RecordType::kCreateDatabase:
      emit("Query", "CREATE DATABASE " + Quote(r.name));
      break;
    case RecordType::kDropDatabase:
      emit("Query", "DROP DATABASE " + Quote(r.name));
      break;
    case RecordType::kCreateTable:
      emit("Query", "use " + Quote(r.def.db) + "; CREATE TABLE " + Quote(r.def.name) + " /* " +
                        columns(r.def) + ", table_id: " + std::to_string(r.def.id) + " */");
      break;
    case RecordType::kDropTable:
      emit("Query", UseDb(r.table_id) + "DROP TABLE " + TableName(r.table_id));
      break;
    case RecordType::kRenameTable:
      emit("Query", "RENAME TABLE " + QualifiedName(r.table_id) + " TO " + Quote(r.db) + "." +
                        Quote(r.table));
      break;
    case RecordType::kTruncateTable:
      emit("Query", UseDb(r.table_id) + "TRUNCATE TABLE " + TableName(r.table_id));
      break;
    case RecordType::kReplaceTable:
      emit("Query", "use " + Quote(r.def.db) + "; ALTER TABLE " + Quote(r.def.name) +
                        " /* rebuilt (ALGORITHM=COPY): " + columns(r.def) + ", " +
                        std::to_string(r.ops.size()) + " rows */");
      break;
    case RecordType::kCreateIndex:
      emit("Query", UseDb(r.table_id) + "ALTER TABLE " + TableName(r.table_id) + " ADD INDEX " +
                        Quote(r.index.name));
      break;
    case RecordType::kDropIndex:
      emit("Query", UseDb(r.table_id) + "ALTER TABLE " + TableName(r.table_id) + " DROP INDEX " +
                        Quote(r.name));
      break;
    case RecordType::kChangeMetadata:
      emit("Query", "use " + Quote(r.def.db) + "; ALTER TABLE " + Quote(r.def.name) +
                        " /* metadata only (ALGORITHM=INSTANT): " + columns(r.def) + " */");
      break;
    case RecordType::kSnapshotHeader:
    case RecordType::kTableRows:
      // Snapshot-only records; never in a log file.
      break;
  }
  Observe(r);
}

Result<std::vector<BinlogFile>> ListBinlogFiles(const std::string& datadir) {
  STORAGE_ASSIGN_OR_RETURN(uint64_t first_seq, LoadSnapshot(datadir, [](const LogRecord&) {}));
  std::vector<BinlogFile> files;
  for (uint64_t seq : CommitLog::ListSeqs(datadir)) {
    if (seq < first_seq) continue;  // covered by the snapshot; being deleted
    const std::string path = CommitLog::FileName(datadir, seq);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) continue;
    files.push_back(BinlogFile{BaseName(path), static_cast<uint64_t>(st.st_size)});
  }
  return files;
}

namespace {

Result<std::vector<BinlogEvent>> ReadBinlogEventsOnce(const std::string& datadir,
                                                      const std::string& log_name) {
  BinlogEventMapper mapper;
  STORAGE_ASSIGN_OR_RETURN(uint64_t first_seq,
                           LoadSnapshot(datadir, [&](const LogRecord& r) { mapper.Observe(r); }));
  std::vector<uint64_t> seqs = CommitLog::ListSeqs(datadir);
  std::erase_if(seqs, [&](uint64_t s) { return s < first_seq; });
  if (seqs.empty()) return NotFound();
  uint64_t target = seqs.front();
  if (!log_name.empty()) {
    auto it = std::find_if(seqs.begin(), seqs.end(), [&](uint64_t s) {
      return BaseName(CommitLog::FileName(datadir, s)) == log_name;
    });
    if (it == seqs.end()) return NotFound();
    target = *it;
  }
  std::vector<BinlogEvent> events;
  for (uint64_t seq : seqs) {
    if (seq > target) break;
    STORAGE_ASSIGN_OR_RETURN(std::string data, ReadFile(CommitLog::FileName(datadir, seq)));
    ForEachRecord(data, [&](const LogRecord& r, uint64_t pos, uint64_t end) {
      if (seq == target) {
        mapper.Map(r, pos, end, &events);
      } else {
        mapper.Observe(r);
      }
    });
  }
  return events;
}

}  // namespace

Result<std::vector<BinlogEvent>> ReadBinlogEvents(const std::string& datadir,
                                                  const std::string& log_name) {
  // A checkpoint between reading the snapshot and the files may delete a file this read
  // needed; the next attempt starts from the new snapshot.
  Result<std::vector<BinlogEvent>> events = ReadBinlogEventsOnce(datadir, log_name);
  for (int attempt = 0; attempt < 2 && !events.ok(); ++attempt) {
    events = ReadBinlogEventsOnce(datadir, log_name);
  }
  return events;
}

}  // namespace storage
