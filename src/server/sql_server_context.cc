#include "server/sql_server_context.h"

#include <unistd.h>

#include "server/sql_session.h"

namespace server {

namespace {

std::map<std::string, std::string> StartupVariables(const ServerOptions& o) {
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);
  return {{"port", std::to_string(o.port)},
          {"socket", o.socket},
          {"datadir", o.datadir + (o.datadir.empty() || o.datadir.back() == '/' ? "" : "/")},
          {"max_connections", std::to_string(o.max_connections)},
          {"max_allowed_packet", std::to_string(o.max_allowed_packet)},
          {"lock_wait_timeout", std::to_string(o.lock_wait_timeout)},
          {"innodb_lock_wait_timeout", std::to_string(o.innodb_lock_wait_timeout)},
          {"hostname", host}};
}

}  // namespace

ServerState::ServerState(const ServerOptions& opts, std::unique_ptr<storage::Engine> eng)
    : options(opts),
      engine(std::move(eng)),
      globals(StartupVariables(opts)),
      accounts(opts.root_password) {}

std::unique_ptr<ServerContext> ServerContext::Open(const ServerOptions& options,
                                                   std::string* error) {
  storage::EngineOptions eo;
  eo.datadir = options.datadir;
  eo.sync_commit = options.sync_commit;
  auto engine = storage::Engine::Open(eo);
  if (!engine.ok()) {
    if (error != nullptr) *error = engine.status().message();
    return nullptr;
  }
  return std::make_unique<SqlServerContext>(
      std::make_unique<ServerState>(options, std::move(engine).value()));
}

SqlServerContext::SqlServerContext(std::unique_ptr<ServerState> state) : state_(std::move(state)) {}

SqlServerContext::~SqlServerContext() { Shutdown(); }

std::optional<Account> SqlServerContext::FindAccount(const std::string& user) const {
  return state_->accounts.Find(user);
}

uint64_t SqlServerContext::NextConnectionId() {
  return state_->next_connection_id.fetch_add(1, std::memory_order_relaxed);
}

std::unique_ptr<Session> SqlServerContext::NewSession(ConnectionInfo info, sql::SqlError* error) {
  auto account = state_->accounts.Find(info.user);
  if (!account) {
    if (error != nullptr) {
      *error = sql::SqlError(sql::ErrorCode::kAccessDenied,
                             "Access denied for user '" + info.user + "'@'" + info.host +
                                 "' (using password: NO)");
    }
    return nullptr;
  }
  if (!info.initial_db.empty() && !sql::IsVirtualSchema(info.initial_db) &&
      !state_->engine->DatabaseExists(info.initial_db)) {
    if (error != nullptr) {
      *error = sql::SqlError(sql::ErrorCode::kUnknownDatabase,
                             "Unknown database '" + info.initial_db + "'");
    }
    return nullptr;
  }
  return std::make_unique<SqlSession>(state_.get(), std::move(info), *account);
}

void SqlServerContext::Shutdown() {
  if (shut_down_.exchange(true)) return;
  state_->engine->Close().IgnoreError();
}

}  // namespace server
