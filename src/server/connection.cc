#include "server/connection.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "server/authenticator.h"
#include "server/column_definition.h"
#include "server/handshake.h"
#include "server/native_password.h"
#include "server/protocol_constants.h"
#include "server/response_packets.h"
#include "server/wire_codec.h"

namespace server {
namespace {

// The processlist Command column for each command byte (MySQL's command_name[]).
std::string_view CommandName(uint8_t command) {
  static constexpr std::string_view kNames[] = {
      "Sleep",         "Quit",          "Init DB",          "Query",
      "Field List",    "Create DB",     "Drop DB",          "Refresh",
      "Shutdown",      "Statistics",    "Processlist",      "Connect",
      "Kill",          "Debug",         "Ping",             "Time",
      "Delayed insert", "Change user",  "Binlog Dump",      "Table Dump",
      "Connect Out",   "Register Replica", "Prepare",       "Execute",
      "Long Data",     "Close stmt",    "Reset stmt",       "Set option",
      "Fetch",         "Daemon",        "Binlog Dump GTID", "Reset Connection"};
  if (command < std::size(kNames)) return kNames[command];
  return "Error";
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

// Collects the columns of a LIMIT 0 query for COM_FIELD_LIST.
class ColumnCollector : public ResultSink {
 public:
  void OnResult(const sql::StatementResult& result, bool) override {
    if (result.has_result_set && columns.empty()) columns = result.result_set.columns;
    done = true;
  }
  void OnError(const sql::SqlError& e) override {
    if (!error) error = e;
    done = true;
  }
  std::vector<sql::ColumnInfo> columns;
  std::optional<sql::SqlError> error;
  bool done = false;
};

// Bounds for discarding a rejected client's remaining input before closing.
constexpr size_t kDrainLimitBytes = 64 << 20;
constexpr int kDrainLimitMs = 2000;

}  // namespace

Connection::Connection(int fd, PeerAddress peer, const ConnectionEnv& env)
    : fd_(fd),
      peer_(std::move(peer)),
      env_(env),
      channel_(fd, env.context->options().max_allowed_packet, env.timeouts),
      write_ms_(env.timeouts.write_ms) {}

Connection::~Connection() = default;

void Connection::Run() {
  if (Handshake()) {
    std::string packet;
    for (;;) {
      ApplyNetTimeouts();
      channel_.ResetSequence();
      const ReadResult r = ReadCommand(&packet);
      const bool got = r == ReadResult::kOk;
      const uint8_t command = got && !packet.empty() ? static_cast<uint8_t>(packet[0]) : 0;
      // Once BeginCommand has run, the idle-blocker monitor can no longer pick this session
      // (SqlSession::DisconnectIfIdle checks the command under the same mutex), so the check
      // below sees every such disconnect that won the race: the command is then not run at
      // all and its reply is the disconnect error.
      if (got) session_->BeginCommand(CommandName(command));
      if (std::optional<IdleBlockerDisconnect> d = session_->idle_blocker_disconnect()) {
        CloseWithError(IdleBlockerDisconnectedError(d->waiter, d->timeout_seconds));
        break;
      }
      if (r == ReadResult::kTimedOut) {
        CloseWithError(ClientInactivityError());
        break;
      }
      if (r == ReadResult::kTooLarge || r == ReadResult::kOutOfOrder) {
        RejectPacketAndClose(r == ReadResult::kTooLarge ? PacketTooLargeError()
                                                        : PacketsOutOfOrderError());
        break;
      }
      if (!got) break;
      if (command == static_cast<uint8_t>(Command::kQuit)) break;
      const bool keep = DispatchCommand(packet);
      const bool flushed = channel_.Flush();
      if (session_ == nullptr) break;  // a failed COM_CHANGE_USER dropped it
      session_->EndCommand();
      if (!keep || !flushed || session_->connection_killed()) break;
    }
  }
  // Destroying the session rolls back its transaction and releases its locks; it must
  // happen before the listener closes the socket (shutdown_connection captures the fd).
  session_.reset();
}

ReadResult Connection::ReadCommand(std::string* packet) {
  // wait_timeout (up to 31536000 s) exceeds poll()'s int milliseconds: wait in slices.
  // ReadPacket consumes nothing when it times out, so a slice may simply be retried.
  constexpr int64_t kSliceMs = 3'600'000;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(session_->wait_timeout());
  for (;;) {
    const int64_t left = std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now())
                             .count();
    if (left <= 0) return ReadResult::kTimedOut;
    const ReadResult r = channel_.ReadPacket(packet, static_cast<int>(std::min(left, kSliceMs)));
    if (r != ReadResult::kTimedOut) return r;
  }
}

void Connection::ApplyNetTimeouts() {
  // Seconds up to 31536000 exceed int milliseconds; poll() and SO_SNDTIMEO take any value
  // this large as "practically forever".
  constexpr uint64_t kMaxMs = 2'000'000'000;
  auto to_ms = [&](uint64_t seconds, int fallback) {
    return seconds == 0 ? fallback : static_cast<int>(std::min(seconds * 1000, kMaxMs));
  };
  const int read_ms = to_ms(session_->net_read_timeout(), env_.timeouts.read_ms);
  if (read_ms != channel_.timeouts().read_ms) channel_.set_read_ms(read_ms);
  const int write_ms = to_ms(session_->net_write_timeout(), env_.timeouts.write_ms);
  if (write_ms != write_ms_) {
    timeval tv{write_ms / 1000, (write_ms % 1000) * 1000};
    if (::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0) write_ms_ = write_ms;
  }
}

void Connection::CloseWithError(const MysqlError& error) {
  // Roll back and release every lock before the client can read the error, so that whoever
  // sees it (the client, a test, a DBA) can count on the locks being gone. MySQL sends the
  // error first and cleans up while closing, a moment later.
  session_.reset();
  // The sequence id is 0 when nothing was read (the client is between commands, as MySQL
  // sends 4031), or continues the client's command if one arrived in the race.
  (void)SendError(error);
}

bool Connection::SendError(const MysqlError& error) { return channel_.WritePacket(ErrPacket(error)); }

bool Connection::SendErrorAndClose(const MysqlError& error) {
  // The connection closes either way; a failed write changes nothing.
  (void)SendError(error);
  return false;
}

bool Connection::RejectPacketAndClose(const MysqlError& error) {
  (void)SendError(error);
  channel_.DrainBeforeClose(kDrainLimitBytes, kDrainLimitMs);
  return false;
}

bool Connection::SendOk() {
  OkFields ok;
  ok.status_flags = StatusFlags(session_->in_transaction(), session_->autocommit(), false);
  channel_.QueuePacket(OkPacket(ok));
  return true;
}

bool Connection::Handshake() {
  connection_id_ = env_.context->NextConnectionId();
  scramble_ = GenerateScramble();
  HandshakeParams params;
  params.connection_id = static_cast<uint32_t>(connection_id_);
  params.scramble = scramble_;
  params.capabilities = kServerCapabilities;
  params.charset = kDefaultCharset;
  params.status_flags = status::kAutocommit;
  if (!channel_.WritePacket(HandshakeV10Packet(params))) return false;

  std::string packet;
  ReadResult r = channel_.ReadPacket(&packet, env_.timeouts.connect_ms);
  if (r == ReadResult::kTooLarge) return RejectPacketAndClose(PacketTooLargeError());
  if (r == ReadResult::kOutOfOrder) return RejectPacketAndClose(PacketsOutOfOrderError());
  if (r != ReadResult::kOk) return false;
  std::optional<HandshakeResponse> response = ParseHandshakeResponse(packet);
  if (!response || response->ssl_request) return SendErrorAndClose(BadHandshakeError());
  capabilities_ = response->capabilities & kServerCapabilities;
  user_ = response->user;

  std::string scramble = scramble_;
  std::string token;
  const std::string_view plugin =
      (capabilities_ & cap::kPluginAuth) ? std::string_view(response->auth_plugin) : "";
  if (!ObtainNativeToken(plugin, std::move(response->auth_response), &scramble, &token)) {
    return false;
  }
  AuthOutcome auth = Authenticate(*env_.context, user_, token, scramble, peer_);
  if (!auth.account) return SendErrorAndClose(auth.error);
  if (!OpenSession(*auth.account, response->database)) return false;
  SendOk();
  return channel_.Flush();
}

bool Connection::ObtainNativeToken(std::string_view client_plugin, std::string initial_token,
                                   std::string* scramble, std::string* token) {
  if (client_plugin.empty() || client_plugin == kNativePasswordPlugin) {
    *token = std::move(initial_token);
    return true;
  }
  // The client answered for another method (e.g. caching_sha2_password): ask it to redo the
  // exchange with mysql_native_password over a fresh scramble.
  *scramble = GenerateScramble();
  if (!channel_.WritePacket(AuthSwitchRequestPacket(kNativePasswordPlugin, *scramble))) {
    return false;
  }
  std::string reply;
  ReadResult r = channel_.ReadPacket(&reply, env_.timeouts.connect_ms);
  if (r == ReadResult::kTooLarge) return RejectPacketAndClose(PacketTooLargeError());
  if (r == ReadResult::kOutOfOrder) return RejectPacketAndClose(PacketsOutOfOrderError());
  if (r != ReadResult::kOk) return false;
  *token = std::move(reply);
  return true;
}

bool Connection::OpenSession(const Account& account, std::string database) {
  // MySQL admits max_connections ordinary sessions plus one more reserved for SUPER.
  const size_t limit = env_.context->options().max_connections + (account.super ? 1 : 0);
  if (env_.context->session_count() >= limit) return SendErrorAndClose(TooManyConnectionsError());
  ConnectionInfo info;
  info.connection_id = connection_id_;
  info.user = account.user;
  info.host = peer_.display_host();
  info.initial_db = std::move(database);
  info.multi_statements = (capabilities_ & cap::kMultiStatements) != 0;
  info.found_rows = (capabilities_ & cap::kFoundRows) != 0;
  info.interactive = (capabilities_ & cap::kInteractive) != 0;
  const int fd = fd_;
  info.shutdown_connection = [fd] { ::shutdown(fd, SHUT_RDWR); };
  info.stop_reading = [fd] { ::shutdown(fd, SHUT_RD); };
  sql::SqlError error;
  session_ = env_.context->NewSession(std::move(info), &error);
  if (!session_) return SendErrorAndClose(ToMysqlError(error));
  user_ = account.user;
  return true;
}

bool Connection::RunWithSink(RowFormat format, const std::function<void(ResultSink&)>& fn) {
  PacketResultSink sink(&channel_, capabilities_, format);
  fn(sink);
  if (!sink.finished()) {
    sink.OnError(sql::SqlError(sql::ErrorCode::kInternal, "Unknown error"));
  }
  return sink.io_ok();
}

bool Connection::DispatchCommand(const std::string& packet) {
  if (packet.empty()) return SendError(UnknownCommandError());
  const std::string_view body = std::string_view(packet).substr(1);
  switch (static_cast<Command>(packet[0])) {
    case Command::kInitDb:
      return RunWithSink(RowFormat::kText, [&](ResultSink& s) { session_->ChangeDatabase(body, s); });
    case Command::kQuery:
      return HandleQuery(body);
    case Command::kFieldList:
      return HandleFieldList(body);
    case Command::kStatistics:
      channel_.QueuePacket(env_.stats->StatisticsLine());
      return true;
    case Command::kProcessKill:
      return HandleProcessKill(body);
    case Command::kPing:
      return SendOk();
    case Command::kChangeUser:
      return HandleChangeUser(body);
    case Command::kStmtPrepare:
      return HandlePrepare(body);
    case Command::kStmtExecute:
      return HandleExecute(body);
    case Command::kStmtSendLongData:
      HandleSendLongData(body);
      return true;
    case Command::kStmtClose:
      HandleStmtClose(body);
      return true;
    case Command::kStmtReset:
      return HandleStmtReset(body);
    case Command::kSetOption:
      return HandleSetOption(body);
    case Command::kStmtFetch:
      return HandleStmtFetch(body);
    case Command::kResetConnection:
      return HandleResetConnection();
    default:
      // COM_SLEEP, COM_DEBUG, replication commands and unknown bytes: the connection stays.
      return SendError(UnknownCommandError());
  }
}

bool Connection::HandleQuery(std::string_view text) {
  env_.stats->questions.fetch_add(1, std::memory_order_relaxed);
  return RunWithSink(RowFormat::kText, [&](ResultSink& s) { session_->ExecuteQuery(text, s); });
}

bool Connection::HandleFieldList(std::string_view body) {
  WireReader r(body);
  std::string_view table = r.ReadNulStringOrRest();
  // The columns come from the SQL layer's own metadata for the table, through a query that
  // reads no rows. The wildcard argument (rarely sent) is not applied.
  ColumnCollector collector;
  session_->ExecuteQuery("SELECT * FROM " + QuoteIdentifier(table) + " LIMIT 0", collector);
  if (collector.error) return SendError(ToMysqlError(*collector.error));
  for (const sql::ColumnInfo& column : collector.columns) {
    channel_.QueuePacket(ColumnDefinitionPacket(column, /*for_field_list=*/true));
  }
  const uint16_t flags = StatusFlags(session_->in_transaction(), session_->autocommit(), false);
  // COM_FIELD_LIST always ends with a terminator, EOF or (DEPRECATE_EOF) OK.
  channel_.QueuePacket(EndOfRowsPacket((capabilities_ & cap::kDeprecateEof) != 0, flags, 0));
  return true;
}

bool Connection::HandleProcessKill(std::string_view body) {
  WireReader r(body);
  std::optional<uint32_t> id = r.ReadU32();
  if (!id) return SendError(MalformedPacketError());
  const std::string query = "KILL " + std::to_string(*id);
  return RunWithSink(RowFormat::kText, [&](ResultSink& s) { session_->ExecuteQuery(query, s); });
}

bool Connection::HandleSetOption(std::string_view body) {
  WireReader r(body);
  std::optional<uint16_t> option = r.ReadU16();
  if (!option || *option > 1) return SendError(UnknownCommandError());
  const bool enable = *option == 0;  // MYSQL_OPTION_MULTI_STATEMENTS_ON = 0, _OFF = 1
  // As mysqld: the option flips the client's CLIENT_MULTI_STATEMENTS capability.
  if (enable) {
    capabilities_ |= cap::kMultiStatements;
  } else {
    capabilities_ &= ~cap::kMultiStatements;
  }
  session_->SetMultiStatements(enable);
  const uint16_t flags = StatusFlags(session_->in_transaction(), session_->autocommit(), false);
  channel_.QueuePacket(EndOfRowsPacket((capabilities_ & cap::kDeprecateEof) != 0, flags, 0));
  return true;
}

bool Connection::HandleResetConnection() {
  session_->ResetConnection();
  statements_.Clear();
  return SendOk();
}

bool Connection::HandleChangeUser(std::string_view body) {
  std::optional<ChangeUserRequest> req = ParseChangeUser(body, capabilities_);
  if (!req) return SendErrorAndClose(MalformedPacketError());
  std::string scramble = scramble_;
  std::string token;
  const std::string_view plugin =
      (capabilities_ & cap::kPluginAuth) ? std::string_view(req->auth_plugin) : "";
  if (!ObtainNativeToken(plugin, std::move(req->auth_response), &scramble, &token)) return false;
  AuthOutcome auth = Authenticate(*env_.context, req->user, token, scramble, peer_);
  // A failed change of user ends the connection, as in MySQL: the old identity is gone.
  if (!auth.account) return SendErrorAndClose(auth.error);
  // The old session rolls back and releases its locks before the new one exists.
  session_->EndCommand();
  session_.reset();
  statements_.Clear();
  if (!OpenSession(*auth.account, req->database)) return false;
  session_->BeginCommand(CommandName(static_cast<uint8_t>(Command::kChangeUser)));
  return SendOk();
}

}  // namespace server
