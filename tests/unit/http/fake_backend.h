// A hand-filled HttpBackend for the router and server tests.
#ifndef TESTS_UNIT_HTTP_FAKE_BACKEND_H_
#define TESTS_UNIT_HTTP_FAKE_BACKEND_H_

#include <map>
#include <string>
#include <vector>

#include "diag_test_util.h"
#include "server/http/http_backend.h"

namespace server::http::testing {

class FakeBackend : public HttpBackend {
 public:
  std::map<std::string, HttpAccount> accounts;
  std::vector<diag::SessionSnapshot> sessions;
  mdl::LockSnapshot locks;
  ServerCounters counters;

  std::optional<HttpAccount> FindAccount(const std::string& user) const override {
    auto it = accounts.find(user);
    if (it == accounts.end()) return std::nullopt;
    return it->second;
  }
  std::vector<diag::SessionSnapshot> Sessions() const override { return sessions; }
  size_t SessionCount() const override { return sessions.size(); }
  mdl::LockSnapshot Locks() const override { return locks; }
  ServerCounters Counters() const override { return counters; }
  std::chrono::steady_clock::time_point Now() const override { return diag::testing::Now(); }
};

}  // namespace server::http::testing

#endif  // TESTS_UNIT_HTTP_FAKE_BACKEND_H_
