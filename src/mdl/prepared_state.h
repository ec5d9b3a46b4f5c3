// PreparedState: what a PreparedLock handle (include/mdl/prepared_lock.h) points to. Created by
// LockContextImpl::Prepare(), owned by the context's list of prepared states while the context
// lives, and by the handle alone once the context has detached it (context destroyed).
//
// Everything here is read and written by the owning context's thread only (the handle's
// contract), except that a detached state (ctx == nullptr) belongs to the handle.
//
// Invariants while attached (ctx != nullptr):
//   [P1] entry->prepared counts this state, so the cache entry is never idle and the lock
//        object stays pinned: `entry`, `entry->obj` and `word` stay valid.
//   [P2] ticket->prepared == this; the ticket is in the context's pool_ (snapshot readers see
//        its record) but not on the free list. Between grants its type and duration are the
//        request's and its record holds the static fields (SetStatic) with obj unpublished.
//   [P3] The ticket is held iff it is in entry->tickets. The prepared fast path only runs
//        when entry->tickets is empty, so it never grants a ticket that is already held.
#ifndef MDL_PREPARED_STATE_H_
#define MDL_PREPARED_STATE_H_

#include <atomic>
#include <cstdint>

#include "mdl/lock_request.h"

namespace mdl {

class LockContextImpl;

namespace internal {

struct CacheEntry;
class TicketImpl;

struct PreparedState {
  LockContextImpl* ctx = nullptr;  // nullptr: detached
  CacheEntry* entry = nullptr;
  TicketImpl* ticket = nullptr;
  // The context's fast-path stripe of entry->obj, and the request's increment on it (0: no
  // fast path for this request: obtrusive type, or the fast path disabled).
  std::atomic<uint64_t>* word = nullptr;
  uint64_t increment = 0;
  uint64_t full_mask = 0;  // the request's counter field, in place: all ones = full
  LockRequest request;
  PreparedState* prev = nullptr;  // the context's list of attached states
  PreparedState* next = nullptr;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_PREPARED_STATE_H_
