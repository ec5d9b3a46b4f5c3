#include "server/session_registry.h"

namespace server {

void SessionRegistry::Add(RegisteredSession* session) {
  base::MutexLock lock(&mu_);
  sessions_[session->id()] = session;
}

void SessionRegistry::Remove(uint64_t id) {
  base::MutexLock lock(&mu_);
  sessions_.erase(id);
}

size_t SessionRegistry::size() const {
  base::MutexLock lock(&mu_);
  return sessions_.size();
}

std::vector<diag::SessionSnapshot> SessionRegistry::Snapshot(const std::string& user) const {
  base::MutexLock lock(&mu_);
  std::vector<diag::SessionSnapshot> out;
  out.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) {
    if (!user.empty() && session->user() != user) continue;
    out.push_back(session->Snapshot());
  }
  return out;
}

storage::Status SessionRegistry::Kill(uint64_t id, bool connection, const std::string& requester,
                                      bool requester_super) {
  base::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    return storage::Status(sql::ErrorCode::kUnknownThread,
                           "Unknown thread id: " + std::to_string(id));
  }
  if (!requester_super && it->second->user() != requester) {
    return storage::Status(sql::ErrorCode::kKillDenied,
                           "You are not owner of thread " + std::to_string(id));
  }
  it->second->Kill(connection);
  return storage::Status::OK();
}

void SessionRegistry::KillAll() {
  base::MutexLock lock(&mu_);
  // Two passes: first end every session's current wait (metadata lock, row lock, sleep)
  // without touching sockets, then close the connections. In one pass, an idle holder could
  // wake from its closed socket and roll back before a later waiter's kill arrived, handing
  // the waiter its lock so that its statement ran on during shutdown.
  for (auto& [id, session] : sessions_) session->Kill(false);
  for (auto& [id, session] : sessions_) session->Kill(true);
}

std::vector<SessionIdleState> SessionRegistry::IdleStates() const {
  base::MutexLock lock(&mu_);
  std::vector<SessionIdleState> out;
  out.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) out.push_back(session->IdleState());
  return out;
}

bool SessionRegistry::DisconnectIfIdle(uint64_t id, uint64_t command_seq,
                                       const IdleBlockerDisconnect& reason) {
  base::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  return it != sessions_.end() && it->second->DisconnectIfIdle(command_seq, reason);
}

}  // namespace server
