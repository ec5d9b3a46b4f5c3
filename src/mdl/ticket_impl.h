// TicketImpl: the library's side of a Ticket. One per granted (or pending) lock request of a
// context; allocated from and recycled by its LockContextImpl.
//
// Who may touch what:
//   - ctx, obj, entry, id, seq, source, event_id, upgrade_of: set before the ticket is
//     published (put in a list) and then immutable.
//   - type, duration, fast_path: atomics (relaxed). Written by the owning thread; type only
//     under obj->mu_ (upgrade/downgrade), fast_path under obj->mu_ (materialization); type
//     and duration are read by snapshots and the deadlock detector for slow-path tickets.
//   - pending, low_priority, since, obj_prev/obj_next: guarded by obj->mu_ while the ticket
//     is in one of the object's lists.
//   - ctx_prev/ctx_next, entry_prev/entry_next, acquisitions, prepared: the owning context's
//     thread only (ctx_next also links the context's free list).
//   - record: what other threads see of a granted fast-path ticket (fast_path_record.h).
//   - pool_index: the ticket's slot in its context's pool_, under the context's pool_mu_.
#ifndef MDL_TICKET_IMPL_H_
#define MDL_TICKET_IMPL_H_

#include <atomic>
#include <chrono>
#include <cstdint>

#include "mdl/fast_path_record.h"
#include "mdl/ticket.h"

namespace mdl {

class LockContextImpl;

namespace internal {

class LockObject;
struct CacheEntry;
struct PreparedState;

// Cache-line aligned: tickets of different contexts (threads) written on every acquire and
// release must not share a line (false sharing on the hot-table path).
class alignas(64) TicketImpl final : public Ticket {
 public:
  TicketImpl() = default;

  LockType type_relaxed() const { return type.load(std::memory_order_relaxed); }
  LockDuration duration_relaxed() const { return duration.load(std::memory_order_relaxed); }
  bool fast_path_relaxed() const { return fast_path.load(std::memory_order_relaxed); }

  LockContextImpl* ctx = nullptr;
  LockObject* obj = nullptr;
  CacheEntry* entry = nullptr;
  std::atomic<LockType> type{LockType::kSharedRead};
  std::atomic<LockDuration> duration{LockDuration::kTransaction};
  std::atomic<bool> fast_path{false};
  bool pending = false;
  // A pending low-priority request (LockRequest::low_priority_window): in the object's
  // waiting list but not in its waiting type counts, so it blocks nobody. Set before the
  // ticket is queued; cleared under obj->mu_ when it is granted or its window ends.
  bool low_priority = false;
  // For the temporary request ticket of an Upgrade(): the ticket being upgraded.
  TicketImpl* upgrade_of = nullptr;
  uint32_t acquisitions = 1;
  // Non-null while the ticket is set aside for a PreparedLock (prepared_state.h): it is then
  // not on the free list, keeps obj/entry/id/source between grants and returns to the handle
  // when released. Owning thread only.
  PreparedState* prepared = nullptr;
  // True while the ticket is a grant of the prepared fast path exactly as made (fast path,
  // the prepared duration): Release() then takes the short release. Cleared by anything that
  // changes that (materialization, SetDuration, the handle letting go of the ticket) and by
  // the release. Such a grant is in no duration list ([P6] in prepared_state.h). Owning
  // thread only.
  bool prepared_grant = false;
  uint64_t id = 0;   // unique among live tickets (context id << 40 | per-context counter)
  uint64_t seq = 0;  // creation order within the context (savepoints)
  std::chrono::steady_clock::time_point since;
  const char* source = nullptr;
  uint64_t event_id = 0;

  TicketImpl* ctx_prev = nullptr;
  TicketImpl* ctx_next = nullptr;
  TicketImpl* obj_prev = nullptr;
  TicketImpl* obj_next = nullptr;
  TicketImpl* entry_prev = nullptr;
  TicketImpl* entry_next = nullptr;
  size_t pool_index = 0;

  FastPathRecord record;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_TICKET_IMPL_H_
