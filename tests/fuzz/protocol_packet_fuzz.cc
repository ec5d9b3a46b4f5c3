// Fuzzes every decoder that sees client bytes: packet framing (through a socket pair), the
// HandshakeResponse41 and COM_CHANGE_USER parsers, and COM_STMT_EXECUTE parameter decoding.
// The first input byte selects the decoder; the rest is its input. None may crash, read out
// of bounds, or allocate more than max_allowed_packet.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/handshake.h"
#include "server/packet_channel.h"
#include "server/stmt_execute_request.h"
#include "server/wire_codec.h"

namespace {

void FuzzFraming(std::string_view data) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return;
  // The input fits the socket buffer for reasonable sizes; larger inputs are cut.
  std::string_view input = data.substr(0, 64 * 1024);
  ssize_t written = ::send(fds[1], input.data(), input.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  (void)written;
  ::shutdown(fds[1], SHUT_WR);
  server::ChannelTimeouts timeouts;
  timeouts.read_ms = 100;
  server::PacketChannel channel(fds[0], 1 << 20, timeouts);
  std::string payload;
  for (int i = 0; i < 64; ++i) {
    if (channel.ReadPacket(&payload, 100) != server::ReadResult::kOk) break;
  }
  ::close(fds[0]);
  ::close(fds[1]);
}

void FuzzExecute(std::string_view data) {
  if (data.size() < 3) return;
  const uint16_t param_count = static_cast<uint16_t>(static_cast<uint8_t>(data[0]) % 40);
  const bool preset_types = data[1] & 1;
  std::vector<server::ParamType> types;
  if (preset_types) types.assign(param_count, server::ParamType{static_cast<uint8_t>(data[2]), false});
  std::vector<std::optional<std::string>> long_data(param_count);
  if (param_count > 0 && (data[1] & 2)) long_data[0] = "long";
  (void)server::ParseStmtExecute(data.substr(3), param_count, &types, long_data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  switch (bytes[0] % 4) {
    case 0:
      FuzzFraming(data);
      break;
    case 1:
      (void)server::ParseHandshakeResponse(data);
      break;
    case 2:
      (void)server::ParseChangeUser(data, 0xFFFFFFFFu);
      (void)server::ParseChangeUser(data, 0);
      break;
    case 3:
      FuzzExecute(data);
      break;
  }
  return 0;
}
