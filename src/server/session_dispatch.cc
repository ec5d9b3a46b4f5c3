// SqlSession::Dispatch: statement kind -> handler, and the DML / DDL paths with their
// metadata locks and transaction boundaries.
#include "server/sql_session.h"
#include "sql/ddl_executor.h"
#include "sql/executor.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;
namespace ast = sql::ast;

namespace {

bool IsAccountStatement(const ast::Statement& st) {
  return st.Is<ast::CreateUserStmt>() || st.Is<ast::AlterUserStmt>() ||
         st.Is<ast::DropUserStmt>() || st.Is<ast::GrantStmt>() || st.Is<ast::RevokeStmt>();
}

// CLIENT_FOUND_ROWS: UPDATE's affected rows are the rows matched. The executor reports them
// only in the OK packet's info, in MySQL's ER_UPDATE_INFO wording ("Rows matched: N  Changed:
// M  Warnings: W"), which is a wire-level contract; without it the count stays as it is.
uint64_t MatchedRows(const sql::StatementResult& r) {
  constexpr std::string_view kPrefix = "Rows matched: ";
  if (r.info.compare(0, kPrefix.size(), kPrefix) != 0) return r.affected_rows;
  uint64_t n = 0;
  size_t i = kPrefix.size();
  if (i >= r.info.size() || !isdigit(static_cast<unsigned char>(r.info[i]))) return r.affected_rows;
  for (; i < r.info.size() && isdigit(static_cast<unsigned char>(r.info[i])); ++i) {
    n = n * 10 + static_cast<uint64_t>(r.info[i] - '0');
  }
  return n;
}

}  // namespace

Status SqlSession::OpenTables(const sql::LockPlan& plan) {
  const bool writes = std::any_of(plan.tables.begin(), plan.tables.end(),
                                  [](const sql::TableAccess& t) { return t.write; });
  if (writes && !global_read_lock_tickets_.empty()) {
    return Status(ErrorCode::kCantUpdateWithReadLock,
                  "Can't execute the query because you have a conflicting read lock");
  }
  if (!vars_.autocommit() && !plan.tables.empty()) in_trx_ = true;
  if (!locked_tables_.empty()) return CheckLockedTables(plan);
  Status s = AcquirePlan(plan);
  if (!s.ok()) {
    // Deadlock: the whole transaction goes (as InnoDB's); otherwise only this statement,
    // whose locks AcquirePlan already gave back.
    if (s.code() == ErrorCode::kDeadlock || !in_trx_) RollbackTransaction();
  }
  return s;
}

