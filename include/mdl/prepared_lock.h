// PreparedLock: a lock request resolved once and acquired many times (the lock-level analogue
// of MySQL's TABLE_SHARE kept in the table cache across statements).
//
//   mdl::Result<mdl::PreparedLock> p = ctx->Prepare(
//       {mdl::LockKey::Table("db", "t1"), mdl::LockType::kSharedRead,
//        mdl::LockDuration::kStatement, MDL_SOURCE});
//   ...                                               // then, once per statement:
//   MDL_ASSIGN_OR_RETURN(mdl::Ticket* t, ctx->Acquire(*p, std::chrono::seconds(50)));
//   ...
//   ctx->ReleaseStatementLocks();                      // or ctx->Release(t)
//
// What Prepare() does once: validates the request, finds (or creates) the lock object and pins
// it in the context's object cache, and sets aside a ticket for this request. What it saves on
// every Acquire(): validation, the key lookup (hash + compare), ticket allocation and
// initialisation. For an unobtrusive type (S, SH, SR, SW, SWLP; IX on scoped keys) the
// uncontended acquire is a store to the handle's own counter slot (no locked instruction
// where Linux's membarrier is available: docs/mdl.md) plus publishing the ticket for
// snapshots; release is the mirror image. An obtrusive request on an object that has handles
// pays for that with one membarrier system call (a few microseconds).
//
// Semantics are exactly those of LockContext::Acquire(request, timeout) with the prepared
// request: the grant is a normal Ticket (visible in LockManager::TakeSnapshot(), seen and
// waited for by obtrusive requests, released by Release(), ReleaseStatementLocks(),
// ReleaseTransactionLocks(), RollbackToSavepoint(); usable with Upgrade(), SetDuration()...).
// Anything unusual (an obtrusive request granted or pending on the key, this context already
// holding a lock on the key, an obtrusive prepared type, Options::enable_fast_path == false)
// goes through the general path, with its reuse rules, waiting, timeouts, kill and deadlock
// detection. Kill() affects waits only, as for Acquire().
//
// Lifetime and thread safety:
//   - A PreparedLock belongs to the context that prepared it. Acquire(), Reset() and the
//     destructor run on the thread using that context (like Ticket), and never while that
//     context is being used by another call.
//   - A ticket granted through a handle stays valid until released as usual, whatever happens
//     to the handle (resetting or destroying the handle does not release the lock).
//   - The handle may outlive its context: destroying the context detaches every handle
//     (valid() becomes false; the lock object is unpinned). A detached handle may be destroyed
//     by any thread; acquiring through it returns kInvalidArgument.
//   - While a handle is valid its lock object stays pinned (not reclaimed), so live lock
//     objects <= keys locked + contexts x context_cache_size + valid handles.
// Movable, not copyable.
#ifndef MDL_PREPARED_LOCK_H_
#define MDL_PREPARED_LOCK_H_

#include "mdl/lock_request.h"

namespace mdl {

class LockContext;
class LockContextImpl;

namespace internal {
struct PreparedState;
}  // namespace internal

class PreparedLock {
 public:
  PreparedLock() = default;  // empty: valid() is false
  ~PreparedLock() { Reset(); }
  PreparedLock(PreparedLock&& other) noexcept : state_(other.state_) { other.state_ = nullptr; }
  PreparedLock& operator=(PreparedLock&& other) noexcept {
    if (this != &other) {
      Reset();
      state_ = other.state_;
      other.state_ = nullptr;
    }
    return *this;
  }
  PreparedLock(const PreparedLock&) = delete;
  PreparedLock& operator=(const PreparedLock&) = delete;

  // True if the handle is bound to a live context.
  bool valid() const;
  // The prepared request. REQUIRES: the handle is not empty (it was prepared and neither
  // moved from nor reset; it may be detached).
  const LockRequest& request() const;

  // Unpins the lock object and forgets the request; the handle becomes empty. A ticket
  // granted through it stays held. See the thread-safety rules above.
  void Reset() {
    if (state_ != nullptr) ResetSlow();
  }

 private:
  friend class LockContext;
  friend class LockContextImpl;
  explicit PreparedLock(internal::PreparedState* state) : state_(state) {}
  void ResetSlow();

  internal::PreparedState* state_ = nullptr;
};

}  // namespace mdl

#endif  // MDL_PREPARED_LOCK_H_
