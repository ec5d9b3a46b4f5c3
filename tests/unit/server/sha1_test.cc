#include "server/sha1.h"

#include <gtest/gtest.h>

#include <string>

#include "server/native_password.h"
#include "test_hex.h"

namespace server {
namespace {

using testing::ToHex;

std::string Hex(const Sha1Hash& h) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

TEST(Sha1Test, Fips180Vectors) {
  EXPECT_EQ(Hex(Sha1Digest("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Hex(Sha1Digest("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(Sha1Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Hex(Sha1Digest(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1Test, IncrementalUpdatesMatchOneShot) {
  Sha1 sha;
  std::string data(200, 'x');
  for (size_t i = 0; i < data.size(); i += 7) sha.Update(std::string_view(data).substr(i, 7));
  EXPECT_EQ(Hex(sha.Final()), Hex(Sha1Digest(data)));
}

TEST(NativePasswordTest, HashMatchesMysqlPasswordFunction) {
  // MySQL 5.7: SELECT PASSWORD('password') = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'.
  EXPECT_EQ(ToHex(NativePasswordHash("password")), "2470c0c06dee42fd1618bb99005adca2ec9d1e19");
  EXPECT_EQ(NativePasswordHash(""), "");
}

TEST(NativePasswordTest, TokenMatchesIndependentComputation) {
  std::string salt;
  for (int i = 1; i <= 20; ++i) salt.push_back(static_cast<char>(i));
  // Computed with Python's hashlib: SHA1(pw) XOR SHA1(salt + SHA1(SHA1(pw))).
  EXPECT_EQ(ToHex(NativePasswordToken("secret", salt)), "b32bb3a583e1340c0a1108d58b1be49781ad8c2f");
}

TEST(NativePasswordTest, VerifyAcceptsRightPasswordOnly) {
  const std::string salt = GenerateScramble();
  const std::string stored = NativePasswordHash("secret");
  EXPECT_TRUE(VerifyNativePassword(NativePasswordToken("secret", salt), salt, stored));
  EXPECT_FALSE(VerifyNativePassword(NativePasswordToken("Secret", salt), salt, stored));
  EXPECT_FALSE(VerifyNativePassword(NativePasswordToken("secret", GenerateScramble()), salt, stored));
  EXPECT_FALSE(VerifyNativePassword("", salt, stored));
  EXPECT_FALSE(VerifyNativePassword("short", salt, stored));
}

TEST(NativePasswordTest, EmptyPasswordAcceptsOnlyEmptyToken) {
  const std::string salt = GenerateScramble();
  EXPECT_TRUE(VerifyNativePassword("", salt, ""));
  EXPECT_FALSE(VerifyNativePassword(NativePasswordToken("x", salt), salt, ""));
}

TEST(NativePasswordTest, ScrambleIsTwentyPrintableSafeBytes) {
  const std::string a = GenerateScramble();
  ASSERT_EQ(a.size(), 20u);
  for (char c : a) {
    EXPECT_NE(c, '\0');
    EXPECT_NE(c, '$');
    EXPECT_EQ(static_cast<unsigned char>(c) & 0x80, 0);
  }
  EXPECT_NE(a, GenerateScramble());
}

}  // namespace
}  // namespace server
