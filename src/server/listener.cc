#include "server/listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "server/connection.h"
#include "server/mysql_error.h"
#include "server/peer_address.h"
#include "server/response_packets.h"
#include "server/tcp_listen_socket.h"

namespace server {
namespace {

constexpr int kReapIntervalMs = 1000;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

Listener::Listener(ServerContext* context, ChannelTimeouts timeouts)
    : context_(context), timeouts_(timeouts) {}

Listener::~Listener() {
  Stop();
  {
    base::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // Run() joins all threads before returning; if it never ran there are none.
  for (int fd : listen_fds_) ::close(fd);
  if (wake_pipe_[0] >= 0) ::close(wake_pipe_[0]);
  if (wake_pipe_[1] >= 0) ::close(wake_pipe_[1]);
  const std::string& socket_path = context_->options().socket;
  if (!socket_path.empty()) ::unlink(socket_path.c_str());
}

bool Listener::Listen(std::string* error) {
  const ServerOptions& options = context_->options();
  if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    *error = Errno("pipe");
    return false;
  }
  const TcpListenSocket l =
      ListenTcp(options.bind_address, static_cast<uint16_t>(options.port), 128, "bind-address", error);
  if (l.fd < 0) return false;
  port_ = l.port;
  listen_fds_.push_back(l.fd);

  if (!options.socket.empty()) {
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    if (options.socket.size() >= sizeof(un.sun_path)) {
      *error = "socket path too long: " + options.socket;
      return false;
    }
    std::memcpy(un.sun_path, options.socket.c_str(), options.socket.size() + 1);
    ::unlink(options.socket.c_str());  // a stale socket from an unclean stop
    int ufd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ufd < 0 || ::bind(ufd, reinterpret_cast<sockaddr*>(&un), sizeof(un)) != 0 ||
        ::listen(ufd, 128) != 0) {
      *error = Errno("cannot listen on socket " + options.socket);
      if (ufd >= 0) ::close(ufd);
      return false;
    }
    listen_fds_.push_back(ufd);
  }
  return true;
}

void Listener::Stop() {
  if (wake_pipe_[1] < 0) return;
  const char byte = 1;
  // The pipe is non-blocking: a full pipe already holds a wake-up, so a failed write is fine.
  ssize_t ignored = ::write(wake_pipe_[1], &byte, 1);
  (void)ignored;
}

size_t Listener::connection_count() const {
  base::MutexLock lock(&mu_);
  return active_;
}

void Listener::ReapFinishedLocked(std::vector<std::thread>* done) {
  for (auto it = slots_.begin(); it != slots_.end();) {
    if (it->second.finished) {
      done->push_back(std::move(it->second.thread));
      it = slots_.erase(it);
    } else {
      ++it;
    }
  }
}

void Listener::Run() {
  std::vector<pollfd> fds;
  for (int fd : listen_fds_) fds.push_back(pollfd{fd, POLLIN, 0});
  fds.push_back(pollfd{wake_pipe_[0], POLLIN, 0});
  for (;;) {
    int n = ::poll(fds.data(), fds.size(), kReapIntervalMs);
    std::vector<std::thread> done;
    {
      base::MutexLock lock(&mu_);
      ReapFinishedLocked(&done);
    }
    for (std::thread& t : done) t.join();
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (fds.back().revents != 0) break;  // Stop()
    for (size_t i = 0; i + 1 < fds.size(); ++i) {
      if (fds[i].revents & POLLIN) Accept(fds[i].fd);
    }
  }

  // Shutdown. A session blocked in a metadata-lock, row-lock, SLEEP or GET_LOCK wait does not
  // read its socket: kill every session first, so that those waits end (1317) before any idle
  // lock holder wakes from a closed socket and hands its locks to a waiter (whose statement
  // would then run on during shutdown). Then wake every connection thread blocked on its
  // socket (including ones still in the handshake), kill the sessions that were created in
  // between, and wait for all threads.
  context_->KillAllSessions();
  std::map<uint64_t, Slot> remaining;
  {
    base::MutexLock lock(&mu_);
    stopping_ = true;
    for (auto& [id, slot] : slots_) {
      if (!slot.finished) ::shutdown(slot.fd, SHUT_RDWR);
    }
  }
  context_->KillAllSessions();
  for (;;) {
    std::thread t;
    {
      base::MutexLock lock(&mu_);
      if (slots_.empty()) break;
      t = std::move(slots_.begin()->second.thread);
      slots_.erase(slots_.begin());
    }
    t.join();
  }
}

void Listener::Accept(int listen_fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
  if (fd < 0) return;  // the client gave up already, or fds ran out: keep serving others
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));  // fails harmlessly on unix
  timeval send_timeout{timeouts_.write_ms / 1000, (timeouts_.write_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof(send_timeout));

  std::vector<char> addr_bytes(reinterpret_cast<char*>(&addr), reinterpret_cast<char*>(&addr) + len);
  base::MutexLock lock(&mu_);
  // Unauthenticated clients count too, so that a flood of idle sockets cannot spawn unbounded
  // threads: one slot beyond max_connections is kept for a SUPER login (see OpenSession).
  if (stopping_ || active_ >= context_->options().max_connections + 1) {
    const std::string err = ErrPacket(TooManyConnectionsError());
    std::string packet;
    packet.push_back(static_cast<char>(err.size() & 0xFF));
    packet.push_back(static_cast<char>((err.size() >> 8) & 0xFF));
    packet.push_back(static_cast<char>((err.size() >> 16) & 0xFF));
    packet.push_back(0);
    packet += err;
    ssize_t ignored = ::send(fd, packet.data(), packet.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)ignored;
    ::close(fd);
    return;
  }
  const uint64_t id = next_slot_id_++;
  Slot& slot = slots_[id];
  slot.fd = fd;
  ++active_;
  stats_.threads_connected.fetch_add(1, std::memory_order_relaxed);
  slot.thread = std::thread(&Listener::ServeConnection, this, id, fd, std::move(addr_bytes));
}

void Listener::ServeConnection(uint64_t slot_id, int fd, std::vector<char> addr) {
  PeerAddress peer = DescribePeer(reinterpret_cast<const sockaddr*>(addr.data()),
                                  static_cast<socklen_t>(addr.size()));
  {
    ConnectionEnv env{context_, &stats_, timeouts_};
    Connection connection(fd, std::move(peer), env);
    connection.Run();
  }  // the session is gone before the socket closes
  stats_.threads_connected.fetch_sub(1, std::memory_order_relaxed);
  base::MutexLock lock(&mu_);
  // Close under mu_ so that Run()'s shutdown pass never touches a reused descriptor.
  ::close(fd);
  // The shutdown pass may already have taken the slot (and is joining this thread).
  if (auto it = slots_.find(slot_id); it != slots_.end()) it->second.finished = true;
  --active_;
}

}  // namespace server
