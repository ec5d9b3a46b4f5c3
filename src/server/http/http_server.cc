#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/http/http_response.h"
#include "server/http/http_router.h"
#include "server/peer_address.h"
#include "server/tcp_listen_socket.h"

namespace server::http {
namespace {

using Clock = std::chrono::steady_clock;

// Lingering close: how long and how much a client may still send after its response.
constexpr std::chrono::milliseconds kLingerTime{500};
constexpr size_t kMaxLingerBytes = 64 * 1024;

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

enum class Wait { kReady, kTimedOut, kStopped };

// Waits until `fd` has `events` or `deadline` passes or `stop_fd` (the stop pipe, which
// stays readable once written) wakes.
Wait WaitFor(int fd, short events, Clock::time_point deadline, int stop_fd) {
  while (true) {
    pollfd p[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    const int ms = RemainingMs(deadline);
    if (ms == 0) return Wait::kTimedOut;
    const int n = ::poll(p, 2, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || p[1].revents != 0) return Wait::kStopped;
    if (n > 0) return Wait::kReady;
  }
}

// Writes all of `data` before `deadline`. False if the peer is gone, too slow, or the server
// stops.
bool SendAll(int fd, std::string_view data, Clock::time_point deadline, int stop_fd) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (WaitFor(fd, POLLOUT, deadline, stop_fd) != Wait::kReady) return false;
      continue;
    }
    return false;
  }
  return true;
}

// Best-effort immediate answer from the accept thread (never blocks it).
void RefuseNow(int fd, int status, std::string_view text) {
  const std::string wire = Serialize(TextResponse(status, text));
  [[maybe_unused]] ssize_t n = ::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(fd);
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, const HttpBackend* backend)
    : options_(std::move(options)), backend_(backend) {}

HttpServer::~HttpServer() {
  Stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (wake_pipe_[0] >= 0) ::close(wake_pipe_[0]);
  if (wake_pipe_[1] >= 0) ::close(wake_pipe_[1]);
}

bool HttpServer::Listen(std::string* error) {
  if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  const TcpListenSocket l = ListenTcp(options_.bind_address, static_cast<uint16_t>(options_.port),
                                      64, "http-bind-address", error);
  if (l.fd < 0) {
    *error = "HTTP endpoint: " + *error;
    return false;
  }
  port_ = l.port;
  listen_fd_ = l.fd;
  return true;
}

void HttpServer::Start() {
  started_ = true;
  for (size_t i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

void HttpServer::Stop() {
  std::deque<Pending> abandoned;
  {
    base::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
    abandoned.swap(queue_);
  }
  cv_.SignalAll();
  if (wake_pipe_[1] >= 0) {
    [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], "x", 1);
  }
  for (const Pending& p : abandoned) ::close(p.fd);
  if (!started_) return;
  accept_thread_.join();
  // Workers abandon the connection in hand (their polls watch the pipe too) and see stopping_.
  for (std::thread& t : workers_) t.join();
}

void HttpServer::AcceptLoop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                             SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      // EMFILE and friends: back off briefly instead of spinning on a readable socket.
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) ::poll(nullptr, 0, 50);
      continue;
    }
    Pending p{fd, DescribePeer(reinterpret_cast<sockaddr*>(&addr), len).loopback};
    bool queued = false;
    {
      base::MutexLock lock(&mu_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      if (queue_.size() < options_.queue) {
        queue_.push_back(p);
        queued = true;
      }
    }
    if (queued) {
      cv_.Signal();
    } else {
      RefuseNow(fd, 503, "too many HTTP requests; try again");
    }
  }
}

void HttpServer::WorkerLoop() {
  while (true) {
    Pending p;
    {
      base::MutexLock lock(&mu_);
      while (!stopping_ && queue_.empty()) cv_.Wait(&mu_);
      if (stopping_) return;
      p = queue_.front();
      queue_.pop_front();
    }
    Serve(p);
    ::close(p.fd);
  }
}

void HttpServer::Serve(const Pending& connection) {
  const Clock::time_point read_deadline = Clock::now() + options_.request_timeout;
  std::string data;
  Request request;
  Response response;
  char buf[4096];
  while (true) {
    const ParseResult parsed = ParseRequest(data, options_.limits, &request);
    if (parsed.state == ParseResult::State::kComplete) {
      response = HandleRequest(request, connection.loopback, *backend_);
      break;
    }
    if (parsed.state == ParseResult::State::kError) {
      response = TextResponse(parsed.status, parsed.reason);
      break;
    }
    const ssize_t n = ::recv(connection.fd, buf, sizeof buf, 0);
    if (n > 0) {
      data.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return;  // the client went away before finishing its request
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return;
    if (const Wait w = WaitFor(connection.fd, POLLIN, read_deadline, wake_pipe_[0]);
        w != Wait::kReady) {
      // Stopping, or the client never said anything: just hang up.
      if (w == Wait::kStopped || data.empty()) return;
      response = TextResponse(408, "request not received in time");
      break;
    }
  }
  if (!SendAll(connection.fd, Serialize(response), Clock::now() + options_.send_timeout,
               wake_pipe_[0])) {
    return;
  }
  // Lingering close (as nginx does): send FIN, then read and discard what the client still
  // sends (a refused body) for a short while. Closing with unread bytes in the receive buffer
  // would send RST, and the client could lose the response it has not read yet.
  ::shutdown(connection.fd, SHUT_WR);
  const Clock::time_point linger_deadline = Clock::now() + kLingerTime;
  size_t discarded = 0;
  while (discarded < kMaxLingerBytes &&
         WaitFor(connection.fd, POLLIN, linger_deadline, wake_pipe_[0]) == Wait::kReady) {
    const ssize_t n = ::recv(connection.fd, buf, sizeof buf, 0);
    if (n <= 0 && !(n < 0 && errno == EINTR)) break;
    if (n > 0) discarded += static_cast<size_t>(n);
  }
}

}  // namespace server::http
