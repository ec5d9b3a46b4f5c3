// LockManagerImpl: the implementation behind mdl::LockManager. Owns the lock table, the
// context registry and the deadlock-detection lock.
//
// Lock order (take left before right; never left while holding right):
//   graph_mu_ -> registry_mu_ -> LockContextImpl::pool_mu_ -> LockTable shard mutex
//   graph_mu_ -> LockObject::mu_ (one at a time) -> WaitSlot::mu_
//   LockTable shard mutex -> LockObject::mu_ -> WaitSlot::mu_
// No thread holds two LockObject mutexes at once, and no host callback runs under any of
// these.
#ifndef MDL_LOCK_MANAGER_IMPL_H_
#define MDL_LOCK_MANAGER_IMPL_H_

#include <atomic>
#include <cstdint>
#include <memory>

#include "base/clock.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "mdl/lock_context.h"
#include "mdl/lock_manager.h"
#include "mdl/lock_table.h"
#include "mdl/options.h"
#include "mdl/snapshot.h"

namespace mdl {

class LockContextImpl;

class LockManagerImpl {
 public:
  explicit LockManagerImpl(const Options& options);
  ~LockManagerImpl();
  LockManagerImpl(const LockManagerImpl&) = delete;
  LockManagerImpl& operator=(const LockManagerImpl&) = delete;

  std::unique_ptr<LockContext> CreateContext(Owner* owner);
  LockSnapshot TakeSnapshot() const;
  ManagerStats GetStats() const;

  const Options& options() const { return options_; }
  const base::Clock* clock() const { return clock_; }
  internal::LockTable& table() { return table_; }
  const internal::LockTable& table() const { return table_; }

  // Context life cycle (called by LockContextImpl's destructor, after releasing everything).
  void Unregister(LockContextImpl* ctx) MDL_EXCLUDES(graph_mu_, registry_mu_);

  // Waiting: publish the edge source for the deadlock detector and search for deadlocks
  // through it (one critical section); EndWait clears it.
  void BeginWait(LockContextImpl* ctx, internal::TicketImpl* t) MDL_EXCLUDES(graph_mu_);
  void EndWait(LockContextImpl* ctx) MDL_EXCLUDES(graph_mu_);
  // MySQL's find_deadlock(): searches from `ctx` (waiting) and marks victims until no cycle
  // through it remains or it is the victim itself.
  void FindDeadlock(LockContextImpl* ctx) MDL_EXCLUDES(graph_mu_);
  void FindDeadlockLocked(LockContextImpl* ctx) MDL_REQUIRES(graph_mu_);

  // Owner id of some context other than `exclude` holding a fast-path lock on `obj` with a
  // type in `types` (scans contexts; for error messages only). 0 if none found.
  uint64_t FindFastPathHolder(const internal::LockObject* obj, internal::Bitmap types,
                              const LockContextImpl* exclude, LockType* type) const
      MDL_EXCLUDES(registry_mu_);

  void CountTimeout() { timeouts_.fetch_add(1, std::memory_order_relaxed); }

 private:
  friend class DeadlockDetector;

  const Options options_;
  const base::Clock* const clock_;
  internal::LockTable table_;

  // Serialises deadlock searches and guards every context's waiting_for_.
  mutable base::Mutex graph_mu_;
  mutable base::Mutex registry_mu_ MDL_ACQUIRED_AFTER(graph_mu_);
  LockContextImpl* contexts_ MDL_GUARDED_BY(registry_mu_) = nullptr;  // intrusive list
  size_t num_contexts_ MDL_GUARDED_BY(registry_mu_) = 0;

  std::atomic<uint64_t> next_context_id_{1};  // relaxed: uniqueness only
  std::atomic<uint64_t> deadlocks_{0};        // relaxed: statistics
  std::atomic<uint64_t> timeouts_{0};         // relaxed: statistics
  std::atomic<int64_t> waiting_{0};           // relaxed: statistics
};

}  // namespace mdl

#endif  // MDL_LOCK_MANAGER_IMPL_H_
