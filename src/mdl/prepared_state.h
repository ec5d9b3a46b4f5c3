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
//   [P4] A fast-path grant of the ticket is published and withdrawn by storing the record's
//        obj alone (FastPathRecord::PublishGrant/ClearGrant, no seqlock version change): the
//        other fields are those of [P2] and only change, under the version, while the ticket
//        is granted (SetDuration) or not at all. A snapshot thus sees the grant or not, with
//        the since of this grant or of a later one of the same ticket.
#ifndef MDL_PREPARED_STATE_H_
#define MDL_PREPARED_STATE_H_

#include <atomic>
#include <cstdint>

#include "mdl/intrusive_list.h"
#include "mdl/lock_request.h"
#include "mdl/ticket_impl.h"

namespace mdl {

class LockContextImpl;

namespace internal {

struct CacheEntry;

struct PreparedState {
  LockContextImpl* ctx = nullptr;  // nullptr: detached
  CacheEntry* entry = nullptr;
  TicketImpl* ticket = nullptr;
  // The context's fast-path stripe of entry->obj, and the request's increment on it (0: no
  // fast path for this request: obtrusive type, or the fast path disabled).
  std::atomic<uint64_t>* word = nullptr;
  uint64_t increment = 0;
  // The prepared fast path refuses a stripe word with any of these bits set: the obtrusive
  // flag, and the top bit of the request's counter field (a half-full field is left to the
  // general path, which checks for a full one: one test instead of two). All ones when the
  // request has no fast path (word then points to a constant word with the flag set).
  uint64_t refuse_mask = ~uint64_t{0};
  // &ctx->lists_[request.duration]: the list a grant is linked into.
  internal::IntrusiveList<TicketImpl, &TicketImpl::ctx_prev, &TicketImpl::ctx_next>* list = nullptr;
  LockRequest request;
  PreparedState* prev = nullptr;  // the context's list of attached states
  PreparedState* next = nullptr;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_PREPARED_STATE_H_
