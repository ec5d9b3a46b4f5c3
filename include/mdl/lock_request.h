// LockRequest: what a caller asks for (key, type, duration) plus provenance for
// performance_schema-style introspection. A plain value type.
#ifndef MDL_LOCK_REQUEST_H_
#define MDL_LOCK_REQUEST_H_

#include <chrono>
#include <cstdint>

#include "mdl/lock_key.h"
#include "mdl/lock_types.h"

#define MDL_STRINGIFY_INNER_(x) #x
#define MDL_STRINGIFY_(x) MDL_STRINGIFY_INNER_(x)
// "file.cc:123": the SOURCE column of performance_schema.metadata_locks.
#define MDL_SOURCE __FILE__ ":" MDL_STRINGIFY_(__LINE__)

namespace mdl {

struct LockRequest {
  LockKey key;
  LockType type = LockType::kSharedRead;
  LockDuration duration = LockDuration::kTransaction;
  // Caller's source tag, e.g. MDL_SOURCE. Must have static storage duration (a string
  // literal): the library keeps the pointer, not a copy. nullptr prints as "".
  const char* source = nullptr;
  // Opaque provenance id chosen by the host (e.g. the statement / event id, P_S
  // OWNER_EVENT_ID). Reported back in snapshots only.
  uint64_t event_id = 0;
  // Low-priority window (0 = a normal request, MySQL 8.0 behaviour). While the request waits,
  // for up to this long, it is LOW PRIORITY: it is left out of the pending-request (priority)
  // matrix, so it blocks no new request and no other waiter waits for it, and it is granted
  // as soon as it is compatible with every granted lock (and with the normal-priority waiters,
  // as any request). When the window ends it becomes a normal pending request (new
  // incompatible requests queue behind it, as in MySQL) and keeps waiting for the rest of its
  // timeout. For DDL that must wait for an idle transaction without stalling every query
  // behind it. std::chrono::nanoseconds::max(): low priority for the whole wait. Affects only
  // waiting: an immediate grant, TryAcquire() and a zero timeout behave as usual.
  std::chrono::nanoseconds low_priority_window{0};

  LockRequest() = default;
  LockRequest(LockKey k, LockType t, LockDuration d, const char* src = nullptr, uint64_t event = 0)
      : key(std::move(k)), type(t), duration(d), source(src), event_id(event) {}
};

}  // namespace mdl

#endif  // MDL_LOCK_REQUEST_H_
