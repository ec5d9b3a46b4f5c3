// HttpServer: the listener and worker pool of mdld's diagnostics endpoint (--http-port).
//
// One accept thread and a fixed pool of worker threads. Each connection carries one request
// (Connection: close). Bounds, so that a flood of HTTP clients cannot take resources from
// MySQL clients (whose threads are the Listener's, never these):
//   - at most `workers` requests are served at once and `queue` more wait; a connection
//     beyond that gets 503 and is closed at once by the accept thread;
//   - a client has `request_timeout` in total to send its request head (a slow or silent
//     client gets 408, or is dropped) and `send_timeout` to take the response;
//   - the request head is bounded by RequestLimits (414/431).
//
// Lifecycle: Listen() binds; Start() starts the threads; Stop() (any thread, idempotent)
// stops accepting, closes queued connections, abandons those being served, and joins every
// thread. The destructor stops.
//
// Thread safety: Listen() and Start() from one thread, before Stop(); Stop() from any thread.
#ifndef SERVER_HTTP_HTTP_SERVER_H_
#define SERVER_HTTP_HTTP_SERVER_H_

#include <chrono>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "server/http/http_backend.h"
#include "server/http/http_request.h"

namespace server::http {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";  // "*" for every address
  int port = 0;                            // 0: the kernel picks one (see port())
  size_t workers = 4;
  size_t queue = 32;
  std::chrono::milliseconds request_timeout{5000};
  std::chrono::milliseconds send_timeout{5000};
  RequestLimits limits;
};

class HttpServer {
 public:
  // `backend` must outlive the server.
  HttpServer(HttpServerOptions options, const HttpBackend* backend);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns false with *error set on failure.
  bool Listen(std::string* error);
  int port() const { return port_; }

  void Start() MDL_EXCLUDES(mu_);
  void Stop() MDL_EXCLUDES(mu_);

 private:
  struct Pending {
    int fd = -1;
    bool loopback = false;
  };

  void AcceptLoop() MDL_EXCLUDES(mu_);
  void WorkerLoop() MDL_EXCLUDES(mu_);
  void Serve(const Pending& connection);

  const HttpServerOptions options_;
  const HttpBackend* const backend_;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_pipe_[2] = {-1, -1};  // Stop() writes a byte to [1]; AcceptLoop polls [0]
  std::thread accept_thread_;
  std::vector<std::thread> workers_;

  // Held for queue operations only, never across I/O. Workers wait on cv_.
  base::Mutex mu_;
  base::CondVar cv_;
  std::deque<Pending> queue_ MDL_GUARDED_BY(mu_);  // accepted, not yet taken by a worker
  bool stopping_ MDL_GUARDED_BY(mu_) = false;
  bool started_ = false;  // set by Start(), read by Stop(); both from the owning thread's side
};

}  // namespace server::http

#endif  // SERVER_HTTP_HTTP_SERVER_H_
