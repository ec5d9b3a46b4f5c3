#include "mdl/lock_table.h"

#include <cassert>

namespace mdl {
namespace internal {

LockTable::LockTable(size_t num_shards, size_t stripes, uint64_t max_write_lock_count,
                     const base::Clock* clock)
    : num_shards_(num_shards),
      stripes_(stripes),
      max_write_lock_count_(max_write_lock_count),
      clock_(clock),
      shards_(new Shard[num_shards]) {}

LockTable::~LockTable() {
  for (size_t i = 0; i < num_shards_; ++i) {
    base::MutexLock l(&shards_[i].mu);
    for (auto& [key, obj] : shards_[i].map) delete obj;  // only reached after a host bug
    shards_[i].map.clear();
  }
}

LockObject* LockTable::Pin(const LockKey& key) {
  Shard& s = ShardFor(key.hash());
  base::MutexLock l(&s.mu);
  auto [it, inserted] = s.map.try_emplace(key, nullptr);
  if (inserted) {
    it->second = new LockObject(key, stripes_, max_write_lock_count_, clock_);
    size_.fetch_add(1, std::memory_order_relaxed);
  }
  ++it->second->pins;
  return it->second;
}

void LockTable::Unpin(LockObject* obj) {
  Shard& s = ShardFor(obj->key().hash());
  {
    base::MutexLock l(&s.mu);
    if (--obj->pins != 0) return;
    s.map.erase(obj->key());
  }
  size_.fetch_sub(1, std::memory_order_relaxed);
  delete obj;
}

}  // namespace internal
}  // namespace mdl
