// LockContextImpl: acquisition (fast path, slow path, waiting), batches and upgrades.
#include <algorithm>
#include <array>
#include <numeric>

#include "mdl/compat_matrix.h"
#include "mdl/lock_context_impl.h"
#include "mdl/lock_context_ticket.h"
#include "mdl/lock_manager_impl.h"

namespace mdl {

using internal::Index;
using internal::LockStrategy;

namespace {

uint64_t FieldMask(const LockStrategy& st) {
  return st.scoped ? internal::kFastPathScopedMask : internal::kFastPathFieldMask;
}

}  // namespace

namespace {

// Bit t of kValidTypes[ns] is set iff IsValidTypeFor(ns, t): one load instead of a call and
// a switch on the acquire path.
std::array<uint32_t, kNumNamespaces> BuildValidTypes() {
  std::array<uint32_t, kNumNamespaces> bits{};
  for (int ns = 0; ns < kNumNamespaces; ++ns) {
    for (int t = 0; t < kNumLockTypes; ++t) {
      if (IsValidTypeFor(static_cast<Namespace>(ns), static_cast<LockType>(t))) {
        bits[ns] |= 1u << t;
      }
    }
  }
  return bits;
}
const std::array<uint32_t, kNumNamespaces> kValidTypes = BuildValidTypes();

}  // namespace

bool LockContextImpl::IsValidFast(const LockRequest& request) {
  const auto ns = static_cast<unsigned>(request.key.name_space());
  const auto type = static_cast<unsigned>(request.type);
  return request.key.IsValid() && ns < kNumNamespaces && type < kNumLockTypes &&
         static_cast<unsigned>(request.duration) < kNumLockDurations &&
         ((kValidTypes[ns] >> type) & 1) != 0;
}

Status LockContextImpl::Validate(const LockRequest& request) const {
  if (IsValidFast(request)) [[likely]]
    return Status::Ok();
  return ValidateSlow(request);
}

Status LockContextImpl::ValidateSlow(const LockRequest& request) const {
  if (!request.key.IsValid()) {
    return Status(Code::kInvalidArgument, "invalid lock key (name too long or contains NUL)");
  }
  if (!IsValidTypeFor(request.key.name_space(), request.type)) {
    return Status(Code::kInvalidArgument, std::string(ToString(request.type)) +
                                              " is not valid for namespace " +
                                              std::string(ToString(request.key.name_space())));
  }
  if (static_cast<int>(request.duration) >= kNumLockDurations) {
    return Status(Code::kInvalidArgument, "invalid lock duration");
  }
  return Status::Ok();
}

Status LockContextImpl::MakeBlockedStatus(Code code, std::string_view what, LockObject* obj,
                                          LockType type, const Blocker& b) const {
  std::string msg(what);
  msg += " for ";
  msg += ToString(type);
  msg += " on ";
  msg += obj->key().ToString();
  if (!b.found) return Status(code, msg);
  BlockerInfo info;
  info.type = b.type;
  info.key = obj->key();
  info.granted = b.granted;
  if (b.ctx != nullptr) {
    info.owner_id = b.ctx->owner_id();
  } else {
    // A fast-path holder: find its owner by scanning contexts (error path only).
    LockType t;
    info.owner_id =
        mgr_->FindFastPathHolder(obj, obj->strategy().granted_incompat[Index(type)], this, &t);
    if (info.owner_id != 0) info.type = t;
  }
  return Status(code, msg, std::move(info));
}

base::Clock::TimePoint LockContextImpl::DeadlineFor(Timeout timeout) const {
  if (timeout == kInfiniteTimeout) return base::Clock::TimePoint::max();
  return base::Clock::DeadlineAfter(clock_->Now(),
                                    std::chrono::duration_cast<base::Clock::Duration>(timeout));
}

void LockContextImpl::MergeUpgradeLocked(LockObject* obj, TicketImpl* t, LockType new_type) {
  const LockType old_type = t->type_relaxed();
  obj->RetypeGrantedLocked(t, new_type);
  // The request's obtrusive accounting (if any) now belongs to t; drop the old type's.
  if (obj->strategy().IsObtrusive(old_type)) obj->EndObtrusiveLocked();
  if (obj->CountPigletsAndHogsLocked(new_type)) obj->RescheduleWaitersLocked();
}

TicketImpl* LockContextImpl::CloneTicket(CacheEntry* e, TicketImpl* held,
                                         const LockRequest& request) {
  // MySQL's clone_ticket(): same key, the requested (weaker or equal) type and the requested
  // duration; granted at once because this context already holds a stronger lock.
  TicketImpl* t = NewTicket(e, request.type, request.duration, request.source, request.event_id);
  LockObject* obj = e->obj;
  const LockStrategy& st = obj->strategy();
  if (held->fast_path_relaxed()) {
    const uint64_t inc = st.unobtrusive_increment[Index(request.type)];
    if (!obj->fast().TryAcquire(stripe_, inc, FieldMask(st))) {
      base::MutexLock l(obj->mu());
      obj->fast().AddLocked(stripe_, inc);
    }
    t->fast_path.store(true, std::memory_order_relaxed);
    t->since = GrantStamp();
  } else {
    base::MutexLock l(obj->mu());
    if (st.IsObtrusive(request.type)) obj->BeginObtrusiveLocked();
    obj->AddGrantedLocked(t);
    t->since = GrantStamp();
  }
  LinkTicket(t);
  return t;
}

Result<Ticket*> LockContextImpl::Acquire(const LockRequest& request, Timeout timeout,
                                         bool try_only) {
  if (!IsValidFast(request)) [[unlikely]] {
    MDL_RETURN_IF_ERROR(ValidateSlow(request));
  }
  CacheEntry* e = PinEntry(request.key);
  // The common case, kept short: no lock of ours on the key yet, an unobtrusive type, and no
  // obtrusive request on the object. Everything else is AcquireSlow().
  if (e->tickets.empty() && fast_path_enabled_) [[likely]] {
    LockObject* obj = e->obj;
    const LockStrategy& st = obj->strategy();
    const uint64_t inc = st.unobtrusive_increment[Index(request.type)];
    if (inc != 0 && obj->fast().TryAcquire(stripe_, inc, FieldMask(st))) [[likely]] {
      TicketImpl* t =
          NewTicket(e, request.type, request.duration, request.source, request.event_id);
      t->fast_path.store(true, std::memory_order_relaxed);
      t->since = GrantStamp();
      LinkTicket(t);
      return static_cast<Ticket*>(t);
    }
  }
  return AcquireSlow(request, e, timeout, try_only);
}

Result<Ticket*> LockContextImpl::AcquireSlow(const LockRequest& request, CacheEntry* e,
                                             Timeout timeout, bool try_only) {
  if (TicketImpl* held = FindTicketIn(e, request.type, request.duration)) {
    if (held->duration_relaxed() == request.duration) {
      ++held->acquisitions;
      return static_cast<Ticket*>(held);
    }
    return static_cast<Ticket*>(CloneTicket(e, held, request));
  }

  LockObject* obj = e->obj;
  const LockStrategy& st = obj->strategy();
  const LockType type = request.type;
  const uint64_t inc = st.unobtrusive_increment[Index(type)];
  TicketImpl* t = NewTicket(e, type, request.duration, request.source, request.event_id);

  if (inc != 0) {
    if (fast_path_enabled_ && obj->fast().TryAcquire(stripe_, inc, FieldMask(st))) {
      t->fast_path.store(true, std::memory_order_relaxed);
      t->since = GrantStamp();
      LinkTicket(t);
      return static_cast<Ticket*>(t);
    }
  } else {
    // can_grant_lock() treats every fast-path lock as another context's.
    MaterializeFastPathLocks();
  }

  // Slow path. The wait slot is reset before the ticket can be seen in a waiting list.
  wait_.Reset();
  enum { kGranted, kFailed, kQueued } outcome;
  Blocker blocker;
  {
    base::MutexLock l(obj->mu());
    if (inc == 0) obj->BeginObtrusiveLocked();
    if (obj->CanGrantLocked(type, this)) {
      obj->AddGrantedLocked(t);
      t->since = clock_->CoarseNow();
      if (obj->CountPigletsAndHogsLocked(type)) obj->RescheduleWaitersLocked();
      outcome = kGranted;
    } else if (try_only || timeout <= kNoWait) {
      blocker = obj->FindBlockerLocked(type, this);
      if (inc == 0) obj->EndObtrusiveLocked();
      outcome = kFailed;
    } else {
      t->low_priority = request.low_priority_window > Timeout::zero();
      obj->AddWaitingLocked(t);
      t->since = clock_->CoarseNow();
      outcome = kQueued;
    }
  }
  if (outcome == kGranted) {
    LinkTicket(t);
    return static_cast<Ticket*>(t);
  }
  if (outcome == kFailed) {
    // timeout == 0: fail at once without a deadlock search (MySQL avoids "fake" deadlocks).
    Status s =
        try_only
            ? MakeBlockedStatus(Code::kWouldBlock, "lock not available", obj, type, blocker)
            : MakeBlockedStatus(Code::kLockWaitTimeout, "lock wait timeout", obj, type, blocker);
    if (!try_only) mgr_->CountTimeout();
    FreeTicket(t);
    MaybeEvict();
    return s;
  }
  AddPending(e);
  Status s =
      WaitForGrant(t, DeadlineFor(timeout), /*is_upgrade=*/false, request.low_priority_window);
  if (!s.ok()) {
    FreeTicket(t);
    MaybeEvict();
    return s;
  }
  LinkTicket(t);
  return static_cast<Ticket*>(t);
}

Status LockContextImpl::WaitForGrant(TicketImpl* t, base::Clock::TimePoint deadline,
                                     bool is_upgrade, Timeout window) {
  LockObject* obj = t->obj;
  const LockType type = t->type_relaxed();
  // Before the host hears of the wait (OnWaitBegin): the window is measured from here.
  const base::Clock::TimePoint window_end =
      window > Timeout::zero() ? DeadlineFor(window) : base::Clock::TimePoint::max();
  // MySQL's will_wait_for(): a context that waits must show all its locks to the deadlock
  // detector.
  MaterializeFastPathLocks();

  WaitInfo info;
  info.key = &obj->key();
  info.type = type;
  info.duration = t->duration_relaxed();
  info.state = WaitStateName(obj->key().name_space());
  info.source = t->source;
  info.event_id = t->event_id;
  info.is_upgrade = is_upgrade;
  mgr_->BeginWait(this, t);  // also runs the deadlock search
  // After the search (as MySQL enters the wait stage only in MDL_wait::timed_wait()): once
  // the host sees the wait begin, this context is visible to every later search.
  owner_->OnWaitBegin(info);
  WaitStatus ws = WaitStatus::kEmpty;
  if (window > Timeout::zero()) {
    // Low priority (t->low_priority, set when queued): nobody waits for us, we wait for the
    // granted holders. At the end of the window (if it ends before the deadline) become a
    // normal request and go on waiting. The slot stays empty across the switch, so a grant
    // can happen at any moment, before or after it.
    if (window_end < deadline) {
      ws = wait_.WaitUntil(*clock_, window_end, killed_);
      if (ws == WaitStatus::kEmpty) {
        {
          base::MutexLock l(obj->mu());
          obj->PromoteLowPriorityLocked(t);  // no-op if granted meanwhile
        }
        // Waiters that arrived during the window now wait for us (new edges into this
        // request): a cycle through one of them runs through us, so search from here.
        mgr_->FindDeadlock(this);
      }
    }
  }
  if (ws == WaitStatus::kEmpty) ws = wait_.Wait(*clock_, deadline, killed_);
  mgr_->EndWait(this);
  stamp_valid_ = false;  // time has passed: later grants must not reuse the old stamp

  Status result;
  if (ws != WaitStatus::kGranted) {
    Blocker b;
    {
      base::MutexLock l(obj->mu());
      b = obj->FindBlockerLocked(type, this);
      obj->RemoveWaitingLocked(t);
      obj->RescheduleWaitersLocked();
      obj->ResetCountersIfEmptyLocked();
    }
    switch (ws) {
      case WaitStatus::kVictim:
        result = MakeBlockedStatus(Code::kDeadlock, "deadlock found", obj, type, b);
        break;
      case WaitStatus::kTimeout:
        mgr_->CountTimeout();
        result = MakeBlockedStatus(Code::kLockWaitTimeout, "lock wait timeout", obj, type, b);
        break;
      default:
        result = MakeBlockedStatus(Code::kKilled, "wait killed", obj, type, b);
        break;
    }
  }
  DropPending(t->entry);
  owner_->OnWaitEnd(info, result.code());
  return result;
}

Result<std::vector<Ticket*>> LockContextImpl::AcquireBatch(std::span<const LockRequest> requests,
                                                           Timeout timeout) {
  for (const LockRequest& r : requests) MDL_RETURN_IF_ERROR(Validate(r));
  // MySQL's acquire_locks(): sorted by key, and for an equal key the stronger type first.
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto c = requests[a].key <=> requests[b].key;
    if (c != 0) return c < 0;
    return requests[a].type > requests[b].type;
  });
  const bool finite = timeout != kInfiniteTimeout;
  const base::Clock::TimePoint start = clock_->Now();
  std::vector<Ticket*> tickets(requests.size(), nullptr);
  std::vector<Ticket*> taken;
  taken.reserve(requests.size());
  for (size_t i : order) {
    Timeout left = timeout;
    if (finite && timeout > kNoWait) {
      left = std::max<Timeout>(kNoWait, timeout - (clock_->Now() - start));
      // Keep waiting with a tiny budget rather than turning into timeout==0 semantics.
      if (left == kNoWait) left = Timeout(1);
    }
    Result<Ticket*> r = Acquire(requests[i], left, /*try_only=*/false);
    if (!r.ok()) {
      for (auto it = taken.rbegin(); it != taken.rend(); ++it) {
        Release(static_cast<TicketImpl*>(*it));
      }
      return std::move(r).status();
    }
    tickets[i] = *r;
    taken.push_back(*r);
  }
  return tickets;
}

