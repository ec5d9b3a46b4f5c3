// Process-wide server state shared by all connections: the lock manager, storage, the
// session registry (processlist, KILL), global variables and accounts.
//
// The protocol layer (listener, connection threads, tools/mdld/main.cc) sees only this
// interface; the SQL layer implements it in src/server/sql_server_context.*.
//
// Thread safety: every method is safe to call from any thread.
#ifndef SERVER_SERVER_CONTEXT_H_
#define SERVER_SERVER_CONTEXT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/session.h"

namespace server {

// Start-up options, named as MySQL names them (mysqld --help).
struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  int port = 3306;
  std::string socket;                 // unix socket path; empty: none
  std::string datadir = "./data";
  uint32_t max_connections = 151;
  std::string root_password;          // empty: root may log in without password from loopback only
  uint64_t max_allowed_packet = 64ull << 20;
  uint64_t lock_wait_timeout = 31536000;        // seconds, global default
  uint64_t innodb_lock_wait_timeout = 50;       // seconds, global default
  bool sync_commit = true;            // fsync the log before acknowledging a commit
};

// A login account. Passwords are stored as MySQL does for mysql_native_password:
// SHA1(SHA1(password)), 20 bytes; empty for "no password".
struct Account {
  std::string user;
  std::string auth_string;  // SHA1(SHA1(password)) raw bytes, or empty
  // Holds SUPER or CONNECTION_ADMIN: may use the connection reserved beyond max_connections.
  // (The other privileges are the SQL layer's business: src/server/session_privileges.h.)
  bool super = false;
};

class ServerContext {
 public:
  virtual ~ServerContext() = default;

  // Opens (creating if needed) the data directory and recovers committed state from its log.
  // Returns nullptr and sets *error on failure.
  static std::unique_ptr<ServerContext> Open(const ServerOptions& options, std::string* error);

  virtual const ServerOptions& options() const = 0;

  // Accounts for authentication; nullopt if the user does not exist.
  virtual std::optional<Account> FindAccount(const std::string& user) const = 0;

  // A new, unique connection id (1, 2, 3, ...).
  virtual uint64_t NextConnectionId() = 0;

  // Creates the session for an authenticated connection and registers it (processlist, KILL).
  // The session unregisters itself when destroyed. Returns nullptr with *error set if the
  // initial database does not exist (1049) or access is denied.
  virtual std::unique_ptr<Session> NewSession(ConnectionInfo info, sql::SqlError* error) = 0;

  // Number of registered sessions (for max_connections).
  virtual size_t session_count() const = 0;

  // KILL CONNECTION for every session: wakes each session's current wait (metadata lock,
  // row lock, SLEEP, GET_LOCK, debug sync) with 1317 and shuts its socket down, so that
  // connection threads finish promptly. Called on SIGTERM before joining connection threads;
  // sessions created afterwards are not affected. Thread-safe, non-blocking.
  virtual void KillAllSessions() {}

  // Flushes and closes storage; called once on SIGTERM after connections stop.
  virtual void Shutdown() = 0;
};

}  // namespace server

#endif  // SERVER_SERVER_CONTEXT_H_
