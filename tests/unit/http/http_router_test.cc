#include "server/http/http_router.h"

#include <gtest/gtest.h>

#include "fake_backend.h"
#include "seed_case.h"
#include "server/native_password.h"

namespace server::http {
namespace {

using testing::FakeBackend;

// base64("root:rootpw"), base64("app:apppw"), base64("root:wrong"), base64("nobody:x"),
// base64("open:").
constexpr const char* kRootAuth = "Basic cm9vdDpyb290cHc=";
constexpr const char* kAppAuth = "Basic YXBwOmFwcHB3";
constexpr const char* kWrongAuth = "Basic cm9vdDp3cm9uZw==";
constexpr const char* kNobodyAuth = "Basic bm9ib2R5Ong=";
constexpr const char* kOpenAuth = "Basic b3Blbjo=";

class HttpRouterTest : public ::testing::Test {
 protected:
  HttpRouterTest() {
    backend_.accounts["root"] = HttpAccount{NativePasswordHash("rootpw"), true};
    backend_.accounts["app"] = HttpAccount{NativePasswordHash("apppw"), false};
    backend_.accounts["open"] = HttpAccount{"", true};
    diag::testing::SeedCase c = diag::testing::MakeSeedCase();
    backend_.sessions = c.sessions;
    backend_.locks = c.locks;
    backend_.locks.taken_at = diag::testing::Now();
  }

  Response Get(const std::string& path, const char* authorization = nullptr, bool loopback = true,
               const std::string& method = "GET") {
    Request r;
    r.method = method;
    r.target = r.path = path;
    if (authorization != nullptr) r.headers.emplace_back("Authorization", authorization);
    return HandleRequest(r, loopback, backend_);
  }

  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  FakeBackend backend_;
};

TEST_F(HttpRouterTest, MetricsNeedNoAuthenticationAndNameNoOne) {
  Response r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("mdld_metadata_lock_waits 3\n"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("sbtest2"), std::string::npos);
  EXPECT_EQ(r.body.find("localhost"), std::string::npos);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
}

TEST_F(HttpRouterTest, WaitGraphAndPageWithoutCredentialsAre401WithBasicChallenge) {
  for (const char* path : {"/api/wait-graph", "/", "/index.html", "/app.js", "/wait_graph.js"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(HeaderOf(r, "WWW-Authenticate"), "Basic realm=\"mdld\"") << path;
    EXPECT_EQ(r.body.find("sbtest2"), std::string::npos);
  }
}

TEST_F(HttpRouterTest, WrongPasswordOrUnknownUserOrOtherSchemeIs401) {
  EXPECT_EQ(Get("/api/wait-graph", kWrongAuth).status, 401);
  EXPECT_EQ(Get("/api/wait-graph", kNobodyAuth).status, 401);
  EXPECT_EQ(Get("/api/wait-graph", "Bearer xyz").status, 401);
  EXPECT_EQ(Get("/api/wait-graph", "Basic ***").status, 401);
}

TEST_F(HttpRouterTest, AccountWithoutProcessIs403) {
  Response r = Get("/api/wait-graph", kAppAuth);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("sbtest2"), std::string::npos);
}

TEST_F(HttpRouterTest, RootGetsTheWaitGraphJson) {
  Response r = Get("/api/wait-graph", kRootAuth, /*loopback=*/false);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_NE(r.body.find("\"root_blockers\":[10]"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"kill\":\"KILL 10\""), std::string::npos);
}

TEST_F(HttpRouterTest, PasswordlessAccountOnlyFromLoopback) {
  EXPECT_EQ(Get("/api/wait-graph", kOpenAuth, /*loopback=*/true).status, 200);
  EXPECT_EQ(Get("/api/wait-graph", kOpenAuth, /*loopback=*/false).status, 401);
}

TEST_F(HttpRouterTest, PasswordlessAccountNotForAPageRebindingALocalBrowser) {
  Request r;
  r.method = "GET";
  r.target = r.path = "/api/wait-graph";
  r.headers = {{"Host", "evil.example:8080"}, {"Authorization", kOpenAuth}};
  EXPECT_EQ(HandleRequest(r, /*peer_loopback=*/true, backend_).status, 401);
  r.headers[0].second = "127.0.0.1:8080";
  EXPECT_EQ(HandleRequest(r, /*peer_loopback=*/true, backend_).status, 200);
  // A password still works under any host name.
  r.headers = {{"Host", "db.example:8080"}, {"Authorization", kRootAuth}};
  EXPECT_EQ(HandleRequest(r, /*peer_loopback=*/true, backend_).status, 200);
}

TEST_F(HttpRouterTest, PageIsSelfContainedHtmlWithAStrictPolicy) {
  Response r = Get("/", kRootAuth);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<script src=\"/wait_graph.js\"></script>"), std::string::npos);
  EXPECT_EQ(r.body.find("http://"), std::string::npos);  // nothing from another origin
  EXPECT_EQ(r.body.find("https://"), std::string::npos);
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  Response js = Get("/wait_graph.js", kRootAuth);
  ASSERT_EQ(js.status, 200);
  EXPECT_NE(js.body.find("buildView"), std::string::npos);
}

TEST_F(HttpRouterTest, OtherMethodsAre405AndOtherPaths404) {
  Response r = Get("/api/wait-graph", kRootAuth, true, "POST");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET");
  EXPECT_EQ(Get("/metrics", nullptr, true, "HEAD").status, 405);
  EXPECT_EQ(Get("/nope", kRootAuth).status, 404);
  EXPECT_EQ(Get("/api/wait-graph/", kRootAuth).status, 404);
}

}  // namespace
}  // namespace server::http
