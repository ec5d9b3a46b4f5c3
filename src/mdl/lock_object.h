// LockObject: the state of one key (MySQL's MDL_lock): granted and waiting tickets, the
// striped fast-path counters, the priority-matrix selection (max_write_lock_count).
//
// Owned by the LockTable, which deletes it once no context pins it (see lock_table.h).
//
// Invariants (checked by CheckInvariantsLocked() in tests):
//   [L1] granted_counts_/waiting_counts_ match the types in granted_/waiting_ (waiting_counts_
//        leaves out low-priority tickets: they are invisible to the pending matrix).
//   [L2] obtrusive_count_ == number of obtrusive-type tickets in granted_ and waiting_ plus
//        obtrusive requests being decided right now; the fast-path flag is set iff it is > 0.
//   [L3] No two granted locks of different contexts are incompatible (granted matrix).
//   [L4] matrix_index_ == (piglet_count_ >= max ? 1 : 0) + (hog_count_ >= max ? 2 : 0)
//        except after a reset.
#ifndef MDL_LOCK_OBJECT_H_
#define MDL_LOCK_OBJECT_H_

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "mdl/compat_matrix.h"
#include "mdl/fast_path.h"
#include "mdl/intrusive_list.h"
#include "mdl/lock_key.h"
#include "mdl/ticket_impl.h"

namespace mdl {

class LockContextImpl;

namespace internal {

using ObjectTicketList = IntrusiveList<TicketImpl, &TicketImpl::obj_prev, &TicketImpl::obj_next>;

struct TypeCounts {
  uint32_t n[kNumLockTypes] = {};
  Bitmap bits = 0;
  void Add(LockType t) {
    if (n[Index(t)]++ == 0) bits = static_cast<Bitmap>(bits | Bit(t));
  }
  void Remove(LockType t) {
    if (--n[Index(t)] == 0) bits = static_cast<Bitmap>(bits & ~Bit(t));
  }
};

// Who blocks a request (see LockObject::FindBlockerLocked).
struct Blocker {
  bool found = false;
  const LockContextImpl* ctx = nullptr;  // nullptr: a fast-path holder (owner not known here)
  LockType type = LockType::kExclusive;
  bool granted = true;
};

class LockObject {
 public:
  LockObject(const LockKey& key, size_t stripes, uint64_t max_write_lock_count,
             const base::Clock* clock);
  ~LockObject();
  LockObject(const LockObject&) = delete;
  LockObject& operator=(const LockObject&) = delete;

  const LockKey& key() const { return key_; }
  const LockStrategy& strategy() const { return strategy_; }
  FastPathCounters& fast() { return fast_; }
  base::Mutex* mu() MDL_RETURN_CAPABILITY(mu_) { return &mu_; }

  // MySQL's can_grant_lock(): see compat_matrix.h.
  bool CanGrantLocked(LockType type, const LockContextImpl* ctx) const MDL_REQUIRES(mu_);

  // An obtrusive request enters (before CanGrantLocked) / an obtrusive ticket leaves.
  void BeginObtrusiveLocked() MDL_REQUIRES(mu_);
  void EndObtrusiveLocked() MDL_REQUIRES(mu_);

  // List + type-count maintenance. These do not touch obtrusive_count_ except
  // RemoveGrantedLocked/RemoveWaitingLocked, which end the ticket's obtrusive accounting.
  void AddGrantedLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  void AddWaitingLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  void RemoveGrantedLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  void RemoveWaitingLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  // Moves a granted request ticket out of the lists without ending obtrusive accounting
  // (the upgrade merge keeps the new type's count).
  void DetachGrantedLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  // The low-priority window of pending `t` ended: it enters the waiting counts and from now
  // on blocks new requests as the pending matrix says. Makes nothing grantable.
  void PromoteLowPriorityLocked(TicketImpl* t) MDL_REQUIRES(mu_);
  // Changes the type of a granted ticket (upgrade merge, downgrade); adjusts counts only.
  void RetypeGrantedLocked(TicketImpl* t, LockType new_type) MDL_REQUIRES(mu_);

