// SqlSession: one client connection's SQL session (MySQL's THD, reduced).
//
// Implements the protocol seam (server::Session), the executor's view of the session
// (sql::ExecContext), the DDL code's view (sql::DdlContext), the lock manager's owner
// callbacks (mdl::Owner) and the registry's view (RegisteredSession).
//
// Statement life cycle (RunStatement):
//   1. clear a stale KILL QUERY; processlist Info = text, State = "starting"
//   2. implicit commit for DDL / LOCK TABLES / BEGIN ... (as MySQL)
//   3. plan metadata locks (sql/lock_plan.h), check privileges (session_privilege_check.cc:
//      a denied statement never requests a lock), then acquire the locks with
//      lock_wait_timeout; on failure roll MDL back to the statement's savepoint
//   4. execute (executor, DDL code, or session-level handlers)
//   5. autocommit: commit (COMMIT IX first when the transaction wrote) or roll back, then
//      release TRANSACTION locks; inside a transaction keep them, even when step 4 failed
//   6. release STATEMENT locks
// Errors: a deadlock (row or MDL) rolls back the whole transaction; anything else
// (lock wait timeout included, innodb_rollback_on_timeout=OFF) only the statement.
//
// Thread safety: one connection thread drives the session. Other threads may call only
// Kill(), Snapshot(), IdleState(), DisconnectIfIdle(), idle_blocker_disconnect(),
// connection_killed(), id(), user() and the mdl::Owner callbacks' owner_id(); they touch
// `state_mu_`-guarded fields and atomics only.
#ifndef SERVER_SQL_SESSION_H_
#define SERVER_SQL_SESSION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "diag/diagnostic_tables.h"
#include "mdl/lock_context.h"
#include "mdl/owner.h"
#include "server/prepared_lock_cache.h"
#include "server/session.h"
#include "server/session_debug_sync.h"
#include "server/session_privileges.h"
#include "server/session_registry.h"
#include "server/sql_server_context.h"
#include "sql/ast.h"
#include "sql/ddl_context.h"
#include "sql/exec_context.h"
#include "sql/executor.h"
#include "sql/lock_plan.h"
#include "sql/system_variables.h"

