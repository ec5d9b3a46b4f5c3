// SqlSession: acquiring lock plans, LOCK TABLES / UNLOCK TABLES, FLUSH TABLES WITH READ LOCK.
#include "server/sql_session.h"
#include "sql/ddl_executor.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;
namespace ast = sql::ast;

mdl::Timeout SqlSession::lock_wait_timeout() const {
  return std::chrono::seconds(vars_.lock_wait_timeout());
}

mdl::Timeout SqlSession::ddl_low_priority_window() const {
  return std::chrono::seconds(vars_.ddl_low_priority_window());
}

sql::SqlError SqlSession::MdlError(const mdl::Status& status) {
  return sql::MdlStatusToSqlError(status);
}

Status SqlSession::AcquirePlan(const sql::LockPlan& plan) {
  if (plan.requests.empty()) return Status::OK();
  if (plan.batch) {
    const mdl::Timeout window = plan.ddl ? ddl_low_priority_window() : mdl::Timeout::zero();
    if (window > mdl::Timeout::zero()) {
      // @@ddl_low_priority_window: DROP/TRUNCATE/RENAME's table X requests wait at low
      // priority, so that queries arriving meanwhile do not queue behind them.
      std::vector<mdl::LockRequest> requests = plan.requests;
      for (mdl::LockRequest& r : requests) {
        if (r.type == mdl::LockType::kExclusive && r.key.name_space() == mdl::Namespace::kTable) {
          r.low_priority_window = window;
        }
      }
      auto r = mdl_->AcquireBatch(requests, lock_wait_timeout());
      if (!r.ok()) return MdlError(r.status());
      return Status::OK();
    }
    auto r = mdl_->AcquireBatch(plan.requests, lock_wait_timeout());
    if (!r.ok()) return MdlError(r.status());
    return Status::OK();
  }
  // DML opens (and locks) its tables one by one in statement order, each wait bounded by
  // lock_wait_timeout; on failure MySQL's open_tables() rolls MDL back to the statement's
  // savepoint, so nothing this statement took stays held. The requests repeat from one
  // statement to the next, so they go through the session's prepared handles (same
  // semantics, about a quarter of the cost; the grant carries this statement's event id).
  const mdl::Savepoint sp = mdl_->GetSavepoint();
  for (const mdl::LockRequest& request : plan.requests) {
    auto r = prepared_locks_.Acquire(request, lock_wait_timeout());
    if (!r.ok()) {
      mdl_->RollbackToSavepoint(sp);
      return MdlError(r.status());
    }
  }
  return Status::OK();
}

Status SqlSession::CheckLockedTables(const sql::LockPlan& plan) {
  for (const sql::TableAccess& t : plan.tables) {
    auto it = std::find_if(locked_tables_.begin(), locked_tables_.end(),
                           [&](const LockedTable& l) { return l.db == t.db && l.name == t.name; });
    if (it == locked_tables_.end()) {
      return Status(ErrorCode::kTableNotLocked,
                    "Table '" + t.name + "' was not locked with LOCK TABLES");
    }
    if (t.write && !it->write) {
      return Status(ErrorCode::kTableNotLockedForWrite,
                    "Table '" + t.name + "' was locked with a READ lock and can't be updated");
    }
  }
  return Status::OK();
}

void SqlSession::ReleaseLockedTables() {
  for (mdl::Ticket* t : locked_table_tickets_) mdl_->Release(t);
  locked_table_tickets_.clear();
  locked_tables_.clear();
}

void SqlSession::ReleaseGlobalReadLock() {
  for (mdl::Ticket* t : global_read_lock_tickets_) mdl_->Release(t);
  global_read_lock_tickets_.clear();
}

