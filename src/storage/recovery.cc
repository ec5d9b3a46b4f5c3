// Engine::Open, recovery (snapshot + log replay) and checkpoints.
//
// Files in the datadir:
//   mdld-snapshot        the last checkpoint: kSnapshotHeader, then per database/table the
//                        records that recreate it (kCreateDatabase, kCreateTable, kTableRows
//                        chunks). Written to mdld-snapshot.tmp, fsync'd, renamed, dir fsync'd.
//   mdld-log.<seq>       commit log files; the snapshot header names the first one not
//                        covered by it.
// Recovery loads the snapshot, replays the log files from that seq on in order, and cuts a
// torn tail off the last file (it was never acknowledged). A bad frame elsewhere is corruption.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "storage/engine_impl.h"

namespace storage {
namespace {

constexpr size_t kRowsPerSnapshotRecord = 1024;

std::string SnapshotPath(const std::string& dir) { return dir + "/mdld-snapshot"; }

Status IoError(const std::string& what, const std::string& path, int err) {
  return Status(err == ENOSPC ? sql::ErrorCode::kDiskFull : sql::ErrorCode::kInternal,
                "Error " + what + " file '" + path + "' (errno: " + std::to_string(err) + " - " + std::strerror(err) + ")");
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("reading", path, errno);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}


void SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  if (options.datadir.empty()) return Status(sql::ErrorCode::kInternal, "datadir is empty");
  if (::mkdir(options.datadir.c_str(), 0755) != 0 && errno != EEXIST) {
    return IoError("creating", options.datadir, errno);
  }
  auto engine = std::make_unique<EngineImpl>(options);
  STORAGE_RETURN_IF_ERROR(engine->Recover());
  return std::unique_ptr<Engine>(std::move(engine));
}

Status EngineImpl::ReplayFile(const std::string& path, bool is_last_log, bool* torn) {
  STORAGE_ASSIGN_OR_RETURN(std::string data, ReadWholeFile(path));
  size_t pos = 0;
  std::string_view payload;
  while (true) {
    FrameStatus fs = ReadFrame(data, &pos, &payload);
    if (fs == FrameStatus::kEnd) return Status::OK();
    if (fs == FrameStatus::kTorn) {
      if (!is_last_log) return Status(sql::ErrorCode::kInternal, "Corrupt record in '" + path + "'");
      *torn = true;
      // Cut the unacknowledged tail so new records do not follow garbage.
      if (::truncate(path.c_str(), static_cast<off_t>(pos)) != 0) return IoError("truncating", path, errno);
      return Status::OK();
    }
    Result<LogRecord> record = DecodeRecord(payload);
    if (!record.ok()) return Status(sql::ErrorCode::kInternal, "Corrupt record in '" + path + "'");
    STORAGE_RETURN_IF_ERROR(ApplyRecord(*record));
  }
}

Status EngineImpl::Recover() {
  const std::string& dir = options_.datadir;
  uint64_t first_seq = 1;
  const std::string snapshot = SnapshotPath(dir);
  if (::access(snapshot.c_str(), F_OK) == 0) {
    STORAGE_ASSIGN_OR_RETURN(std::string data, ReadWholeFile(snapshot));
    size_t pos = 0;
    std::string_view payload;
    bool first = true;
    FrameStatus fs;
    while ((fs = ReadFrame(data, &pos, &payload)) == FrameStatus::kOk) {
      Result<LogRecord> record = DecodeRecord(payload);
      if (!record.ok() || (first && record->type != RecordType::kSnapshotHeader)) {
        return Status(sql::ErrorCode::kInternal, "Corrupt snapshot '" + snapshot + "'");
      }
      if (first) first_seq = record->next_log_seq;
      first = false;
      STORAGE_RETURN_IF_ERROR(ApplyRecord(*record));
    }
    if (fs != FrameStatus::kEnd || first) return Status(sql::ErrorCode::kInternal, "Corrupt snapshot '" + snapshot + "'");
  }
  std::vector<uint64_t> seqs = CommitLog::ListSeqs(dir);
  std::erase_if(seqs, [&](uint64_t s) { return s < first_seq; });
  for (size_t i = 0; i < seqs.size(); ++i) {
    bool torn = false;
    STORAGE_RETURN_IF_ERROR(ReplayFile(CommitLog::FileName(dir, seqs[i]), i + 1 == seqs.size(), &torn));
  }
  STORAGE_ASSIGN_OR_RETURN(log_, CommitLog::Open(dir, seqs.empty() ? first_seq : seqs.back(), options_.sync_commit));
  return Status::OK();
}

std::string EngineImpl::EncodeSnapshot(uint64_t next_log_seq) {
  std::string out;
  LogRecord header;
  header.type = RecordType::kSnapshotHeader;
  header.next_log_seq = next_log_seq;
  header.next_table_id = next_table_id_.load();
  header.next_trx_id = next_trx_id_.load();
  AppendFrame(EncodeRecord(header), &out);
  base::ReaderMutexLock catalog(&catalog_mu_);
  for (const std::string& db : databases_) {
    LogRecord r;
    r.type = RecordType::kCreateDatabase;
    r.name = db;
    AppendFrame(EncodeRecord(r), &out);
  }
  for (const auto& [key, t] : tables_) {
    base::ReaderMutexLock latch(&t->latch);
    LogRecord create;
    create.type = RecordType::kCreateTable;
    create.def = t->def_;
    create.def.auto_increment = t->auto_increment;
    AppendFrame(EncodeRecord(create), &out);
    LogRecord rows;
    rows.type = RecordType::kTableRows;
    rows.table_id = t->id();
    rows.auto_increment = t->auto_increment;
    rows.next_row_id = t->next_row_id;
    for (const auto& [pk, rec] : t->rows) {
      if (!rec.committed) continue;  // uncommitted inserts are not part of any commit
      rows.ops.push_back(RowOp{t->id(), pk, rec.committed});
      if (rows.ops.size() == kRowsPerSnapshotRecord) {
        AppendFrame(EncodeRecord(rows), &out);
        rows.ops.clear();
      }
    }
    AppendFrame(EncodeRecord(rows), &out);
  }
  return out;
}

Status EngineImpl::WriteSnapshot(const std::string& data) {
  const std::string path = SnapshotPath(options_.datadir);
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("writing", tmp, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(tmp.c_str());
      return IoError("writing", tmp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (options_.sync_commit && ::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError("writing", tmp, err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return IoError("renaming", tmp, errno);
  if (options_.sync_commit) SyncDir(options_.datadir);
  return Status::OK();
}

Status EngineImpl::Checkpoint() {
  STORAGE_RETURN_IF_ERROR(CheckOpen());
  base::MutexLock checkpoint(&checkpoint_mu_);
  std::string snapshot;
  uint64_t new_seq = 0;
  {
    base::MutexLock ddl(&ddl_mu_);
    base::WriterMutexLock gate(&commit_gate_);
    new_seq = log_->seq() + 1;
    STORAGE_RETURN_IF_ERROR(log_->Rotate(new_seq));
    snapshot = EncodeSnapshot(new_seq);
  }
  STORAGE_RETURN_IF_ERROR(WriteSnapshot(snapshot));
  for (uint64_t seq : CommitLog::ListSeqs(options_.datadir)) {
    if (seq < new_seq) ::unlink(CommitLog::FileName(options_.datadir, seq).c_str());
  }
  return Status::OK();
}

void EngineImpl::MaybeCheckpoint() {
  if (log_->file_bytes() <= options_.checkpoint_log_bytes) return;
  if (!checkpoint_mu_.TryLock()) return;  // one is running; it will cover this log
  checkpoint_mu_.Unlock();
  // A failed automatic checkpoint leaves the previous snapshot and the log valid; the next
  // large commit retries.
  Checkpoint().IgnoreError();
}

Status EngineImpl::Close() {
  STORAGE_RETURN_IF_ERROR(CheckOpen());
  Status s = Checkpoint();
  closed_.store(true, std::memory_order_release);
  return s;
}

}  // namespace storage
