// LockContextImpl: the implementation behind mdl::LockContext (MySQL's MDL_context).
//
// Used by its owning thread, except: Kill()/ClearKill()/killed()/owner_id() (any thread),
// wait_slot() (granting threads and the deadlock detector), waiting_for_ (the deadlock
// detector, under the manager's graph_mu_) and CollectFastPathRows()/HoldsFastPath() (any
// thread, under pool_mu_).
//
// Data owned by the thread using the context is not annotated: the owning thread reads and
// writes it without locks (the duration lists, the object cache, the free list). Other
// threads see a fast-path ticket only through its FastPathRecord, which the owning thread
// publishes with plain stores; pool_mu_ is taken only on the rare operations that could
// invalidate what a reader dereferences (allocating/freeing a ticket, unpinning an object).
//
// Files: lock_context_impl.cc (life cycle, object cache, queries), lock_context_acquire.cc
// (Acquire/AcquireBatch/Upgrade/waiting), lock_context_release.cc (release, downgrade,
// savepoints, durations, fast-path materialization), lock_context_prepared.cc (PreparedLock:
// prepare, the prepared acquire path, handle life cycle).
#ifndef MDL_LOCK_CONTEXT_IMPL_H_
#define MDL_LOCK_CONTEXT_IMPL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/clock.h"
#include "base/mutex.h"
#include "mdl/intrusive_list.h"
#include "mdl/lock_context.h"
#include "mdl/lock_object.h"
#include "mdl/owner.h"
#include "mdl/prepared_state.h"
#include "mdl/result.h"
#include "mdl/snapshot.h"
#include "mdl/status.h"
#include "mdl/ticket_impl.h"
#include "mdl/wait_slot.h"

namespace mdl {

class LockManagerImpl;

namespace internal {

using ContextTicketList = IntrusiveList<TicketImpl, &TicketImpl::ctx_prev, &TicketImpl::ctx_next>;
using EntryTicketList = IntrusiveList<TicketImpl, &TicketImpl::entry_prev, &TicketImpl::entry_next>;

// One lock object pinned by a context, with the context's tickets on it. Aligned so that
// entries of different contexts (written on every acquire) never share a cache line.
struct alignas(64) CacheEntry {
  LockObject* obj = nullptr;
  EntryTicketList tickets;  // granted tickets of this context on obj
  uint32_t pending = 0;     // requests of this context queued on obj (0 or 1)
  uint32_t prepared = 0;    // attached PreparedLock handles on obj (they pin the entry)
  uint64_t last_use = 0;
  bool idle() const { return tickets.empty() && pending == 0 && prepared == 0; }
};

}  // namespace internal

using internal::Bitmap;
using internal::Blocker;
using internal::CacheEntry;
using internal::ContextTicketList;
using internal::LockObject;
using internal::PreparedState;
using internal::TicketImpl;
using internal::WaitSlot;
using internal::WaitStatus;

// Aligned: the owner-thread fields written on every acquire/release must not share a cache
// line with another context's.
class alignas(64) LockContextImpl {
 public:
  LockContextImpl(LockManagerImpl* mgr, Owner* owner, uint64_t id, size_t stripe);
  ~LockContextImpl();
  LockContextImpl(const LockContextImpl&) = delete;
  LockContextImpl& operator=(const LockContextImpl&) = delete;

