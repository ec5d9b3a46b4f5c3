// The protocol layer end to end: a real Listener on a loopback port, a FakeServerContext
// behind it, and TestClient speaking the wire protocol from the test.
#include <gtest/gtest.h>

#include <thread>

#include "fake_server_context.h"
#include "server/listener.h"
#include "server/native_password.h"
#include "server/protocol_constants.h"
#include "server/wire_codec.h"
#include "test_client.h"

namespace server {
namespace {

using testing::FakeServerContext;
using testing::LoginOptions;
using testing::Packet;
using testing::TestClient;

struct ErrFields {
  uint16_t number = 0;
  std::string sqlstate;
  std::string message;
};

ErrFields ParseErr(const Packet& p) {
  WireReader r(p.payload);
  ErrFields e;
  if (r.ReadU8() != 0xFF) return e;
  e.number = *r.ReadU16();
  r.ReadU8();  // '#'
  e.sqlstate = std::string(*r.ReadBytes(5));
  e.message = std::string(r.ReadRest());
  return e;
}

uint16_t OkStatus(const Packet& p) {  // OK or OK-as-EOF
  WireReader r(p.payload);
  r.ReadU8();
  r.ReadLenencInt();
  r.ReadLenencInt();
  return *r.ReadU16();
}

uint16_t EofStatus(const Packet& p) {  // classic EOF: fe, warnings, status
  WireReader r(p.payload);
  r.ReadU8();
  r.ReadU16();
  return *r.ReadU16();
}

class ProtocolEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.max_allowed_packet = 64 * 1024;
    options.max_connections = 3;
    context_ = std::make_unique<FakeServerContext>(options);
    listener_ = std::make_unique<Listener>(context_.get());
    std::string error;
    ASSERT_TRUE(listener_->Listen(&error)) << error;
    runner_ = std::thread([this] { listener_->Run(); });
  }
  void TearDown() override {
    listener_->Stop();
    runner_.join();
    EXPECT_EQ(context_->session_count(), 0u) << "sessions must be destroyed on shutdown";
  }

  std::unique_ptr<TestClient> LoggedIn(LoginOptions options = {}) {
    auto client = TestClient::Connect(listener_->port());
    EXPECT_NE(client, nullptr);
    if (!client) return nullptr;
    std::optional<Packet> ok = client->Login(options);
    EXPECT_TRUE(ok.has_value());
    EXPECT_EQ(ok ? ok->first() : 0xFF, 0x00) << (ok ? ParseErr(*ok).message : "no answer");
    return client;
  }

  std::unique_ptr<FakeServerContext> context_;
  std::unique_ptr<Listener> listener_;
  std::thread runner_;
};

TEST_F(ProtocolEndToEndTest, GreetingIsHandshakeV10WithVersionAndNativePassword) {
  auto client = TestClient::Connect(listener_->port());
  ASSERT_NE(client, nullptr);
  std::optional<Packet> hello = client->ReadPacket();
  ASSERT_TRUE(hello.has_value());
  EXPECT_EQ(hello->sequence, 0);
  WireReader r(hello->payload);
  EXPECT_EQ(r.ReadU8(), 10);
  EXPECT_EQ(r.ReadNulString(), "8.0.36-mdld");
  EXPECT_NE(hello->payload.find("mysql_native_password"), std::string::npos);
}

TEST_F(ProtocolEndToEndTest, RightPasswordLogsInWithSequenceTwoOk) {
  auto client = TestClient::Connect(listener_->port());
  std::optional<Packet> ok = client->Login(LoginOptions{});
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first(), 0x00);
  EXPECT_EQ(ok->sequence, 2);
  EXPECT_EQ(OkStatus(*ok) & status::kAutocommit, status::kAutocommit);
  ASSERT_TRUE(context_->WaitForSessionCount(1));
  ConnectionInfo info = context_->connections().at(0);
  EXPECT_EQ(info.user, "root");
  EXPECT_EQ(info.host, "localhost");
  EXPECT_TRUE(info.multi_statements);
  EXPECT_TRUE(static_cast<bool>(info.shutdown_connection));
}

TEST_F(ProtocolEndToEndTest, WrongPasswordIsAccessDeniedAndCloses) {
  auto client = TestClient::Connect(listener_->port());
  LoginOptions o;
  o.password = "wrong";
  std::optional<Packet> err = client->Login(o);
  ASSERT_TRUE(err.has_value());
  ErrFields e = ParseErr(*err);
  EXPECT_EQ(e.number, 1045);
  EXPECT_EQ(e.sqlstate, "28000");
  EXPECT_EQ(e.message, "Access denied for user 'root'@'localhost' (using password: YES)");
  EXPECT_TRUE(client->WaitForClose());
  EXPECT_EQ(context_->session_count(), 0u);
}