SqlSession::StatementOutcome SqlSession::Dispatch(const ast::Statement& st,
                                                  const sql::Params& params) {
  auto& c = server_->counters;
  const bool dml = st.Is<ast::SelectStmt>() || st.Is<ast::InsertStmt>() ||
                   st.Is<ast::UpdateStmt>() || st.Is<ast::DeleteStmt>() || st.Is<ast::DoStmt>();
  if (dml) {
    if (st.Is<ast::SelectStmt>()) c.com_select.fetch_add(1, std::memory_order_relaxed);
    if (st.Is<ast::InsertStmt>()) c.com_insert.fetch_add(1, std::memory_order_relaxed);
    if (st.Is<ast::UpdateStmt>()) c.com_update.fetch_add(1, std::memory_order_relaxed);
    if (st.Is<ast::DeleteStmt>()) c.com_delete.fetch_add(1, std::memory_order_relaxed);

    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));  // before any lock
    STORAGE_RETURN_IF_ERROR(OpenTables(plan));
    StatementOutcome out = SqlError(ErrorCode::kInternal, "unreachable");
    if (auto* s = st.As<ast::SelectStmt>()) {
      out = sql::ExecuteSelect(*s, *this, params);
    } else if (auto* s = st.As<ast::InsertStmt>()) {
      out = sql::ExecuteInsert(*s, *this, params);
    } else if (auto* s = st.As<ast::UpdateStmt>()) {
      out = sql::ExecuteUpdate(*s, *this, params);
      if (out.ok() && info_.found_rows) out->affected_rows = MatchedRows(*out);
    } else if (auto* s = st.As<ast::DeleteStmt>()) {
      out = sql::ExecuteDelete(*s, *this, params);
    } else if (auto* s = st.As<ast::DoStmt>()) {
      out = Ok();
      for (const auto& e : s->exprs) {
        auto v = sql::EvaluateConstant(*e, *this, params);
        if (!v.ok()) {
          out = v.status();
          break;
        }
      }
    }
    Status end = EndStatement(!out.ok(), out.ok() ? ErrorCode::kInternal : out.status().code());
    if (!end.ok()) return end;
    return out;
  }

  if (sql::IsDdlStatement(st)) {
    c.com_ddl.fetch_add(1, std::memory_order_relaxed);
    if (!global_read_lock_tickets_.empty()) {
      return SqlError(ErrorCode::kCantUpdateWithReadLock,
                      "Can't execute the query because you have a conflicting read lock");
    }
    if (!locked_tables_.empty()) {
      // MySQL allows some DDL on WRITE-locked tables under LOCK TABLES; mdld refuses DDL in
      // LOCK TABLES mode altogether (docs/sql_session.md).
      return SqlError(ErrorCode::kLockOrActiveTransaction,
                      "Can't execute the given command because you have active locked tables "
                      "or an active transaction");
    }
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));  // before any lock
    STORAGE_RETURN_IF_ERROR(ImplicitCommit());
    Status s = AcquirePlan(plan);
    if (!s.ok()) return s;
    StatementOutcome out = sql::ExecuteDdl(st, *this);
    // Implicit commit after DDL: DDL locks are TRANSACTION/STATEMENT and go now.
    mdl_->ReleaseTransactionLocks();
    SetState("executing");
    return out;
  }

  if (auto* s = st.As<ast::TransactionStmt>()) return ExecTransaction(*s);
  if (auto* s = st.As<ast::SetStmt>()) {
    // SET @x = (SELECT ... FROM t) reads tables like a SELECT does.
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    if (plan.tables.empty()) return ExecSet(*s, params);
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));
    STORAGE_RETURN_IF_ERROR(OpenTables(plan));
    StatementOutcome out = ExecSet(*s, params);
    Status end = EndStatement(!out.ok(), out.ok() ? ErrorCode::kInternal : out.status().code());
    if (!end.ok()) return end;
    return out;
  }
  if (auto* s = st.As<ast::SetTransactionStmt>()) return ExecSetTransaction(*s);
  if (st.Is<ast::LockTablesStmt>()) return ExecLockTables(st);
  if (st.Is<ast::UnlockTablesStmt>()) return ExecUnlockTables();
  if (st.Is<ast::FlushStmt>()) return ExecFlush(st);
  if (auto* s = st.As<ast::ShowStmt>()) {
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));
    if (locked_tables_.empty()) STORAGE_RETURN_IF_ERROR(AcquirePlan(plan));
    StatementOutcome out = ExecShow(*s);
    if (!s->where || !out.ok()) return out;
    return FilterShowWhere(st.text, std::move(out).value());
  }
  if (auto* s = st.As<ast::UseStmt>()) return ExecUse(s->db);
  if (auto* s = st.As<ast::KillStmt>()) return ExecKill(*s, params);
  if (auto* s = st.As<ast::PrepareStmt>()) return ExecPrepare(*s);
  if (auto* s = st.As<ast::ExecuteStmt>()) return ExecExecute(*s);
  if (auto* s = st.As<ast::DeallocatePrepareStmt>()) return ExecDeallocate(*s);
  if (IsAccountStatement(st)) {
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));
    STORAGE_RETURN_IF_ERROR(ImplicitCommit());
    STORAGE_RETURN_IF_ERROR(AcquirePlan(plan));
    StatementOutcome out = ExecAccountStatement(st);
    mdl_->ReleaseTransactionLocks();
    return out;
  }
  if (st.Is<ast::LockInstanceStmt>()) {
    STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
    STORAGE_RETURN_IF_ERROR(AcquirePlan(plan));
    return Ok();
  }
  if (st.Is<ast::UnlockInstanceStmt>()) {
    while (mdl::Ticket* t = mdl_->FindTicket(mdl::LockKey::BackupLock(), mdl::LockType::kShared)) {
      if (t->duration() != mdl::LockDuration::kExplicit) break;
      mdl_->Release(t);
    }
    return Ok();
  }
  return SqlError(ErrorCode::kNotSupported,
                  "This version of MySQL doesn't yet support '" + st.text.substr(0, 40) + "'");
}

}  // namespace server
