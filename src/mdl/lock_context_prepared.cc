// PreparedLock (include/mdl/prepared_lock.h): preparing a request, the prepared acquire path,
// and the handle's life cycle (reset, detach on context destruction).
//
// Why a separate path: LockContext::Acquire(request) spends most of its ~360 instructions on
// per-call work that does not change between statements (validation, hashing and comparing
// the key against the object cache, allocating and initialising a ticket, building the
// snapshot record). Prepare() does that work once; the prepared fast path below is the CAS on
// the context's stripe plus the irreducible per-grant bookkeeping (savepoint order, "since",
// snapshot visibility, duration list, reuse detection).
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
  const internal::LockStrategy& strategy = obj->strategy();
  const uint64_t inc = strategy.unobtrusive_increment[Index(request.type)];
  if (fast_path_enabled_ && inc != 0) {
    st->increment = inc;
    const uint64_t field =
        (strategy.scoped ? internal::kFastPathScopedMask : internal::kFastPathFieldMask)
        << std::countr_zero(inc);
    st->refuse_mask = FastPathCounters::kHasObtrusive | std::bit_floor(field);
    st->word = &obj->fast().word(stripe_);
  } else {
    // No fast path for this request: a word that always refuses (a zero word would let the
    // CAS "succeed" with increment 0).
    st->word = &kRefusingWord;
  }
  st->list = &lists_[static_cast<int>(request.duration)];

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

TicketImpl* LockContextImpl::TryAcquirePreparedFast(PreparedState* st) {
  // REQUIRES: st is attached to this context and stamp_valid_ (so that no call happens here:
  // the fast path then needs no callee-saved registers).
  // The common case: no lock of ours on the key ([P3]), an unobtrusive type with the fast path
  // enabled, no obtrusive request on the object, a counter field not half full (refuse_mask):
  // FastPathCounters::TryAcquire() on the cached stripe word ([F1]).
  CacheEntry* e = st->entry;
  if (!e->tickets.empty()) return nullptr;
  std::atomic<uint64_t>& w = *st->word;
  uint64_t v = w.load(std::memory_order_relaxed);
  do {
    if ((v & st->refuse_mask) != 0) return nullptr;
  } while (!w.compare_exchange_weak(v, v + st->increment, std::memory_order_acq_rel,
                                    std::memory_order_relaxed));
  // LinkTicket() specialised: the ticket's static fields and record part are already written
  // ([P2]), the entry is pinned by the handle (never idle) and holds no ticket.
  TicketImpl* t = st->ticket;
  t->acquisitions = 1;
  t->prepared_grant = true;
  t->seq = ++seq_;
  const base::Clock::TimePoint since = stamp_;  // GrantStamp(), valid
  t->since = since;
  t->record.PublishGrant(e->obj, since);  // [P4]
  e->tickets.push_only(t);
  ++num_fast_path_;
  st->list->push_front(t);
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return t;
}

Result<Ticket*> LockContextImpl::AcquirePrepared(PreparedState* st, Timeout timeout) {
  if (st != nullptr && st->ctx == this && stamp_valid_) [[likely]] {
    if (TicketImpl* t = TryAcquirePreparedFast(st)) [[likely]]
      return static_cast<Ticket*>(t);
  }
  return AcquirePreparedSlow(st, timeout);
}

Result<Ticket*> LockContextImpl::AcquirePreparedSlow(PreparedState* st, Timeout timeout) {
  if (st == nullptr || st->ctx != this) {
    return Status(Code::kInvalidArgument,
                  "prepared lock is empty, detached or belongs to another context");
  }
  if (!stamp_valid_) {
    // The first grant of a statement: read the clock (GrantStamp()), then the fast path.
    GrantStamp();
    if (TicketImpl* t = TryAcquirePreparedFast(st)) return static_cast<Ticket*>(t);
  }
  // The general path with the prepared request: reuse of a held ticket, obtrusive types,
  // the flag set by an obtrusive request (waiting behind it as the pending matrix says),
  // deadlock detection, timeout and kill. It never uses the set-aside ticket.
  CacheEntry* e = st->entry;
  e->last_use = ++use_clock_;
  mru_ = e;
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

void LockContextImpl::Unprepare(PreparedState* st) {
  TicketImpl* t = st->ticket;
  const bool held = IsHeld(t);
  t->prepared = nullptr;
  t->prepared_grant = false;  // a held ticket is now released like any other
  // A held ticket stays held and is freed like any other when released; otherwise it joins
  // the free list now.
  if (!held) FreeTicket(t);
  CacheEntry* e = st->entry;
  --e->prepared;
  if (e->idle()) ++idle_entries_;
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
    TicketImpl* t = st->ticket;
    const bool held = IsHeld(t);
    t->prepared = nullptr;
    t->prepared_grant = false;
    if (!held) FreeTicket(t);
    CacheEntry* e = st->entry;
    --e->prepared;
    if (e->idle()) ++idle_entries_;
    st->ctx = nullptr;  // the handle now owns st alone
    st->entry = nullptr;
    st->ticket = nullptr;
    st->word = nullptr;
    st->list = nullptr;
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
  return impl_->AcquirePrepared(prepared.state_, timeout);
}

}  // namespace mdl