TEST_F(ProtocolEndToEndTest, UnknownUserWithoutPasswordSaysUsingPasswordNo) {
  auto client = TestClient::Connect(listener_->port());
  LoginOptions o;
  o.user = "ghost";
  o.password = "";
  std::optional<Packet> err = client->Login(o);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).message, "Access denied for user 'ghost'@'localhost' (using password: NO)");
}

TEST_F(ProtocolEndToEndTest, PasswordlessAccountLogsInFromLoopback) {
  LoginOptions o;
  o.user = "nopw";
  o.password = "";
  auto client = LoggedIn(o);
  ASSERT_NE(client, nullptr);
}

TEST_F(ProtocolEndToEndTest, OtherPluginIsSwitchedToNativePassword) {
  auto client = TestClient::Connect(listener_->port());
  LoginOptions o;
  o.plugin = "caching_sha2_password";
  std::string first_scramble;
  std::optional<Packet> ok = client->Login(o);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first(), 0x00) << ParseErr(*ok).message;
  EXPECT_EQ(ok->sequence, 4);  // greeting 0, response 1, switch 2, token 3, OK 4
}

TEST_F(ProtocolEndToEndTest, UnknownInitialDatabaseIs1049) {
  auto client = TestClient::Connect(listener_->port());
  LoginOptions o;
  o.database = "nosuchdb";
  std::optional<Packet> err = client->Login(o);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).number, 1049);
  EXPECT_EQ(ParseErr(*err).message, "Unknown database 'nosuchdb'");
}

TEST_F(ProtocolEndToEndTest, QueryReturnsTextResultSetWithEof) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "SELECT 1"));
  auto rs = client->ReadResultSet(/*deprecate_eof=*/false);
  ASSERT_TRUE(rs.has_value());
  ASSERT_EQ(rs->column_defs.size(), 1u);
  ASSERT_EQ(rs->rows.size(), 1u);
  EXPECT_EQ(rs->rows[0], "\x01" "1");
  EXPECT_EQ(rs->terminator.first(), 0xFE);
  EXPECT_EQ(rs->terminator.payload.size(), 5u);  // classic EOF
  EXPECT_EQ(context_->commands().back(), "Query");
}

TEST_F(ProtocolEndToEndTest, DeprecateEofEndsRowsWithOkAndSkipsMetadataEof) {
  LoginOptions o;
  o.capabilities |= cap::kDeprecateEof;
  auto client = LoggedIn(o);
  ASSERT_TRUE(client->SendCommand(0x03, "SELECT 2"));
  auto rs = client->ReadResultSet(/*deprecate_eof=*/true);
  ASSERT_TRUE(rs.has_value());
  ASSERT_EQ(rs->rows.size(), 1u);
  EXPECT_EQ(rs->rows[0], "\x01" "2");
  EXPECT_EQ(rs->terminator.first(), 0xFE);
  EXPECT_EQ(rs->terminator.payload.size(), 7u);  // OK-as-EOF
}

TEST_F(ProtocolEndToEndTest, SqlErrorBecomesErrPacketAndConnectionContinues) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "SELEKT"));
  std::optional<Packet> err = client->ReadPacket();
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->sequence, 1);
  EXPECT_EQ(ParseErr(*err).number, 1064);
  EXPECT_EQ(ParseErr(*err).sqlstate, "42000");
  ASSERT_TRUE(client->SendCommand(0x0E));  // COM_PING
  std::optional<Packet> ok = client->ReadPacket();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first(), 0x00);
}

TEST_F(ProtocolEndToEndTest, MultiStatementResultsChainWithMoreResultsFlag) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "SELECT 1; BEGIN; SELECT 2"));
  auto first = client->ReadResultSet(false);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(EofStatus(first->terminator) & status::kMoreResultsExist);
  std::optional<Packet> begin_ok = client->ReadPacket();
  ASSERT_TRUE(begin_ok.has_value());
  EXPECT_EQ(begin_ok->first(), 0x00);
  EXPECT_TRUE(OkStatus(*begin_ok) & status::kMoreResultsExist);
  EXPECT_TRUE(OkStatus(*begin_ok) & status::kInTrans);
  auto last = client->ReadResultSet(false);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->rows.at(0), "\x01" "2");
  EXPECT_FALSE(EofStatus(last->terminator) & status::kMoreResultsExist);
  EXPECT_TRUE(EofStatus(last->terminator) & status::kInTrans);
}

