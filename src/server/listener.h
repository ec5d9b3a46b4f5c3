// The server's front door: TCP (and optionally unix-socket) listeners, one thread per
// connection, the pre-handshake connection limit, and orderly shutdown.
//
// Lifecycle: Listen() binds; Run() accepts until Stop(); then Run() shuts down every client
// socket (their threads see EOF, destroy their sessions, and exit), joins all connection
// threads and returns. ServerContext::Shutdown() is the caller's job after Run() returns.
//
// Thread safety: Listen() and Run() are called from one thread; Stop() from any thread
// (but not from a signal handler: use a signal-waiting thread).
#ifndef SERVER_LISTENER_H_
#define SERVER_LISTENER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "server/packet_channel.h"
#include "server/server_context.h"
#include "server/server_stats.h"

namespace server {

class Listener {
 public:
  // `context` must outlive the Listener. Binding uses context->options() (bind_address,
  // port, socket, max_connections).
  explicit Listener(ServerContext* context, ChannelTimeouts timeouts = {});
  ~Listener();  // stops and joins if Run() was not completed
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Binds and listens. Returns false with *error set on failure.
  bool Listen(std::string* error);
  // The TCP port actually bound (the chosen one when options().port is 0).
  int port() const { return port_; }

  void Run() MDL_EXCLUDES(mu_);
  void Stop();

  // Connection threads currently alive (for tests and COM_STATISTICS).
  size_t connection_count() const MDL_EXCLUDES(mu_);

 private:
  struct Slot {
    std::thread thread;
    int fd = -1;
    bool finished = false;
  };

  void Accept(int listen_fd) MDL_EXCLUDES(mu_);
  void ServeConnection(uint64_t slot_id, int fd, std::vector<char> addr) MDL_EXCLUDES(mu_);
  void ReapFinishedLocked(std::vector<std::thread>* done) MDL_REQUIRES(mu_);

  ServerContext* const context_;
  const ChannelTimeouts timeouts_;
  ServerStats stats_;
  std::vector<int> listen_fds_;
  int port_ = 0;
  int wake_pipe_[2] = {-1, -1};  // Stop() writes a byte to [1]; Run() polls [0]

  mutable base::Mutex mu_;
  uint64_t next_slot_id_ MDL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, Slot> slots_ MDL_GUARDED_BY(mu_);  // finished ones await a join
  size_t active_ MDL_GUARDED_BY(mu_) = 0;                // slots not yet finished
  bool stopping_ MDL_GUARDED_BY(mu_) = false;
};

}  // namespace server

#endif  // SERVER_LISTENER_H_