SqlSession::StatementOutcome SqlSession::ExecLockTables(const ast::Statement& st) {
  STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
  STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));  // before any lock
  if (!global_read_lock_tickets_.empty() &&
      std::any_of(plan.tables.begin(), plan.tables.end(), [](const auto& t) { return t.write; })) {
    return SqlError(ErrorCode::kCantUpdateWithReadLock,
                    "Can't execute the query because you have a conflicting read lock");
  }
  // LOCK TABLES implicitly commits and first releases the previous LOCK TABLES.
  STORAGE_RETURN_IF_ERROR(ImplicitCommit());
  ReleaseLockedTables();
  for (const sql::TableAccess& t : plan.tables) {
    // MySQL checks existence when opening the tables; report it before locking.
    if (server_->engine->FindTable(t.db, t.name) == nullptr) {
      return SqlError(ErrorCode::kNoSuchTable, "Table '" + t.db + "." + t.name + "' doesn't exist");
    }
  }
  auto tickets = mdl_->AcquireBatch(plan.requests, lock_wait_timeout());
  if (!tickets.ok()) return MdlError(tickets.status());
  for (mdl::Ticket* t : *tickets) {
    mdl_->SetDuration(t, mdl::LockDuration::kExplicit);
    locked_table_tickets_.push_back(t);
  }
  for (const sql::TableAccess& t : plan.tables) locked_tables_.push_back({t.db, t.name, t.write});
  return Ok();
}

SqlSession::StatementOutcome SqlSession::ExecUnlockTables() {
  // UNLOCK TABLES commits only if tables were locked with LOCK TABLES (MySQL manual).
  if (!locked_tables_.empty()) {
    STORAGE_RETURN_IF_ERROR(ImplicitCommit());
    ReleaseLockedTables();
  }
  ReleaseGlobalReadLock();
  return Ok();
}

SqlSession::StatementOutcome SqlSession::ExecFlush(const ast::Statement& statement) {
  const ast::FlushStmt& st = *statement.As<ast::FlushStmt>();
  STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(statement, sql::LockPlan{}));
  if (!st.tables || !st.with_read_lock) {
    // FLUSH TABLES / PRIVILEGES / LOGS ...: nothing to flush in mdld; implicit commit as MySQL.
    STORAGE_RETURN_IF_ERROR(ImplicitCommit());
    return Ok();
  }
  if (!locked_tables_.empty() || !global_read_lock_tickets_.empty()) {
    return SqlError(ErrorCode::kLockOrActiveTransaction,
                    "Can't execute the given command because you have active locked tables or "
                    "an active transaction");
  }
  STORAGE_RETURN_IF_ERROR(ImplicitCommit());
  if (!st.table_list.empty()) {
    // FLUSH TABLES t WITH READ LOCK: SNW on the listed tables, then LOCK TABLES READ mode.
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(statement, db_, event_id_));
    auto tickets = mdl_->AcquireBatch(plan.requests, lock_wait_timeout());
    if (!tickets.ok()) return MdlError(tickets.status());
    for (mdl::Ticket* t : *tickets) {
      mdl_->SetDuration(t, mdl::LockDuration::kExplicit);
      locked_table_tickets_.push_back(t);
    }
    for (const auto& t : plan.tables) locked_tables_.push_back({t.db, t.name, false});
    return Ok();
  }
  // Two steps as MySQL: GLOBAL S (waits for running writers: "Waiting for global read
  // lock"), then COMMIT S (waits for committing transactions: "Waiting for commit lock").
  auto global = mdl_->Acquire(mdl::LockRequest(mdl::LockKey::Global(), mdl::LockType::kShared,
                                               mdl::LockDuration::kExplicit, MDL_SOURCE, event_id_),
                              lock_wait_timeout());
  if (!global.ok()) return MdlError(global.status());
  auto commit = mdl_->Acquire(mdl::LockRequest(mdl::LockKey::Commit(), mdl::LockType::kShared,
                                               mdl::LockDuration::kExplicit, MDL_SOURCE, event_id_),
                              lock_wait_timeout());
  if (!commit.ok()) {
    mdl_->Release(*global);
    return MdlError(commit.status());
  }
  global_read_lock_tickets_ = {*global, *commit};
  return Ok();
}

}  // namespace server