TEST_F(ProtocolEndToEndTest, ErrorInMultiStatementEndsTheChain) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "SELECT 1; nonsense; SELECT 2"));
  auto first = client->ReadResultSet(false);
  ASSERT_TRUE(first.has_value());
  std::optional<Packet> err = client->ReadPacket();
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).number, 1064);
  ASSERT_TRUE(client->SendCommand(0x0E));
  EXPECT_EQ(client->ReadPacket()->first(), 0x00);  // nothing else was queued
}

TEST_F(ProtocolEndToEndTest, UnknownCommandIs1047AndConnectionStays) {
  auto client = LoggedIn();
  for (uint8_t command : {uint8_t{0x0D}, uint8_t{0x00}, uint8_t{0x1D}, uint8_t{0xEE}}) {
    ASSERT_TRUE(client->SendCommand(command));
    std::optional<Packet> err = client->ReadPacket();
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(ParseErr(*err).number, 1047) << int{command};
    EXPECT_EQ(ParseErr(*err).message, "Unknown command");
  }
  ASSERT_TRUE(client->SendCommand(0x0E));
  EXPECT_EQ(client->ReadPacket()->first(), 0x00);
}

TEST_F(ProtocolEndToEndTest, StatisticsIsATextLine) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x09));
  std::optional<Packet> line = client->ReadPacket();
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->payload.rfind("Uptime: ", 0), 0u) << line->payload;
  EXPECT_NE(line->payload.find("Threads: 1"), std::string::npos) << line->payload;
}

TEST_F(ProtocolEndToEndTest, FieldListSendsColumnDefinitionsAndEof) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x04, std::string("t") + '\0'));
  std::vector<Packet> packets;
  for (int i = 0; i < 3; ++i) packets.push_back(client->ReadPacket().value_or(Packet{}));
  WireReader def(packets[0].payload);
  EXPECT_EQ(def.ReadLenencString(), "def");
  EXPECT_NE(packets[0].payload.find("id"), std::string::npos);
  EXPECT_EQ(static_cast<uint8_t>(packets[0].payload.back()), 0xFB);  // default value: NULL
  EXPECT_EQ(packets[2].first(), 0xFE);
}

TEST_F(ProtocolEndToEndTest, ProcessKillBecomesKillQuery) {
  auto client = LoggedIn();
  WireWriter body;
  body.U32(42);
  ASSERT_TRUE(client->SendCommand(0x0C, body.buffer()));
  EXPECT_EQ(client->ReadPacket()->first(), 0x00);
  ASSERT_EQ(context_->kills().size(), 1u);
  EXPECT_EQ(context_->kills()[0], "KILL 42");
}

TEST_F(ProtocolEndToEndTest, KilledConnectionClosesAfterReply) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "KILL_ME"));
  EXPECT_EQ(client->ReadPacket()->first(), 0x00);
  EXPECT_TRUE(client->WaitForClose());
  EXPECT_TRUE(context_->WaitForSessionCount(0));
}

TEST_F(ProtocolEndToEndTest, VanishedClientsSessionIsDestroyed) {
  auto client = LoggedIn();
  ASSERT_TRUE(context_->WaitForSessionCount(1));
  client.reset();
  EXPECT_TRUE(context_->WaitForSessionCount(0));
}

TEST_F(ProtocolEndToEndTest, PrepareReportsParamsAndColumns) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x16, "SELECT ?, ?"));
  std::optional<Packet> ok = client->ReadPacket();
  ASSERT_TRUE(ok.has_value());
  WireReader r(ok->payload);
  EXPECT_EQ(r.ReadU8(), 0x00);
  EXPECT_EQ(r.ReadU32(), 1u);  // statement id
  EXPECT_EQ(r.ReadU16(), 2);   // columns
  EXPECT_EQ(r.ReadU16(), 2);   // params
  // 2 param defs + EOF, 2 column defs + EOF.
  for (int i = 0; i < 6; ++i) {
    std::optional<Packet> p = client->ReadPacket();
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->first() == 0xFE, i == 2 || i == 5) << i;
  }
}

