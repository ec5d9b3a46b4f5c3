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
//   [P5] If the request has a fast path (increment != 0), `slot` is registered with
//        entry->obj's FastPathCounters, and slot.word == increment iff the ticket is held
//        with fast_path set (a grant of the prepared fast path, not materialized); else 0.
//        The set-aside ticket is granted by the prepared fast path only (the general path
//        never uses it), so a held prepared ticket with fast_path set is counted in the slot,
//        never in a stripe.
//   [P6] A grant of the prepared fast path (ticket->prepared_grant) is not linked into the
//        context's duration lists: its state is on the context's used stack (used_head_,
//        linked through used_next; on_used_stack says so) instead, and the code that walks
//        the duration lists walks that stack too (release by duration, savepoints, duration
//        changes, materialization). Anything that changes such a grant (SetDuration,
//        materialization, the handle letting go) first adopts it into the duration list
//        (AdoptPreparedGrant). The stack is cleaned lazily: an entry whose ticket is no longer
//        a prepared grant is dropped at the next ReleaseByDuration(); a state is on it at most
//        once. Why: linking into and unlinking from a doubly-linked list was ~20 of the ~120
//        instructions of an acquire+release; pushing is three stores once per statement, and
//        a repeated acquire+release between two statement ends costs a flag test.
//   [P4] A fast-path grant of the ticket is published and withdrawn by storing the record's
//        obj alone (FastPathRecord::PublishGrant/ClearGrant, no seqlock version change): the
//        other fields are those of [P2] and only change, under the version, while the ticket
//        is granted (SetDuration) or not at all. A snapshot thus sees the grant or not, with
//        the since (and event id) of this grant or of a later one of the same ticket.
#ifndef MDL_PREPARED_STATE_H_
#define MDL_PREPARED_STATE_H_

#include <atomic>
#include <cstdint>

#include "mdl/fast_path.h"
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
  // Where the grant is counted ([P5]), first for cache-line alignment.
  FastPathSlot slot;
  // The context's fast-path stripe of entry->obj: only read here, for its obtrusive flag (a
  // constant word with the flag set when the request has no fast path).
  std::atomic<uint64_t>* word = nullptr;
  // The request's increment in the counter layout (0: no fast path for this request:
  // obtrusive type, or the fast path disabled).
  uint64_t increment = 0;
  // The context's stack of states used since it was last drained ([P6]).
  PreparedState* used_next = nullptr;
  bool on_used_stack = false;
  LockRequest request;
  PreparedState* prev = nullptr;  // the context's list of attached states
  PreparedState* next = nullptr;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_PREPARED_STATE_H_
