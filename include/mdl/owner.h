// Owner: the host's side of a LockContext (MySQL's MDL_context_owner, reduced to what a lock
// manager needs). The host (a server session, a test) implements it; the library never sees a
// session, socket or SQL.
#ifndef MDL_OWNER_H_
#define MDL_OWNER_H_

#include <cstdint>
#include <string_view>

#include "mdl/lock_key.h"
#include "mdl/lock_types.h"
#include "mdl/status.h"

namespace mdl {

// Describes one wait, passed to the Owner callbacks. Pointers are valid during the callback.
struct WaitInfo {
  const LockKey* key = nullptr;  // the key being waited for
  LockType type = LockType::kExclusive;
  LockDuration duration = LockDuration::kTransaction;
  // The processlist State to show while waiting: WaitStateName(key->name_space()), e.g.
  // "Waiting for table metadata lock".
  std::string_view state;
  const char* source = nullptr;  // LockRequest::source
  uint64_t event_id = 0;         // LockRequest::event_id
  bool is_upgrade = false;       // LockContext::Upgrade() is waiting
};

// Implementations must be thread-safe for the calls documented as such. Callbacks are made
// by the waiting thread itself (the thread inside Acquire/Upgrade), never while the library
// holds an internal mutex, so they may take host locks, log, or call back into the manager
// (e.g. TakeSnapshot()). They must not call into the *same* LockContext.
class Owner {
 public:
  virtual ~Owner() = default;

  // Stable id shown in snapshots and BlockerInfo (the connection / thread id). Called from
  // any thread; must not change while the context exists.
  virtual uint64_t owner_id() const = 0;

  // The context is about to block. A host sets its processlist State to `info.state` here
  // (and clears it in OnWaitEnd). Tests use it to learn that a thread is blocked.
  virtual void OnWaitBegin(const WaitInfo& info) { (void)info; }

  // The wait ended with `result`: kOk (granted), kLockWaitTimeout, kDeadlock or kKilled.
  virtual void OnWaitEnd(const WaitInfo& info, Code result) {
    (void)info;
    (void)result;
  }
};

}  // namespace mdl

#endif  // MDL_OWNER_H_
