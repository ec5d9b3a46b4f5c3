#include "server/handshake.h"

#include "server/native_password.h"
#include "server/protocol_constants.h"
#include "server/wire_codec.h"

namespace server {

std::string HandshakeV10Packet(const HandshakeParams& p) {
  WireWriter w;
  w.U8(10);
  w.NulString(kServerVersion);
  w.U32(p.connection_id);
  w.Bytes(std::string_view(p.scramble).substr(0, 8));
  w.U8(0);
  w.U16(static_cast<uint16_t>(p.capabilities & 0xFFFF));
  w.U8(p.charset);
  w.U16(p.status_flags);
  w.U16(static_cast<uint16_t>(p.capabilities >> 16));
  w.U8(static_cast<uint8_t>(p.scramble.size() + 1));  // auth-plugin-data length incl. NUL
  w.Zeros(10);
  // Part 2: the remaining 12 bytes plus a NUL terminator (at least 13 bytes in all).
  w.Bytes(std::string_view(p.scramble).substr(8));
  w.U8(0);
  w.NulString(kNativePasswordPlugin);
  return std::move(w.buffer());
}

std::optional<HandshakeResponse> ParseHandshakeResponse(std::string_view payload) {
  WireReader r(payload);
  HandshakeResponse resp;
  auto caps = r.ReadU32();
  auto max_packet = r.ReadU32();
  auto charset = r.ReadU8();
  if (!caps || !max_packet || !charset || !r.Skip(23)) return std::nullopt;
  resp.capabilities = *caps;
  resp.max_packet_size = *max_packet;
  resp.charset = *charset;
  if (!(resp.capabilities & cap::kProtocol41)) return std::nullopt;
  if (r.empty() && (resp.capabilities & cap::kSsl)) {
    resp.ssl_request = true;
    return resp;
  }
  auto user = r.ReadNulString();
  if (!user) return std::nullopt;
  resp.user = std::string(*user);

  if (resp.capabilities & cap::kPluginAuthLenencClientData) {
    auto auth = r.ReadLenencString();
    if (!auth) return std::nullopt;
    resp.auth_response = std::string(*auth);
  } else if (resp.capabilities & cap::kSecureConnection) {
    auto len = r.ReadU8();
    if (!len) return std::nullopt;
    auto auth = r.ReadBytes(*len);
    if (!auth) return std::nullopt;
    resp.auth_response = std::string(*auth);
  } else {
    resp.auth_response = std::string(r.ReadNulStringOrRest());
  }

  // Trailing fields: some clients omit the final NUL, so accept the rest of the packet.
  if ((resp.capabilities & cap::kConnectWithDb) && !r.empty()) {
    resp.database = std::string(r.ReadNulStringOrRest());
  }
  if ((resp.capabilities & cap::kPluginAuth) && !r.empty()) {
    resp.auth_plugin = std::string(r.ReadNulStringOrRest());
  }
  if ((resp.capabilities & cap::kConnectAttrs) && !r.empty()) {
    auto total = r.ReadLenencInt();
    if (!total || *total > r.remaining()) return std::nullopt;
    auto block = r.ReadBytes(static_cast<size_t>(*total));
    WireReader attrs(*block);
    while (!attrs.empty()) {
      auto key = attrs.ReadLenencString();
      auto value = attrs.ReadLenencString();
      if (!key || !value) return std::nullopt;
      resp.attributes.emplace_back(std::string(*key), std::string(*value));
    }
  }
  if (!r.ok()) return std::nullopt;
  return resp;
}

std::string AuthSwitchRequestPacket(std::string_view plugin, std::string_view scramble) {
  WireWriter w;
  w.U8(0xFE);
  w.NulString(plugin);
  w.Bytes(scramble);
  w.U8(0);
  return std::move(w.buffer());
}

std::optional<ChangeUserRequest> ParseChangeUser(std::string_view body, uint32_t capabilities) {
  WireReader r(body);
  ChangeUserRequest req;
  auto user = r.ReadNulString();
  if (!user) return std::nullopt;
  req.user = std::string(*user);
  if (capabilities & cap::kSecureConnection) {
    auto len = r.ReadU8();
    if (!len) return std::nullopt;
    auto auth = r.ReadBytes(*len);
    if (!auth) return std::nullopt;
    req.auth_response = std::string(*auth);
  } else {
    req.auth_response = std::string(r.ReadNulStringOrRest());
  }
  if (r.empty()) return req;
  req.database = std::string(r.ReadNulStringOrRest());
  if (r.remaining() >= 2) req.charset = *r.ReadU16();
  if ((capabilities & cap::kPluginAuth) && !r.empty()) {
    req.auth_plugin = std::string(r.ReadNulStringOrRest());
  }
  // Connection attributes may follow; they are informational and ignored here.
  return req;
}

}  // namespace server