  // ---- API (see include/mdl/lock_context.h) ----
  Result<Ticket*> Acquire(const LockRequest& request, Timeout timeout, bool try_only);
  Result<std::vector<Ticket*>> AcquireBatch(std::span<const LockRequest> requests, Timeout timeout);
  Status Upgrade(TicketImpl* ticket, LockType new_type, Timeout timeout,
                 Timeout low_priority_window);
  // Prepared requests (lock_context_prepared.cc; include/mdl/prepared_lock.h).
  Result<PreparedLock> Prepare(const LockRequest& request);
  [[gnu::always_inline]] inline Result<Ticket*> AcquirePrepared(PreparedState* st, Timeout timeout,
                                                                uint64_t event_id);
  [[gnu::always_inline]] inline TicketImpl* TryAcquirePreparedFast(PreparedState* st,
                                                                   uint64_t event_id);
  // Release() inline (lock_context_release.cc), for the public wrapper there.
  [[gnu::always_inline]] inline void ReleaseInline(TicketImpl* ticket);
  // Resetting a handle: unpins and deletes `st` (a held ticket stays held, as a plain ticket).
  void Unprepare(PreparedState* st);
  Status Downgrade(TicketImpl* ticket, LockType new_type);
  void Release(TicketImpl* ticket);
  // Releases every ticket whose duration bit is in `mask` (1 << duration).
  void ReleaseByDuration(unsigned mask);
  Savepoint GetSavepoint() const { return Savepoint(seq_); }
  void RollbackToSavepoint(const Savepoint& sp);
  bool HasLocksAfterSavepoint(const Savepoint& sp) const;
  void SetDuration(TicketImpl* ticket, LockDuration duration);
  void MoveAllDurations(unsigned from_mask, LockDuration to);
  // MySQL's find_ticket(): a held ticket on `key` at least as strong as `type`, preferring
  // one of `preferred` duration.
  TicketImpl* FindTicket(const LockKey& key, LockType type,
                         LockDuration preferred = LockDuration::kStatement) const;
  static TicketImpl* FindTicketIn(const CacheEntry* e, LockType type, LockDuration preferred);
  bool HasLocks() const { return num_tickets_.load(std::memory_order_relaxed) != 0; }
  bool HasLocks(LockDuration d) const;
  size_t ticket_count() const { return num_tickets_.load(std::memory_order_relaxed); }
  void ShrinkCache();

  void Kill();
  void ClearKill() { killed_.store(false, std::memory_order_release); }
  bool killed() const { return killed_.load(std::memory_order_acquire); }
  void SetForceDmlDeadlockWeight(bool force) {
    force_dml_weight_.store(force, std::memory_order_relaxed);
  }
  Owner* owner() const { return owner_; }
  uint64_t owner_id() const { return owner_id_; }
  static uint64_t SavepointSeq(const Savepoint& sp) { return sp.seq_; }

  // ---- For the manager, lock objects and the deadlock detector ----
  WaitSlot& wait_slot() { return wait_; }
  const WaitSlot& wait_slot() const { return wait_; }
  uint64_t id() const { return id_; }
  // Weight of this context as a deadlock victim candidate: its pending request's weight
  // (or DML if forced). REQUIRES: graph_mu_ held and waiting_for_ != nullptr.
  uint32_t DeadlockWeightLocked() const;
  // Appends this context's fast-path tickets to `rows` (snapshot). Thread-safe.
  void CollectFastPathRows(std::vector<TicketRow>* rows) const;
  // True (and *type set) if this context holds a fast-path ticket on `obj` whose type is in
  // `types`. Thread-safe.
  bool HoldsFastPath(const LockObject* obj, Bitmap types, LockType* type) const;

  // The pending ticket this context waits on, or nullptr. Written by the owning thread and
  // read by the deadlock detector, both under the manager's graph_mu_ (not annotated: the
  // capability lives in another object).
  TicketImpl* waiting_for_ = nullptr;

  // Registry links, guarded by the manager's registry_mu_.
  LockContextImpl* reg_prev = nullptr;
  LockContextImpl* reg_next = nullptr;