namespace server {

class SqlSession final : public Session,
                         public sql::ExecContext,
                         public sql::DdlContext,
                         public mdl::Owner,
                         public RegisteredSession {
 public:
  SqlSession(ServerState* server, ConnectionInfo info, const Account& account);
  ~SqlSession() override;

  // --- server::Session --------------------------------------------------------------
  void ExecuteQuery(std::string_view text, ResultSink& sink) override;
  void ChangeDatabase(std::string_view db, ResultSink& sink) override;
  std::variant<PreparedStatementInfo, sql::SqlError> Prepare(std::string_view text) override;
  void ExecutePrepared(uint32_t statement_id, const std::vector<storage::Value>& params,
                       ResultSink& sink) override;
  void ClosePrepared(uint32_t statement_id) override;
  bool ResetPrepared(uint32_t statement_id) override;
  void ResetConnection() override;
  void SetMultiStatements(bool enabled) override { multi_statements_ = enabled; }
  void BeginCommand(std::string_view command_name) override;
  void EndCommand() override;
  bool connection_killed() const override;
  std::optional<IdleBlockerDisconnect> idle_blocker_disconnect() const override;
  uint64_t wait_timeout() const override { return vars_.wait_timeout(); }
  uint64_t net_read_timeout() const override { return vars_.net_read_timeout(); }
  uint64_t net_write_timeout() const override { return vars_.net_write_timeout(); }
  bool in_transaction() const override { return in_trx_; }
  bool autocommit() const override { return vars_.autocommit(); }

  // --- sql::ExecContext ---------------------------------------------------------------
  storage::Engine& engine() override { return *server_->engine; }
  storage::Transaction& Transaction() override;
  const std::string& current_db() const override { return db_; }
  uint64_t connection_id() const override { return info_.connection_id; }
  uint64_t last_insert_id() const override { return last_insert_id_; }
  void set_last_insert_id(uint64_t id) override { last_insert_id_ = id; }
  int64_t row_count() const override { return row_count_; }
  uint64_t found_rows() const override { return found_rows_; }
  void set_found_rows(uint64_t rows) override { found_rows_ = rows; }
  storage::Value GetUserVariable(const std::string& name) const override;
  void SetUserVariable(const std::string& name, storage::Value value) override;
  storage::Result<storage::Value> GetSystemVariable(sql::ast::VarScope scope,
                                                    const std::string& name) const override;
  std::chrono::system_clock::time_point statement_time() const override { return stmt_time_; }
  bool Killed() const override;
  bool Sleep(double seconds) override;
  std::optional<sql::VirtualTable> OpenVirtualTable(const std::string& db,
                                                    const std::string& name) override;
  storage::Result<storage::Value> CallSessionFunction(
      const std::string& name, const std::vector<storage::Value>& args) override;
  void PushWarning(sql::WarningLevel level, const sql::SqlError& warning) override;
  void OnRowsExamined(uint64_t rows) override;
  // What the diagnostic tables (diag/diagnostic_tables.h) read, as this session may see it.
  diag::DiagnosticSources DiagSources() const;

  // --- sql::DdlContext ----------------------------------------------------------------
  mdl::LockContext& locks() override { return *mdl_; }
  mdl::Timeout lock_wait_timeout() const override;
  mdl::Timeout ddl_low_priority_window() const override;
  storage::Status SyncPoint(std::string_view point) override;
  void SetStage(std::string_view state) override;

  // --- mdl::Owner -----------------------------------------------------------------------
  uint64_t owner_id() const override { return info_.connection_id; }
  void OnWaitBegin(const mdl::WaitInfo& info) override;
  void OnWaitEnd(const mdl::WaitInfo& info, mdl::Code result) override;

  // --- RegisteredSession ------------------------------------------------------------------
  uint64_t id() const override { return info_.connection_id; }
  const std::string& user() const override { return info_.user; }
  diag::SessionSnapshot Snapshot() const override;
  void Kill(bool connection) override;
  SessionIdleState IdleState() const override;
  bool DisconnectIfIdle(uint64_t command_seq, const IdleBlockerDisconnect& reason) override;

 private:
  struct Warning {
    sql::WarningLevel level;
    sql::SqlError error;
  };
  struct PreparedStatement {
    std::unique_ptr<sql::ast::Statement> statement;
    std::string text;
    std::vector<sql::ColumnInfo> columns;
  };
  struct UserLock {
    mdl::Ticket* ticket = nullptr;
    uint32_t count = 0;  // GET_LOCK recursion depth
  };
  struct LockedTable {
    std::string db;
    std::string name;
    bool write = false;
  };
  using StatementOutcome = storage::Result<sql::StatementResult>;

  // ---- connection variables (sql_session.cc) ----
  // At connect and COM_RESET_CONNECTION: wait_timeout from interactive_timeout for
  // CLIENT_INTERACTIVE clients (MySQL), and the monitor's copy of mdl_idle_blocker_timeout.
  void ApplyConnectionVariables();
  void PublishIdleBlockerTimeout();

  // ---- dispatch (sql_session.cc) ----
  // Runs one parsed statement: the whole life cycle above.
  StatementOutcome RunStatement(const sql::ast::Statement& st, const sql::Params& params);
  StatementOutcome Dispatch(const sql::ast::Statement& st, const sql::Params& params);
  void Report(const StatementOutcome& outcome, bool more, ResultSink& sink);
  // A statement that fails before it can run (syntax error 1064, empty query 1065) is an
  // event of its own, as in MySQL: "statement/sql/error" with the text sent ("" shows NULL).
  void RecordUnrunStatement(std::string_view sql_text, const sql::SqlError& error);
  // A text of nothing but comments is MySQL's empty statement (SQLCOM_EMPTY_QUERY): it
  // succeeds and is an event of its own, "statement/sql/empty_query".
  void RunEmptyStatement(std::string_view sql_text);
  // Starts statement_ as an event that begins and ends now (a statement that does not run
  // through the executor: the two above).
  void BeginInstantStatementLocked(const char* event_name, std::string_view sql_text)
      MDL_REQUIRES(state_mu_);
  // Appends the statement that just ended to statement_history_ (oldest dropped).
  void RecordStatementHistoryLocked() MDL_REQUIRES(state_mu_);
  // Records `error` (MySQL number, SQLSTATE, text) as statement_'s outcome.
  void SetStatementErrorLocked(const sql::SqlError& error) MDL_REQUIRES(state_mu_);
  void SetInfo(std::optional<std::string> info);
  void SetState(std::string state);
  sql::StatementResult Ok(uint64_t affected = 0);

  // ---- transactions (session_transaction.cc) ----
  StatementOutcome ExecTransaction(const sql::ast::TransactionStmt& st);
  // COMMIT: COMMIT IX if the trx wrote (waits behind FTWRL), storage commit, release
  // TRANSACTION locks. On failure the transaction is rolled back.
  storage::Status CommitTransaction();
  void RollbackTransaction();
  // MySQL's implicit commit before DDL, LOCK TABLES, BEGIN ...
  storage::Status ImplicitCommit();
  // Ends the statement's autocommit transaction, or keeps the explicit one.
  storage::Status EndStatement(bool failed, sql::ErrorCode code);
  bool autocommit_statement() const { return !in_trx_; }

  // ---- metadata locks (session_table_locks.cc) ----
  // Acquires `plan` (one by one or as a batch) with lock_wait_timeout. On failure every
  // lock taken by this call is released again.
  storage::Status AcquirePlan(const sql::LockPlan& plan);
  // DML/SELECT: FTWRL check (1223), autocommit=0 transaction start, then AcquirePlan or,
  // in LOCK TABLES mode, CheckLockedTables. A deadlock rolls the transaction back.
  storage::Status OpenTables(const sql::LockPlan& plan);
  // In LOCK TABLES mode: 1100 / 1099 checks instead of acquiring.
  storage::Status CheckLockedTables(const sql::LockPlan& plan);
  StatementOutcome ExecLockTables(const sql::ast::Statement& st);
  StatementOutcome ExecUnlockTables();
  StatementOutcome ExecFlush(const sql::ast::Statement& st);
  void ReleaseLockedTables();
  void ReleaseGlobalReadLock();
  static sql::SqlError MdlError(const mdl::Status& status);

  // ---- SET / variables (session_set.cc) ----
  StatementOutcome ExecSet(const sql::ast::SetStmt& st, const sql::Params& params);
  storage::Status SetSystemVariable(sql::ast::VarScope scope, const std::string& name,
                                    const sql::ast::Expr* value, const sql::Params& params);
  storage::Status ApplySessionVariable(const sql::SysVarDef& def, const storage::Value& value);
  StatementOutcome ExecSetTransaction(const sql::ast::SetTransactionStmt& st);

  // ---- user-level locks (session_user_locks.cc) ----
  storage::Result<storage::Value> GetLock(const std::vector<storage::Value>& args);
  storage::Result<storage::Value> ReleaseLock(const std::vector<storage::Value>& args);
  storage::Value ReleaseAllUserLocks();
  storage::Result<storage::Value> IsFreeOrUsedLock(const std::vector<storage::Value>& args,
                                                   bool used);

  // ---- KILL, SHOW, users (session_admin.cc) ----
  StatementOutcome ExecKill(const sql::ast::KillStmt& st, const sql::Params& params);
  StatementOutcome ExecShow(const sql::ast::ShowStmt& st);
  StatementOutcome ExecUse(const std::string& db);
  StatementOutcome ExecAccountStatement(const sql::ast::Statement& st);

  // ---- SHOW ... WHERE (session_show_where.cc) ----
  // Keeps the rows of `shown` for which the WHERE condition of `statement_text` holds.
  StatementOutcome FilterShowWhere(const std::string& statement_text, sql::StatementResult shown);
  // The materialized SHOW result while FilterShowWhere runs its SELECT, else nullopt.
  std::optional<sql::VirtualTable> ShowResultTable(const std::string& db,
                                                   const std::string& name) const;

  // ---- privileges (session_privilege_check.cc) ----
  // The account's grants, re-read when AccountStore::version() moved (connection thread).
  const Grants& grants() const;
  // The client host as access-denied messages name it ("localhost" or the IP, no port).
  std::string ClientHost() const;
  bool HasGlobalPrivilege(PrivilegeSet any_of) const;
  // 1142 "<missing privileges> command denied to user 'u'@'h' for table 't'".
  storage::Status RequireTablePrivilege(PrivilegeSet wanted, const std::string& db,
                                        const std::string& table) const;
  // 1044 "Access denied for user 'u'@'h' to database 'd'" unless one of `any_of` is held on db.
  storage::Status RequireDatabasePrivilege(PrivilegeSet any_of, const std::string& db) const;
  // 1227 "Access denied; you need (at least one of) the X or Y privilege(s) ...".
  storage::Status RequireGlobalPrivilege(PrivilegeSet any_of) const;
  // Everything `st` needs (its tables from `plan`); called before any lock is requested.
  storage::Status CheckStatementPrivileges(const sql::ast::Statement& st,
                                           const sql::LockPlan& plan);
  StatementOutcome ExecShowGrants(const sql::ast::ShowStmt& st);

  // ---- account statements (session_account_statements.cc) ----
  // CURRENT_USER resolved to this session's account.
  std::vector<AccountName> ResolveUsers(const std::vector<sql::ast::UserName>& users) const;
  // CREATE USER / GRANT OPTION ... checks; OK for statements that are not account statements.
  storage::Status CheckAccountPrivileges(const sql::ast::Statement& st);

  // ---- prepared statements (session_prepared.cc) ----
  storage::Result<PreparedStatement> PrepareText(std::string_view text);
  StatementOutcome ExecPrepare(const sql::ast::PrepareStmt& st);
  StatementOutcome ExecExecute(const sql::ast::ExecuteStmt& st);
  StatementOutcome ExecDeallocate(const sql::ast::DeallocatePrepareStmt& st);

  ServerState* const server_;
  const ConnectionInfo info_;
  const Account account_;
  // Destroyed after everything that may hold tickets (declared first, destroyed last among
  // the lock-related members).
  std::unique_ptr<mdl::LockContext> mdl_;
  // The DML path's prepared lock requests (AcquirePlan). Declared after mdl_, so destroyed
  // (its handles reset) before the context.
  PreparedLockCache prepared_locks_{mdl_.get()};
  sql::SessionVariables vars_;
  DebugSyncActions debug_sync_;

  // Connection-thread state.
  std::string db_;
  bool multi_statements_;                      // from ConnectionInfo; COM_SET_OPTION changes it
  std::unique_ptr<storage::Transaction> trx_;  // published to Kill() through trx_for_kill_
  bool in_trx_ = false;                        // BEGIN, or autocommit=0 after a statement
  std::vector<std::pair<std::string, mdl::Savepoint>> savepoints_;
  std::optional<storage::TransactionOptions> next_trx_options_;  // SET TRANSACTION
  std::vector<LockedTable> locked_tables_;                       // non-empty: LOCK TABLES mode
  std::vector<mdl::Ticket*> locked_table_tickets_;
  std::vector<mdl::Ticket*> global_read_lock_tickets_;  // FTWRL: GLOBAL S, COMMIT S
  std::map<std::string, UserLock> user_locks_;
  std::map<std::string, storage::Value> user_vars_;  // lower-cased names
  std::map<uint32_t, PreparedStatement> prepared_;
  std::map<std::string, uint32_t> prepared_by_name_;  // lower-cased names
  uint32_t next_statement_id_ = 1;
  std::vector<Warning> warnings_;            // of the last statement that produced any
  std::vector<Warning> statement_warnings_;  // being collected by the running statement
  uint64_t last_insert_id_ = 0;
  int64_t row_count_ = -1;
  uint64_t found_rows_ = 0;
  std::chrono::system_clock::time_point stmt_time_;
  uint64_t event_id_ = 0;
  std::optional<sql::VirtualTable> show_where_source_;  // see ShowResultTable
  // grants() cache; connection thread only (mutable: a cache behind const accessors).
  mutable Grants grants_;
  mutable std::string account_host_ = "%";
  mutable uint64_t grants_version_ = 0;  // 0: never read (AccountStore versions start at 1)

  // Cross-thread state.
  // kill_ is 0 (none), 1 (KILL QUERY) or 2 (KILL CONNECTION). seq_cst: the killer stores it
  // before waking waiters (mdl Kill, trx Interrupt, debug-sync/sleep wake-up) and the victim
  // reads it after waking.
  std::atomic<int> kill_{0};
  mutable base::Mutex state_mu_;
  base::CondVar sleep_cv_;  // SLEEP() waits on it with state_mu_; Kill() signals it
  std::string command_ MDL_GUARDED_BY(state_mu_) = "Sleep";
  std::chrono::steady_clock::time_point command_since_ MDL_GUARDED_BY(state_mu_);
  std::string state_ MDL_GUARDED_BY(state_mu_);
  std::optional<std::string> info_text_ MDL_GUARDED_BY(state_mu_);
  std::string db_for_snapshot_ MDL_GUARDED_BY(state_mu_);
  storage::Transaction* trx_for_kill_ MDL_GUARDED_BY(state_mu_) = nullptr;
  bool in_trx_for_snapshot_ MDL_GUARDED_BY(state_mu_) = false;
  // Idle-blocker monitor's view (IdleState / DisconnectIfIdle): between commands or not,
  // commands begun so far, the session's mdl_idle_blocker_timeout, and the disconnect.
  bool between_commands_ MDL_GUARDED_BY(state_mu_) = true;
  uint64_t command_seq_ MDL_GUARDED_BY(state_mu_) = 0;
  uint64_t idle_blocker_timeout_ MDL_GUARDED_BY(state_mu_) = 0;
  std::optional<IdleBlockerDisconnect> idle_disconnect_ MDL_GUARDED_BY(state_mu_);
  // events_statements_current / threads extras (diag::SessionSnapshot documents them): the
  // running statement, or the last one once it ended.
  diag::StatementEvent statement_ MDL_GUARDED_BY(state_mu_);
  bool statement_running_ MDL_GUARDED_BY(state_mu_) = false;
  std::chrono::steady_clock::time_point mdl_wait_began_ MDL_GUARDED_BY(state_mu_);
  uint64_t thread_os_id_ MDL_GUARDED_BY(state_mu_) = 0;
  // events_statements_history: the last finished statements, oldest first.
  std::deque<diag::StatementEvent> statement_history_ MDL_GUARDED_BY(state_mu_);
};

}  // namespace server

#endif  // SERVER_SQL_SESSION_H_
