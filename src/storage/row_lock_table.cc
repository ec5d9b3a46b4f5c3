#include "storage/row_lock_table.h"

#include <algorithm>

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
  base::MutexLock lock(&mu_);
  RowLockWaitInfo info;
  info.rows_locked = owner->held_.size();
  info.tables_locked = owner->tables_.size();
  if (owner->waiting_for_) {
    info.waiting = true;
    info.wait_started = owner->wait_started_;
    info.requested_lock_id = std::to_string(owner->trx_id()) + ":" + *owner->waiting_for_;
  }
  return info;
}

bool RowLockTable::TEST_IsWaiting(const RowLockOwner* owner) const {
  base::MutexLock lock(&mu_);
  return owner->waiting_for_.has_value();
}

}  // namespace storage