  // A slow-path grant of `type` just happened: MySQL's count_piglets_and_hogs(). Returns true
  // if the priority matrix changed (the caller must reschedule waiters).
  bool CountPigletsAndHogsLocked(LockType type) MDL_REQUIRES(mu_);
  // Grants every waiter that can be granted now, oldest first (MySQL's reschedule_waiters()),
  // then resets the hog/piglet counters that no longer apply.
  void RescheduleWaitersLocked() MDL_REQUIRES(mu_);
  // After a removal: resets hog/piglet state when no slow-path ticket is left.
  void ResetCountersIfEmptyLocked() MDL_REQUIRES(mu_);

  // The first granted ticket of another context incompatible with `type`, else a fast-path
  // holder type, else the first (normal-priority) pending request with priority over `type`.
  Blocker FindBlockerLocked(LockType type, const LockContextImpl* ctx) const MDL_REQUIRES(mu_);

  // Edges of `waiter` (a pending ticket in waiting_): calls fn(ctx, type, granted) for every
  // granted ticket of another context incompatible with it and every pending ticket of
  // another context that has priority over it (never a low-priority one: nobody waits for
  // those). Fast-path holders are not visited.
  template <typename Fn>
  void ForEachBlockerLocked(const TicketImpl* waiter, Fn&& fn) const MDL_REQUIRES(mu_) {
    const LockType wt = waiter->type_relaxed();
    const Bitmap gi = strategy_.granted_incompat[Index(wt)];
    const Bitmap wi = strategy_.waiting_incompat[matrix_index_][Index(wt)];
    for (const TicketImpl* t = granted_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
      if (t->ctx != waiter->ctx && (Bit(t->type_relaxed()) & gi) != 0) fn(t, true);
    }
    for (const TicketImpl* t = waiting_.front(); t != nullptr; t = ObjectTicketList::next(t)) {
      if (t->ctx != waiter->ctx && !t->low_priority && (Bit(t->type_relaxed()) & wi) != 0) {
        fn(t, false);
      }
    }
  }

  const ObjectTicketList& granted() const MDL_REQUIRES(mu_) { return granted_; }
  const ObjectTicketList& waiting() const MDL_REQUIRES(mu_) { return waiting_; }
  int matrix_index() const MDL_REQUIRES(mu_) { return matrix_index_; }
  uint64_t hog_count() const MDL_REQUIRES(mu_) { return hog_count_; }
  uint64_t piglet_count() const MDL_REQUIRES(mu_) { return piglet_count_; }
  // No granted/waiting ticket and no fast-path lock.
  bool IdleLocked() const MDL_REQUIRES(mu_);
  // Returns "" if the invariants hold, else a description of the violation.
  std::string CheckInvariantsLocked() const MDL_REQUIRES(mu_);

  // Pin count, owned by the LockTable shard that holds this object (guarded by that shard's
  // mutex; see lock_table.h).
  uint32_t pins = 0;

 private:
  bool SwitchMatrixIfNeededLocked() MDL_REQUIRES(mu_);

  const LockKey key_;
  const LockStrategy& strategy_;
  const uint64_t max_write_lock_count_;
  const base::Clock* const clock_;
  FastPathCounters fast_;

  // Lock order: LockTable shard mutex -> mu_ -> WaitSlot::mu_.
  mutable base::Mutex mu_;
  ObjectTicketList granted_ MDL_GUARDED_BY(mu_);
  ObjectTicketList waiting_ MDL_GUARDED_BY(mu_);  // FIFO
  TypeCounts granted_counts_ MDL_GUARDED_BY(mu_);
  TypeCounts waiting_counts_ MDL_GUARDED_BY(mu_);
  uint32_t obtrusive_count_ MDL_GUARDED_BY(mu_) = 0;
  uint64_t hog_count_ MDL_GUARDED_BY(mu_) = 0;
  uint64_t piglet_count_ MDL_GUARDED_BY(mu_) = 0;
  int matrix_index_ MDL_GUARDED_BY(mu_) = 0;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_LOCK_OBJECT_H_
