// Annotated mutex, scoped lock and condition variable.
//
// libstdc++'s std::mutex carries no thread-safety annotations, so code in this project uses these
// thin wrappers instead (LevelDB's port::Mutex, absl::Mutex). They add no state and no cost.
#ifndef BASE_MUTEX_H_
#define BASE_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "base/thread_annotations.h"

namespace base {

class CondVar;

// A non-recursive exclusive mutex. Thread-safe.
class MDL_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() MDL_ACQUIRE() { mu_.lock(); }
  void Unlock() MDL_RELEASE() { mu_.unlock(); }
  bool TryLock() MDL_TRY_ACQUIRE(true) { return mu_.try_lock(); }
  // Documents (and tells the analysis) that the caller holds the mutex.
  void AssertHeld() const MDL_ASSERT_CAPABILITY(this) {}

 private:
  friend class CondVar;
  std::mutex mu_;
};

// A reader-writer mutex. Thread-safe.
class MDL_CAPABILITY("shared_mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() MDL_ACQUIRE() { mu_.lock(); }
  void Unlock() MDL_RELEASE() { mu_.unlock(); }
  void ReaderLock() MDL_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void ReaderUnlock() MDL_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds `mu` for the lifetime of the object.
class MDL_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) MDL_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() MDL_RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

class MDL_SCOPED_CAPABILITY WriterMutexLock {
 public:
  explicit WriterMutexLock(SharedMutex* mu) MDL_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterMutexLock() MDL_RELEASE() { mu_->Unlock(); }
  WriterMutexLock(const WriterMutexLock&) = delete;
  WriterMutexLock& operator=(const WriterMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

class MDL_SCOPED_CAPABILITY ReaderMutexLock {
 public:
  explicit ReaderMutexLock(SharedMutex* mu) MDL_ACQUIRE_SHARED(mu) : mu_(mu) { mu_->ReaderLock(); }
  ~ReaderMutexLock() MDL_RELEASE() { mu_->ReaderUnlock(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Condition variable bound to a base::Mutex. Waits require the mutex held.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void Wait(Mutex* mu) MDL_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // Returns false if `deadline` passed (the wait may also end spuriously: re-check the predicate).
  template <typename Clock, typename Duration>
  bool WaitUntil(Mutex* mu, std::chrono::time_point<Clock, Duration> deadline) MDL_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool ok = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return ok;
  }
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace base

#endif  // BASE_MUTEX_H_
