// The seam between the protocol layer and the SQL layer.
//
// A connection thread (src/server/connection.*) decodes client commands and calls a Session;
// the Session (implemented by the SQL layer in src/server/sql_session.*) parses, plans locks,
// acquires them through `mdl`, executes against storage and reports each statement's outcome
// to a ResultSink, which the connection encodes as OK / ERR / result-set packets.
//
// Thread safety: a Session is used by its connection thread only, except Kill() and the
// accessors marked thread-safe, which other sessions' threads call (KILL, SHOW PROCESSLIST).
#ifndef SERVER_SESSION_H_
#define SERVER_SESSION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sql/sql_error.h"
#include "sql/statement_result.h"
#include "storage/value.h"

namespace server {

// Receives the outcome of each statement of one command, in order.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // A statement succeeded. `more_results`: another statement of the same COM_QUERY follows
  // (the protocol sets SERVER_MORE_RESULTS_EXISTS).
  virtual void OnResult(const sql::StatementResult& result, bool more_results) = 0;
  // A statement failed; no further statement of this command runs. `in_transaction` and
  // `autocommit` are the session state after the failure (for the client's status tracking).
  virtual void OnError(const sql::SqlError& error) = 0;
};

// Who is on the other end; fixed for the life of a connection (COM_CHANGE_USER aside).
struct ConnectionInfo {
  uint64_t connection_id = 0;  // CONNECTION_ID(), the processlist Id, the KILL target
  std::string user;
  std::string host;            // client host as processlist shows it: "localhost" or "ip:port"
  std::string initial_db;      // from the handshake; empty for none
  bool multi_statements = false;  // CLIENT_MULTI_STATEMENTS was negotiated
  // CLIENT_FOUND_ROWS was negotiated: UPDATE reports matched rows, not changed rows, as its
  // affected-rows count (SQLAlchemy's MySQL dialects set it for optimistic concurrency).
  bool found_rows = false;
  // Shuts the client socket down so that a thread blocked reading from it wakes up; called
  // by KILL CONNECTION from another thread. Must be thread-safe and idempotent.
  std::function<void()> shutdown_connection;
  // CLIENT_INTERACTIVE was negotiated: the session's wait_timeout starts from
  // interactive_timeout (MySQL).
  bool interactive = false;
  // Shuts only the read side of the client socket down: a thread blocked reading wakes up
  // (EOF) and can still write a final ERR packet. Used when the server itself disconnects an
  // idle session (mdl_idle_blocker_timeout). Thread-safe and idempotent; may be empty.
  std::function<void()> stop_reading;
};

// The server disconnected an idle session on its own because its metadata locks kept
// `waiter` waiting for `timeout_seconds` (mdl_idle_blocker_timeout). The connection
// reports it to the client (server/mysql_error.h: IdleBlockerDisconnectedError) and closes.
struct IdleBlockerDisconnect {
  uint64_t waiter = 0;
  uint64_t timeout_seconds = 0;
};

struct PreparedStatementInfo {
  uint32_t statement_id = 0;
  uint16_t param_count = 0;
  std::vector<sql::ColumnInfo> columns;  // result-set columns, empty if it returns none
};

class Session {
 public:
  virtual ~Session() = default;  // rolls back the open transaction and releases every lock

  // COM_QUERY: runs every statement in `text` (several only if multi_statements), calling the
  // sink once per statement; stops after the first error.
  virtual void ExecuteQuery(std::string_view text, ResultSink& sink) = 0;

  // COM_INIT_DB.
  virtual void ChangeDatabase(std::string_view db, ResultSink& sink) = 0;

  // COM_STMT_PREPARE / EXECUTE / CLOSE / RESET.
  virtual std::variant<PreparedStatementInfo, sql::SqlError> Prepare(std::string_view text) = 0;
  virtual void ExecutePrepared(uint32_t statement_id, const std::vector<storage::Value>& params,
                               ResultSink& sink) = 0;
  virtual void ClosePrepared(uint32_t statement_id) = 0;
  // COM_STMT_RESET: false if the id is unknown.
  virtual bool ResetPrepared(uint32_t statement_id) = 0;

  // COM_SET_OPTION: MYSQL_OPTION_MULTI_STATEMENTS_ON/OFF for the following COM_QUERYs.
  virtual void SetMultiStatements(bool enabled) = 0;

  // COM_RESET_CONNECTION: roll back, release locks, drop prepared statements and user
  // variables, restore session variables to their global values.
  virtual void ResetConnection() = 0;

  // Command bookkeeping for SHOW PROCESSLIST ("Sleep" between commands, "Query" while
  // running one, "Init DB", "Prepare", "Execute", ...). The connection thread calls
  // BeginCommand before dispatching and EndCommand after the reply is sent.
  virtual void BeginCommand(std::string_view command_name) = 0;
  virtual void EndCommand() = 0;

  // True once KILL CONNECTION targeted this session: the connection thread closes the
  // connection after the current command. Thread-safe.
  virtual bool connection_killed() const = 0;

  // Set once the server disconnected this idle session (IdleBlockerDisconnect); the
  // connection then sends the error instead of running a command. Reliable after
  // BeginCommand(): a session that began a command is no longer disconnected this way.
  // Thread-safe.
  virtual std::optional<IdleBlockerDisconnect> idle_blocker_disconnect() const {
    return std::nullopt;
  }

  // SESSION wait_timeout in seconds: how long the connection waits for the next command
  // before closing with ER_CLIENT_INTERACTION_TIMEOUT.
  virtual uint64_t wait_timeout() const { return 28800; }
  // SESSION net_read_timeout / net_write_timeout in seconds (0: keep the connection's
  // start-up values).
  virtual uint64_t net_read_timeout() const { return 0; }
  virtual uint64_t net_write_timeout() const { return 0; }

  // Session state for status flags in the handshake-phase OK packets.
  virtual bool in_transaction() const = 0;
  virtual bool autocommit() const = 0;
};

}  // namespace server

#endif  // SERVER_SESSION_H_
