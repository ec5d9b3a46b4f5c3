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

ServerState::ServerState(const ServerOptions& opts, std::unique_ptr<storage::Engine> eng,
                         std::unique_ptr<AccountStore> account_store)
    : options(opts),
      engine(std::move(eng)),
      globals(StartupVariables(opts)),
      accounts(std::move(account_store)) {}

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
  // The accounts file lives in the data directory the engine has just created/recovered.
  auto accounts = AccountStore::Open(options.datadir, options.root_password, options.sync_commit);
  if (!accounts.ok()) {
    if (error != nullptr) *error = accounts.status().message();
    return nullptr;
  }
  return std::make_unique<SqlServerContext>(std::make_unique<ServerState>(
      options, std::move(engine).value(), std::move(accounts).value()));
}

SqlServerContext::SqlServerContext(std::unique_ptr<ServerState> state) : state_(std::move(state)) {}

SqlServerContext::~SqlServerContext() { Shutdown(); }

std::optional<Account> SqlServerContext::FindAccount(const std::string& user) const {
  return state_->accounts->Find(user);
}

uint64_t SqlServerContext::NextConnectionId() {
  return state_->next_connection_id.fetch_add(1, std::memory_order_relaxed);
}

std::unique_ptr<Session> SqlServerContext::NewSession(ConnectionInfo info, sql::SqlError* error) {
  auto account = state_->accounts->Find(info.user);
  if (!account) {
    if (error != nullptr) {
      *error = sql::SqlError(sql::ErrorCode::kAccessDenied,
                             "Access denied for user '" + info.user + "'@'" + info.host +
                                 "' (using password: NO)");
    }
    return nullptr;
  }
  auto stored = state_->accounts->FindStored(info.user);
  if (!info.initial_db.empty() && !sql::IsVirtualSchema(info.initial_db) && stored &&
      (stored->grants.OnDatabase(info.initial_db) & priv::kAllDatabase) == 0) {
    // MySQL checks the database privilege before its existence (1044 before 1049).
    std::string host = info.host;
    if (host != "localhost" && host.rfind(':') != std::string::npos) host.resize(host.rfind(':'));
    if (error != nullptr) {
      *error = sql::SqlError(sql::ErrorCode::kDbAccessDenied,
                             "Access denied for user '" + info.user + "'@'" + host +
                                 "' to database '" + info.initial_db + "'");
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

void SqlServerContext::KillAllSessions() { state_->registry.KillAll(); }

void SqlServerContext::Shutdown() {
  if (shut_down_.exchange(true)) return;
  state_->engine->Close().IgnoreError();
}

}  // namespace server
