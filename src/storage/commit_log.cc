#include "storage/commit_log.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "storage/log_record.h"

namespace storage {

namespace {
constexpr char kLogPrefix[] = "mdld-log.";
}  // namespace

std::string CommitLog::FileName(const std::string& dir, uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%06llu", kLogPrefix, static_cast<unsigned long long>(seq));
  return dir + "/" + buf;
}

std::vector<uint64_t> CommitLog::ListSeqs(const std::string& dir) {
  std::vector<uint64_t> seqs;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return seqs;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.rfind(kLogPrefix, 0) != 0) continue;
    const std::string digits = name.substr(sizeof(kLogPrefix) - 1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) continue;
    seqs.push_back(std::stoull(digits));
  }
  ::closedir(d);
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

Result<std::unique_ptr<CommitLog>> CommitLog::Open(const std::string& dir, uint64_t seq, bool sync) {
  std::unique_ptr<CommitLog> log(new CommitLog(dir, sync));
  base::MutexLock lock(&log->mu_);
  STORAGE_RETURN_IF_ERROR(log->OpenFileLocked(seq));
  return log;
}

CommitLog::~CommitLog() {
  base::MutexLock lock(&mu_);
  if (fd_ >= 0) ::close(fd_);
}

Status CommitLog::IoErrorLocked(int err) const {
  return Status(sql::ErrorCode::kDiskFull,
                "Error writing file '" + path_ + "' (errno: " + std::to_string(err) + " - " + std::strerror(err) + ")");
}

Status CommitLog::OpenFileLocked(uint64_t seq) {
  std::string path = FileName(dir_, seq);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    return Status(sql::ErrorCode::kInternal,
                  "Can't create/write to file '" + path + "' (OS errno " + std::to_string(err) + " - " + std::strerror(err) + ")");
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status(sql::ErrorCode::kInternal, "Can't stat '" + path + "'");
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  seq_ = seq;
  path_ = path;
  file_size_ = static_cast<uint64_t>(st.st_size);
  // The directory entry of a new file must be durable too before commits in it are.
  int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    if (sync_) ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::OK();
}

Result<uint64_t> CommitLog::Append(std::string_view payload) {
  std::string frame;
  frame.reserve(payload.size() + kFrameHeaderSize);
  AppendFrame(payload, &frame);
  base::MutexLock lock(&mu_);
  if (poisoned_) return IoErrorLocked(EIO);
  if (fault_ == LogFault::kFailWrite) {
    fault_ = LogFault::kNone;
    return IoErrorLocked(ENOSPC);
  }
  // Single write() under mu_: the file order is the position order. Exception to "no I/O
  // under a mutex", on purpose.
  size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(fd_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      // Cut the partial frame off so that later frames do not follow garbage.
      if (::ftruncate(fd_, static_cast<off_t>(file_size_)) != 0) poisoned_ = true;
      return IoErrorLocked(err);
    }
    done += static_cast<size_t>(n);
  }
  file_size_ += frame.size();
  written_ += frame.size();
  return written_;
}

Status CommitLog::Sync(uint64_t position) {
  base::MutexLock lock(&mu_);
  while (synced_ < position) {
    if (poisoned_) return IoErrorLocked(EIO);
    if (sync_running_) {
      sync_done_.Wait(&mu_);
      continue;
    }
    // Leader: fsync everything written so far, outside mu_.
    sync_running_ = true;
    const uint64_t target = written_;
    const int fd = fd_;
    bool fail = false;
    if (fault_ == LogFault::kFailSync) {
      fault_ = LogFault::kNone;
      fail = true;
    }
    mu_.Unlock();
    int err = 0;
    if (!fail && sync_ && ::fdatasync(fd) != 0) {
      fail = true;
      err = errno;
    }
    mu_.Lock();
    sync_running_ = false;
    if (fail) {
      poisoned_ = true;
      sync_done_.SignalAll();
      return IoErrorLocked(err != 0 ? err : EIO);
    }
    if (target > synced_) synced_ = target;
    sync_done_.SignalAll();
  }
  return Status::OK();
}

Status CommitLog::Rotate(uint64_t seq) {
  base::MutexLock lock(&mu_);
  if (poisoned_) return IoErrorLocked(EIO);
  if (sync_ && ::fdatasync(fd_) != 0) {
    poisoned_ = true;
    return IoErrorLocked(errno);
  }
  synced_ = written_;
  return OpenFileLocked(seq);
}

uint64_t CommitLog::seq() const {
  base::MutexLock lock(&mu_);
  return seq_;
}

uint64_t CommitLog::file_bytes() const {
  base::MutexLock lock(&mu_);
  return file_size_;
}

void CommitLog::InjectFault(LogFault fault) {
  base::MutexLock lock(&mu_);
  fault_ = fault;
}

}  // namespace storage
