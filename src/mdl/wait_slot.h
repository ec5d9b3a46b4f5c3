// WaitSlot: where a context sleeps while one of its requests is pending (MySQL's MDL_wait).
//
// The slot's status is written at most once per wait, by whoever decides the outcome first:
// the granting thread (kGranted, from RescheduleWaitersLocked), the deadlock detector
// (kVictim), or the waiter itself (kTimeout, kKilled). Everyone else sees SetIfEmpty() fail.
// Thread-safe.
#ifndef MDL_WAIT_SLOT_H_
#define MDL_WAIT_SLOT_H_

#include <atomic>
#include <cstdint>

#include "base/clock.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace mdl {
namespace internal {

enum class WaitStatus : uint8_t { kEmpty, kGranted, kVictim, kTimeout, kKilled };

class WaitSlot {
 public:
  // Starts a new wait. REQUIRES: no request of this context is in any waiting list.
  void Reset() MDL_EXCLUDES(mu_) {
    base::MutexLock l(&mu_);
    status_ = WaitStatus::kEmpty;
    status_atomic_.store(WaitStatus::kEmpty, std::memory_order_release);
  }

  // Sets the outcome if none is set yet and wakes the waiter. Returns true if this call set
  // it. Lock order: may be called with a LockObject mutex or graph_mu_ held (mu_ is a leaf).
  bool SetIfEmpty(WaitStatus s) MDL_EXCLUDES(mu_) {
    base::MutexLock l(&mu_);
    if (status_ != WaitStatus::kEmpty) return false;
    status_ = s;
    status_atomic_.store(s, std::memory_order_release);
    cv_.Signal();
    return true;
  }

  // Wakes the waiter so that it re-checks the kill flag (Kill()).
  void Wake() MDL_EXCLUDES(mu_) {
    base::MutexLock l(&mu_);
    cv_.Signal();
  }

  // Blocks until an outcome is set, `killed` becomes true (-> kKilled) or `deadline` passes
  // on `clock` (-> kTimeout). Returns the outcome.
  WaitStatus Wait(const base::Clock& clock, base::Clock::TimePoint deadline,
                  const std::atomic<bool>& killed) MDL_EXCLUDES(mu_) {
    return WaitImpl(clock, deadline, killed, /*set_timeout=*/true);
  }

  // Like Wait() but when `until` passes returns kEmpty and leaves the slot empty, so that the
  // wait can go on (the end of a low-priority window: the request stays grantable meanwhile).
  WaitStatus WaitUntil(const base::Clock& clock, base::Clock::TimePoint until,
                       const std::atomic<bool>& killed) MDL_EXCLUDES(mu_) {
    return WaitImpl(clock, until, killed, /*set_timeout=*/false);
  }

  // Lock-free read for the deadlock detector and snapshots (may be stale).
  WaitStatus status() const { return status_atomic_.load(std::memory_order_acquire); }

 private:
  WaitStatus WaitImpl(const base::Clock& clock, base::Clock::TimePoint deadline,
                      const std::atomic<bool>& killed, bool set_timeout) MDL_EXCLUDES(mu_) {
    base::MutexLock l(&mu_);
    while (status_ == WaitStatus::kEmpty) {
      // acquire: pairs with the release store in LockContext::Kill().
      if (killed.load(std::memory_order_acquire)) {
        SetLocked(WaitStatus::kKilled);
        break;
      }
      if (deadline != base::Clock::TimePoint::max() && clock.Now() >= deadline) {
        if (!set_timeout) return WaitStatus::kEmpty;
        SetLocked(WaitStatus::kTimeout);
        break;
      }
      clock.WaitUntil(&cv_, &mu_, deadline);
    }
    return status_;
  }

  void SetLocked(WaitStatus s) MDL_REQUIRES(mu_) {
    status_ = s;
    status_atomic_.store(s, std::memory_order_release);
  }

  base::Mutex mu_;
  base::CondVar cv_;
  WaitStatus status_ MDL_GUARDED_BY(mu_) = WaitStatus::kEmpty;
  // Mirror of status_ for readers that must not take mu_ (release/acquire).
  std::atomic<WaitStatus> status_atomic_{WaitStatus::kEmpty};
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_WAIT_SLOT_H_
