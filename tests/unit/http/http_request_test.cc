#include "server/http/http_request.h"

#include <gtest/gtest.h>

#include <string>

namespace server::http {
namespace {

using State = ParseResult::State;

ParseResult Parse(std::string_view data, Request* request = nullptr,
                  const RequestLimits& limits = {}) {
  Request ignored;
  return ParseRequest(data, limits, request != nullptr ? request : &ignored);
}

TEST(HttpRequestTest, ParsesRequestLineTargetAndHeaders) {
  Request r;
  const std::string data =
      "GET /api/wait-graph?x=1&y=2 HTTP/1.1\r\nHost: localhost:8080\r\n"
      "Authorization:   Basic cm9vdDo=  \r\nAccept: */*\r\n\r\nleftover";
  ParseResult p = Parse(data, &r);
  ASSERT_EQ(p.state, State::kComplete) << p.reason;
  EXPECT_EQ(p.consumed, data.size() - std::string("leftover").size());
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/api/wait-graph?x=1&y=2");
  EXPECT_EQ(r.path, "/api/wait-graph");
  EXPECT_EQ(r.query, "x=1&y=2");
  EXPECT_EQ(r.version_minor, 1);
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.Header("authorization"), "Basic cm9vdDo=");
  EXPECT_EQ(r.Header("HOST"), "localhost:8080");
  EXPECT_EQ(r.Header("Cookie"), std::nullopt);
}

TEST(HttpRequestTest, AcceptsBareLineFeedsHttp10AndLeadingEmptyLine) {
  Request r;
  ASSERT_EQ(Parse("\r\nGET / HTTP/1.0\nHost: a\n\n", &r).state, State::kComplete);
  EXPECT_EQ(r.version_minor, 0);
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.query, "");
}

TEST(HttpRequestTest, IncompleteUntilTheEmptyLine) {
  const std::string full = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
  for (size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(Parse(full.substr(0, n)).state, State::kIncomplete) << n;
  }
  EXPECT_EQ(Parse(full).state, State::kComplete);
}

TEST(HttpRequestTest, OtherMethodsParseTheRouterRefusesThem) {
  Request r;
  ASSERT_EQ(Parse("DELETE / HTTP/1.1\r\n\r\n", &r).state, State::kComplete);
  EXPECT_EQ(r.method, "DELETE");
}

TEST(HttpRequestTest, MalformedRequestLinesAre400) {
  for (const char* bad :
       {"GET\r\n\r\n", "GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n", "GET http://x/ HTTP/1.1\r\n\r\n", "GET * HTTP/1.1\r\n\r\n",
        "GET /a\x01 HTTP/1.1\r\n\r\n", "GET /#frag HTTP/1.1\r\n\r\n", "GET / HTTX/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n"}) {
    ParseResult p = Parse(bad);
    EXPECT_EQ(p.state, State::kError) << bad;
    EXPECT_EQ(p.status, 400) << bad;
  }
}

TEST(HttpRequestTest, UnsupportedVersionIs505) {
  EXPECT_EQ(Parse("GET / HTTP/2.0\r\n\r\n").status, 505);
  EXPECT_EQ(Parse("GET / HTTP/1.2\r\n\r\n").status, 505);
}

TEST(HttpRequestTest, MalformedHeaderFieldsAre400) {
  for (const char* bad :
       {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nName : x\r\n\r\n", "GET / HTTP/1.1\r\n: x\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nA: b\x01\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n"}) {
    ParseResult p = Parse(bad);
    EXPECT_EQ(p.state, State::kError) << bad;
    EXPECT_EQ(p.status, 400) << bad;
  }
}

TEST(HttpRequestTest, BodiesAre413ButAnEmptyOneIsFine) {
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").status, 413);
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").status, 413);
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").state, State::kComplete);
}

TEST(HttpRequestTest, LongRequestLineIs414EvenBeforeItEnds) {
  RequestLimits limits;
  limits.max_request_line = 64;
  const std::string target(100, 'a');
  EXPECT_EQ(Parse("GET /" + target + " HTTP/1.1\r\n\r\n", nullptr, limits).status, 414);
  EXPECT_EQ(Parse("GET /" + target, nullptr, limits).status, 414);
  EXPECT_EQ(Parse("GET /" + target.substr(0, 40) + " HTTP/1.1\r\n\r\n", nullptr, limits).state,
            State::kComplete);
}

TEST(HttpRequestTest, LargeHeadIs431EvenBeforeItEnds) {
  RequestLimits limits;
  limits.max_head_bytes = 200;
  const std::string big = "GET / HTTP/1.1\r\nX-Big: " + std::string(300, 'v');
  EXPECT_EQ(Parse(big, nullptr, limits).status, 431);
  EXPECT_EQ(Parse(big + "\r\n\r\n", nullptr, limits).status, 431);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 40; ++i) many += "A: b\r\n";
  EXPECT_EQ(Parse(many, nullptr, limits).status, 431);
}

TEST(HttpRequestTest, TooManyHeaderFieldsIs431) {
  RequestLimits limits;
  limits.max_headers = 3;
  std::string head = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 3; ++i) head += "A: b\r\n";
  EXPECT_EQ(Parse(head + "\r\n", nullptr, limits).state, State::kComplete);
  EXPECT_EQ(Parse(head + "A: b\r\n\r\n", nullptr, limits).status, 431);
}

TEST(HttpRequestTest, EqualsIgnoreCaseComparesAsciiOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Length", "content-LENGTH"));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Length", "Content-Lengt"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
}

}  // namespace
}  // namespace server::http
