// A test-only ServerContext/Session pair with scripted answers, so that the protocol layer
// can be tested end to end over real sockets without the SQL layer.
//
// Accounts: root/"secret" (super), user/"pw", nopw (no password).
// Queries (COM_QUERY; ';'-separated when multi_statements):
//   SELECT 1 | SELECT 2   one BIGINT column, one row
//   BEGIN                 OK, in transaction afterwards
//   KILL_ME               OK, and connection_killed() becomes true
//   KILL <n>              OK; recorded in kills()
//   SELECT * FROM `t` LIMIT 0   columns id (INT PK), name (VARCHAR) and no rows
//   anything else         ERR kParseError
// Prepare: counts '?' in the text; "bad" fails with kParseError. ExecutePrepared echoes the
// parameters as one row whose column types follow the value kinds.
//
// Thread safety: every method may be called from any connection thread.
#ifndef TESTS_UNIT_SERVER_FAKE_SERVER_CONTEXT_H_
#define TESTS_UNIT_SERVER_FAKE_SERVER_CONTEXT_H_

#include <chrono>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "server/server_context.h"

namespace server::testing {

class FakeServerContext : public ServerContext {
 public:
  explicit FakeServerContext(ServerOptions options);

  const ServerOptions& options() const override { return options_; }
  std::optional<Account> FindAccount(const std::string& user) const override;
  uint64_t NextConnectionId() override;
  std::unique_ptr<Session> NewSession(ConnectionInfo info, sql::SqlError* error) override;
  size_t session_count() const override;
  void Shutdown() override {}

  // Waits (up to 10 s) until exactly `n` sessions exist; false on timeout.
  bool WaitForSessionCount(size_t n);
  std::vector<std::string> kills() const;
  std::vector<std::string> commands() const;  // BeginCommand names, in order
  std::vector<ConnectionInfo> connections() const;
  int reset_connection_calls() const;

  // Called by FakeSession.
  void RecordKill(std::string query);
  void RecordCommand(std::string name);
  void RecordReset();
  void SessionGone();

 private:
  const ServerOptions options_;
  mutable base::Mutex mu_;
  base::CondVar cv_;
  uint64_t next_id_ MDL_GUARDED_BY(mu_) = 1;
  size_t sessions_ MDL_GUARDED_BY(mu_) = 0;
  int resets_ MDL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> kills_ MDL_GUARDED_BY(mu_);
  std::vector<std::string> commands_ MDL_GUARDED_BY(mu_);
  std::vector<ConnectionInfo> connections_ MDL_GUARDED_BY(mu_);
};

}  // namespace server::testing

#endif  // TESTS_UNIT_SERVER_FAKE_SERVER_CONTEXT_H_
