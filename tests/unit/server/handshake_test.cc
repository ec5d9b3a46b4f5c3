#include "server/handshake.h"

#include <gtest/gtest.h>

#include "server/protocol_constants.h"
#include "server/wire_codec.h"

namespace server {
namespace {

constexpr uint32_t kClientCaps = cap::kProtocol41 | cap::kSecureConnection | cap::kPluginAuth |
                                 cap::kPluginAuthLenencClientData | cap::kConnectWithDb |
                                 cap::kConnectAttrs | cap::kLongPassword;

std::string Response(uint32_t caps, bool with_attrs = true) {
  WireWriter w;
  w.U32(caps);
  w.U32(16 << 20);
  w.U8(45);
  w.Zeros(23);
  w.NulString("root");
  if (caps & cap::kPluginAuthLenencClientData) {
    w.LenencString(std::string(20, 'T'));
  } else {
    w.U8(20);
    w.Bytes(std::string(20, 'T'));
  }
  if (caps & cap::kConnectWithDb) w.NulString("shop");
  if (caps & cap::kPluginAuth) w.NulString("caching_sha2_password");
  if ((caps & cap::kConnectAttrs) && with_attrs) {
    WireWriter attrs;
    attrs.LenencString("_client_name");
    attrs.LenencString("libmariadb");
    w.LenencString(attrs.buffer());
  }
  return std::move(w.buffer());
}

TEST(HandshakeTest, V10PacketLayout) {
  HandshakeParams p;
  p.connection_id = 0x01020304;
  p.scramble = "ABCDEFGHIJKLMNOPQRST";
  p.capabilities = kServerCapabilities;
  p.charset = 45;
  p.status_flags = 2;
  std::string packet = HandshakeV10Packet(p);
  WireReader r(packet);
  EXPECT_EQ(r.ReadU8(), 10);
  EXPECT_EQ(r.ReadNulString(), "8.0.36-mdld");
  EXPECT_EQ(r.ReadU32(), 0x01020304u);
  EXPECT_EQ(r.ReadBytes(8), "ABCDEFGH");
  EXPECT_EQ(r.ReadU8(), 0);
  uint32_t caps = *r.ReadU16();
  EXPECT_EQ(r.ReadU8(), 45);
  EXPECT_EQ(r.ReadU16(), 2);
  caps |= uint32_t{*r.ReadU16()} << 16;
  EXPECT_EQ(caps, kServerCapabilities);
  EXPECT_FALSE(caps & cap::kSsl);
  EXPECT_EQ(r.ReadU8(), 21);
  EXPECT_TRUE(r.Skip(10));
  EXPECT_EQ(r.ReadBytes(13), std::string("IJKLMNOPQRST") + '\0');
  EXPECT_EQ(r.ReadNulString(), "mysql_native_password");
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeTest, ParsesFullResponse) {
  auto resp = ParseHandshakeResponse(Response(kClientCaps));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->user, "root");
  EXPECT_EQ(resp->auth_response, std::string(20, 'T'));
  EXPECT_EQ(resp->database, "shop");
  EXPECT_EQ(resp->auth_plugin, "caching_sha2_password");
  ASSERT_EQ(resp->attributes.size(), 1u);
  EXPECT_EQ(resp->attributes[0].second, "libmariadb");
  EXPECT_EQ(resp->max_packet_size, 16u << 20);
}

TEST(HandshakeTest, ParsesOneByteAuthLengthWithoutLenencCapability) {
  auto resp = ParseHandshakeResponse(Response(kClientCaps & ~cap::kPluginAuthLenencClientData));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->auth_response, std::string(20, 'T'));
  EXPECT_EQ(resp->database, "shop");
}

TEST(HandshakeTest, DatabaseAndPluginAbsentWithoutCapabilities) {
  auto resp = ParseHandshakeResponse(
      Response(cap::kProtocol41 | cap::kSecureConnection, /*with_attrs=*/false));
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->database, "");
  EXPECT_EQ(resp->auth_plugin, "");
}

TEST(HandshakeTest, EveryTruncationOfTheFixedPartOrUserIsRejected) {
  const std::string full = Response(kClientCaps);
  // Up to and including the username and the auth data, truncation must fail cleanly.
  const size_t required = 4 + 4 + 1 + 23 + 5 + 21;
  for (size_t n = 0; n < required; ++n) {
    EXPECT_FALSE(ParseHandshakeResponse(full.substr(0, n)).has_value()) << "length " << n;
  }
  // Any prefix at all must parse or fail without crashing (ASan checks the reads).
  for (size_t n = required; n < full.size(); ++n) (void)ParseHandshakeResponse(full.substr(0, n));
}

TEST(HandshakeTest, AttributesLengthBeyondPacketIsRejected) {
  std::string bad = Response(kClientCaps, /*with_attrs=*/false);
  bad += "\xfc\xff\x7f";  // claims 32767 bytes of attributes
  EXPECT_FALSE(ParseHandshakeResponse(bad).has_value());
}

TEST(HandshakeTest, Pre41ClientIsRejected) {
  EXPECT_FALSE(ParseHandshakeResponse(Response(cap::kSecureConnection)).has_value());
}

TEST(HandshakeTest, SslRequestIsRecognised) {
  WireWriter w;
  w.U32(cap::kProtocol41 | cap::kSsl);
  w.U32(0);
  w.U8(45);
  w.Zeros(23);
  auto resp = ParseHandshakeResponse(w.buffer());
  ASSERT_TRUE(resp.has_value());
  EXPECT_TRUE(resp->ssl_request);
}

TEST(HandshakeTest, AuthSwitchRequestLayout) {
  std::string p = AuthSwitchRequestPacket("mysql_native_password", std::string(20, 's'));
  EXPECT_EQ(p, std::string("\xfe") + "mysql_native_password" + '\0' + std::string(20, 's') + '\0');
}

TEST(HandshakeTest, ParsesChangeUser) {
  WireWriter w;
  w.NulString("bob");
  w.U8(20);
  w.Bytes(std::string(20, 'x'));
  w.NulString("db1");
  w.U16(45);
  w.NulString("mysql_native_password");
  auto req = ParseChangeUser(w.buffer(), cap::kSecureConnection | cap::kPluginAuth);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->user, "bob");
  EXPECT_EQ(req->auth_response, std::string(20, 'x'));
  EXPECT_EQ(req->database, "db1");
  EXPECT_EQ(req->charset, 45);
  EXPECT_EQ(req->auth_plugin, "mysql_native_password");
  EXPECT_FALSE(ParseChangeUser("bob", cap::kSecureConnection).has_value());
  EXPECT_FALSE(ParseChangeUser(std::string("bob\0\x14xx", 7), cap::kSecureConnection).has_value());
}

}  // namespace
}  // namespace server
