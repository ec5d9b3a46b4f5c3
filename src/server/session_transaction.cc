// SqlSession: transactions, savepoints and the end-of-statement commit/rollback rules.
#include <algorithm>

#include "server/sql_session.h"
#include "sql/ddl_executor.h"
#include "storage/engine.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;
namespace ast = sql::ast;

namespace {

bool NameEqualsCi(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

storage::IsolationLevel IsolationOf(const std::string& text) {
  if (text == "READ-UNCOMMITTED") return storage::IsolationLevel::kReadUncommitted;
  if (text == "READ-COMMITTED") return storage::IsolationLevel::kReadCommitted;
  if (text == "SERIALIZABLE") return storage::IsolationLevel::kSerializable;
  return storage::IsolationLevel::kRepeatableRead;
}

}  // namespace

storage::Transaction& SqlSession::Transaction() {
  if (trx_ == nullptr || !trx_->is_active()) {
    storage::TransactionOptions opts;
    if (next_trx_options_) {
      opts = *next_trx_options_;
    } else {
      opts.isolation =
          IsolationOf(vars_.Get(*sql::FindSysVar("transaction_isolation")).ToString());
      opts.read_only = vars_.Get(*sql::FindSysVar("transaction_read_only")).ToInt() != 0;
    }
    opts.lock_wait_timeout = std::chrono::seconds(vars_.innodb_lock_wait_timeout());
    opts.thread_id = info_.connection_id;
    auto trx = server_->engine->Begin(opts);
    {
      base::MutexLock lock(&state_mu_);
      trx_for_kill_ = trx.get();
      // A KILL QUERY that already arrived for this statement applies to the new trx too.
      if (kill_.load() != 0) trx->Interrupt();
    }
    std::unique_ptr<storage::Transaction> old = std::move(trx_);
    trx_ = std::move(trx);
  }
  return *trx_;
}

Status SqlSession::CommitTransaction() {
  Status result;
  if (trx_ != nullptr && trx_->is_active()) {
    mdl::Ticket* commit_ticket = nullptr;
    if (trx_->has_writes()) {
      // COMMIT IX: a session holding FLUSH TABLES WITH READ LOCK (COMMIT S) makes this wait
      // ("Waiting for commit lock"). MySQL rolls the transaction back if this fails. Taken
      // by every writing commit: through the session's prepared handle, as DML's locks.
      auto t = prepared_locks_.Acquire(
          mdl::LockRequest(mdl::LockKey::Commit(), mdl::LockType::kIntentionExclusive,
                           mdl::LockDuration::kExplicit, MDL_SOURCE, event_id_),
          lock_wait_timeout());
      if (t.ok()) {
        commit_ticket = *t;
      } else {
        result = sql::MdlStatusToSqlError(t.status());
      }
    }
    if (result.ok()) {
      SetState("waiting for handler commit");
      result = trx_->Commit();
      SetState("executing");
    } else {
      trx_->Rollback();
    }
    if (commit_ticket != nullptr) mdl_->Release(commit_ticket);
    server_->counters.com_commit.fetch_add(1, std::memory_order_relaxed);
  }
  {
    base::MutexLock lock(&state_mu_);
    trx_for_kill_ = nullptr;
  }
  trx_.reset();
  next_trx_options_.reset();
  mdl_->ReleaseTransactionLocks();
  savepoints_.clear();
  in_trx_ = false;
  return result;
}

void SqlSession::RollbackTransaction() {
  if (trx_ != nullptr) {
    trx_->Rollback();
    server_->counters.com_rollback.fetch_add(1, std::memory_order_relaxed);
  }
  {
    base::MutexLock lock(&state_mu_);
    trx_for_kill_ = nullptr;
  }
  trx_.reset();
  next_trx_options_.reset();
  mdl_->ReleaseTransactionLocks();
  savepoints_.clear();
  in_trx_ = false;
}

Status SqlSession::ImplicitCommit() { return CommitTransaction(); }

Status SqlSession::EndStatement(bool failed, ErrorCode code) {
  if (failed && code == ErrorCode::kDeadlock) {
    RollbackTransaction();
    return Status::OK();
  }
  // Inside a transaction everything stays, the locks of a failed statement included (its
  // row changes were undone by the executor's statement savepoint).
  if (in_trx_) return Status::OK();
  if (failed) {
    RollbackTransaction();
    return Status::OK();
  }
  return CommitTransaction();
}

SqlSession::StatementOutcome SqlSession::ExecTransaction(const ast::TransactionStmt& st) {
  switch (st.action) {
    case ast::TransactionAction::kBegin: {
      // BEGIN commits the open transaction and ends LOCK TABLES mode (MySQL releases table
      // locks on START TRANSACTION).
      STORAGE_RETURN_IF_ERROR(ImplicitCommit());
      if (!locked_tables_.empty()) ReleaseLockedTables();
      server_->counters.com_begin.fetch_add(1, std::memory_order_relaxed);
      in_trx_ = true;
      if (st.read_only) {
        storage::TransactionOptions opts;
        opts.isolation =
            IsolationOf(vars_.Get(*sql::FindSysVar("transaction_isolation")).ToString());
        opts.read_only = *st.read_only;
        next_trx_options_ = opts;
      }
      if (st.with_consistent_snapshot) Transaction();
      return Ok();
    }
    case ast::TransactionAction::kCommit: {
      STORAGE_RETURN_IF_ERROR(CommitTransaction());
      if (st.chain.value_or(false)) in_trx_ = true;
      if (st.release.value_or(false)) Kill(true);
      return Ok();
    }
    case ast::TransactionAction::kRollback:
      RollbackTransaction();
      if (st.chain.value_or(false)) in_trx_ = true;
      if (st.release.value_or(false)) Kill(true);
      return Ok();
    case ast::TransactionAction::kSavepoint: {
      if (!in_trx_) return Ok();  // autocommit: the statement's own trx ends right away
      Transaction().Savepoint(st.savepoint);
      std::erase_if(savepoints_, [&](const auto& sp) { return NameEqualsCi(sp.first, st.savepoint); });
      savepoints_.emplace_back(st.savepoint, mdl_->GetSavepoint());
      return Ok();
    }
    case ast::TransactionAction::kRollbackToSavepoint:
    case ast::TransactionAction::kReleaseSavepoint: {
      auto it = std::find_if(savepoints_.begin(), savepoints_.end(),
                             [&](const auto& sp) { return NameEqualsCi(sp.first, st.savepoint); });
      if (it == savepoints_.end()) {
        return SqlError(ErrorCode::kSpDoesNotExist, "SAVEPOINT " + st.savepoint + " does not exist");
      }
      if (st.action == ast::TransactionAction::kRollbackToSavepoint) {
        if (trx_ != nullptr) STORAGE_RETURN_IF_ERROR(trx_->RollbackToSavepoint(st.savepoint));
        // InnoDB lets MySQL release the MDL taken after the savepoint.
        mdl_->RollbackToSavepoint(it->second);
        savepoints_.erase(it + 1, savepoints_.end());
      } else {
        if (trx_ != nullptr) STORAGE_RETURN_IF_ERROR(trx_->ReleaseSavepoint(st.savepoint));
        savepoints_.erase(it, savepoints_.end());
      }
      return Ok();
    }
  }
  return Ok();
}

}  // namespace server
