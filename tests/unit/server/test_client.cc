#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/native_password.h"
#include "server/protocol_constants.h"
#include "server/wire_codec.h"

namespace server::testing {

constexpr int kDeadlineMs = 10'000;

LoginOptions::LoginOptions()
    : capabilities(cap::kProtocol41 | cap::kSecureConnection | cap::kPluginAuth |
                   cap::kPluginAuthLenencClientData | cap::kConnectWithDb |
                   cap::kMultiStatements | cap::kMultiResults | cap::kLongPassword |
                   cap::kTransactions) {}

TestClient::~TestClient() { ::close(fd_); }

std::unique_ptr<TestClient> TestClient::Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<TestClient>(new TestClient(fd));
}

bool TestClient::SendRaw(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool TestClient::SendPacket(const std::string& payload, uint8_t sequence) {
  WireWriter w;
  w.U24(static_cast<uint32_t>(payload.size()));
  w.U8(sequence);
  w.Bytes(payload);
  return SendRaw(w.buffer());
}

bool TestClient::ReadExact(char* dst, size_t n) {
  while (n > 0) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kDeadlineMs) <= 0) return false;
    ssize_t r = ::recv(fd_, dst, n, 0);
    if (r <= 0) return false;
    dst += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

std::optional<Packet> TestClient::ReadPacket() {
  unsigned char header[4];
  if (!ReadExact(reinterpret_cast<char*>(header), 4)) return std::nullopt;
  Packet p;
  p.sequence = header[3];
  p.payload.resize(header[0] | (header[1] << 8) | (header[2] << 16));
  if (!ReadExact(p.payload.data(), p.payload.size())) return std::nullopt;
  return p;
}

bool TestClient::WaitForClose() {
  char buf[256];
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kDeadlineMs) <= 0) return false;
    ssize_t r = ::recv(fd_, buf, sizeof(buf), 0);
    if (r <= 0) return true;
  }
}

std::string HandshakeResponsePayload(const LoginOptions& o, const std::string& token) {
  WireWriter w;
  w.U32(o.capabilities);
  w.U32(1 << 24);
  w.U8(45);
  w.Zeros(23);
  w.NulString(o.user);
  w.LenencString(token);
  if (o.capabilities & cap::kConnectWithDb) w.NulString(o.database);
  if (o.capabilities & cap::kPluginAuth) w.NulString(o.plugin);
  return std::move(w.buffer());
}

std::optional<Packet> TestClient::Login(const LoginOptions& o, Packet* greeting) {
  std::optional<Packet> hello = ReadPacket();
  if (!hello) return std::nullopt;
  if (greeting) *greeting = *hello;
  if (hello->first() != 10) return hello;  // an ERR instead of a greeting
  WireReader r(hello->payload);
  r.ReadU8();
  r.ReadNulString();
  r.ReadU32();
  std::string scramble(*r.ReadBytes(8));
  r.Skip(1 + 2 + 1 + 2 + 2 + 1 + 10);
  scramble += std::string(*r.ReadBytes(12));
  scramble_ = scramble;
  // A client speaking another plugin sends that plugin's answer; the server must switch it.
  const std::string token = o.plugin == "mysql_native_password"
                                ? NativePasswordToken(o.password, scramble)
                                : std::string(32, 'z');
  if (!SendPacket(HandshakeResponsePayload(o, token), 1)) return std::nullopt;
  std::optional<Packet> answer = ReadPacket();
  if (!answer || answer->first() != 0xFE) return answer;
  // AuthSwitchRequest: plugin name, then the new scramble and a NUL.
  WireReader sw(answer->payload);
  sw.ReadU8();
  if (sw.ReadNulString() != "mysql_native_password") return answer;
  std::string fresh(*sw.ReadBytes(20));
  scramble_ = fresh;
  if (!SendPacket(NativePasswordToken(o.password, fresh), static_cast<uint8_t>(answer->sequence + 1))) {
    return std::nullopt;
  }
  return ReadPacket();
}

std::optional<ResultSet> TestClient::ReadResultSet(bool deprecate_eof) {
  std::optional<Packet> first = ReadPacket();
  if (!first) return std::nullopt;
  ResultSet rs;
  if (first->first() == 0x00 || first->first() == 0xFF) {
    rs.terminator = *first;
    return rs;
  }
  WireReader r(first->payload);
  std::optional<uint64_t> count = r.ReadLenencInt();
  if (!count) return std::nullopt;
  for (uint64_t i = 0; i < *count; ++i) {
    std::optional<Packet> def = ReadPacket();
    if (!def) return std::nullopt;
    rs.column_defs.push_back(def->payload);
  }
  if (!deprecate_eof) {
    std::optional<Packet> eof = ReadPacket();
    if (!eof || eof->first() != 0xFE) return std::nullopt;
  }
  for (;;) {
    std::optional<Packet> row = ReadPacket();
    if (!row) return std::nullopt;
    if ((row->first() == 0xFE && row->payload.size() < 9) || row->first() == 0xFF) {
      rs.terminator = *row;
      return rs;
    }
    rs.rows.push_back(row->payload);
  }
}

}  // namespace server::testing
