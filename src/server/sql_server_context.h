// SqlServerContext: the SQL layer's implementation of server::ServerContext.
//
// Owns, for the life of the server: the storage engine (opened and recovered in Open()), the
// metadata lock manager, the session registry, the GLOBAL system variables, the accounts,
// the debug-sync signals and the status counters. Sessions (sql_session.h) keep a pointer
// to its ServerState and must all be destroyed before it.
//
// Thread-safe: every member of ServerState is itself thread-safe.
#ifndef SERVER_SQL_SERVER_CONTEXT_H_
#define SERVER_SQL_SERVER_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "mdl/lock_manager.h"
#include "server/idle_blocker_monitor.h"
#include "server/server_context.h"
#include "server/session_accounts.h"
#include "server/session_debug_sync.h"
#include "server/session_registry.h"
#include "sql/system_variables.h"
#include "storage/engine.h"

namespace server {

// SHOW STATUS counters. Relaxed atomics: only read for display, nobody branches on them.
struct StatusCounters {
  std::atomic<uint64_t> questions{0};
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> com_select{0};
  std::atomic<uint64_t> com_insert{0};
  std::atomic<uint64_t> com_update{0};
  std::atomic<uint64_t> com_delete{0};
  std::atomic<uint64_t> com_commit{0};
  std::atomic<uint64_t> com_rollback{0};
  std::atomic<uint64_t> com_begin{0};
  std::atomic<uint64_t> com_ddl{0};
};

struct ServerState {
  ServerState(const ServerOptions& opts, std::unique_ptr<storage::Engine> eng,
              std::unique_ptr<AccountStore> account_store);

  const ServerOptions options;
  const std::unique_ptr<storage::Engine> engine;
  mdl::LockManager locks;
  SessionRegistry registry;
  sql::GlobalVariables globals;
  const std::unique_ptr<AccountStore> accounts;
  DebugSyncSignals debug_sync;
  StatusCounters counters;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<uint64_t> next_connection_id{1};  // relaxed: only uniqueness matters
  std::atomic<uint64_t> next_event_id{1};       // relaxed: only uniqueness matters
  // mdl_idle_blocker_timeout. Last: its thread uses `locks` and `registry`, and it is
  // destroyed (joined) before them.
  IdleBlockerMonitor idle_blockers{&locks, &registry};
};

class SqlServerContext final : public ServerContext {
 public:
  explicit SqlServerContext(std::unique_ptr<ServerState> state);
  ~SqlServerContext() override;

  const ServerOptions& options() const override { return state_->options; }
  std::optional<Account> FindAccount(const std::string& user) const override;
  uint64_t NextConnectionId() override;
  std::unique_ptr<Session> NewSession(ConnectionInfo info, sql::SqlError* error) override;
  size_t session_count() const override { return state_->registry.size(); }
  void KillAllSessions() override;
  void Shutdown() override;

  ServerState& state() { return *state_; }

 private:
  std::unique_ptr<ServerState> state_;
  std::atomic<bool> shut_down_{false};  // seq_cst; Shutdown() runs its body once
};

}  // namespace server

#endif  // SERVER_SQL_SERVER_CONTEXT_H_
