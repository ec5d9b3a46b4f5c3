#include "server/sql_session.h"

#include <unistd.h>

#include "server/mysql_error.h"
#include "sql/ddl_executor.h"
#include "sql/executor.h"
#include "sql/parser.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;

SqlSession::SqlSession(ServerState* server, ConnectionInfo info, const Account& account)
    : server_(server),
      info_(std::move(info)),
      account_(account),
      mdl_(server->locks.CreateContext(this)),
      vars_(&server->globals),
      debug_sync_(&server->debug_sync),
      db_(info_.initial_db),
      multi_statements_(info_.multi_statements) {
  {
    base::MutexLock lock(&state_mu_);
    command_since_ = std::chrono::steady_clock::now();
    db_for_snapshot_ = db_;
  }
  ApplyConnectionVariables();
  server_->counters.connections.fetch_add(1, std::memory_order_relaxed);
  server_->registry.Add(this);
}

void SqlSession::ApplyConnectionVariables() {
  if (info_.interactive) {
    vars_.Set(*sql::FindSysVar("wait_timeout"), storage::Value::UInt(vars_.interactive_timeout()));
  }
  PublishIdleBlockerTimeout();
}

void SqlSession::PublishIdleBlockerTimeout() {
  const uint64_t timeout = vars_.mdl_idle_blocker_timeout();
  base::MutexLock lock(&state_mu_);
  idle_blocker_timeout_ = timeout;
}

SqlSession::~SqlSession() {
  // Unregister first: after this no other thread can reach us through the registry.
  server_->registry.Remove(id());
  RollbackTransaction();
  ReleaseAllUserLocks();
  mdl_->ReleaseAllLocks();
}

// ---- command bookkeeping -------------------------------------------------------------

void SqlSession::BeginCommand(std::string_view command_name) {
  base::MutexLock lock(&state_mu_);
  command_ = std::string(command_name);
  command_since_ = std::chrono::steady_clock::now();
  state_ = "starting";
  between_commands_ = false;
  ++command_seq_;
}

void SqlSession::EndCommand() {
  base::MutexLock lock(&state_mu_);
  command_ = kill_.load() == 2 ? "Killed" : "Sleep";
  command_since_ = std::chrono::steady_clock::now();
  state_.clear();
  info_text_.reset();
  between_commands_ = true;
}

bool SqlSession::connection_killed() const { return kill_.load() == 2; }

std::optional<IdleBlockerDisconnect> SqlSession::idle_blocker_disconnect() const {
  base::MutexLock lock(&state_mu_);
  return idle_disconnect_;
}

void SqlSession::SetInfo(std::optional<std::string> info) {
  base::MutexLock lock(&state_mu_);
  info_text_ = std::move(info);
}

void SqlSession::SetState(std::string state) {
  base::MutexLock lock(&state_mu_);
  state_ = std::move(state);
}

void SqlSession::SetStage(std::string_view state) { SetState(std::string(state)); }

Status SqlSession::SyncPoint(std::string_view point) {
  if (debug_sync_.empty()) return Status::OK();
  std::string previous;
  {
    base::MutexLock lock(&state_mu_);
    previous = state_;
    // MySQL shows the point while a sync action waits there.
    state_ = "debug sync point: " + std::string(point);
  }
  Status s = debug_sync_.Hit(
      point, [this] { return Killed(); },
      [this] {
        PushWarning(sql::WarningLevel::kWarning,
                    SqlError(ErrorCode::kInternal, "debug sync point wait timed out"));
      });
  SetState(previous);
  return s;
}

diag::SessionSnapshot SqlSession::Snapshot() const {
  base::MutexLock lock(&state_mu_);
  diag::SessionSnapshot s;
  s.id = info_.connection_id;
  s.thread_id = info_.connection_id;
  s.user = info_.user;
  s.host = info_.host;
  s.db = db_for_snapshot_;
  s.command = command_;
  s.command_since = command_since_;
  s.state = state_;
  s.info = info_text_;
  s.statement = statement_;
  s.statement_running = statement_running_;
  s.thread_os_id = thread_os_id_;
  s.in_transaction = in_trx_for_snapshot_;
  s.trx_id = trx_for_kill_ != nullptr ? trx_for_kill_->id() : 0;
  s.statement_history.assign(statement_history_.begin(), statement_history_.end());
  return s;
}

