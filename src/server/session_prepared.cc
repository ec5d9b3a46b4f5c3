// SqlSession: prepared statements (SQL PREPARE/EXECUTE/DEALLOCATE and COM_STMT_*).
//
// Preparing opens the statement's tables to check them, which takes their metadata locks,
// and releases those locks right after, even inside a transaction (MySQL manual: "locks are
// released as soon as the statement is prepared").

#include "base/ascii.h"
#include "server/sql_session.h"
#include "sql/ddl_executor.h"
#include "sql/executor.h"
#include "sql/parser.h"
#include "storage/engine.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Value;
namespace ast = sql::ast;

storage::Result<SqlSession::PreparedStatement> SqlSession::PrepareText(std::string_view text) {
  auto parsed = sql::ParseSingle(text);
  if (auto* err = std::get_if<SqlError>(&parsed)) return *err;
  PreparedStatement ps;
  ps.statement = std::move(std::get<std::unique_ptr<ast::Statement>>(parsed));
  ps.text = std::string(text);
  const ast::Statement& st = *ps.statement;
  if (st.Is<ast::PrepareStmt>() || st.Is<ast::ExecuteStmt>() || st.Is<ast::DeallocatePrepareStmt>()) {
    return SqlError(ErrorCode::kNotSupported,
                    "This command is not supported in the prepared statement protocol yet");
  }
  STORAGE_ASSIGN_OR_RETURN(sql::LockPlan plan, sql::PlanLocks(st, db_, event_id_));
  if (!sql::IsDdlStatement(st) && !plan.tables.empty()) {
    // As MySQL's prepare: privileges first, then the tables are opened (locked).
    STORAGE_RETURN_IF_ERROR(CheckStatementPrivileges(st, plan));
    const mdl::Savepoint sp = mdl_->GetSavepoint();
    storage::Status s = locked_tables_.empty() ? AcquirePlan(plan) : CheckLockedTables(plan);
    if (s.ok()) {
      for (const sql::TableAccess& t : plan.tables) {
        if (server_->engine->FindTable(t.db, t.name) == nullptr) {
          s = storage::Status(ErrorCode::kNoSuchTable,
                              "Table '" + t.db + "." + t.name + "' doesn't exist");
          break;
        }
      }
    }
    if (s.ok()) {
      if (auto* sel = st.As<ast::SelectStmt>()) {
        auto cols = sql::DescribeSelect(*sel, *this);
        if (cols.ok()) {
          ps.columns = std::move(cols).value();
        } else {
          s = cols.status();
        }
      }
    }
    mdl_->RollbackToSavepoint(sp);
    if (!s.ok()) return s;
  } else if (auto* sel = st.As<ast::SelectStmt>()) {
    STORAGE_ASSIGN_OR_RETURN(ps.columns, sql::DescribeSelect(*sel, *this));
  }
  return ps;
}

std::variant<PreparedStatementInfo, SqlError> SqlSession::Prepare(std::string_view text) {
  {
    base::MutexLock lock(&state_mu_);
    info_text_ = std::string(text);
  }
  auto ps = PrepareText(text);
  if (!ps.ok()) return ps.status().error();
  PreparedStatementInfo info;
  info.statement_id = next_statement_id_++;
  info.param_count = static_cast<uint16_t>(ps->statement->param_count);
  info.columns = ps->columns;
  prepared_[info.statement_id] = std::move(ps).value();
  return info;
}

void SqlSession::ExecutePrepared(uint32_t statement_id, const std::vector<Value>& params,
                                 ResultSink& sink) {
  auto it = prepared_.find(statement_id);
  if (it == prepared_.end()) {
    Report(SqlError(ErrorCode::kUnknownStmtHandler,
                    "Unknown prepared statement handler (" + std::to_string(statement_id) +
                        ") given to mysqld_stmt_execute"),
           false, sink);
    return;
  }
  Report(RunStatement(*it->second.statement, params), false, sink);
}

void SqlSession::ClosePrepared(uint32_t statement_id) { prepared_.erase(statement_id); }

bool SqlSession::ResetPrepared(uint32_t statement_id) { return prepared_.count(statement_id) != 0; }

SqlSession::StatementOutcome SqlSession::ExecPrepare(const ast::PrepareStmt& st) {
  std::string text = st.text;
  if (!st.user_var.empty()) {
    const Value v = GetUserVariable(st.user_var);
    text = v.is_null() ? "NULL" : v.ToString();
  }
  STORAGE_ASSIGN_OR_RETURN(PreparedStatement ps, PrepareText(text));
  const std::string name = base::AsciiLower(st.name);
  auto old = prepared_by_name_.find(name);
  if (old != prepared_by_name_.end()) prepared_.erase(old->second);
  const uint32_t id = next_statement_id_++;
  prepared_[id] = std::move(ps);
  prepared_by_name_[name] = id;
  sql::StatementResult r = Ok();
  r.info = "Statement prepared";
  return r;
}

SqlSession::StatementOutcome SqlSession::ExecExecute(const ast::ExecuteStmt& st) {
  auto it = prepared_by_name_.find(base::AsciiLower(st.name));
  if (it == prepared_by_name_.end()) {
    return SqlError(ErrorCode::kUnknownStmtHandler, "Unknown prepared statement handler (" +
                                                        st.name + ") given to EXECUTE");
  }
  const PreparedStatement& ps = prepared_.at(it->second);
  if (st.using_vars.size() != ps.statement->param_count) {
    return SqlError(ErrorCode::kWrongArguments, "Incorrect arguments to EXECUTE");
  }
  sql::Params params;
  for (const std::string& v : st.using_vars) params.push_back(GetUserVariable(v));
  return Dispatch(*ps.statement, params);
}

SqlSession::StatementOutcome SqlSession::ExecDeallocate(const ast::DeallocatePrepareStmt& st) {
  auto it = prepared_by_name_.find(base::AsciiLower(st.name));
  if (it == prepared_by_name_.end()) {
    return SqlError(ErrorCode::kUnknownStmtHandler, "Unknown prepared statement handler (" +
                                                        st.name + ") given to DEALLOCATE PREPARE");
  }
  prepared_.erase(it->second);
  prepared_by_name_.erase(it);
  return Ok();
}

}  // namespace server
