// LockTable: the sharded map key -> LockObject, with pin counting for reclamation.
//
// Reclamation design: a LockObject lives exactly as long as some context pins it. A context
// pins an object when it first needs it (Pin) and keeps the pin while it holds or waits for
// any ticket on it, plus while the object sits in the context's small idle cache
// (Options::context_cache_size). Every ticket therefore belongs to a pinning context, so
// pins == 0 implies no ticket, no waiter and zero fast-path counters, and Unpin() can erase and
// delete the object under the shard mutex with no epoch or hazard pointer: nobody else can
// reach it (lookups go through the shard mutex; the deadlock detector and snapshots only
// reach objects through tickets, i.e. through pins). Live objects <= distinct keys currently
// held or awaited + contexts x context_cache_size, independent of how many keys were ever
// locked.
//
// Thread-safe.
#ifndef MDL_LOCK_TABLE_H_
#define MDL_LOCK_TABLE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "mdl/lock_key.h"
#include "mdl/lock_object.h"

namespace mdl {
namespace internal {

class LockTable {
 public:
  LockTable(size_t num_shards, size_t stripes, uint64_t max_write_lock_count,
            const base::Clock* clock);
  ~LockTable();  // REQUIRES: every object unpinned
  LockTable(const LockTable&) = delete;
  LockTable& operator=(const LockTable&) = delete;

  // Finds or creates the object for `key` and adds a pin. Never fails.
  LockObject* Pin(const LockKey& key);
  // Drops a pin; deletes the object when it was the last one.
  void Unpin(LockObject* obj);

  // Calls fn(LockObject*) for every object, holding one shard mutex at a time.
  template <typename Fn>
  void ForEachObject(Fn&& fn) const {
    for (size_t i = 0; i < num_shards_; ++i) {
      Shard& s = shards_[i];
      base::MutexLock l(&s.mu);
      for (const auto& [key, obj] : s.map) fn(obj);
    }
  }

  // Live objects (relaxed counter; exact when quiescent).
  size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  struct alignas(64) Shard {
    mutable base::Mutex mu;
    std::unordered_map<LockKey, LockObject*, LockKeyHash> map MDL_GUARDED_BY(mu);
  };
  Shard& ShardFor(uint64_t hash) const { return shards_[(hash >> 7) & (num_shards_ - 1)]; }

  const size_t num_shards_;
  const size_t stripes_;
  const uint64_t max_write_lock_count_;
  const base::Clock* const clock_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<size_t> size_{0};  // relaxed: statistics only
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_LOCK_TABLE_H_