void SqlSession::SetStatementErrorLocked(const SqlError& error) {
  const MysqlError m = ToMysqlError(error);
  statement_.error_number = m.number;
  statement_.error_message = error.message;
  statement_.error_sqlstate = m.sqlstate;
}

void SqlSession::RecordStatementHistoryLocked() {
  if (statement_history_.size() == diag::kStatementHistorySize) statement_history_.pop_front();
  statement_history_.push_back(statement_);
}

void SqlSession::Kill(bool connection) {
  const int want = connection ? 2 : 1;
  int cur = kill_.load();
  while (cur < want && !kill_.compare_exchange_weak(cur, want)) {
  }
  mdl_->Kill();
  {
    base::MutexLock lock(&state_mu_);
    if (trx_for_kill_ != nullptr) trx_for_kill_->Interrupt();
    if (connection) command_ = "Killed";
  }
  sleep_cv_.SignalAll();
  server_->debug_sync.WakeAll();
  if (connection && info_.shutdown_connection) info_.shutdown_connection();
}

bool SqlSession::Killed() const { return kill_.load() != 0; }

SessionIdleState SqlSession::IdleState() const {
  base::MutexLock lock(&state_mu_);
  SessionIdleState s;
  s.id = info_.connection_id;
  s.idle = between_commands_ && kill_.load() != 2;
  s.idle_since = command_since_;
  s.command_seq = command_seq_;
  s.idle_blocker_timeout = idle_blocker_timeout_;
  s.in_transaction = in_trx_for_snapshot_;
  s.user = info_.user;
  s.host = info_.host;
  return s;
}

bool SqlSession::DisconnectIfIdle(uint64_t command_seq, const IdleBlockerDisconnect& reason) {
  {
    base::MutexLock lock(&state_mu_);
    // BeginCommand takes state_mu_ too: either it ran before (the check fails and the
    // command runs normally) or it runs after and the connection sees idle_disconnect_
    // before dispatching (Connection::Run).
    if (!between_commands_ || command_seq_ != command_seq || kill_.load() == 2) return false;
    idle_disconnect_ = reason;
    kill_.store(2);  // only ever raised, and 2 is the top
    command_ = "Killed";
    if (trx_for_kill_ != nullptr) trx_for_kill_->Interrupt();
  }
  mdl_->Kill();
  // Wake the connection thread from its read but keep the socket writable for the error;
  // the connection rolls back, releases every lock, sends the error and closes.
  if (info_.stop_reading) {
    info_.stop_reading();
  } else if (info_.shutdown_connection) {
    info_.shutdown_connection();
  }
  return true;
}

// ---- mdl::Owner ------------------------------------------------------------------------

void SqlSession::OnWaitBegin(const mdl::WaitInfo& info) {
  server_->idle_blockers.OnWaitBegin();
  base::MutexLock lock(&state_mu_);
  state_ = std::string(info.state);
  mdl_wait_began_ = std::chrono::steady_clock::now();
}

void SqlSession::OnWaitEnd(const mdl::WaitInfo&, mdl::Code) {
  server_->idle_blockers.OnWaitEnd();
  base::MutexLock lock(&state_mu_);
  state_ = "executing";
  statement_.lock_time += std::chrono::steady_clock::now() - mdl_wait_began_;
}

void SqlSession::OnRowsExamined(uint64_t rows) {
  base::MutexLock lock(&state_mu_);
  statement_.rows_examined += rows;
}

// ---- statements ------------------------------------------------------------------------

