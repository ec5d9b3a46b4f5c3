// SessionRegistry: the live sessions by connection id, for SHOW PROCESSLIST, KILL and the
// diagnostics tables.
//
// Thread-safe. Lock order: SessionRegistry::mu_ -> the session's own state mutex (taken
// inside RegisteredSession::Snapshot/Kill). A session removes itself in its destructor
// before any of its members die, and Kill()/Snapshot() run under mu_, so a session is
// never called after it started dying.
#ifndef SERVER_SESSION_REGISTRY_H_
#define SERVER_SESSION_REGISTRY_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "diag/session_snapshot.h"
#include "server/session.h"
#include "storage/status.h"

namespace server {

// One session as the idle-blocker monitor (idle_blocker_monitor.h) sees it.
struct SessionIdleState {
  uint64_t id = 0;
  bool idle = false;  // between commands (processlist Command = Sleep)
  std::chrono::steady_clock::time_point idle_since;  // meaningful if idle
  // Commands begun so far: a disconnect applies only if no command began since this state.
  uint64_t command_seq = 0;
  uint64_t idle_blocker_timeout = 0;  // the session's mdl_idle_blocker_timeout; 0 = exempt
  bool in_transaction = false;
  std::string user;
  std::string host;
};

// What the registry needs from a session. Every method is thread-safe and non-blocking.
class RegisteredSession {
 public:
  virtual ~RegisteredSession() = default;
  virtual uint64_t id() const = 0;
  virtual const std::string& user() const = 0;  // fixed for the session's life
  virtual diag::SessionSnapshot Snapshot() const = 0;
  // KILL QUERY (connection == false) or KILL CONNECTION.
  virtual void Kill(bool connection) = 0;
  virtual SessionIdleState IdleState() const = 0;
  // KILL CONNECTION on behalf of the idle-blocker monitor, only if the session is still
  // between commands and has begun no command since IdleState() returned `command_seq`;
  // the connection then reports `reason` to the client. True if it was disconnected.
  virtual bool DisconnectIfIdle(uint64_t command_seq, const IdleBlockerDisconnect& reason) = 0;
};

class SessionRegistry {
 public:
  void Add(RegisteredSession* session) MDL_EXCLUDES(mu_);
  void Remove(uint64_t id) MDL_EXCLUDES(mu_);
  size_t size() const MDL_EXCLUDES(mu_);

  // Snapshots of every session, by id. With `user` non-empty only that user's sessions
  // (a user without PROCESS sees only their own threads).
  std::vector<diag::SessionSnapshot> Snapshot(const std::string& user = "") const
      MDL_EXCLUDES(mu_);

  // KILL [QUERY] id on behalf of `requester`. Errors: kUnknownThread "Unknown thread id: N";
  // kKillDenied "You are not owner of thread N" when the target belongs to another user
  // and !requester_super.
  storage::Status Kill(uint64_t id, bool connection, const std::string& requester,
                       bool requester_super) MDL_EXCLUDES(mu_);

  // KILL CONNECTION for every session (server shutdown).
  void KillAll() MDL_EXCLUDES(mu_);

  // IdleState() of every session, by id.
  std::vector<SessionIdleState> IdleStates() const MDL_EXCLUDES(mu_);
  // RegisteredSession::DisconnectIfIdle on session `id`; false if it is gone.
  bool DisconnectIfIdle(uint64_t id, uint64_t command_seq, const IdleBlockerDisconnect& reason)
      MDL_EXCLUDES(mu_);

 private:
  mutable base::Mutex mu_;
  std::map<uint64_t, RegisteredSession*> sessions_ MDL_GUARDED_BY(mu_);
};

}  // namespace server

#endif  // SERVER_SESSION_REGISTRY_H_
