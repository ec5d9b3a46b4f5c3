#include "server/http/server_backend.h"

#include "server/session_privileges.h"
#include "server/sql_server_context.h"

namespace server::http {
namespace {

class ServerStateBackend final : public HttpBackend {
 public:
  explicit ServerStateBackend(ServerState* state) : state_(state) {}

  std::optional<HttpAccount> FindAccount(const std::string& user) const override {
    std::optional<StoredAccount> stored = state_->accounts->FindStored(user);
    if (!stored) return std::nullopt;
    // Global grants only: PROCESS and SUPER exist only at the *.* level.
    return HttpAccount{stored->auth_string, stored->grants.HasAny(priv::kProcess | priv::kSuper)};
  }
  std::vector<diag::SessionSnapshot> Sessions() const override {
    return state_->registry.Snapshot();
  }
  size_t SessionCount() const override { return state_->registry.size(); }
  mdl::LockSnapshot Locks() const override { return state_->locks.TakeSnapshot(); }
  ServerCounters Counters() const override {
    ServerCounters c;
    c.connections_total = state_->counters.connections.load(std::memory_order_relaxed);
    c.questions_total = state_->counters.questions.load(std::memory_order_relaxed);
    c.uptime = std::chrono::steady_clock::now() - state_->started;
    return c;
  }

 private:
  ServerState* const state_;
};

}  // namespace

std::unique_ptr<HttpBackend> NewServerBackend(ServerContext* context) {
  auto* sql_context = dynamic_cast<SqlServerContext*>(context);
  if (sql_context == nullptr) return nullptr;
  return std::make_unique<ServerStateBackend>(&sql_context->state());
}

}  // namespace server::http
