#include "server/http/basic_auth.h"

#include <gtest/gtest.h>

#include "server/native_password.h"

namespace server::http {
namespace {

TEST(BasicAuthTest, DecodesBase64WithAndWithoutPadding) {
  EXPECT_EQ(DecodeBase64(""), "");
  EXPECT_EQ(DecodeBase64("Zg=="), "f");
  EXPECT_EQ(DecodeBase64("Zm8="), "fo");
  EXPECT_EQ(DecodeBase64("Zm9v"), "foo");
  EXPECT_EQ(DecodeBase64("cm9vdDpzM2NyZXQ="), "root:s3cret");
  EXPECT_EQ(DecodeBase64("+/+/"), std::string("\xfb\xff\xbf"));
}

TEST(BasicAuthTest, RejectsMalformedBase64) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zg==Zg==", "Zm9v!", "Zm=v", "=Zm9"}) {
    EXPECT_EQ(DecodeBase64(bad), std::nullopt) << bad;
  }
}

TEST(BasicAuthTest, ParsesBasicCredentials) {
  auto c = ParseBasicAuthorization("Basic cm9vdDpzM2NyZXQ6d2l0aDpjb2xvbnM=");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "root");
  EXPECT_EQ(c->password, "s3cret:with:colons");  // the first ':' separates (RFC 7617)
  auto empty = ParseBasicAuthorization("basic cm9vdDo=");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->user, "root");
  EXPECT_EQ(empty->password, "");
}

TEST(BasicAuthTest, RejectsOtherSchemesAndMalformedValues) {
  EXPECT_EQ(ParseBasicAuthorization("Bearer abc"), std::nullopt);
  EXPECT_EQ(ParseBasicAuthorization("Basic"), std::nullopt);
  EXPECT_EQ(ParseBasicAuthorization("Basic !!!!"), std::nullopt);
  EXPECT_EQ(ParseBasicAuthorization("Basic cm9vdA=="), std::nullopt);  // "root": no colon
}

TEST(BasicAuthTest, ChecksThePasswordAgainstTheDoubleSha1Hash) {
  const HttpAccount admin{NativePasswordHash("pw"), true};
  EXPECT_EQ(CheckCredentials(admin, "pw", false), AuthDecision::kAllowed);
  EXPECT_EQ(CheckCredentials(admin, "pw", true), AuthDecision::kAllowed);
  EXPECT_EQ(CheckCredentials(admin, "pW", true), AuthDecision::kUnauthenticated);
  EXPECT_EQ(CheckCredentials(admin, "", true), AuthDecision::kUnauthenticated);
  EXPECT_EQ(CheckCredentials(std::nullopt, "pw", true), AuthDecision::kUnauthenticated);
}

TEST(BasicAuthTest, WithoutProcessTheRightPasswordIsForbiddenTheWrongOneUnauthenticated) {
  const HttpAccount app{NativePasswordHash("app"), false};
  EXPECT_EQ(CheckCredentials(app, "app", true), AuthDecision::kForbidden);
  EXPECT_EQ(CheckCredentials(app, "nope", true), AuthDecision::kUnauthenticated);
}

TEST(BasicAuthTest, AnAccountWithoutPasswordIsAcceptedOnlyFromLoopback) {
  const HttpAccount root{"", true};
  EXPECT_EQ(CheckCredentials(root, "", true), AuthDecision::kAllowed);
  EXPECT_EQ(CheckCredentials(root, "", false), AuthDecision::kUnauthenticated);
  EXPECT_EQ(CheckCredentials(root, "x", true), AuthDecision::kUnauthenticated);
}

}  // namespace
}  // namespace server::http

namespace server::http {
namespace {

TEST(BasicAuthTest, LoopbackHostNames) {
  for (const char* host : {"localhost", "LOCALHOST:8080", "localhost.", "app.localhost:1",
                           "127.0.0.1", "127.0.0.1:8080", "127.1.2.3", "[::1]", "[::1]:8080"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  EXPECT_TRUE(IsLoopbackHost(std::nullopt));
  for (const char* host : {"", "evil.example", "evil.example:8080", "localhost.evil.example",
                           "127.0.0.1.evil.example", "127.0.0.1evil", "127.0.0", "127.0.0.1.1",
                           "127.0.0.1000", "10.0.0.1", "[::2]", "[::1", "[::1]x", "0.0.0.0"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace server::http
