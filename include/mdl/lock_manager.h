// LockManager: an embeddable metadata lock manager with MySQL 8.0's model (lock types,
// scoped/object strategies, priority matrices and max_write_lock_count, fast path, deadlock
// detection by weight), plus introspection.
//
//   mdl::LockManager manager;                               // one per server
//   auto ctx = manager.CreateContext(&session_owner);        // one per connection
//   MDL_ASSIGN_OR_RETURN(mdl::Ticket* t,
//       ctx->Acquire({mdl::LockKey::Table("db", "t1"), mdl::LockType::kSharedRead,
//                     mdl::LockDuration::kTransaction, MDL_SOURCE}, std::chrono::seconds(50)));
//   ...
//   ctx->ReleaseTransactionLocks();                          // at COMMIT
//
// Thread-safe: every method may be called concurrently from any thread. The manager must
// outlive its contexts.
#ifndef MDL_LOCK_MANAGER_H_
#define MDL_LOCK_MANAGER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "mdl/lock_context.h"
#include "mdl/options.h"
#include "mdl/owner.h"
#include "mdl/snapshot.h"

namespace mdl {

class LockManagerImpl;

struct ManagerStats {
  size_t lock_objects = 0;  // live lock objects (keys locked now + idle ones cached)
  size_t contexts = 0;      // live contexts
  size_t tickets = 0;       // tickets held by all contexts (granted, any path)
  size_t waiting = 0;       // contexts currently waiting
  uint64_t deadlocks = 0;   // deadlock victims chosen since creation
  uint64_t timeouts = 0;    // waits that timed out (including timeout == 0 conflicts)
};

class LockManager {
 public:
  explicit LockManager(const Options& options = Options());
  // REQUIRES: every context has been destroyed.
  ~LockManager();
  LockManager(const LockManager&) = delete;
  LockManager& operator=(const LockManager&) = delete;

  // A new context bound to `owner` (not owned; must outlive the context).
  std::unique_ptr<LockContext> CreateContext(Owner* owner);

  // See snapshot.h for consistency. Does not block acquisitions for more than the time to
  // copy one lock object's lists (or one context's fast-path tickets).
  LockSnapshot TakeSnapshot() const;

  // Counters. `lock_objects` and `tickets` are exact when no operation runs concurrently.
  ManagerStats GetStats() const;

  // Number of lock objects in the map (== GetStats().lock_objects).
  size_t TEST_LockObjectCount() const;
  // Checks every lock object's invariants ([L1]-[L3] in src/mdl/lock_object.h), one object
  // at a time. Returns "" if they hold, else a description of the first violation.
  std::string TEST_CheckInvariants() const;

  const Options& options() const;

 private:
  std::unique_ptr<LockManagerImpl> impl_;
};

}  // namespace mdl

#endif  // MDL_LOCK_MANAGER_H_
