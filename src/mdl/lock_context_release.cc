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
    if (t->prepared != nullptr) {
      ReleasePreparedSlot(t);  // counted in its handle's slot ([P5])
      return;
    }
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
  if (t->prepared_grant) {  // not in a duration list ([P6])
    ReleasePreparedFast(t);
    return;
  }
  UnlinkTicket(t);
  ReleaseTicketLocks(t);
  FreeTicket(t);
}

void LockContextImpl::ReleasePreparedSlot(TicketImpl* t) {
  // [F3']: clear the slot, then look at the flag; an obtrusive request that counted the slot
  // is queued under the mutex, which we then take to let it re-check.
  PreparedState* st = t->prepared;
  internal::StoreThenFence(st->slot.word, 0);
  if ((st->word->load(std::memory_order_seq_cst) & internal::FastPathCounters::kHasObtrusive) != 0)
      [[unlikely]] {
    RescheduleAfterSlotRelease(t->obj);
  }
}

void LockContextImpl::RescheduleAfterSlotRelease(LockObject* obj) {
  base::MutexLock l(obj->mu());
  obj->RescheduleWaitersLocked();
}

void LockContextImpl::ReleasePreparedFast(TicketImpl* t) {
  // UnlinkTicket() specialised: the ticket is a granted fast-path one, alone in its cache
  // entry in the common case, and the entry is pinned by the handle ([P1]): no idle-entry
  // accounting, no eviction. The record is cleared before the slot, as in ReleaseTicket(): a
  // snapshot never shows a lock that an obtrusive request may already have been granted over.
  // The ticket is unchanged since its grant (prepared_grant: no SetDuration, materialization
  // or upgrade happened), so [P2] still holds and it needs no ReturnPrepared(); it is in no
  // duration list, and its state stays on the used stack until the next drain ([P6]).
  t->prepared_grant = false;
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  t->record.ClearGrant();  // [P4]
  CacheEntry* e = t->entry;
  if (internal::EntryTicketList::only(t)) [[likely]] {
    e->tickets.clear_only();
  } else {
    e->tickets.remove(t);
  }
  ReleasePreparedSlot(t);
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
    while (TicketImpl* t = lists_[d].front()) ReleaseTicket(t);
  }
  // Drain the used stack ([P6]): release the prepared grants of these durations, drop the
  // entries whose grant is gone, keep the others.
  PreparedState* keep = nullptr;
  while (PreparedState* st = used_head_) {
    used_head_ = st->used_next;
    TicketImpl* t = st->ticket;
    if (t->prepared_grant) {
      if ((mask & (1u << static_cast<int>(t->duration_relaxed()))) == 0) {
        st->used_next = keep;
        keep = st;
        continue;
      }
      ReleasePreparedFast(t);
    }
    st->used_next = nullptr;
    st->on_used_stack = false;
  }
  used_head_ = keep;
  MaybeEvict();
}

bool LockContextImpl::HasLocks(LockDuration d) const {
  if (!lists_[static_cast<int>(d)].empty()) return true;
  bool found = false;
  ForEachPreparedGrant([&](const TicketImpl* t) { found |= t->duration_relaxed() == d; });
  return found;
}

void LockContextImpl::RollbackToSavepoint(const Savepoint& sp) {
  // Tickets created after the savepoint, in STATEMENT and TRANSACTION lists only. Lists are
  // scanned fully (not popped from the front as MySQL does) so that tickets moved between
  // lists by SetDuration() are handled too.
  stamp_valid_ = false;
  std::vector<TicketImpl*> victims;
  auto consider = [&](TicketImpl* t) {
    const LockDuration d = t->duration_relaxed();
    if (d != LockDuration::kExplicit && t->seq > sp.seq_) victims.push_back(t);
  };
  for (int d :
       {static_cast<int>(LockDuration::kStatement), static_cast<int>(LockDuration::kTransaction)}) {
    for (TicketImpl* t = lists_[d].front(); t != nullptr; t = ContextTicketList::next(t)) {
      consider(t);
    }
  }
  ForEachPreparedGrant(consider);
  for (TicketImpl* t : victims) ReleaseTicket(t);
  MaybeEvict();
}

bool LockContextImpl::HasLocksAfterSavepoint(const Savepoint& sp) const {
  bool found = false;
  auto consider = [&](const TicketImpl* t) {
    found |= t->duration_relaxed() != LockDuration::kExplicit && t->seq > sp.seq_;
  };
  for (int d :
       {static_cast<int>(LockDuration::kStatement), static_cast<int>(LockDuration::kTransaction)}) {
    for (TicketImpl* t = lists_[d].front(); t != nullptr; t = ContextTicketList::next(t)) {
      consider(t);
    }
  }
  ForEachPreparedGrant(consider);
  return found;
}

void LockContextImpl::SetDuration(TicketImpl* t, LockDuration duration) {
  const LockDuration old = t->duration_relaxed();
  if (old == duration) return;
  if (t->prepared_grant) AdoptPreparedGrant(t);  // [P6]
  lists_[static_cast<int>(old)].remove(t);
  t->duration.store(duration, std::memory_order_relaxed);
  t->prepared_grant = false;  // in another list now
  if (t->fast_path_relaxed()) t->record.SetDuration(duration);
  lists_[static_cast<int>(duration)].push_front(t);
}

void LockContextImpl::MoveAllDurations(unsigned from_mask, LockDuration to) {
  ForEachPreparedGrant([&](TicketImpl* t) {  // [P6]
    const LockDuration d = t->duration_relaxed();
    if ((from_mask & (1u << static_cast<int>(d))) != 0 && d != to) AdoptPreparedGrant(t);
  });
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
  ForEachPreparedGrant([&](TicketImpl* t) { AdoptPreparedGrant(t); });  // [P6]
  if (num_fast_path_ == 0) return;
  for (ContextTicketList& list : lists_) {
    for (TicketImpl* t = list.front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (!t->fast_path_relaxed()) continue;
      LockObject* obj = t->obj;
      const uint64_t inc = obj->strategy().unobtrusive_increment[Index(t->type_relaxed())];
      {
        base::MutexLock l(obj->mu());
        if (t->prepared != nullptr) {
          // Counted in the handle's slot ([P5]). Under the mutex, so no obtrusive request
          // sees the lock counted twice or not at all.
          t->prepared->slot.word.store(0, std::memory_order_relaxed);
        } else {
          obj->fast().ReleaseLocked(stripe_, inc);
        }
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
