// FastPathRecord: what other threads may read of a fast-path ticket (TakeSnapshot(), the
// blocker lookup of an error status), published by the owning context without any atomic
// read-modify-write.
//
// Why: a fast-path grant is otherwise invisible outside its context (the lock object only
// counts it). Guarding the context's ticket lists with a lock cost one atomic exchange on
// every acquire and every release (two more locked instructions on a path whose floor is
// two), for readers that run a few times a second at most. So the cost moves to the reader:
//
// A sequence lock per ticket. The owning context is the only writer. Protocol:
//   writer: version_ = odd; field stores (release); version_ = even (release)
//   reader: v1 = version_ (acquire); field loads (acquire); v2 = version_; valid iff
//           v1 == v2 and v1 is even.
// Release stores / acquire loads of the fields (rather than fences) keep it exact under the
// C++ memory model and visible to TSan; on x86-64 they compile to plain moves.
//
// Invariants:
//   [R1] obj != nullptr exactly while the ticket is a granted fast-path lock of its context.
//   [R2] While [R1] holds, the context's cache entry for obj is not idle, so obj stays pinned;
//        eviction takes the context's pool mutex, so a reader holding that mutex may
//        dereference an obj it read validly (see LockContextImpl::pool_mu_).
// Thread safety: Publish/Clear/SetDuration only by the owning context's thread; Read from any
// thread (it spins while a write is in progress: a write is a handful of stores).
#ifndef MDL_FAST_PATH_RECORD_H_
#define MDL_FAST_PATH_RECORD_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "mdl/lock_types.h"

namespace mdl {
namespace internal {

class LockObject;

struct FastPathView {
  const LockObject* obj = nullptr;  // nullptr: not a granted fast-path lock
  uint64_t id = 0;
  LockType type = LockType::kSharedRead;
  LockDuration duration = LockDuration::kTransaction;
  std::chrono::steady_clock::time_point since;
  const char* source = nullptr;
  uint64_t event_id = 0;
};

class FastPathRecord {
 public:
  void Publish(const FastPathView& v) {
    const uint32_t ver = BeginWrite();
    id_.store(v.id, std::memory_order_release);
    type_.store(v.type, std::memory_order_release);
    duration_.store(v.duration, std::memory_order_release);
    since_.store(v.since.time_since_epoch().count(), std::memory_order_release);
    source_.store(v.source, std::memory_order_release);
    event_id_.store(v.event_id, std::memory_order_release);
    obj_.store(v.obj, std::memory_order_release);
    EndWrite(ver);
  }
  // Writes every field but obj (left unpublished): the fixed part of a prepared ticket's
  // record, written once so that each grant only publishes obj and since (PublishGrant).
  void SetStatic(const FastPathView& v) {
    const uint32_t ver = BeginWrite();
    id_.store(v.id, std::memory_order_release);
    type_.store(v.type, std::memory_order_release);
    duration_.store(v.duration, std::memory_order_release);
    source_.store(v.source, std::memory_order_release);
    event_id_.store(v.event_id, std::memory_order_release);
    obj_.store(nullptr, std::memory_order_release);
    EndWrite(ver);
  }
  // Publishes / withdraws a grant whose other fields were written by SetStatic() (prepared
  // tickets: obj is the same object at every grant). No version change: the record flips
  // between "not granted" and "granted on obj" with one store of obj, and since is stored
  // before it, so a reader whose obj load sees this grant reads this grant's since (and event
  // id) or a later grant's ([P4] in prepared_state.h). The other fields do not change between
  // grants.
  // The event id may differ per grant (LockContext::Acquire(prepared, timeout, event_id)) and
  // is stored like since.
  void PublishGrant(const LockObject* obj, std::chrono::steady_clock::time_point since,
                    uint64_t event_id) {
    since_.store(since.time_since_epoch().count(), std::memory_order_release);
    event_id_.store(event_id, std::memory_order_release);
    obj_.store(obj, std::memory_order_release);
  }
  void ClearGrant() { obj_.store(nullptr, std::memory_order_release); }
  void Clear() {
    const uint32_t v = BeginWrite();
    obj_.store(nullptr, std::memory_order_release);
    EndWrite(v);
  }
  void SetDuration(LockDuration d) {
    const uint32_t v = BeginWrite();
    duration_.store(d, std::memory_order_release);
    EndWrite(v);
  }

  // A consistent copy of the record. Any thread.
  FastPathView Read() const {
    for (;;) {
      const uint32_t v1 = version_.load(std::memory_order_acquire);
      if ((v1 & 1) == 0) {
        FastPathView v;
        v.obj = obj_.load(std::memory_order_acquire);
        v.id = id_.load(std::memory_order_acquire);
        v.type = type_.load(std::memory_order_acquire);
        v.duration = duration_.load(std::memory_order_acquire);
        v.since = std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(since_.load(std::memory_order_acquire)));
        v.source = source_.load(std::memory_order_acquire);
        v.event_id = event_id_.load(std::memory_order_acquire);
        // Not reordered before the acquire loads above.
        if (version_.load(std::memory_order_relaxed) == v1) return v;
      }
      std::this_thread::yield();
    }
  }

 private:
  // The single writer keeps the version in a register between the two stores (returned by
  // BeginWrite) instead of reloading it: two instructions less per write.
  uint32_t BeginWrite() {
    const uint32_t v = version_.load(std::memory_order_relaxed) + 1;
    version_.store(v, std::memory_order_relaxed);
    return v;
  }
  // release: publishes the field stores to a reader whose first version load sees this.
  void EndWrite(uint32_t v) { version_.store(v + 1, std::memory_order_release); }

  std::atomic<uint32_t> version_{0};  // odd while a write is in progress
  std::atomic<const LockObject*> obj_{nullptr};
  std::atomic<uint64_t> id_{0};
  std::atomic<LockType> type_{LockType::kSharedRead};
  std::atomic<LockDuration> duration_{LockDuration::kTransaction};
  std::atomic<std::chrono::steady_clock::rep> since_{0};
  std::atomic<const char*> source_{nullptr};
  std::atomic<uint64_t> event_id_{0};
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_FAST_PATH_RECORD_H_
