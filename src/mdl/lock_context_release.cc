// LockContextImpl: release, downgrade, savepoints, durations and fast-path materialization.
#include <vector>

#include "mdl/compat_matrix.h"
#include "mdl/lock_context_impl.h"
#include "mdl/lock_context_ticket.h"
#include "mdl/lock_manager_impl.h"

namespace mdl {

using internal::Index;

void LockContextImpl::ReleaseTicketLocks(TicketImpl* t) {
  LockObject* obj = t->obj;
  if (t->fast_path_relaxed()) {
    const uint64_t inc = obj->strategy().unobtrusive_increment[Index(t->type_relaxed())];
    if (obj->fast().TryRelease(stripe_, inc)) return;
    // An obtrusive request is granted or waiting ([F3]): release under the mutex and let
    // the waiters re-check (the fast-path count they wait for just dropped).
    base::MutexLock l(obj->mu());
    obj->fast().ReleaseLocked(stripe_, inc);
    obj->RescheduleWaitersLocked();
    return;
  }
  base::MutexLock l(obj->mu());
  obj->RemoveGrantedLocked(t);
  // Always reschedule: even with unchanged bitmaps a waiter may now pass, because a granted
  // ticket of its own context does not block it (MySQL's remove_ticket()).
  obj->RescheduleWaitersLocked();
  obj->ResetCountersIfEmptyLocked();
}

void LockContextImpl::ReleaseTicket(TicketImpl* t) {
  UnlinkTicket(t);
  ReleaseTicketLocks(t);
  FreeTicket(t);
}

void LockContextImpl::ReleasePreparedFast(TicketImpl* t) {
  // UnlinkTicket() specialised: the ticket is a granted fast-path one, alone in its cache
  // entry in the common case, and the entry is pinned by the handle ([P1]): no idle-entry
  // accounting, no eviction. The record is cleared before the counter drops, as in
  // ReleaseTicket(): a snapshot never shows a lock that an obtrusive request may already have
  // been granted over.
  const PreparedState* st = t->prepared;
  st->list->remove(t);  // prepared_grant: still in the prepared duration's list
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  --num_fast_path_;
  t->record.ClearGrant();  // [P4]
  CacheEntry* e = t->entry;
  if (internal::EntryTicketList::only(t)) [[likely]] {
    e->tickets.clear_only();
  } else {
    e->tickets.remove(t);
  }
  // FastPathCounters::TryRelease() on the cached stripe word; [F3]: with the flag set the
  // release must happen under the object's mutex.
  std::atomic<uint64_t>& w = *st->word;
  uint64_t v = w.load(std::memory_order_relaxed);
  for (;;) {
    if ((v & internal::FastPathCounters::kHasObtrusive) != 0) [[unlikely]] {
      ReleasePreparedLocked(t);
      return;
    }
    if (w.compare_exchange_weak(v, v - st->increment, std::memory_order_acq_rel,
                                std::memory_order_relaxed)) {
      return;
    }
  }
}

void LockContextImpl::ReleasePreparedLocked(TicketImpl* t) {
  const PreparedState* st = t->prepared;
  LockObject* obj = t->obj;
  {
    base::MutexLock l(obj->mu());
    obj->fast().ReleaseLocked(stripe_, st->increment);
    obj->RescheduleWaitersLocked();
  }
  ReturnPrepared(t);
}

void LockContextImpl::ReleaseGeneral(TicketImpl* t) {
  ReleaseTicket(t);
  MaybeEvict();
}

void LockContextImpl::ReleaseInline(TicketImpl* t) {
  if (--t->acquisitions > 0) return;
  if (t->prepared_grant) {
    ReleasePreparedFast(t);
    return;
  }
  ReleaseGeneral(t);
}

void LockContextImpl::Release(TicketImpl* t) { ReleaseInline(t); }

// Defined here rather than with the other wrappers (lock_manager.cc) so that the release path
// is inlined into it: one call from the host instead of two.
void LockContext::Release(Ticket* ticket) {
  impl_->ReleaseInline(static_cast<internal::TicketImpl*>(ticket));
}

void LockContextImpl::ReleaseByDuration(unsigned mask) {
  stamp_valid_ = false;  // a statement or transaction ended: the next grant reads the clock
  for (int d = 0; d < kNumLockDurations; ++d) {
    if ((mask & (1u << d)) == 0) continue;
    while (TicketImpl* t = lists_[d].front()) {
      if (t->prepared_grant) {
        ReleasePreparedFast(t);
      } else {
        ReleaseTicket(t);
      }
    }
  }
  MaybeEvict();
}

void LockContextImpl::RollbackToSavepoint(const Savepoint& sp) {
  // Tickets created after the savepoint, in STATEMENT and TRANSACTION lists only. Lists are
  // scanned fully (not popped from the front as MySQL does) so that tickets moved between
  // lists by SetDuration() are handled too.
  stamp_valid_ = false;
  std::vector<TicketImpl*> victims;
  for (int d :
       {static_cast<int>(LockDuration::kStatement), static_cast<int>(LockDuration::kTransaction)}) {
    for (TicketImpl* t = lists_[d].front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (t->seq > sp.seq_) victims.push_back(t);
    }
  }
  for (TicketImpl* t : victims) ReleaseTicket(t);
  MaybeEvict();
}

bool LockContextImpl::HasLocksAfterSavepoint(const Savepoint& sp) const {
  for (int d :
       {static_cast<int>(LockDuration::kStatement), static_cast<int>(LockDuration::kTransaction)}) {
    for (TicketImpl* t = lists_[d].front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (t->seq > sp.seq_) return true;
    }
  }
  return false;
}

void LockContextImpl::SetDuration(TicketImpl* t, LockDuration duration) {
  const LockDuration old = t->duration_relaxed();
  if (old == duration) return;
  lists_[static_cast<int>(old)].remove(t);
  t->duration.store(duration, std::memory_order_relaxed);
  t->prepared_grant = false;  // in another list now
  if (t->fast_path_relaxed()) t->record.SetDuration(duration);
  lists_[static_cast<int>(duration)].push_front(t);
}

void LockContextImpl::MoveAllDurations(unsigned from_mask, LockDuration to) {
  for (int d = 0; d < kNumLockDurations; ++d) {
    if ((from_mask & (1u << d)) == 0 || d == static_cast<int>(to)) continue;
    while (TicketImpl* t = lists_[d].front()) {
      lists_[d].remove(t);
      t->duration.store(to, std::memory_order_relaxed);
      t->prepared_grant = false;
      if (t->fast_path_relaxed()) t->record.SetDuration(to);
      lists_[static_cast<int>(to)].push_front(t);
    }
  }
}

Status LockContextImpl::Downgrade(TicketImpl* t, LockType new_type) {
  if (t == nullptr || t->ctx != this || t->obj == nullptr) {
    return Status(Code::kInvalidArgument, "ticket does not belong to this context");
  }
  LockObject* obj = t->obj;
  const internal::LockStrategy& st = obj->strategy();
  const LockType old_type = t->type_relaxed();
  if (old_type != LockType::kExclusive && old_type != LockType::kSharedNoWrite) {
    return Status(Code::kInvalidArgument, "only EXCLUSIVE and SHARED_NO_WRITE can be downgraded");
  }
  if (!IsValidTypeFor(obj->key().name_space(), new_type) || new_type == old_type ||
      !internal::IsStrongerOrEqual(st, old_type, new_type)) {
    return Status(Code::kInvalidArgument, "downgrade target must be a weaker type");
  }
  // X and SNW are obtrusive, so t is on the slow path.
  base::MutexLock l(obj->mu());
  obj->RetypeGrantedLocked(t, new_type);
  if (!st.IsObtrusive(new_type)) obj->EndObtrusiveLocked();
  obj->RescheduleWaitersLocked();
  return Status::Ok();
}

void LockContextImpl::MaterializeFastPathLocks() {
  // MySQL's materialize_fast_path_locks(): move every fast-path ticket into its object's
  // granted list, so that (a) can_grant_lock() may treat all fast-path counts as other
  // contexts' locks, and (b) the deadlock detector sees every lock of a waiting context.
  if (num_fast_path_ == 0) return;
  for (ContextTicketList& list : lists_) {
    for (TicketImpl* t = list.front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (!t->fast_path_relaxed()) continue;
      LockObject* obj = t->obj;
      const uint64_t inc = obj->strategy().unobtrusive_increment[Index(t->type_relaxed())];
      {
        base::MutexLock l(obj->mu());
        obj->fast().ReleaseLocked(stripe_, inc);
        obj->AddGrantedLocked(t);
        t->fast_path.store(false, std::memory_order_relaxed);
        t->prepared_grant = false;
      }
      // After AddGrantedLocked: a snapshot sees the ticket at least once (twice at most,
      // deduplicated by ticket id), never not at all.
      t->record.Clear();
    }
  }
  num_fast_path_ = 0;
}

}  // namespace mdl
