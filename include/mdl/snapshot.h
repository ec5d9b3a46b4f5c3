// LockSnapshot: a point-in-time view of every ticket (granted and pending), the wait-for
// edges between owners and, derived from them, the root blockers of any waiter. The data
// behind performance_schema.metadata_locks and a compatibility-aware
// sys.schema_table_lock_waits.
//
// Consistency: each lock object is copied atomically (under its mutex), shard by shard; the
// fast-path tickets of each context are copied atomically per context. Different objects are
// copied at slightly different instants, so a snapshot taken while locks change may show a
// lock that was released a moment before another was granted. Edges are computed from the
// copied rows (per key, all consistent with each other except fast-path holders, which come
// from the per-context copy). A plain value type.
#ifndef MDL_SNAPSHOT_H_
#define MDL_SNAPSHOT_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "mdl/lock_key.h"
#include "mdl/lock_types.h"

namespace mdl {

// performance_schema LOCK_STATUS values. VICTIM/TIMEOUT/KILLED are pending requests whose
// wait just ended that way and that are about to be removed.
enum class TicketStatus : uint8_t { kGranted, kPending, kVictim, kTimeout, kKilled };
// 'GRANTED', 'PENDING', 'VICTIM', 'TIMEOUT', 'KILLED'.
std::string_view ToString(TicketStatus status);

struct TicketRow {
  uint64_t ticket_id = 0;  // unique while the ticket lives (P_S OBJECT_INSTANCE_BEGIN)
  uint64_t owner_id = 0;   // Owner::owner_id()
  LockKey key;
  LockType type = LockType::kSharedRead;
  LockDuration duration = LockDuration::kTransaction;
  TicketStatus status = TicketStatus::kGranted;
  // When the ticket was granted (granted rows) or the wait began (pending rows), on the
  // manager's clock (coarse, a few ms resolution with the real clock). Fast-path grants
  // share one clock read per statement: they carry the time of the context's first grant
  // after its last statement/transaction boundary (ReleaseStatementLocks(),
  // ReleaseTransactionLocks(), ReleaseAllLocks(), RollbackToSavepoint()) or wait.
  std::chrono::steady_clock::time_point since;
  std::string source;      // LockRequest::source ("file:line"), "" if none
  uint64_t event_id = 0;   // LockRequest::event_id
  bool fast_path = false;  // granted on the lock-free fast path
  // A pending request still inside its low-priority window (LockRequest::low_priority_window):
  // it blocks no other request, so no edge ever points at it. False for granted rows.
  bool low_priority = false;
};

// `waiter` cannot be granted its pending `waiter_type` on `key` because of `blocker`'s
// `blocker_type` lock: granted (incompatible granted lock) or, if !blocker_granted, a pending
// request that the active priority matrix puts first (e.g. a pending X blocks a new SR).
struct WaitEdge {
  uint64_t waiter = 0;  // owner ids
  uint64_t blocker = 0;
  LockKey key;
  LockType waiter_type = LockType::kSharedRead;
  LockType blocker_type = LockType::kExclusive;
  bool blocker_granted = true;
  uint64_t waiter_ticket_id = 0;
  uint64_t blocker_ticket_id = 0;
};

struct LockSnapshot {
  std::chrono::steady_clock::time_point taken_at;
  std::vector<TicketRow> tickets;  // grouped by key; granted rows before pending ones
  std::vector<WaitEdge> edges;     // owner-level wait-for graph

  // Owners that (transitively) block `waiter` and are not waiting themselves: the sessions
  // to KILL to unblock it. Sorted, unique. Empty if `waiter` is not waiting, or if every
  // blocker is itself waiting (a deadlock in the making).
  std::vector<uint64_t> RootBlockers(uint64_t waiter) const;
  // One shortest chain per root blocker: {waiter, b1, ..., root}.
  std::vector<std::vector<uint64_t>> ChainsToRootBlockers(uint64_t waiter) const;
  // Owners with a pending request.
  std::vector<uint64_t> Waiters() const;
  // Rows of one owner / one key.
  std::vector<TicketRow> TicketsOf(uint64_t owner_id) const;
  std::vector<TicketRow> TicketsOn(const LockKey& key) const;
  // metadata_locks-like multi-line dump, for logs and debugging.
  std::string ToString() const;
};

}  // namespace mdl

#endif  // MDL_SNAPSHOT_H_
