// RowLockTable: shared/exclusive row locks held to the end of a transaction, with waits,
// timeouts, interruption and deadlock detection over the transactions' wait-for graph.
//
// A request is granted when every other holder's mode is compatible (S with S only). A lock
// holder may upgrade S to X. On conflict the requester first searches the wait-for graph from
// the holders it conflicts with; if that reaches the requester itself, granting could never
// happen and it fails at once with kDeadlock (the requester is the victim, as it closes the
// cycle). Otherwise it waits on its own condition variable until woken by a release, the
// deadline, or Interrupt().
//
// Snapshot() copies every held and requested lock and the wait-for edges under mu_ for
// performance_schema.data_locks / data_lock_waits; decoding and formatting happen later,
// outside the mutex (EngineImpl::SnapshotDataLocks), so row-lock traffic stalls only for the
// copy. The hot path (Acquire/ReleaseAll) keeps no extra state for it.
//
// Thread safety: thread-safe; one mutex (mu_) guards all state and is a leaf except for the
// transaction registry, which may call Describe/Snapshot under its own mutex
// (registry -> mu_). Waits happen on mu_ (no other engine latch may be held while waiting).
#ifndef STORAGE_ROW_LOCK_TABLE_H_
#define STORAGE_ROW_LOCK_TABLE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/mutex.h"
#include "storage/status.h"
#include "storage/transaction.h"

namespace storage {

class RowLockTable;

// Per-transaction lock state, owned by the transaction, registered implicitly on first use.
class RowLockOwner {
 public:
  explicit RowLockOwner(uint64_t trx_id) : trx_id_(trx_id) {}
  uint64_t trx_id() const { return trx_id_; }

 private:
  friend class RowLockTable;
  const uint64_t trx_id_;
  base::CondVar cv_;
  // Guarded by RowLockTable::mu_.
  std::map<std::string, RowLockMode> held_;
  std::set<uint64_t> tables_;
  std::optional<std::string> waiting_for_;
  RowLockMode waiting_mode_ = RowLockMode::kNone;
  std::chrono::system_clock::time_point wait_started_;
  bool interrupted_ = false;
};

struct RowLockWaitInfo {
  uint64_t rows_locked = 0;
  uint64_t tables_locked = 0;
  bool waiting = false;
  std::chrono::system_clock::time_point wait_started;
  std::string requested_lock_id;
};

// One held or requested row lock, as copied by RowLockTable::Snapshot().
struct RawRowLock {
  uint64_t trx_id = 0;
  std::string lock_key;  // RowLockId(table id, key) bytes
  RowLockMode mode = RowLockMode::kNone;
  bool granted = true;
  std::chrono::system_clock::time_point wait_started;  // meaningful when !granted
};

struct RawRowLockSnapshot {
  // Per lock key: holders (by trx id), then waiters (in arrival order).
  std::vector<RawRowLock> locks;
  // (waiting lock, blocking lock) as indexes into `locks`: every holder of the same key, other
  // than the waiter itself, whose mode conflicts with the request (exactly the edges the
  // deadlock search follows).
  std::vector<std::pair<size_t, size_t>> waits;
};

// performance_schema ENGINE_LOCK_ID (and INNODB_TRX.trx_requested_lock_id) of a record lock:
// "<trx id>:<table id>:<64-bit hash of the key>:<S|X>". InnoDB's own ids are
// "<trx>:<space>:<page>:<heap no>:<lock address>"; mdld has no pages, so the key hash stands in
// for the record's position, and the mode keeps a held S and a requested X (upgrade) apart.
// `lock_key` is RowLockId(table_id, key).
std::string RecordLockEngineId(uint64_t trx_id, std::string_view lock_key, RowLockMode mode);
// The table id that RowLockId encoded into `lock_key` (0 if malformed).
uint64_t LockKeyTableId(std::string_view lock_key);

class RowLockTable {
 public:
  // Takes `mode` (kShared/kExclusive) on `lock_id` for `owner`; a held equal or stronger mode
  // returns at once. Errors: kLockWaitTimeout after `timeout`, kDeadlock, kQueryInterrupted.
  Status Acquire(RowLockOwner* owner, uint64_t table_id, const std::string& lock_id, RowLockMode mode,
                 std::chrono::milliseconds timeout) MDL_EXCLUDES(mu_);
  // Releases every lock of `owner` and wakes waiters of those locks.
  void ReleaseAll(RowLockOwner* owner) MDL_EXCLUDES(mu_);
  // Sets or clears the owner's interrupt flag; setting wakes its current wait.
  void SetInterrupted(RowLockOwner* owner, bool interrupted) MDL_EXCLUDES(mu_);
  RowLockWaitInfo Describe(const RowLockOwner* owner) const MDL_EXCLUDES(mu_);
  // A consistent copy of every lock and wait edge (see RawRowLockSnapshot). O(locks) under mu_.
  RawRowLockSnapshot Snapshot() const MDL_EXCLUDES(mu_);
  // Test hook: true while `owner` waits.
  bool TEST_IsWaiting(const RowLockOwner* owner) const MDL_EXCLUDES(mu_);

 private:
  struct LockEntry {
    std::map<uint64_t, RowLockMode> holders;  // trx id -> mode
    std::vector<RowLockOwner*> waiters;
  };

  bool GrantableLocked(const LockEntry& entry, uint64_t trx, RowLockMode mode) const MDL_REQUIRES(mu_);
  bool WouldDeadlockLocked(const RowLockOwner* requester, const LockEntry& entry, RowLockMode mode) const
      MDL_REQUIRES(mu_);

  mutable base::Mutex mu_;
  std::unordered_map<std::string, LockEntry> locks_ MDL_GUARDED_BY(mu_);
  std::unordered_map<uint64_t, RowLockOwner*> waiting_ MDL_GUARDED_BY(mu_);  // trx id -> owner
};

}  // namespace storage

#endif  // STORAGE_ROW_LOCK_TABLE_H_