 private:
  // OK, or kInvalidArgument with the reason. The common case is a few table lookups.
  Status Validate(const LockRequest& request) const;
  Status ValidateSlow(const LockRequest& request) const;
  // True iff Validate() would return OK.
  static bool IsValidFast(const LockRequest& request);
  // Acquire() past its inline fast case: reuse/clone of a held ticket, fast path refused,
  // obtrusive types, waiting.
  [[gnu::noinline]] Result<Ticket*> AcquireSlow(const LockRequest& request, CacheEntry* e,
                                                Timeout timeout, bool try_only);
  // The "since" of a fast-path (or cloned) grant: the context's cached coarse timestamp,
  // read from the clock on the first grant after a statement/transaction boundary
  // (ReleaseByDuration, RollbackToSavepoint) or a wait. See TicketRow::since.
  base::Clock::TimePoint GrantStamp() {
    if (!stamp_valid_) {
      stamp_ = clock_->CoarseNow();
      stamp_valid_ = true;
    }
    return stamp_;
  }
  CacheEntry* FindEntry(const LockKey& key) const;
  // The cache entry for `key`, pinning the lock object on a miss. The most recently used
  // entry is checked first (a connection re-locks the same table statement after statement).
  CacheEntry* PinEntry(const LockKey& key) {
    CacheEntry* e = mru_ != nullptr && mru_->obj->key() == key ? mru_ : PinEntrySlow(key);
    e->last_use = ++use_clock_;
    mru_ = e;
    return e;
  }
  CacheEntry* PinEntrySlow(const LockKey& key);
  void MaybeEvict() {
    if (idle_entries_ > cache_capacity_) EvictIdleEntries();
  }
  void EvictIdleEntries();
  void AddPending(CacheEntry* e);
  void DropPending(CacheEntry* e);
  void EvictEntry(CacheEntry* e);
  // The ticket functions below run on every acquire/release, hence inline
  // (lock_context_ticket.h); the rare halves (allocation, deletion) are out of line.
  inline TicketImpl* NewTicket(CacheEntry* e, LockType type, LockDuration duration,
                               const char* source, uint64_t event_id);
  inline void FreeTicket(TicketImpl* t);
  inline void LinkTicket(TicketImpl* t);    // into the duration list + entry (granted)
  inline void UnlinkTicket(TicketImpl* t);  // from the duration list + entry
  inline void PublishFastPath(TicketImpl* t);
  TicketImpl* AllocateTicket();      // a new ticket, added to pool_
  void DeleteTicket(TicketImpl* t);  // removes from pool_ and deletes
  TicketImpl* CloneTicket(CacheEntry* e, TicketImpl* held, const LockRequest& request);
  void ReleaseTicketLocks(TicketImpl* t);  // returns the lock itself; ticket already unlinked
  void ReleaseTicket(TicketImpl* t);       // unlink + release + free
  // Release() of a granted fast-path prepared ticket: unlink, unpublish, clear the slot.
  [[gnu::always_inline]] inline void ReleasePreparedFast(TicketImpl* t);
  // Clears the slot of a held prepared fast-path ticket ([F3'] in fast_path.h).
  inline void ReleasePreparedSlot(TicketImpl* t);
  // Their rare half: the obtrusive flag was set (waiters may have counted the slot).
  [[gnu::noinline]] static void RescheduleAfterSlotRelease(LockObject* obj);
  // The prepared fast path stored its slot and then saw the flag: withdraw ([F1']).
  [[gnu::noinline]] static void WithdrawPreparedSlot(PreparedState* st);
  // A handle goes away while its ticket may be held: move a slot grant to the context's
  // stripe and unregister the slot.
  void UnregisterPreparedSlot(PreparedState* st, bool held);
  // Release() of any other ticket.
  [[gnu::noinline]] void ReleaseGeneral(TicketImpl* t);
  // The ticket of a PreparedLock goes back to its handle ([P2] in prepared_state.h).
  static inline void ReturnPrepared(TicketImpl* t);
  [[gnu::noinline]] static void RestorePrepared(TicketImpl* t);
  [[gnu::noinline]] Result<Ticket*> AcquirePreparedSlow(PreparedState* st, Timeout timeout,
                                                        uint64_t event_id);
  // Context destruction: every attached handle becomes detached.
  void DetachAllPrepared();
  // [P6]: a prepared fast-path grant joins its duration list (prepared_grant cleared).
  void AdoptPreparedGrant(TicketImpl* t);
  // A handle goes away: adopts its grant, if any, and takes its state off the used stack.
  void ForgetUsed(PreparedState* st);
  // A handle lets go of its ticket and its pin (Unprepare, DetachAllPrepared): a held ticket
  // becomes a plain one, an unheld one returns to the free list.
  void ReleaseHandleTicket(PreparedState* st);
  // Calls fn(t) for every held prepared fast-path grant on the used stack ([P6]).
  template <typename Fn>
  void ForEachPreparedGrant(Fn&& fn) const {
    for (PreparedState* st = used_head_; st != nullptr; st = st->used_next) {
      if (st->ticket->prepared_grant) fn(st->ticket);
    }
  }
  void MaterializeFastPathLocks();
  // Queues `t` (already in obj's waiting list) and waits for the outcome; on failure
  // removes it again. Returns OK if granted.
  // `window`: the low-priority window of a ticket queued with t->low_priority (else zero);
  // when it ends before the grant, the request becomes a normal one (PromoteLowPriority).
  Status WaitForGrant(TicketImpl* t, base::Clock::TimePoint deadline, bool is_upgrade,
                      Timeout window);
  base::Clock::TimePoint DeadlineFor(Timeout timeout) const;
  // Upgrade merge: `t` takes the granted request's type.
  void MergeUpgradeLocked(LockObject* obj, TicketImpl* t, LockType new_type)
      MDL_REQUIRES(obj->mu());
  Status MakeBlockedStatus(Code code, std::string_view what, LockObject* obj, LockType type,
                           const Blocker& b) const;