Status LockContextImpl::Upgrade(TicketImpl* t, LockType new_type, Timeout timeout,
                                Timeout low_priority_window) {
  if (t == nullptr || t->ctx != this || t->obj == nullptr) {
    return Status(Code::kInvalidArgument, "ticket does not belong to this context");
  }
  LockObject* obj = t->obj;
  const LockStrategy& st = obj->strategy();
  if (!IsValidTypeFor(obj->key().name_space(), new_type)) {
    return Status(Code::kInvalidArgument, "invalid upgrade type for the namespace");
  }
  if (internal::IsStrongerOrEqual(st, t->type_relaxed(), new_type)) return Status::Ok();
  // Only real upgrades: a "sideways" change (e.g. SW -> SU, S -> IX) would silently drop part
  // of the held lock.
  if (!internal::IsStrongerOrEqual(st, new_type, t->type_relaxed())) {
    return Status(Code::kInvalidArgument,
                  std::string("cannot upgrade ") + std::string(ToString(t->type_relaxed())) +
                      " to the incomparable " + std::string(ToString(new_type)));
  }

  // The old ticket must be on the slow path to be merged; like any wait it also needs all
  // locks materialized.
  MaterializeFastPathLocks();
  TicketImpl* p = NewTicket(t->entry, new_type, t->duration_relaxed(), t->source, t->event_id);
  p->upgrade_of = t;
  const bool obtrusive = st.IsObtrusive(new_type);

  wait_.Reset();
  enum { kGranted, kFailed, kQueued } outcome;
  Blocker blocker;
  {
    base::MutexLock l(obj->mu());
    if (obtrusive) obj->BeginObtrusiveLocked();
    if (obj->CanGrantLocked(new_type, this)) {
      MergeUpgradeLocked(obj, t, new_type);
      outcome = kGranted;
    } else if (timeout <= kNoWait) {
      blocker = obj->FindBlockerLocked(new_type, this);
      if (obtrusive) obj->EndObtrusiveLocked();
      outcome = kFailed;
    } else {
      p->low_priority = low_priority_window > Timeout::zero();
      obj->AddWaitingLocked(p);
      p->since = clock_->CoarseNow();
      outcome = kQueued;
    }
  }
  if (outcome == kGranted) {
    FreeTicket(p);
    return Status::Ok();
  }
  if (outcome == kFailed) {
    mgr_->CountTimeout();
    Status s =
        MakeBlockedStatus(Code::kLockWaitTimeout, "lock wait timeout", obj, new_type, blocker);
    FreeTicket(p);
    return s;
  }
  AddPending(t->entry);
  Status s = WaitForGrant(p, DeadlineFor(timeout), /*is_upgrade=*/true, low_priority_window);
  if (s.ok()) {
    base::MutexLock l(obj->mu());
    obj->DetachGrantedLocked(p);
    // Not MergeUpgradeLocked(): RescheduleWaitersLocked() already counted this grant for
    // max_write_lock_count, and MySQL counts each grant once (upgrade_shared_lock's merge
    // does not call count_piglets_and_hogs). The granted set's bitmap is unchanged (p had
    // new_type), so nobody needs rescheduling either.
    const LockType old_type = t->type_relaxed();
    obj->RetypeGrantedLocked(t, new_type);
    if (st.IsObtrusive(old_type)) obj->EndObtrusiveLocked();
  }
  FreeTicket(p);
  return s;
}

}  // namespace mdl
