// One client connection, from the greeting to the close: the connection phase (handshake,
// optional AuthSwitch to mysql_native_password, account check, max_connections, session
// creation) and then the command phase, one command at a time.
//
// Ownership: the listener owns the socket and closes it after Run() returns; the Connection
// owns its Session and destroys it (rolling back and releasing every lock) before Run()
// returns, also when the client vanished mid-command.
//
// Thread safety: Run() is called once, on the connection's own thread. Nothing else touches
// the object; other threads reach the connection only through the socket (shutdown).
#ifndef SERVER_CONNECTION_H_
#define SERVER_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/mysql_error.h"
#include "server/packet_channel.h"
#include "server/packet_result_sink.h"
#include "server/peer_address.h"
#include "server/prepared_statement_registry.h"
#include "server/server_context.h"
#include "server/server_stats.h"
#include "server/session.h"

namespace server {

struct ConnectionEnv {
  ServerContext* context = nullptr;
  ServerStats* stats = nullptr;
  ChannelTimeouts timeouts;
};

class Connection {
 public:
  Connection(int fd, PeerAddress peer, const ConnectionEnv& env);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Run();

 private:
  // Connection phase. False if the connection must close (an ERR may have been sent).
  bool Handshake();
  // Reads the client's token for `*scramble`, switching it to mysql_native_password with a
  // fresh scramble if it proposed another plugin. False if the client is gone.
  bool ObtainNativeToken(std::string_view client_plugin, std::string initial_token,
                         std::string* scramble, std::string* token);
  // Admission after a successful password check: max_connections, then NewSession.
  bool OpenSession(const Account& account, std::string database);

  // Waits for the next command up to the session's wait_timeout: kTimedOut if none came.
  ReadResult ReadCommand(std::string* packet);
  // Applies the session's net_read_timeout / net_write_timeout to the channel and socket
  // (after each command, as a SET may have changed them).
  void ApplyNetTimeouts();
  // Ends the session (rollback, locks released), then sends `error`: for disconnects the
  // server decides on its own (wait_timeout, mdl_idle_blocker_timeout).
  void CloseWithError(const MysqlError& error);

  // Command phase. Each returns false if the connection must close.
  bool DispatchCommand(const std::string& packet);
  bool HandleQuery(std::string_view text);
  bool HandleFieldList(std::string_view body);
  bool HandleProcessKill(std::string_view body);
  bool HandleChangeUser(std::string_view body);
  bool HandleSetOption(std::string_view body);
  bool HandleResetConnection();
  bool HandlePrepare(std::string_view text);
  bool HandleExecute(std::string_view body);
  void HandleSendLongData(std::string_view body);
  void HandleStmtClose(std::string_view body);
  bool HandleStmtReset(std::string_view body);
  bool HandleStmtFetch(std::string_view body);

  // Sends an ERR packet; false if the write failed.
  bool SendError(const MysqlError& error);
  // Sends an ERR packet and returns false: for errors after which the connection closes.
  bool SendErrorAndClose(const MysqlError& error);
  // For a packet rejected by framing (too large, out of order): sends the ERR, discards the
  // client's remaining input so that the ERR is not lost to a RST, returns false.
  bool RejectPacketAndClose(const MysqlError& error);
  bool SendOk();
  // Runs the session's work with a sink and sends a fallback ERR if the session reported
  // nothing, so that the client is never left waiting.
  bool RunWithSink(RowFormat format, const std::function<void(ResultSink&)>& fn);

  const int fd_;
  const PeerAddress peer_;
  const ConnectionEnv env_;
  PacketChannel channel_;
  uint64_t connection_id_ = 0;
  std::string scramble_;
  uint32_t capabilities_ = 0;  // negotiated: server's & client's
  int write_ms_;               // the socket's SO_SNDTIMEO
  std::string user_;
  std::unique_ptr<Session> session_;
  PreparedStatementRegistry statements_;
};

}  // namespace server

#endif  // SERVER_CONNECTION_H_
