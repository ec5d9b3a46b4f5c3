// The connection phase: the server's Handshake v10, the client's HandshakeResponse41,
// AuthSwitchRequest and COM_CHANGE_USER.
#ifndef SERVER_HANDSHAKE_H_
#define SERVER_HANDSHAKE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace server {

struct HandshakeParams {
  uint32_t connection_id = 0;
  std::string scramble;  // 20 bytes
  uint32_t capabilities = 0;
  uint8_t charset = 0;
  uint16_t status_flags = 0;
};

// Handshake v10 payload, advertising mysql_native_password.
std::string HandshakeV10Packet(const HandshakeParams& params);

struct HandshakeResponse {
  uint32_t capabilities = 0;  // as the client sent them (not yet intersected)
  uint32_t max_packet_size = 0;
  uint8_t charset = 0;
  std::string user;
  std::string auth_response;
  std::string database;     // empty unless CLIENT_CONNECT_WITH_DB and non-empty
  std::string auth_plugin;  // empty unless CLIENT_PLUGIN_AUTH
  std::vector<std::pair<std::string, std::string>> attributes;
  bool ssl_request = false;  // the 32-byte SSLRequest prefix: the client wants TLS first
};

// Parses a HandshakeResponse41 (or an SSLRequest). Returns nullopt for a truncated or
// malformed packet, and for pre-4.1 clients (no CLIENT_PROTOCOL_41).
std::optional<HandshakeResponse> ParseHandshakeResponse(std::string_view payload);

// AuthSwitchRequest: 0xFE, plugin name, plugin data (the scramble plus a NUL as MySQL sends).
std::string AuthSwitchRequestPacket(std::string_view plugin, std::string_view scramble);

struct ChangeUserRequest {
  std::string user;
  std::string auth_response;
  std::string database;
  uint16_t charset = 0;
  std::string auth_plugin;
};

// Parses COM_CHANGE_USER after the command byte, given the negotiated capabilities.
std::optional<ChangeUserRequest> ParseChangeUser(std::string_view body, uint32_t capabilities);

}  // namespace server

#endif  // SERVER_HANDSHAKE_H_
