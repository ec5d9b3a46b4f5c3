// SpinLock: a tiny annotated test-and-test-and-set lock for critical sections of a few
// instructions that are almost never contended (a context's ticket lists, written by the
// owning thread and read by TakeSnapshot()). One atomic exchange to lock and a plain release
// store to unlock, versus two RMWs plus a futex check for base::Mutex: measured on the
// uncontended acquire+release path in bench/mdl/acquire_release_bench.cc.
#ifndef MDL_SPIN_LOCK_H_
#define MDL_SPIN_LOCK_H_

#include <atomic>
#include <thread>

#include "base/thread_annotations.h"

namespace mdl {
namespace internal {

class MDL_CAPABILITY("mutex") SpinLock {
 public:
  void Lock() MDL_ACQUIRE() {
    // acquire: pairs with the release in Unlock(); publishes the protected data.
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }
  void Unlock() MDL_RELEASE() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

class MDL_SCOPED_CAPABILITY SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinLock* mu) MDL_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~SpinLockGuard() MDL_RELEASE() { mu_->Unlock(); }
  SpinLockGuard(const SpinLockGuard&) = delete;
  SpinLockGuard& operator=(const SpinLockGuard&) = delete;

 private:
  SpinLock* const mu_;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_SPIN_LOCK_H_
