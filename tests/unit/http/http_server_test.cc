// HttpServer over real loopback sockets: one request per connection, errors from the parser
// answered, a client that stops mid-request answered with 408, a silent one dropped.
#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "fake_backend.h"

namespace server::http {
namespace {

class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(std::string_view data) {
    ASSERT_EQ(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(data.size()));
  }
  // Everything until the server closes.
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, &backend_);
    std::string error;
    ASSERT_TRUE(server_->Listen(&error)) << error;
    ASSERT_GT(server_->port(), 0);
    server_->Start();
  }

  testing::FakeBackend backend_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesMetricsAndCloses) {
  Start();
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  c.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string reply = c.ReadAll();
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(reply.find("mdld_up 1\n"), std::string::npos);
}

TEST_F(HttpServerTest, RequestSentInPiecesIsServed) {
  Start();
  Client c(server_->port());
  c.Send("GET /api/wait");
  c.Send("-graph HTTP/1.1\r\nHo");
  c.Send("st: x\r\n\r\n");
  EXPECT_EQ(c.ReadAll().rfind("HTTP/1.1 401 Unauthorized\r\n", 0), 0u);
}

TEST_F(HttpServerTest, ParserErrorsAreAnswered) {
  HttpServerOptions options;
  options.limits.max_head_bytes = 512;
  Start(options);
  {
    Client c(server_->port());
    c.Send("GET / HTTP/1.1\r\nX: " + std::string(1000, 'a'));
    EXPECT_EQ(c.ReadAll().rfind("HTTP/1.1 431 ", 0), 0u);
  }
  {
    Client c(server_->port());
    c.Send("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
    EXPECT_EQ(c.ReadAll().rfind("HTTP/1.1 413 ", 0), 0u);
  }
  {
    Client c(server_->port());
    c.Send("PUT /metrics HTTP/1.1\r\n\r\n");
    EXPECT_EQ(c.ReadAll().rfind("HTTP/1.1 405 ", 0), 0u);
  }
}

TEST_F(HttpServerTest, RefusedBodyDoesNotTurnTheResponseIntoAReset) {
  Start();
  Client c(server_->port());
  // The server answers 413 after the head and must not close with the body unread (RST).
  c.Send("GET / HTTP/1.1\r\nContent-Length: 30000\r\n\r\n" + std::string(30000, 'b'));
  EXPECT_EQ(c.ReadAll().rfind("HTTP/1.1 413 ", 0), 0u);
}

TEST_F(HttpServerTest, SlowClientGets408AndSilentClientIsDropped) {
  HttpServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  Start(options);
  Client slow(server_->port());
  slow.Send("GET /metrics HTTP/1.1\r\n");
  EXPECT_EQ(slow.ReadAll().rfind("HTTP/1.1 408 ", 0), 0u);
  Client silent(server_->port());
  EXPECT_EQ(silent.ReadAll(), "");
}

TEST_F(HttpServerTest, StopWithIdleConnectionsReturns) {
  Start();
  Client idle1(server_->port());
  Client idle2(server_->port());
  server_->Stop();
  server_->Stop();  // idempotent
  SUCCEED();
}

}  // namespace
}  // namespace server::http