TEST_F(ProtocolEndToEndTest, ExecuteDecodesParamsAndSendsBinaryRows) {
  LoginOptions o;
  o.capabilities |= cap::kDeprecateEof;
  auto client = LoggedIn(o);
  ASSERT_TRUE(client->SendCommand(0x16, "SELECT ?, ?"));
  ASSERT_TRUE(client->ReadPacket().has_value());  // OK
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(client->ReadPacket().has_value());  // no EOFs
  WireWriter exec;
  exec.U32(1);
  exec.U8(0);
  exec.U32(1);
  exec.U8(0);  // null bitmap
  exec.U8(1);  // new params bound
  exec.U8(field_type::kLongLong);
  exec.U8(0);
  exec.U8(field_type::kVarString);
  exec.U8(0);
  exec.U64(static_cast<uint64_t>(-7));
  exec.LenencString("hi");
  ASSERT_TRUE(client->SendCommand(0x17, exec.buffer()));
  auto rs = client->ReadResultSet(true);
  ASSERT_TRUE(rs.has_value());
  ASSERT_EQ(rs->rows.size(), 1u);
  EXPECT_EQ(rs->rows[0], std::string("\x00\x00", 2) + "\xf9\xff\xff\xff\xff\xff\xff\xff" "\x02hi");

  // Second execution reuses the bound types; parameter 1 is NULL.
  WireWriter again;
  again.U32(1);
  again.U8(0);
  again.U32(1);
  again.U8(0x02);
  again.U8(0);
  again.U64(5);
  ASSERT_TRUE(client->SendCommand(0x17, again.buffer()));
  rs = client->ReadResultSet(true);
  ASSERT_TRUE(rs.has_value());
  ASSERT_EQ(rs->rows.size(), 1u);
  // NULL bitmap: column 1 → bit 3.
  EXPECT_EQ(rs->rows[0], std::string("\x00\x08", 2) + std::string("\x05\0\0\0\0\0\0\0", 8));
}

TEST_F(ProtocolEndToEndTest, LongDataFeedsTheParameter) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x16, "SELECT ?"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client->ReadPacket().has_value());
  for (const char* chunk : {"abc", "def"}) {
    WireWriter data;
    data.U32(1);
    data.U16(0);
    data.Bytes(chunk);
    ASSERT_TRUE(client->SendCommand(0x18, data.buffer()));  // no reply
  }
  WireWriter exec;
  exec.U32(1);
  exec.U8(0);
  exec.U32(1);
  exec.U8(0);
  exec.U8(1);
  exec.U8(field_type::kBlob);
  exec.U8(0);
  ASSERT_TRUE(client->SendCommand(0x17, exec.buffer()));
  auto rs = client->ReadResultSet(false);
  ASSERT_TRUE(rs.has_value());
  ASSERT_EQ(rs->rows.size(), 1u);
  EXPECT_EQ(rs->rows[0], std::string("\x00\x00", 2) + "\x06" "abcdef");
}

TEST_F(ProtocolEndToEndTest, ExecuteUnknownStatementIs1243) {
  auto client = LoggedIn();
  WireWriter exec;
  exec.U32(99);
  exec.U8(0);
  exec.U32(1);
  ASSERT_TRUE(client->SendCommand(0x17, exec.buffer()));
  ErrFields e = ParseErr(client->ReadPacket().value());
  EXPECT_EQ(e.number, 1243);
  EXPECT_EQ(e.message, "Unknown prepared statement handler (99) given to mysqld_stmt_execute");
}

TEST_F(ProtocolEndToEndTest, FetchWithoutCursorIs1421AndCloseHasNoReply) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x16, "SELECT 1"));
  ASSERT_TRUE(client->ReadPacket().has_value());
  WireWriter fetch;
  fetch.U32(1);
  fetch.U32(10);
  ASSERT_TRUE(client->SendCommand(0x1C, fetch.buffer()));
  EXPECT_EQ(ParseErr(client->ReadPacket().value()).number, 1421);
  WireWriter close;
  close.U32(1);
  ASSERT_TRUE(client->SendCommand(0x19, close.buffer()));
  ASSERT_TRUE(client->SendCommand(0x1A, close.buffer()));  // COM_STMT_RESET on the closed id
  EXPECT_EQ(ParseErr(client->ReadPacket().value()).number, 1243);
}

