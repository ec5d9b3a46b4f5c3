#include "storage/row_lock_table.h"

#include <algorithm>

#include "base/hash.h"

namespace storage {
namespace {

bool Compatible(RowLockMode a, RowLockMode b) { return a == RowLockMode::kShared && b == RowLockMode::kShared; }

}  // namespace

bool RowLockTable::GrantableLocked(const LockEntry& entry, uint64_t trx, RowLockMode mode) const {
  for (const auto& [holder, held] : entry.holders) {
    if (holder != trx && !Compatible(held, mode)) return false;
  }
  return true;
}

bool RowLockTable::WouldDeadlockLocked(const RowLockOwner* requester, const LockEntry& entry, RowLockMode mode) const {
  // Depth-first search over "waits for" edges starting at the holders we would wait for.
  std::vector<uint64_t> stack;
  std::set<uint64_t> seen;
  for (const auto& [holder, held] : entry.holders) {
    if (holder != requester->trx_id() && !Compatible(held, mode)) stack.push_back(holder);
  }
  while (!stack.empty()) {
    uint64_t trx = stack.back();
    stack.pop_back();
    if (trx == requester->trx_id()) return true;
    if (!seen.insert(trx).second) continue;
    auto w = waiting_.find(trx);
    if (w == waiting_.end() || !w->second->waiting_for_) continue;
    auto l = locks_.find(*w->second->waiting_for_);
    if (l == locks_.end()) continue;
    for (const auto& [holder, held] : l->second.holders) {
      if (holder != trx && !Compatible(held, w->second->waiting_mode_)) stack.push_back(holder);
    }
  }
  return false;
}

Status RowLockTable::Acquire(RowLockOwner* owner, uint64_t table_id, const std::string& lock_id, RowLockMode mode,
                             std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  base::MutexLock lock(&mu_);
  auto held = owner->held_.find(lock_id);
  if (held != owner->held_.end() && (held->second == RowLockMode::kExclusive || held->second == mode)) {
    return Status::OK();
  }
  LockEntry& entry = locks_[lock_id];
  bool registered = false;
  Status result;
  while (true) {
    if (GrantableLocked(entry, owner->trx_id(), mode)) {
      entry.holders[owner->trx_id()] = mode;
      owner->held_[lock_id] = mode;
      owner->tables_.insert(table_id);
      break;
    }
    if (owner->interrupted_) {
      result = Status(sql::ErrorCode::kQueryInterrupted, "Query execution was interrupted");
      break;
    }
    if (!registered) {
      if (WouldDeadlockLocked(owner, entry, mode)) {
        result = Status(sql::ErrorCode::kDeadlock, "Deadlock found when trying to get lock; try restarting transaction");
        break;
      }
      registered = true;
      entry.waiters.push_back(owner);
      owner->waiting_for_ = lock_id;
      owner->waiting_mode_ = mode;
      owner->wait_started_ = std::chrono::system_clock::now();
      waiting_[owner->trx_id()] = owner;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      result = Status(sql::ErrorCode::kLockWaitTimeout, "Lock wait timeout exceeded; try restarting transaction");
      break;
    }
    owner->cv_.WaitUntil(&mu_, deadline);
  }
  if (registered) {
    entry.waiters.erase(std::find(entry.waiters.begin(), entry.waiters.end(), owner));
    owner->waiting_for_.reset();
    waiting_.erase(owner->trx_id());
  }
  if (entry.holders.empty() && entry.waiters.empty()) locks_.erase(lock_id);
  return result;
}

void RowLockTable::ReleaseAll(RowLockOwner* owner) {
  base::MutexLock lock(&mu_);
  for (const auto& [lock_id, mode] : owner->held_) {
    auto it = locks_.find(lock_id);
    if (it == locks_.end()) continue;
    it->second.holders.erase(owner->trx_id());
    for (RowLockOwner* w : it->second.waiters) w->cv_.SignalAll();
    if (it->second.holders.empty() && it->second.waiters.empty()) locks_.erase(it);
  }
  owner->held_.clear();
  owner->tables_.clear();
}

void RowLockTable::SetInterrupted(RowLockOwner* owner, bool interrupted) {
  base::MutexLock lock(&mu_);
  owner->interrupted_ = interrupted;
  if (interrupted) owner->cv_.SignalAll();
}

RowLockWaitInfo RowLockTable::Describe(const RowLockOwner* owner) const {
  RowLockWaitInfo info;
  RowLockMode waiting_mode = RowLockMode::kNone;
  {
    base::MutexLock lock(&mu_);
    info.rows_locked = owner->held_.size();
    info.tables_locked = owner->tables_.size();
    if (owner->waiting_for_) {
      info.waiting = true;
      info.wait_started = owner->wait_started_;
      info.requested_lock_id = *owner->waiting_for_;  // the raw key; formatted below
      waiting_mode = owner->waiting_mode_;
    }
  }
  if (info.waiting) {
    info.requested_lock_id =
        RecordLockEngineId(owner->trx_id(), info.requested_lock_id, waiting_mode);
  }
  return info;
}

RawRowLockSnapshot RowLockTable::Snapshot() const {
  RawRowLockSnapshot snap;
  base::MutexLock lock(&mu_);
  for (const auto& [lock_key, entry] : locks_) {
    const size_t first_holder = snap.locks.size();
    for (const auto& [trx, mode] : entry.holders) {
      snap.locks.push_back(RawRowLock{trx, lock_key, mode, /*granted=*/true, {}});
    }
    const size_t end_holders = snap.locks.size();
    for (const RowLockOwner* w : entry.waiters) {
      const size_t waiting = snap.locks.size();
      snap.locks.push_back(
          RawRowLock{w->trx_id(), lock_key, w->waiting_mode_, /*granted=*/false, w->wait_started_});
      for (size_t h = first_holder; h < end_holders; ++h) {
        if (snap.locks[h].trx_id != w->trx_id() &&
            !Compatible(snap.locks[h].mode, w->waiting_mode_)) {
          snap.waits.emplace_back(waiting, h);
        }
      }
    }
  }
  return snap;
}

std::string RecordLockEngineId(uint64_t trx_id, std::string_view lock_key, RowLockMode mode) {
  // FNV-1a: stable across runs and platforms, unlike std::hash.
  return std::to_string(trx_id) + ":" + std::to_string(LockKeyTableId(lock_key)) + ":" +
         std::to_string(base::Fnv1a(lock_key)) + (mode == RowLockMode::kExclusive ? ":X" : ":S");
}

uint64_t LockKeyTableId(std::string_view lock_key) {
  uint64_t id = 0;
  for (char c : lock_key) {
    if (c == ':') return id;
    if (c < '0' || c > '9') return 0;
    id = id * 10 + static_cast<uint64_t>(c - '0');
  }
  return 0;
}

bool RowLockTable::TEST_IsWaiting(const RowLockOwner* owner) const {
  base::MutexLock lock(&mu_);
  return owner->waiting_for_.has_value();
}

}  // namespace storage
