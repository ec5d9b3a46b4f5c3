#include "server/http/http_response.h"

#include <gtest/gtest.h>

namespace server::http {
namespace {

TEST(HttpResponseTest, SerializesStatusHeadersAndBody) {
  Response r = TextResponse(401, "no");
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"mdld\"");
  EXPECT_EQ(Serialize(r),
            "HTTP/1.1 401 Unauthorized\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 3\r\n"
            "Connection: close\r\n"
            "Cache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "WWW-Authenticate: Basic realm=\"mdld\"\r\n"
            "\r\n"
            "no\n");
}

TEST(HttpResponseTest, ReasonPhrases) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(405), "Method Not Allowed");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(299), "");
}

}  // namespace
}  // namespace server::http
