#include "mdl/lock_object.h"

#include "mdl/lock_context_impl.h"

namespace mdl {
namespace internal {

LockObject::LockObject(const LockKey& key, size_t stripes, uint64_t max_write_lock_count,
                       const base::Clock* clock)
    : key_(key),
      strategy_(StrategyFor(key.name_space())),
      max_write_lock_count_(max_write_lock_count),
      clock_(clock),
      fast_(stripes) {}

LockObject::~LockObject() = default;

bool LockObject::CanGrantLocked(LockType type, const LockContextImpl* ctx) const {
  const int i = Index(type);
  if ((waiting_counts_.bits & strategy_.waiting_incompat[matrix_index_][i]) != 0) return false;
  const Bitmap gi = strategy_.granted_incompat[i];
  // Only obtrusive requests can conflict with fast-path locks; for them the flag is set
  // ([F2]) so the sums are exact.
  if ((gi & strategy_.FastPathTypes()) != 0 && (fast_.GrantedBitmap(strategy_) & gi) != 0) {
    return false;
  }
  if ((granted_counts_.bits & gi) == 0) return true;
  // Conflicts with this context's own granted locks are ignored.
  for (const TicketImpl* t = granted_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
    if (t->ctx != ctx && (Bit(t->type_relaxed()) & gi) != 0) return false;
  }
  return true;
}

void LockObject::BeginObtrusiveLocked() {
  if (obtrusive_count_++ == 0) fast_.SetObtrusive();
}

void LockObject::EndObtrusiveLocked() {
  if (--obtrusive_count_ == 0) fast_.ClearObtrusive();
}

void LockObject::AddGrantedLocked(TicketImpl* t) {
  granted_.push_back(t);
  granted_counts_.Add(t->type_relaxed());
  t->pending = false;
}

void LockObject::AddWaitingLocked(TicketImpl* t) {
  waiting_.push_back(t);
  if (!t->low_priority) waiting_counts_.Add(t->type_relaxed());
  t->pending = true;
}

void LockObject::PromoteLowPriorityLocked(TicketImpl* t) {
  if (!t->pending || !t->low_priority) return;
  t->low_priority = false;
  waiting_counts_.Add(t->type_relaxed());
}

void LockObject::DetachGrantedLocked(TicketImpl* t) {
  granted_.remove(t);
  granted_counts_.Remove(t->type_relaxed());
}

void LockObject::RemoveGrantedLocked(TicketImpl* t) {
  DetachGrantedLocked(t);
  if (strategy_.IsObtrusive(t->type_relaxed())) EndObtrusiveLocked();
}

void LockObject::RemoveWaitingLocked(TicketImpl* t) {
  waiting_.remove(t);
  if (!t->low_priority) waiting_counts_.Remove(t->type_relaxed());
  t->low_priority = false;
  t->pending = false;
  if (strategy_.IsObtrusive(t->type_relaxed())) EndObtrusiveLocked();
}

void LockObject::RetypeGrantedLocked(TicketImpl* t, LockType new_type) {
  granted_counts_.Remove(t->type_relaxed());
  t->type.store(new_type, std::memory_order_relaxed);
  granted_counts_.Add(new_type);
}

bool LockObject::SwitchMatrixIfNeededLocked() {
  int idx = 0;
  if (piglet_count_ >= max_write_lock_count_) idx += 1;
  if (hog_count_ >= max_write_lock_count_) idx += 2;
  if (idx == matrix_index_) return false;
  matrix_index_ = idx;
  return true;
}

bool LockObject::CountPigletsAndHogsLocked(LockType type) {
  if (!strategy_.affected_by_max_write_lock_count) return false;
  if ((Bit(type) & kHogLockTypes) != 0) {
    if ((waiting_counts_.bits & ~kHogLockTypes) != 0) {
      ++hog_count_;
      return SwitchMatrixIfNeededLocked();
    }
  } else if (type == LockType::kSharedWrite) {
    if ((waiting_counts_.bits & Bit(LockType::kSharedReadOnly)) != 0) {
      ++piglet_count_;
      return SwitchMatrixIfNeededLocked();
    }
  }
  return false;
}

void LockObject::RescheduleWaitersLocked() {
  // Oldest first. One pass suffices because compatible requests have equal priority ([INV2]:
  // granting never unblocks anything), except when a grant switches the priority matrix:
  // then restart from the head (MySQL's it.rewind()).
  TicketImpl* t = waiting_.front();
  while (t != nullptr) {
    TicketImpl* next = ObjectTicketList::next(t);
    const LockType type = t->type_relaxed();
    // A waiter whose wait already ended (timeout, kill, victim) stays queued until it removes
    // itself; SetIfEmpty() fails for it.
    if (CanGrantLocked(type, t->ctx) && t->ctx->wait_slot().SetIfEmpty(WaitStatus::kGranted)) {
      // Obtrusive accounting moves with the ticket unchanged.
      waiting_.remove(t);
      if (!t->low_priority) waiting_counts_.Remove(type);
      t->low_priority = false;
      AddGrantedLocked(t);
      t->since = clock_->CoarseNow();
      if (CountPigletsAndHogsLocked(type)) {
        next = waiting_.front();
      }
    }
    t = next;
  }
  if (!strategy_.affected_by_max_write_lock_count) return;
  // Reset the counters when no lower-priority request waits any more (MySQL's rules).
  const Bitmap sw_types = Bit(LockType::kSharedWrite) | Bit(LockType::kSharedWriteLowPrio);
  if (matrix_index_ == 3) {
    if ((waiting_counts_.bits & ~(kHogLockTypes | sw_types)) == 0) {
      piglet_count_ = 0;
      hog_count_ = 0;
      matrix_index_ = 0;
    }
  } else {
    if ((waiting_counts_.bits & ~kHogLockTypes) == 0) {
      hog_count_ = 0;
      matrix_index_ &= ~2;
    }
    if ((waiting_counts_.bits & Bit(LockType::kSharedReadOnly)) == 0) {
      piglet_count_ = 0;
      matrix_index_ &= ~1;
    }
  }
}

void LockObject::ResetCountersIfEmptyLocked() {
  if (granted_.empty() && waiting_.empty()) {
    hog_count_ = 0;
    piglet_count_ = 0;
    matrix_index_ = 0;
  }
}

Blocker LockObject::FindBlockerLocked(LockType type, const LockContextImpl* ctx) const {
  Blocker b;
  const int i = Index(type);
  const Bitmap gi = strategy_.granted_incompat[i];
  for (const TicketImpl* t = granted_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
    if (t->ctx != ctx && (Bit(t->type_relaxed()) & gi) != 0) {
      return Blocker{true, t->ctx, t->type_relaxed(), true};
    }
  }
  const Bitmap fast = static_cast<Bitmap>(fast_.GrantedBitmap(strategy_) & gi);
  if (fast != 0) {
    for (int k = 0; k < kNumLockTypes; ++k) {
      if ((fast & (1u << k)) != 0) return Blocker{true, nullptr, static_cast<LockType>(k), true};
    }
  }
  const Bitmap wi = strategy_.waiting_incompat[matrix_index_][i];
  for (const TicketImpl* t = waiting_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
    if (t->ctx != ctx && !t->low_priority && (Bit(t->type_relaxed()) & wi) != 0) {
      return Blocker{true, t->ctx, t->type_relaxed(), false};
    }
  }
  return b;
}

bool LockObject::IdleLocked() const {
  return granted_.empty() && waiting_.empty() && fast_.Empty();
}

std::string LockObject::CheckInvariantsLocked() const {
  TypeCounts g, w;
  uint32_t obtrusive = 0;
  for (const TicketImpl* t = granted_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
    g.Add(t->type_relaxed());
    if (strategy_.IsObtrusive(t->type_relaxed())) ++obtrusive;
    for (const TicketImpl* u = granted_.front(); u != nullptr; u = ObjectTicketList::next(u)) {
      if (u->ctx != t->ctx &&
          (Bit(u->type_relaxed()) & strategy_.granted_incompat[Index(t->type_relaxed())]) != 0) {
        return "[L3] incompatible granted tickets on " + key_.ToString();
      }
    }
  }
  for (const TicketImpl* t = waiting_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
    if (!t->low_priority) w.Add(t->type_relaxed());
    if (strategy_.IsObtrusive(t->type_relaxed())) ++obtrusive;
  }
  for (int i = 0; i < kNumLockTypes; ++i) {
    if (g.n[i] != granted_counts_.n[i] || w.n[i] != waiting_counts_.n[i]) {
      return "[L1] type counts out of sync on " + key_.ToString();
    }
  }
  if (g.bits != granted_counts_.bits || w.bits != waiting_counts_.bits) {
    return "[L1] bitmaps out of sync on " + key_.ToString();
  }
  if (obtrusive != obtrusive_count_) return "[L2] obtrusive count wrong on " + key_.ToString();
  return "";
}

}  // namespace internal
}  // namespace mdl
