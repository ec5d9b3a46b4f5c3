// PreparedLock (include/mdl/prepared_lock.h): preparing a request, the prepared acquire path,
// and the handle's life cycle (reset, detach on context destruction).
//
// Why a separate path: LockContext::Acquire(request) spends most of its ~360 instructions on
// per-call work that does not change between statements (validation, hashing and comparing
// the key against the object cache, allocating and initialising a ticket, building the
// snapshot record). Prepare() does that work once; the prepared fast path below is a store to
// the handle's own slot (no read-modify-write: fast_path.h, asymmetric_fence.h) plus the
// irreducible per-grant bookkeeping (savepoint order, "since", snapshot visibility, duration
// list, reuse detection).
#include <bit>

#include "mdl/compat_matrix.h"
#include "mdl/lock_context_impl.h"
#include "mdl/lock_context_ticket.h"
#include "mdl/lock_manager_impl.h"
#include "mdl/prepared_state.h"

namespace mdl {

using internal::FastPathCounters;
using internal::Index;

namespace {
// Read-only: the fast path only loads it, sees the flag and falls back; never written.
std::atomic<uint64_t> kRefusingWord{FastPathCounters::kHasObtrusive};
}  // namespace

Result<PreparedLock> LockContextImpl::Prepare(const LockRequest& request) {
  MDL_RETURN_IF_ERROR(Validate(request));
  CacheEntry* e = PinEntry(request.key);
  if (e->idle()) --idle_entries_;
  ++e->prepared;  // [P1]

  auto* st = new PreparedState();
  st->ctx = this;
  st->entry = e;
  st->request = request;
  LockObject* obj = e->obj;
  const uint64_t inc = obj->strategy().unobtrusive_increment[Index(request.type)];
  if (fast_path_enabled_ && inc != 0) {
    st->increment = inc;
    st->word = &obj->fast().word(stripe_);
    base::MutexLock l(obj->mu());
    obj->fast().AddSlot(&st->slot);  // [P5]
  } else {
    // No fast path for this request: a word that always refuses (the slot stays unregistered).
    st->word = &kRefusingWord;
  }

  // [P2]. The ticket keeps one id for the handle's life (MySQL's P_S shows a ticket's address,
  // which is reused the same way); seq is renewed at every grant (savepoints).
  TicketImpl* t = NewTicket(e, request.type, request.duration, request.source, request.event_id);
  t->prepared = st;
  t->fast_path.store(true, std::memory_order_relaxed);  // what every prepared grant is
  internal::FastPathView v;
  v.id = t->id;
  v.type = request.type;
  v.duration = request.duration;
  v.source = request.source;
  v.event_id = request.event_id;
  t->record.SetStatic(v);
  st->ticket = t;

  st->next = prepared_head_;
  if (prepared_head_ != nullptr) prepared_head_->prev = st;
  prepared_head_ = st;
  return PreparedLock(st);
}

TicketImpl* LockContextImpl::TryAcquirePreparedFast(PreparedState* st, uint64_t event_id) {
  // REQUIRES: st is attached to this context and stamp_valid_ (so that no call happens on
  // the common path: it then needs no callee-saved registers).
  // The common case: no lock of ours on the key ([P3]), an unobtrusive type with the fast path
  // enabled, no obtrusive request on the object: the slot protocol of fast_path.h ([F1']).
  CacheEntry* e = st->entry;
  if (!e->tickets.empty()) return nullptr;
  // A request without a fast path stores 0 into its unregistered slot and reads the
  // constant refusing word: no test of its own needed here.
  internal::StoreThenFence(st->slot.word, st->increment);
  // seq_cst (a plain load on x86-64): Dekker with SetObtrusive(); acquire: the data the last
  // obtrusive holder wrote before clearing the flag happens-before this grant.
  // On refusal the slot stays set: the caller's slow path withdraws it (no call here, so the
  // fast path needs no stack frame). There is deliberately no early flag check before the
  // store: it would save the withdrawal's mutex round trip only while an obtrusive lock is
  // present (when the general path takes that mutex anyway), and without it the withdrawal
  // runs, and is tested, every time a prepared acquire meets the flag, not only in a race
  // window of a few instructions.
  if ((st->word->load(std::memory_order_seq_cst) & FastPathCounters::kHasObtrusive) != 0)
      [[unlikely]] {
    return nullptr;
  }
  // LinkTicket() specialised: the ticket's static fields and record part are already written
  // ([P2]), the entry is pinned by the handle (never idle) and holds no ticket.
  TicketImpl* t = st->ticket;
  t->acquisitions = 1;
  t->prepared_grant = true;
  t->seq = ++seq_;
  t->event_id = event_id;
  const base::Clock::TimePoint since = stamp_;  // GrantStamp(), valid
  t->since = since;
  t->record.PublishGrant(e->obj, since, event_id);  // [P4]
  e->tickets.push_only(t);
  if (!st->on_used_stack) [[unlikely]] {  // [P6]: once per statement, not per grant
    st->used_next = used_head_;
    used_head_ = st;
    st->on_used_stack = true;
  }
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return t;
}

void LockContextImpl::WithdrawPreparedSlot(PreparedState* st) {
  // The fast path stored the slot and then saw the obtrusive flag. An obtrusive request may
  // have counted the slot meanwhile and queued behind it (or, if it was a try, failed: a
  // momentary conflict with a grant that did not stand): clear under the mutex and let the
  // waiters re-check.
  LockObject* obj = st->entry->obj;
  base::MutexLock l(obj->mu());
  st->slot.word.store(0, std::memory_order_relaxed);
  obj->RescheduleWaitersLocked();
}

Result<Ticket*> LockContextImpl::AcquirePrepared(PreparedState* st, Timeout timeout,
                                                 uint64_t event_id) {
  if (st != nullptr && st->ctx == this && stamp_valid_) [[likely]] {
    if (TicketImpl* t = TryAcquirePreparedFast(st, event_id)) [[likely]]
      return static_cast<Ticket*>(t);
  }
  return AcquirePreparedSlow(st, timeout, event_id);
}

Result<Ticket*> LockContextImpl::AcquirePreparedSlow(PreparedState* st, Timeout timeout,
                                                     uint64_t event_id) {
  if (st == nullptr || st->ctx != this) {
    return Status(Code::kInvalidArgument,
                  "prepared lock is empty, detached or belongs to another context");
  }
  // The fast path may have stored the slot and then seen the flag ([F1']): a slot set while
  // the entry holds no ticket of ours is such a refused store (a grant of the fast path is in
  // entry->tickets; a held ticket leaves the fast path before it stores).
  if (st->increment != 0 && st->entry->tickets.empty() &&
      st->slot.word.load(std::memory_order_relaxed) != 0) {
    WithdrawPreparedSlot(st);
  }
  if (!stamp_valid_) {
    // The first grant of a statement: read the clock (GrantStamp()), then the fast path.
    GrantStamp();
    if (TicketImpl* t = TryAcquirePreparedFast(st, event_id)) return static_cast<Ticket*>(t);
    if (st->slot.word.load(std::memory_order_relaxed) != 0 && st->entry->tickets.empty()) {
      WithdrawPreparedSlot(st);
    }
  }
  // The general path with the prepared request: reuse of a held ticket, obtrusive types,
  // the flag set by an obtrusive request (waiting behind it as the pending matrix says),
  // deadlock detection, timeout and kill. It never uses the set-aside ticket.
  CacheEntry* e = st->entry;
  e->last_use = ++use_clock_;
  mru_ = e;
  if (event_id != st->request.event_id) {
    LockRequest request = st->request;
    request.event_id = event_id;
    return AcquireSlow(request, e, timeout, /*try_only=*/false);
  }
  return AcquireSlow(st->request, e, timeout, /*try_only=*/false);
}

void LockContextImpl::RestorePrepared(TicketImpl* t) {
  const PreparedState* st = t->prepared;
  t->fast_path.store(true, std::memory_order_relaxed);
  t->type.store(st->request.type, std::memory_order_relaxed);
  t->duration.store(st->request.duration, std::memory_order_relaxed);
  t->record.SetDuration(st->request.duration);
}

namespace {

bool IsHeld(const TicketImpl* t) {
  for (const TicketImpl* u = t->entry->tickets.front(); u != nullptr;
       u = internal::EntryTicketList::next(u)) {
    if (u == t) return true;
  }
  return false;
}

}  // namespace

void LockContextImpl::UnregisterPreparedSlot(PreparedState* st, bool held) {
  if (st->increment == 0) return;  // no slot ([P5])
  LockObject* obj = st->entry->obj;
  TicketImpl* t = st->ticket;
  base::MutexLock l(obj->mu());
  if (held && t->fast_path_relaxed()) {
    // The grant is counted in the slot ([P5]); once the ticket is a plain one its release
    // decrements the context's stripe, so the count moves there first (never counted zero
    // times in between: under the mutex, and added before it is removed).
    obj->fast().AddLocked(stripe_, st->increment);
    st->slot.word.store(0, std::memory_order_relaxed);
  }
  obj->fast().RemoveSlot(&st->slot);
}

void LockContextImpl::AdoptPreparedGrant(TicketImpl* t) {
  t->prepared_grant = false;
  ++num_fast_path_;  // a prepared grant is a fast-path ticket, now in a duration list
  lists_[static_cast<int>(t->duration_relaxed())].push_front(t);
}

void LockContextImpl::ForgetUsed(PreparedState* st) {
  if (st->ticket->prepared_grant) AdoptPreparedGrant(st->ticket);
  if (!st->on_used_stack) return;
  PreparedState** p = &used_head_;
  while (*p != st) p = &(*p)->used_next;
  *p = st->used_next;
  st->used_next = nullptr;
  st->on_used_stack = false;
}

void LockContextImpl::ReleaseHandleTicket(PreparedState* st) {
  TicketImpl* t = st->ticket;
  const bool held = IsHeld(t);
  ForgetUsed(st);
  UnregisterPreparedSlot(st, held);
  t->prepared = nullptr;  // a held ticket is now released like any other
  // A held ticket stays held and is freed like any other when released; otherwise it joins
  // the free list now.
  if (!held) FreeTicket(t);
  CacheEntry* e = st->entry;
  --e->prepared;
  if (e->idle()) ++idle_entries_;
}

void LockContextImpl::Unprepare(PreparedState* st) {
  ReleaseHandleTicket(st);
  if (st->prev != nullptr) {
    st->prev->next = st->next;
  } else {
    prepared_head_ = st->next;
  }
  if (st->next != nullptr) st->next->prev = st->prev;
  delete st;
  MaybeEvict();
}

void LockContextImpl::DetachAllPrepared() {
  while (PreparedState* st = prepared_head_) {
    prepared_head_ = st->next;
    ReleaseHandleTicket(st);
    st->ctx = nullptr;  // the handle now owns st alone
    st->entry = nullptr;
    st->ticket = nullptr;
    st->word = nullptr;
    st->prev = st->next = nullptr;
  }
}

// ---- public handles -------------------------------------------------------------------

bool PreparedLock::valid() const { return state_ != nullptr && state_->ctx != nullptr; }

const LockRequest& PreparedLock::request() const { return state_->request; }

void PreparedLock::ResetSlow() {
  internal::PreparedState* st = state_;
  state_ = nullptr;
  if (st->ctx != nullptr) {
    st->ctx->Unprepare(st);
  } else {
    delete st;
  }
}

Result<PreparedLock> LockContext::Prepare(const LockRequest& request) {
  return impl_->Prepare(request);
}

Result<Ticket*> LockContext::Acquire(PreparedLock& prepared, Timeout timeout) {
  internal::PreparedState* st = prepared.state_;
  return impl_->AcquirePrepared(st, timeout, st != nullptr ? st->request.event_id : 0);
}

Result<Ticket*> LockContext::Acquire(PreparedLock& prepared, Timeout timeout, uint64_t event_id) {
  return impl_->AcquirePrepared(prepared.state_, timeout, event_id);
}

}  // namespace mdl