TEST_F(ProtocolEndToEndTest, ResetConnectionForgetsPreparedStatements) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x16, "SELECT 1"));
  ASSERT_TRUE(client->ReadPacket().has_value());
  ASSERT_TRUE(client->SendCommand(0x1F));
  EXPECT_EQ(client->ReadPacket()->first(), 0x00);
  EXPECT_EQ(context_->reset_connection_calls(), 1);
  WireWriter reset;
  reset.U32(1);
  ASSERT_TRUE(client->SendCommand(0x1A, reset.buffer()));
  EXPECT_EQ(ParseErr(client->ReadPacket().value()).number, 1243);
}

TEST_F(ProtocolEndToEndTest, ChangeUserStartsANewSession) {
  auto client = LoggedIn();
  WireWriter body;
  body.NulString("user");
  const std::string token = NativePasswordToken("pw", client->scramble());
  body.U8(static_cast<uint8_t>(token.size()));
  body.Bytes(token);
  body.NulString("");
  body.U16(45);
  body.NulString("mysql_native_password");
  ASSERT_TRUE(client->SendCommand(0x11, body.buffer()));
  std::optional<Packet> ok = client->ReadPacket();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->first(), 0x00) << ParseErr(*ok).message;
  EXPECT_EQ(context_->connections().back().user, "user");
  EXPECT_TRUE(context_->WaitForSessionCount(1));
}

TEST_F(ProtocolEndToEndTest, OversizePacketIs1153ThenClose) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendCommand(0x03, "SELECT '" + std::string(70 * 1024, 'x') + "'"));
  std::optional<Packet> err = client->ReadPacket();
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).number, 1153);
  EXPECT_EQ(ParseErr(*err).message, "Got a packet bigger than 'max_allowed_packet' bytes");
  EXPECT_TRUE(client->WaitForClose());
}

TEST_F(ProtocolEndToEndTest, GarbageHandshakeIsRejectedWhileOthersKeepWorking) {
  auto good = LoggedIn();
  auto bad = TestClient::Connect(listener_->port());
  ASSERT_TRUE(bad->ReadPacket().has_value());
  ASSERT_TRUE(bad->SendPacket("\x01\x02garbage", 1));
  std::optional<Packet> err = bad->ReadPacket();
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).number, 1043);
  EXPECT_TRUE(bad->WaitForClose());

  auto raw = TestClient::Connect(listener_->port());
  ASSERT_TRUE(raw->ReadPacket().has_value());
  ASSERT_TRUE(raw->SendRaw("\xff\xff\xff\x01 nonsense that is not a packet"));
  EXPECT_TRUE(raw->WaitForClose());  // sequence 1 is right, but 16 MiB > max_allowed_packet

  ASSERT_TRUE(good->SendCommand(0x03, "SELECT 1"));
  auto rs = good->ReadResultSet(false);
  ASSERT_TRUE(rs.has_value());
  EXPECT_EQ(rs->rows.size(), 1u);
}

TEST_F(ProtocolEndToEndTest, OutOfOrderSequenceIs1156) {
  auto client = LoggedIn();
  ASSERT_TRUE(client->SendPacket("\x0e", 3));
  EXPECT_EQ(ParseErr(client->ReadPacket().value()).number, 1156);
  EXPECT_TRUE(client->WaitForClose());
}

TEST_F(ProtocolEndToEndTest, MaxConnectionsRefusesOrdinaryUsersButAdmitsOneSuper) {
  // max_connections is 3 in this fixture.
  LoginOptions user;
  user.user = "user";
  user.password = "pw";
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(LoggedIn(user));
  auto extra = TestClient::Connect(listener_->port());
  std::optional<Packet> err = extra->Login(user);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(ParseErr(*err).number, 1040);
  EXPECT_EQ(ParseErr(*err).message, "Too many connections");
  EXPECT_TRUE(extra->WaitForClose());
  auto super = LoggedIn();  // root: the reserved extra connection
  ASSERT_NE(super, nullptr);
  // Beyond max_connections + 1 even the greeting is an ERR.
  auto refused = TestClient::Connect(listener_->port());
  std::optional<Packet> first = refused->ReadPacket();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(ParseErr(*first).number, 1040);
}

TEST_F(ProtocolEndToEndTest, StopClosesIdleConnectionsAndDestroysSessions) {
  auto client = LoggedIn();
  ASSERT_TRUE(context_->WaitForSessionCount(1));
  listener_->Stop();
  EXPECT_TRUE(client->WaitForClose());
  // TearDown joins the runner and checks that no session is left.
}

}  // namespace
}  // namespace server