namespace {

// The text MySQL records for a statement that starts at `text` (alloc_query and the
// multi-statement loop): without leading blanks, trailing blanks and ';'.
std::string_view StatementText(std::string_view text) {
  auto blank = [](char c) { return isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ';' || blank(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

void SqlSession::ExecuteQuery(std::string_view text, ResultSink& sink) {
  size_t offset = 0;
  for (bool first = true;; first = false) {
    auto next = sql::ParseNext(text, offset);
    if (auto* err = std::get_if<SqlError>(&next)) {
      RecordUnrunStatement(StatementText(text.substr(offset)), *err);
      Report(*err, false, sink);
      return;
    }
    auto& parsed = std::get<sql::ParsedStatement>(next);
    if (!parsed.statement) {
      if (parsed.empty_statement) {
        RunEmptyStatement(StatementText(text.substr(offset)));
        Report(Ok(0), false, sink);
      } else if (first) {
        RecordUnrunStatement(StatementText(text), sql::EmptyQueryError());
        Report(sql::EmptyQueryError(), false, sink);
      }
      return;
    }
    const bool more = sql::HasMoreStatements(text, parsed.end_offset);
    if (more && !multi_statements_) {
      // Without CLIENT_MULTI_STATEMENTS MySQL parses the whole text as one statement, so the
      // text after the first ';' is a syntax error.
      size_t rest = parsed.end_offset;
      while (rest < text.size() && isspace(static_cast<unsigned char>(text[rest]))) ++rest;
      const SqlError error(ErrorCode::kParseError,
                           "You have an error in your SQL syntax; check the manual that "
                           "corresponds to your MySQL server version for the right syntax to "
                           "use near '" +
                               std::string(text.substr(rest, 80)) + "' at line 1");
      RecordUnrunStatement(StatementText(text), error);
      Report(error, false, sink);
      return;
    }
    // With CLIENT_MULTI_STATEMENTS a tail of comments ("SELECT 1; /* c */") is one more,
    // empty, statement that MySQL answers with its own OK; without, it belongs to this one.
    const bool more_results =
        more || (multi_statements_ && sql::OnlyCommentsRemain(text, parsed.end_offset));
    auto outcome = RunStatement(*parsed.statement, {});
    Report(outcome, more_results, sink);
    if (!outcome.ok() || !more_results || kill_.load() == 2) return;
    offset = parsed.end_offset;
  }
}

void SqlSession::Report(const StatementOutcome& outcome, bool more, ResultSink& sink) {
  if (!outcome.ok()) {
    // A statement that ran recorded its error when it ended (RunStatement), one that could not
    // be parsed in its own event (RecordUnrunStatement). The other errors reported here
    // (COM_INIT_DB, COM_STMT_EXECUTE of an unknown id) end protocol commands, which mdld does
    // not record as statement events (MySQL's statement/com/...).
    sink.OnError(outcome.status().error());
    return;
  }
  sql::StatementResult r = outcome.value();
  r.in_transaction = in_trx_;
  r.autocommit = vars_.autocommit();
  r.warning_count = static_cast<uint16_t>(std::min<size_t>(warnings_.size(), 65535));
  sink.OnResult(r, more);
}

void SqlSession::RecordUnrunStatement(std::string_view sql_text, const SqlError& error) {
  // MySQL counts every statement a client sent in Questions, parsed or not.
  server_->counters.questions.fetch_add(1, std::memory_order_relaxed);
  base::MutexLock lock(&state_mu_);
  BeginInstantStatementLocked("statement/sql/error", sql_text);
  SetStatementErrorLocked(error);
  RecordStatementHistoryLocked();
}

void SqlSession::BeginInstantStatementLocked(const char* event_name, std::string_view sql_text) {
  const auto now = std::chrono::steady_clock::now();
  event_id_ = server_->next_event_id.fetch_add(1, std::memory_order_relaxed);
  statement_ = {};
  statement_.event_id = event_id_;
  statement_.event_name = event_name;
  statement_.sql_text = sql_text;
  statement_.start = now;
  statement_.end = now;
  statement_.db = db_;
}

void SqlSession::RunEmptyStatement(std::string_view sql_text) {
  // MySQL runs SQLCOM_EMPTY_QUERY through mysql_execute_command like any statement: counted
  // in Questions, the previous statement's warnings cleared (it is no diagnostics
  // statement), answered with my_ok(). ROW_COUNT() then reads 0, as after mdld's other OK
  // statements (MariaDB 10.11 answers 0 too).
  server_->counters.questions.fetch_add(1, std::memory_order_relaxed);
  warnings_.clear();
  statement_warnings_.clear();
  row_count_ = 0;
  base::MutexLock lock(&state_mu_);
  BeginInstantStatementLocked("statement/sql/empty_query", sql_text);
  statement_.ok_packet = true;
  RecordStatementHistoryLocked();
}

sql::StatementResult SqlSession::Ok(uint64_t affected) {
  sql::StatementResult r;
  r.affected_rows = affected;
  return r;
}

SqlSession::StatementOutcome SqlSession::RunStatement(const sql::ast::Statement& st,
                                                      const sql::Params& params) {
  // A KILL QUERY that arrived between statements does not affect this one (MySQL resets
  // thd->killed at statement start); KILL CONNECTION does.
  int expected = 1;
  kill_.compare_exchange_strong(expected, 0);
  if (kill_.load() == 2) {
    return SqlError(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
  }
  mdl_->ClearKill();
  {
    base::MutexLock lock(&state_mu_);
    if (trx_for_kill_ != nullptr) trx_for_kill_->ClearInterrupt();
  }
  if (kill_.load() == 2) {
    // KILL CONNECTION (or server shutdown) raced with the clearing above, which may have
    // erased its mdl kill flag or trx interrupt: no wait may start that nobody interrupts.
    Kill(true);
    return SqlError(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
  }
  {
    base::MutexLock lock(&state_mu_);
    info_text_ = st.text;
    state_ = "executing";
    event_id_ = server_->next_event_id.fetch_add(1, std::memory_order_relaxed);
    statement_running_ = true;
    statement_ = {};
    statement_.event_id = event_id_;
    statement_.sql_text = st.text;
    statement_.start = std::chrono::steady_clock::now();
    statement_.db = db_;
    if (thread_os_id_ == 0) thread_os_id_ = static_cast<uint64_t>(::gettid());
  }
  server_->counters.questions.fetch_add(1, std::memory_order_relaxed);
  stmt_time_ = std::chrono::system_clock::now();
  const bool is_diag = st.Is<sql::ast::ShowStmt>() &&
                       (st.As<sql::ast::ShowStmt>()->kind == sql::ast::ShowKind::kWarnings ||
                        st.As<sql::ast::ShowStmt>()->kind == sql::ast::ShowKind::kErrors ||
                        st.As<sql::ast::ShowStmt>()->kind == sql::ast::ShowKind::kCountWarnings ||
                        st.As<sql::ast::ShowStmt>()->kind == sql::ast::ShowKind::kCountErrors);
  statement_warnings_.clear();

  StatementOutcome outcome = Dispatch(st, params);

  mdl_->ReleaseStatementLocks();
  if (!is_diag) {
    warnings_ = std::move(statement_warnings_);
    if (!outcome.ok()) warnings_.push_back({sql::WarningLevel::kError, outcome.status().error()});
  }
  const uint64_t warning_count = is_diag ? 0 : warnings_.size() - (outcome.ok() ? 0 : 1);
  statement_warnings_.clear();
  if (outcome.ok()) {
    row_count_ = outcome->has_result_set ? -1 : static_cast<int64_t>(outcome->affected_rows);
  }
  {
    base::MutexLock lock(&state_mu_);
    state_ = "";
    statement_running_ = false;
    statement_.end = std::chrono::steady_clock::now();
    statement_.warning_count = warning_count;
    statement_.ok_packet = outcome.ok() && !outcome->has_result_set;
    if (statement_.ok_packet) statement_.ok_info = outcome->info;
    if (outcome.ok()) {
      statement_.rows_sent = outcome->has_result_set ? outcome->result_set.rows.size() : 0;
      statement_.rows_affected = outcome->has_result_set ? 0 : outcome->affected_rows;
    } else {
      SetStatementErrorLocked(outcome.status().error());
    }
    in_trx_for_snapshot_ = in_trx_;
    db_for_snapshot_ = db_;
    RecordStatementHistoryLocked();
  }
  return outcome;
}

}  // namespace server
