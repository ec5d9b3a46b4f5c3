// The per-ticket bookkeeping of LockContextImpl that runs on every acquire and release:
// free list, duration/entry lists and the fast-path record. Inline because it is most of the
// uncontended acquire+release cost (instruction counts: bench/mdl/count_instructions.sh).
// Owning thread only, like the data it touches. Included by the lock_context_*.cc files.
#ifndef MDL_LOCK_CONTEXT_TICKET_H_
#define MDL_LOCK_CONTEXT_TICKET_H_

#include "mdl/lock_context_impl.h"
#include "mdl/prepared_state.h"

namespace mdl {

namespace internal {
// Free tickets a context keeps for reuse; beyond this they are deleted.
inline constexpr size_t kMaxFreeTickets = 64;
inline constexpr int kTicketIdBits = 40;
}  // namespace internal

inline TicketImpl* LockContextImpl::NewTicket(CacheEntry* e, LockType type, LockDuration duration,
                                              const char* source, uint64_t event_id) {
  TicketImpl* t = free_head_;
  if (t != nullptr) [[likely]] {
    free_head_ = t->ctx_next;
    --free_count_;
  } else {
    t = AllocateTicket();
  }
  t->obj = e->obj;
  t->entry = e;
  t->type.store(type, std::memory_order_relaxed);
  t->duration.store(duration, std::memory_order_relaxed);
  t->fast_path.store(false, std::memory_order_relaxed);
  t->pending = false;
  t->upgrade_of = nullptr;
  t->acquisitions = 1;
  t->seq = ++seq_;
  t->id =
      (id_ << internal::kTicketIdBits) | (seq_ & ((uint64_t{1} << internal::kTicketIdBits) - 1));
  t->source = source;
  t->event_id = event_id;
  return t;
}

inline void LockContextImpl::ReturnPrepared(TicketImpl* t) {
  // Materialization, Upgrade() and SetDuration() may have changed the ticket while it was
  // granted; the prepared fast path expects [P2].
  const internal::PreparedState* st = t->prepared;
  if (!t->fast_path_relaxed() || t->duration_relaxed() != st->request.duration ||
      t->type_relaxed() != st->request.type) {
    RestorePrepared(t);
  }
}

inline void LockContextImpl::FreeTicket(TicketImpl* t) {
  if (t->prepared != nullptr) {
    ReturnPrepared(t);
    return;
  }
  t->obj = nullptr;
  t->entry = nullptr;
  if (free_count_ < internal::kMaxFreeTickets) [[likely]] {
    t->ctx_next = free_head_;
    free_head_ = t;
    ++free_count_;
    return;
  }
  DeleteTicket(t);
}

inline void LockContextImpl::PublishFastPath(TicketImpl* t) {
  internal::FastPathView v;
  v.obj = t->obj;
  v.id = t->id;
  v.type = t->type_relaxed();
  v.duration = t->duration_relaxed();
  v.since = t->since;
  v.source = t->source;
  v.event_id = t->event_id;
  t->record.Publish(v);
}

inline void LockContextImpl::LinkTicket(TicketImpl* t) {
  CacheEntry* e = t->entry;
  if (e->idle()) --idle_entries_;
  e->tickets.push_back(t);
  if (t->fast_path_relaxed()) {
    ++num_fast_path_;
    PublishFastPath(t);
  }
  lists_[static_cast<int>(t->duration_relaxed())].push_front(t);
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

inline void LockContextImpl::UnlinkTicket(TicketImpl* t) {
  lists_[static_cast<int>(t->duration_relaxed())].remove(t);
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  if (t->fast_path_relaxed()) {
    --num_fast_path_;
    t->record.Clear();
  }
  CacheEntry* e = t->entry;
  e->tickets.remove(t);
  if (e->idle()) ++idle_entries_;
}

}  // namespace mdl

#endif  // MDL_LOCK_CONTEXT_TICKET_H_
