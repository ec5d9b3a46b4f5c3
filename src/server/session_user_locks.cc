// SqlSession: user-level locks (GET_LOCK and friends) as USER_LEVEL_LOCK EXCLUSIVE EXPLICIT
// metadata locks, with MySQL 8.0's return values.
#include <cctype>

#include "server/sql_session.h"
#include "sql/ddl_executor.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Value;

namespace {

// MySQL: names are case-insensitive (lower-cased in the key), at most 64 characters, and
// neither NULL nor empty: 3057 "Incorrect user-level lock name '<name>'."
storage::Result<std::string> LockName(const std::vector<Value>& args) {
  if (args.empty() || args[0].is_null()) {
    return SqlError(ErrorCode::kUserLockWrongName, "Incorrect user-level lock name 'NULL'.");
  }
  std::string name = args[0].ToString();
  if (name.empty() || name.size() > 64) {
    return SqlError(ErrorCode::kUserLockWrongName, "Incorrect user-level lock name '" + name + "'.");
  }
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

storage::Result<Value> SqlSession::GetLock(const std::vector<Value>& args) {
  STORAGE_ASSIGN_OR_RETURN(std::string name, LockName(args));
  auto held = user_locks_.find(name);
  if (held != user_locks_.end()) {
    // Recursive GET_LOCK: counted; each needs its own RELEASE_LOCK.
    ++held->second.count;
    return Value::Int(1);
  }
  // MySQL: a negative timeout means "wait forever"; NULL is 0.
  mdl::Timeout timeout = mdl::kInfiniteTimeout;
  if (args.size() > 1) {
    const double t = args[1].is_null() ? 0 : args[1].ToDouble();
    if (t >= 0) {
      timeout = std::chrono::duration_cast<mdl::Timeout>(std::chrono::duration<double>(t));
    }
  }
  auto ticket = mdl_->Acquire(
      mdl::LockRequest(mdl::LockKey::UserLevelLock(name), mdl::LockType::kExclusive,
                       mdl::LockDuration::kExplicit, MDL_SOURCE, event_id_),
      timeout);
  if (!ticket.ok()) {
    switch (ticket.code()) {
      case mdl::Code::kLockWaitTimeout:
        return Value::Int(0);
      case mdl::Code::kDeadlock:
        return SqlError(ErrorCode::kUserLockDeadlock,
                        "Deadlock found when trying to get user-level lock; try rolling back "
                        "transaction/releasing locks and restarting lock acquisition.");
      default:
        return sql::MdlStatusToSqlError(ticket.status());
    }
  }
  user_locks_[name] = UserLock{*ticket, 1};
  return Value::Int(1);
}

storage::Result<Value> SqlSession::ReleaseLock(const std::vector<Value>& args) {
  STORAGE_ASSIGN_OR_RETURN(std::string name, LockName(args));
  auto held = user_locks_.find(name);
  if (held != user_locks_.end()) {
    if (--held->second.count == 0) {
      mdl_->Release(held->second.ticket);
      user_locks_.erase(held);
    }
    return Value::Int(1);
  }
  // Not ours: 0 if someone else holds it, NULL if nobody does.
  const auto rows = server_->locks.TakeSnapshot().TicketsOn(mdl::LockKey::UserLevelLock(name));
  for (const auto& r : rows) {
    if (r.status == mdl::TicketStatus::kGranted) return Value::Int(0);
  }
  return Value();
}

Value SqlSession::ReleaseAllUserLocks() {
  uint64_t released = 0;
  for (auto& [name, lock] : user_locks_) {
    released += lock.count;
    mdl_->Release(lock.ticket);
  }
  user_locks_.clear();
  return Value::UInt(released);
}

storage::Result<Value> SqlSession::IsFreeOrUsedLock(const std::vector<Value>& args, bool used) {
  STORAGE_ASSIGN_OR_RETURN(std::string name, LockName(args));
  const auto rows = server_->locks.TakeSnapshot().TicketsOn(mdl::LockKey::UserLevelLock(name));
  for (const auto& r : rows) {
    if (r.status != mdl::TicketStatus::kGranted) continue;
    // IS_USED_LOCK: the holder's connection id; IS_FREE_LOCK: 0.
    return used ? Value::UInt(r.owner_id) : Value::Int(0);
  }
  return used ? Value() : Value::Int(1);
}

}  // namespace server
