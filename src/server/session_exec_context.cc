// SqlSession: the parts of sql::ExecContext beyond variables (sleep, virtual tables,
// session functions, warnings).
#include <set>

#include "base/ascii.h"
#include "diag/data_locks_table.h"
#include "diag/diagnostic_tables.h"
#include "server/sql_session.h"
#include "sql/show_information_schema.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Value;

bool SqlSession::Sleep(double seconds) {
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(seconds > 0 ? seconds : 0));
  base::MutexLock lock(&state_mu_);
  const std::string previous = state_;
  state_ = "User sleep";
  bool killed = false;
  while (true) {
    if (kill_.load() != 0) {
      killed = true;
      break;
    }
    if (!sleep_cv_.WaitUntil(&state_mu_, deadline) &&
        std::chrono::steady_clock::now() >= deadline) {
      break;
    }
  }
  state_ = previous;
  return killed;
}

std::optional<sql::VirtualTable> SqlSession::OpenVirtualTable(const std::string& db,
                                                              const std::string& name) {
  const std::string table = base::AsciiLower(name);
  if (auto t = ShowResultTable(db, table)) return t;
  if (auto t = diag::OpenDiagnosticTable(db, table, DiagSources())) return t;
  if (db == "information_schema") {
    // Only databases the account has a privilege on (MySQL also lists, with SHOW DATABASES,
    // schemata without their tables; mdld hides both).
    sql::SessionView view{db_, &vars_, {}};
    const Grants g = grants();
    view.visible_database = [g](const std::string& d) {
      return sql::IsVirtualSchema(d) || (g.OnDatabase(d) & priv::kAllDatabase) != 0;
    };
    return sql::InformationSchemaTable(table, *server_->engine, view);
  }
  return std::nullopt;
}

diag::DiagnosticSources SqlSession::DiagSources() const {
  diag::DiagnosticSources src;
  // Users without PROCESS see only their own threads (MySQL's rule), and so only their own
  // metadata locks, lock waits and InnoDB transactions.
  ServerState* server = server_;
  if (HasGlobalPrivilege(priv::kProcess)) {
    src.sessions = [server] { return server->registry.Snapshot(); };
    src.locks = [server] { return server->locks.TakeSnapshot(); };
    src.transactions = [server] { return server->engine->ListTransactions(); };
    src.data_locks = [server] { return server->engine->SnapshotDataLocks(); };
  } else {
    const std::string user = info_.user;
    // Connection ids of `user`'s sessions, read when a table is built.
    auto own_ids = [server, user] {
      std::set<uint64_t> ids;
      for (const diag::SessionSnapshot& s : server->registry.Snapshot(user)) ids.insert(s.id);
      return ids;
    };
    src.sessions = [server, user] { return server->registry.Snapshot(user); };
    src.locks = [server, own_ids] {
      const std::set<uint64_t> ids = own_ids();
      mdl::LockSnapshot snapshot = server->locks.TakeSnapshot();
      std::erase_if(snapshot.tickets,
                    [&ids](const mdl::TicketRow& t) { return ids.count(t.owner_id) == 0; });
      std::erase_if(snapshot.edges, [&ids](const mdl::WaitEdge& e) {
        return ids.count(e.waiter) == 0 || ids.count(e.blocker) == 0;
      });
      return snapshot;
    };
    src.transactions = [server, own_ids] {
      const std::set<uint64_t> ids = own_ids();
      std::vector<storage::TrxInfo> trxs = server->engine->ListTransactions();
      std::erase_if(trxs, [&ids](const storage::TrxInfo& t) { return ids.count(t.thread_id) == 0; });
      return trxs;
    };
    src.data_locks = [server, own_ids] {
      return diag::OnlyConnections(server->engine->SnapshotDataLocks(), own_ids());
    };
  }
  src.server_start = server_->started;
  src.now = std::chrono::steady_clock::now();
  src.wall_now = std::chrono::system_clock::now();
  return src;
}

void SqlSession::PushWarning(sql::WarningLevel level, const SqlError& warning) {
  statement_warnings_.push_back({level, warning});
}

storage::Result<Value> SqlSession::CallSessionFunction(const std::string& name,
                                                       const std::vector<Value>& args) {
  if (name == "GET_LOCK") return GetLock(args);
  if (name == "RELEASE_LOCK") return ReleaseLock(args);
  if (name == "RELEASE_ALL_LOCKS") return ReleaseAllUserLocks();
  if (name == "IS_FREE_LOCK") return IsFreeOrUsedLock(args, false);
  if (name == "IS_USED_LOCK") return IsFreeOrUsedLock(args, true);
  if (name == "USER" || name == "SESSION_USER" || name == "SYSTEM_USER") {
    return Value::String(info_.user + "@" + ClientHost());
  }
  if (name == "CURRENT_USER") {
    grants();  // refreshes account_host_
    return Value::String(info_.user + "@" + account_host_);
  }
  return SqlError(ErrorCode::kUnknownFunction, "FUNCTION " + name + " does not exist");
}

}  // namespace server
