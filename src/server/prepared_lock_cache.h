// PreparedLockCache: one session's prepared metadata-lock requests (mdl::PreparedLock), kept
// across statements so that the per-statement table, GLOBAL and SCHEMA locks of DML take the
// prepared acquire path (mdl/prepared_lock.h) instead of resolving the same request again.
//
// Why: a statement's DML lock requests repeat from one statement to the next (the same tables,
// types, durations and source tags; only the statement's event id changes), and
// LockContext::Acquire(request) spends most of its time on per-call work that does not change
// (validation, key lookup, ticket allocation): the prepared path costs about a quarter of it
// (BENCHMARKS.md, "mdl: prepared grants without a read-modify-write"). This is the lock-level
// analogue of MySQL's table cache keeping TABLE_SHAREs across statements.
//
// Identity: a handle is reused only for a request with the same key, type, duration, source
// tag (compared by pointer: MDL_SOURCE literals; two equal strings at different addresses get
// two handles, which is harmless) and low-priority window. The event id is not part of the
// identity: each grant carries the event id of the request being acquired
// (LockContext::Acquire(PreparedLock&, Timeout, uint64_t event_id)), so
// performance_schema.metadata_locks.OWNER_EVENT_ID names the statement that took the lock.
//
// Bounded: each handle pins its lock object (it is not reclaimed while the handle lives), so
// the cache holds at most `capacity` handles and evicts the least recently used one; memory
// does not grow with the number of distinct tables a long-lived session ever touched.
// Evicting or clearing a handle never releases a lock granted through it.
//
// Lifetime: bound to one LockContext, which must outlive the cache or be destroyed after
// Clear(); destroying the context first is also safe (its handles are detached, see
// prepared_lock.h), but then the cache must only be cleared or destroyed.
//
// Thread safety: none. A cache is used by its session's connection thread only (the thread
// that drives the LockContext), like the context's tickets.
#ifndef SERVER_PREPARED_LOCK_CACHE_H_
#define SERVER_PREPARED_LOCK_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <unordered_map>

#include "mdl/lock_context.h"
#include "mdl/lock_request.h"
#include "mdl/prepared_lock.h"
#include "mdl/result.h"

namespace server {

class PreparedLockCache {
 public:
  static constexpr size_t kDefaultCapacity = 64;

  // REQUIRES: capacity >= 1.
  explicit PreparedLockCache(mdl::LockContext* ctx, size_t capacity = kDefaultCapacity);
  ~PreparedLockCache() { Clear(); }
  PreparedLockCache(const PreparedLockCache&) = delete;
  PreparedLockCache& operator=(const PreparedLockCache&) = delete;

  // ctx->Acquire(request, timeout), with the same results and semantics (reuse of a held
  // ticket, waits, timeouts, kill, deadlocks), taken through the cached handle for `request`
  // (prepared on first use, evicting the least recently used handle when full) with
  // request.event_id as the grant's event id. If the request cannot be prepared (e.g.
  // kInvalidArgument for a bad key) it is acquired as a plain request, which gives the same
  // error.
  mdl::Result<mdl::Ticket*> Acquire(const mdl::LockRequest& request, mdl::Timeout timeout);

  // Resets every handle (unpinning the lock objects); locks granted through them stay held.
  void Clear();

  // The cached handle for `request`'s identity, or nullptr. Does not change the LRU order.
  const mdl::PreparedLock* Find(const mdl::LockRequest& request) const;

  size_t size() const { return map_.size(); }
  size_t capacity() const { return capacity_; }
  // Acquire() calls that found / did not find a cached handle.
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  // What makes two requests the same prepared request. Points into the request it was made
  // from (lookups) or into the owning Entry (map keys), so a lookup copies no key.
  struct Identity {
    const mdl::LockKey* key;
    mdl::LockType type;
    mdl::LockDuration duration;
    const char* source;
    mdl::Timeout low_priority_window;

    static Identity Of(const mdl::LockRequest& r) {
      return {&r.key, r.type, r.duration, r.source, r.low_priority_window};
    }
    bool operator==(const Identity& o) const {
      return type == o.type && duration == o.duration && source == o.source &&
             low_priority_window == o.low_priority_window && *key == *o.key;
    }
  };
  struct IdentityHash {
    size_t operator()(const Identity& id) const;
  };
  struct Entry {
    mdl::LockRequest request;  // the map key points at it
    mdl::PreparedLock handle;
  };
  using Lru = std::list<Entry>;  // most recently used first; nodes never move in memory

  mdl::LockContext* const ctx_;
  const size_t capacity_;
  Lru lru_;
  std::unordered_map<Identity, Lru::iterator, IdentityHash> map_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace server

#endif  // SERVER_PREPARED_LOCK_CACHE_H_
