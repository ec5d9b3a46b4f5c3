#include "server/prepared_lock_cache.h"

#include <cassert>
#include <utility>

namespace server {

size_t PreparedLockCache::IdentityHash::operator()(const Identity& id) const {
  // The key's hash is computed once when the key is built; the rest is mixed in cheaply
  // (identities that differ only in type/duration/source are a handful per key).
  uint64_t h = id.key->hash();
  h ^= (static_cast<uint64_t>(id.type) << 8 | static_cast<uint64_t>(id.duration)) *
       0x9E3779B97F4A7C15ull;
  h ^= reinterpret_cast<uintptr_t>(id.source) * 0xC2B2AE3D27D4EB4Full;
  h ^= static_cast<uint64_t>(id.low_priority_window.count());
  return static_cast<size_t>(h ^ (h >> 29));
}

PreparedLockCache::PreparedLockCache(mdl::LockContext* ctx, size_t capacity)
    : ctx_(ctx), capacity_(capacity) {
  assert(ctx != nullptr);
  assert(capacity >= 1);
  map_.reserve(capacity);
}

mdl::Result<mdl::Ticket*> PreparedLockCache::Acquire(const mdl::LockRequest& request,
                                                     mdl::Timeout timeout) {
  auto it = map_.find(Identity::Of(request));
  if (it != map_.end()) {
    ++hits_;
    if (it->second != lru_.begin()) lru_.splice(lru_.begin(), lru_, it->second);
    return ctx_->Acquire(it->second->handle, timeout, request.event_id);
  }
  ++misses_;
  mdl::Result<mdl::PreparedLock> prepared = ctx_->Prepare(request);
  if (!prepared.ok()) {
    // Not cacheable (a key or type the context rejects, or no memory): the plain path
    // reports the same error, or succeeds if Prepare's failure was transient.
    return ctx_->Acquire(request, timeout);
  }
  if (map_.size() >= capacity_) {
    // Evict the least recently used handle: its lock object is unpinned; a ticket granted
    // through it (e.g. a TRANSACTION lock still held) stays held.
    Lru::iterator victim = std::prev(lru_.end());
    map_.erase(Identity::Of(victim->request));
    lru_.erase(victim);
  }
  lru_.push_front(Entry{request, std::move(prepared).value()});
  Entry& e = lru_.front();
  map_.emplace(Identity::Of(e.request), lru_.begin());
  return ctx_->Acquire(e.handle, timeout, request.event_id);
}

void PreparedLockCache::Clear() {
  map_.clear();  // its keys point into the entries
  lru_.clear();  // resets the handles
}

const mdl::PreparedLock* PreparedLockCache::Find(const mdl::LockRequest& request) const {
  auto it = map_.find(Identity::Of(request));
  return it == map_.end() ? nullptr : &it->second->handle;
}

}  // namespace server
