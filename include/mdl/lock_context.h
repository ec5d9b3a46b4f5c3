// LockContext: one connection's (session's) set of metadata locks (MySQL's MDL_context).
//
// Created by LockManager::CreateContext() and bound to a host Owner. A context is used by one
// thread at a time (its connection thread); the only methods that other threads may call are
// the ones marked "Thread-safe" (Kill(), ClearKill(), killed(), owner_id()). Destroying a
// context releases every lock it still holds.
//
// Timeouts: `timeout` is a duration on the manager's clock. kNoWait (zero) fails at once with
// kLockWaitTimeout and, as in MySQL, runs no deadlock search; kInfiniteTimeout never times
// out. MySQL's lock_wait_timeout is seconds: pass std::chrono::seconds(n).
//
// Waiting ends in exactly one of: granted (OK), kLockWaitTimeout, kKilled, kDeadlock. On any
// error, nothing new is held and no pending request is left behind; locks already held are
// unchanged.
#ifndef MDL_LOCK_CONTEXT_H_
#define MDL_LOCK_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "mdl/lock_key.h"
#include "mdl/lock_request.h"
#include "mdl/lock_types.h"
#include "mdl/prepared_lock.h"
#include "mdl/result.h"
#include "mdl/status.h"
#include "mdl/ticket.h"

namespace mdl {

class Owner;
class LockContextImpl;

using Timeout = std::chrono::nanoseconds;
inline constexpr Timeout kNoWait = Timeout::zero();
inline constexpr Timeout kInfiniteTimeout = Timeout::max();

// Opaque marker returned by LockContext::GetSavepoint() (MySQL's MDL_savepoint).
class Savepoint {
 public:
  Savepoint() = default;

 private:
  friend class LockContextImpl;
  explicit Savepoint(uint64_t seq) : seq_(seq) {}
  uint64_t seq_ = 0;
};

class LockContext {
 public:
  ~LockContext();  // releases every lock (all durations)
  LockContext(const LockContext&) = delete;
  LockContext& operator=(const LockContext&) = delete;

  // ---- Acquisition ----------------------------------------------------------------------

  // Grants `request` or waits up to `timeout`. If this context already holds a ticket on the
  // key whose type is equal or stronger (MySQL's find_ticket) it is reused: same duration ->
  // the same Ticket* with acquisitions()+1; different duration -> a new ticket of the
  // requested type and duration, granted at once.
  // Returns the ticket, or kLockWaitTimeout / kKilled / kDeadlock (this context was chosen as
  // victim) / kInvalidArgument (bad key or type for the namespace) / kResourceExhausted.
  // Failed statuses carry a BlockerInfo when one is known. Calls Owner::OnWaitBegin /
  // OnWaitEnd around any wait.
  Result<Ticket*> Acquire(const LockRequest& request, Timeout timeout);

  // Like Acquire() but never waits: kWouldBlock if the lock cannot be granted now.
  Result<Ticket*> TryAcquire(const LockRequest& request);

  // All-or-nothing acquisition of several locks (DDL on several tables, LOCK TABLES,
  // RENAME). Requests are taken in MySQL's order: sorted by key (LockKey ordering), and for
  // an equal key the stronger type first; `timeout` bounds the whole batch. Returns one
  // ticket per request, in the order of `requests` (equal keys may share a ticket). On
  // failure every lock taken by this call is released again and the error of the failing
  // request is returned.
  Result<std::vector<Ticket*>> AcquireBatch(std::span<const LockRequest> requests, Timeout timeout);

  // ---- Prepared requests (see prepared_lock.h) -----------------------------------------

  // Validates `request`, pins its lock object and sets aside a ticket for it, so that
  // Acquire(prepared, timeout) skips validation, the key lookup and ticket allocation.
  // kInvalidArgument as for Acquire(). Acquires nothing.
  Result<PreparedLock> Prepare(const LockRequest& request);

  // Acquire(prepared.request(), timeout), with the same results and semantics; the
  // uncontended unobtrusive case is the short path described in prepared_lock.h.
  // kInvalidArgument if `prepared` is empty, detached or belongs to another context.
  Result<Ticket*> Acquire(PreparedLock& prepared, Timeout timeout);
  // The same, with `event_id` as this grant's provenance (Ticket/snapshot event_id) instead
  // of the prepared request's: a host that prepares once per table and acquires once per
  // statement passes the statement's event id (performance_schema's OWNER_EVENT_ID).
  Result<Ticket*> Acquire(PreparedLock& prepared, Timeout timeout, uint64_t event_id);

  // ---- Upgrade / downgrade ----------------------------------------------------------------

