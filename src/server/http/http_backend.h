// What the HTTP endpoint reads from the server: accounts (for Basic authentication), the
// sessions and the lock manager's snapshot (the same interfaces src/diag's tables read), and
// a few counters for /metrics. The handlers (http_router.h) see only this interface; the
// server's implementation is server_backend.h, tests use a fake.
//
// Thread safety: implementations must be safe to call from any thread.
#ifndef SERVER_HTTP_HTTP_BACKEND_H_
#define SERVER_HTTP_HTTP_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"
#include "server/http/basic_auth.h"

namespace server::http {

struct ServerCounters {
  uint64_t connections_total = 0;  // connection attempts that reached a session (Connections)
  uint64_t questions_total = 0;    // statements run (Questions)
  std::chrono::steady_clock::duration uptime{};
};

class HttpBackend {
 public:
  virtual ~HttpBackend() = default;
  virtual std::optional<HttpAccount> FindAccount(const std::string& user) const = 0;
  // Every session (the caller has checked PROCESS).
  virtual std::vector<diag::SessionSnapshot> Sessions() const = 0;
  virtual size_t SessionCount() const = 0;
  virtual mdl::LockSnapshot Locks() const = 0;
  virtual ServerCounters Counters() const = 0;
  // The clock session snapshots' time points are on.
  virtual std::chrono::steady_clock::time_point Now() const {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace server::http

#endif  // SERVER_HTTP_HTTP_BACKEND_H_