  LockManagerImpl* const mgr_;
  Owner* const owner_;
  const uint64_t owner_id_;
  const uint64_t id_;
  const size_t stripe_;
  const base::Clock* const clock_;
  const bool fast_path_enabled_;
  const size_t cache_capacity_;

  // Every ticket this context owns (granted, pending or on the free list), so that readers
  // can find the fast-path records. Lock order: the manager's registry_mu_ -> pool_mu_ ->
  // lock table shard mutexes (EvictEntry() unpins under pool_mu_: [R2] in
  // fast_path_record.h). Never taken on the acquire/release fast path.
  mutable base::Mutex pool_mu_;
  std::vector<TicketImpl*> pool_ MDL_GUARDED_BY(pool_mu_);

  // Owning thread only.
  ContextTicketList lists_[kNumLockDurations];
  std::atomic<size_t> num_tickets_{0};  // relaxed: statistics
  // Fast-path tickets in the duration lists not yet materialized (prepared grants on the
  // used stack are not counted: [P6]).
  size_t num_fast_path_ = 0;
  uint64_t seq_ = 0;        // ticket creation counter (savepoints, ids)
  uint64_t use_clock_ = 0;  // LRU clock of the object cache
  size_t idle_entries_ = 0;
  std::vector<std::unique_ptr<CacheEntry>> entries_;
  CacheEntry* mru_ = nullptr;
  PreparedState* prepared_head_ = nullptr;  // attached PreparedLock states
  PreparedState* used_head_ = nullptr;      // [P6] in prepared_state.h
  TicketImpl* free_head_ = nullptr;         // linked through ctx_next
  size_t free_count_ = 0;
  base::Clock::TimePoint stamp_{};  // see GrantStamp()
  bool stamp_valid_ = false;

  WaitSlot wait_;
  // release: Kill() publishes the flag before waking; acquire in WaitSlot::Wait().
  std::atomic<bool> killed_{false};
  std::atomic<bool> force_dml_weight_{false};  // relaxed: read by the deadlock detector
};

}  // namespace mdl

#endif  // MDL_LOCK_CONTEXT_IMPL_H_