  // Upgrades `ticket` to `new_type` (MySQL's upgrade_shared_lock), waiting up to `timeout`.
  // Allowed: to any stronger type, i.e. one whose set of incompatible types contains the held
  // type's (e.g. SU->SNW, SU->SNRW, SU->X, SNW->X, SNRW->X, S->X for CREATE TABLE, SR->SRO,
  // SR->X; scoped IX->X, S->X). A request for an equal or weaker type is a no-op returning OK;
  // an incomparable type (SW->SU, S->IX) is kInvalidArgument. The ticket keeps its identity
  // and duration. On any error (kLockWaitTimeout, kKilled, kDeadlock, kInvalidArgument) the
  // old lock is unchanged.
  // `low_priority_window` > 0: the pending upgrade is low priority for up to that long (see
  // LockRequest::low_priority_window), e.g. ALTER TABLE's SU->X that should not stall the
  // queries arriving while it waits for an idle transaction.
  Status Upgrade(Ticket* ticket, LockType new_type, Timeout timeout,
                 Timeout low_priority_window = Timeout::zero());

  // Downgrades an X or SNW ticket to the weaker `new_type` (MySQL's downgrade_lock). Never
  // blocks; waiters that become grantable are woken. kInvalidArgument if `ticket` is not X or
  // SNW, or `new_type` is not weaker; the ticket is then unchanged.
  Status Downgrade(Ticket* ticket, LockType new_type);

  // ---- Release -------------------------------------------------------------------------

  // Drops one acquisition of `ticket`; the lock is released when none remain (see
  // Ticket::acquisitions()). REQUIRES: `ticket` belongs to this context.
  void Release(Ticket* ticket);
  // Releases every STATEMENT-duration ticket (end of statement).
  void ReleaseStatementLocks();
  // Releases every STATEMENT and TRANSACTION ticket (COMMIT / ROLLBACK).
  void ReleaseTransactionLocks();
  // Releases everything, EXPLICIT tickets included (disconnect, UNLOCK TABLES + commit).
  void ReleaseAllLocks();

  // ---- Savepoints and durations ----------------------------------------------------------

  // Marks the current point. RollbackToSavepoint releases the STATEMENT and TRANSACTION
  // tickets created after the mark (EXPLICIT ones are kept, as in MySQL; tickets that existed
  // before and were only reused afterwards are kept).
  Savepoint GetSavepoint() const;
  void RollbackToSavepoint(const Savepoint& savepoint);
  // True if some ticket was created after `savepoint` and is still held.
  bool HasLocksAfterSavepoint(const Savepoint& savepoint) const;

  // Moves `ticket` to `duration` (e.g. LOCK TABLES: TRANSACTION -> EXPLICIT).
  void SetDuration(Ticket* ticket, LockDuration duration);
  // All STATEMENT/TRANSACTION tickets become EXPLICIT (LOCK TABLES).
  void SetExplicitDurationForAllLocks();
  // All EXPLICIT tickets become TRANSACTION (UNLOCK TABLES inside a transaction).
  void SetTransactionDurationForAllLocks();

  // ---- Queries ------------------------------------------------------------------------

  // True if this context holds a lock on `key` at least as strong as `type` (its set of
  // incompatible granted types contains type's; MySQL's is_lock_owned()).
  bool IsLockOwned(const LockKey& key, LockType type) const;
  // The strongest-matching ticket as used by Acquire()'s reuse rule, or nullptr.
  Ticket* FindTicket(const LockKey& key, LockType type) const;
  // True if any ticket of any duration is held / of `duration` is held.
  bool HasLocks() const;
  bool HasLocks(LockDuration duration) const;
  size_t ticket_count() const;

  // Unpins the idle lock objects this context caches (see Options::context_cache_size), so
  // that they can be reclaimed. Call when a connection goes idle for long, if desired.
  void ShrinkCache();

  // ---- Kill / identity (thread-safe) ------------------------------------------------------

  // Aborts this context's current wait, or its next one if it is not waiting now, with
  // kKilled (KILL QUERY / KILL CONNECTION). Sticky until ClearKill(): the host clears it when
  // the next statement starts. Immediate grants are not affected. Thread-safe.
  void Kill();
  void ClearKill();
  bool killed() const;

  // MySQL's m_force_dml_deadlock_weight: waits of this context count as DML (weight 25) in
  // deadlock victim selection (used for LOCK TABLES-style out-of-order strong locks).
  void SetForceDmlDeadlockWeight(bool force);

  Owner* owner() const;
  uint64_t owner_id() const;  // Thread-safe.

 private:
  friend class LockManagerImpl;
  explicit LockContext(std::unique_ptr<LockContextImpl> impl);
  std::unique_ptr<LockContextImpl> impl_;
};

}  // namespace mdl

#endif  // MDL_LOCK_CONTEXT_H_
