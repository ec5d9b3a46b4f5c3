// CommitLog: the append-only, fsync'd log of committed transactions and DDL.
//
// The log is a sequence of files <datadir>/mdld-log.<seq> (seq zero-padded to 6 digits); the
// engine switches to a new file at each checkpoint (Rotate) and deletes covered files.
//
// Group commit (leader/follower): Append() writes the frame to the file (one write() under
// mu_) and returns the log position after it. Sync(pos) returns once everything up to pos is
// fsync'd: if no sync is running the caller becomes the leader and fsyncs, outside mu_, all
// bytes written so far; callers arriving meanwhile wait and are usually covered by that one
// fsync, so concurrent committers share it.
//
// Failures: a failed write is cut off again (ftruncate to the previous size) and reported as
// kDiskFull; nothing is poisoned. A failed fsync poisons the log: whether the bytes reached
// the disk is unknown, so every later Append/Sync fails with kDiskFull until reopen.
//
// Thread safety: all methods are thread-safe. Lock order: mu_ is a leaf; no I/O under it
// except the single append write() (which must be ordered with the position it assigns).
#ifndef STORAGE_COMMIT_LOG_H_
#define STORAGE_COMMIT_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "storage/engine.h"
#include "storage/status.h"

namespace storage {

class CommitLog {
 public:
  // Opens (creating) the log file `seq` in `dir` for appending at its current end.
  static Result<std::unique_ptr<CommitLog>> Open(const std::string& dir, uint64_t seq, bool sync);
  ~CommitLog();

  static std::string FileName(const std::string& dir, uint64_t seq);
  // The seqs of the log files present in `dir`, ascending (none if `dir` cannot be read).
  static std::vector<uint64_t> ListSeqs(const std::string& dir);

  // Appends one framed record. Returns the log position just past it.
  Result<uint64_t> Append(std::string_view payload) MDL_EXCLUDES(mu_);
  // Waits until everything up to `position` is durable (no-op when sync is disabled).
  Status Sync(uint64_t position) MDL_EXCLUDES(mu_);
  // Syncs the current file and continues in a new file `seq`. REQUIRES: no concurrent
  // Append/Sync (the engine holds its commit gate exclusively).
  Status Rotate(uint64_t seq) MDL_EXCLUDES(mu_);

  uint64_t seq() const MDL_EXCLUDES(mu_);
  // Bytes in the current file.
  uint64_t file_bytes() const MDL_EXCLUDES(mu_);
  void InjectFault(LogFault fault) MDL_EXCLUDES(mu_);

 private:
  CommitLog(std::string dir, bool sync) : dir_(std::move(dir)), sync_(sync) {}
  Status OpenFileLocked(uint64_t seq) MDL_REQUIRES(mu_);
  Status IoErrorLocked(int err) const MDL_REQUIRES(mu_);

  const std::string dir_;
  const bool sync_;

  mutable base::Mutex mu_;
  base::CondVar sync_done_;  // signalled when a leader's fsync ends
  int fd_ MDL_GUARDED_BY(mu_) = -1;
  uint64_t seq_ MDL_GUARDED_BY(mu_) = 0;
  std::string path_ MDL_GUARDED_BY(mu_);
  uint64_t file_size_ MDL_GUARDED_BY(mu_) = 0;
  // Positions are global byte counts over all files since open: [I1] synced_ <= written_.
  uint64_t written_ MDL_GUARDED_BY(mu_) = 0;
  uint64_t synced_ MDL_GUARDED_BY(mu_) = 0;
  bool sync_running_ MDL_GUARDED_BY(mu_) = false;
  bool poisoned_ MDL_GUARDED_BY(mu_) = false;
  LogFault fault_ MDL_GUARDED_BY(mu_) = LogFault::kNone;
};

}  // namespace storage

#endif  // STORAGE_COMMIT_LOG_H_
