// SqlSession: SET (system and user variables, NAMES, CHARACTER SET), SET TRANSACTION, and
// reading variables for the executor.

#include "base/ascii.h"
#include "server/sql_session.h"
#include "sql/executor.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;
using storage::Value;
namespace ast = sql::ast;

namespace {

// MySQL's default collation per character set, for SET NAMES without COLLATE.
std::string DefaultCollation(const std::string& charset) {
  if (charset == "utf8mb4") return "utf8mb4_0900_ai_ci";
  if (charset == "utf8" || charset == "utf8mb3") return "utf8mb3_general_ci";
  if (charset == "latin1") return "latin1_swedish_ci";
  if (charset == "ascii") return "ascii_general_ci";
  if (charset == "binary") return "binary";
  return charset + "_general_ci";
}

bool IsGlobalScope(ast::VarScope scope) {
  return scope == ast::VarScope::kGlobal || scope == ast::VarScope::kPersist ||
         scope == ast::VarScope::kPersistOnly;
}

}  // namespace

Value SqlSession::GetUserVariable(const std::string& name) const {
  auto it = user_vars_.find(base::AsciiLower(name));
  return it == user_vars_.end() ? Value() : it->second;
}

void SqlSession::SetUserVariable(const std::string& name, Value value) {
  user_vars_[base::AsciiLower(name)] = std::move(value);
}

storage::Result<Value> SqlSession::GetSystemVariable(ast::VarScope scope,
                                                     const std::string& name) const {
  const sql::SysVarDef* def = sql::FindSysVar(name);
  if (def == nullptr) {
    return SqlError(ErrorCode::kUnknownSystemVariable, "Unknown system variable '" + name + "'");
  }
  if (scope == ast::VarScope::kSession && def->scope == sql::SysVarScope::kGlobalOnly) {
    return SqlError(ErrorCode::kIncorrectGlobalLocalVar,
                    "Variable '" + std::string(def->name) + "' is a GLOBAL variable");
  }
  if (IsGlobalScope(scope)) {
    if (def->scope == sql::SysVarScope::kSessionOnly) {
      return SqlError(ErrorCode::kIncorrectGlobalLocalVar,
                      "Variable '" + std::string(def->name) + "' is a SESSION variable");
    }
    return server_->globals.Get(*def);
  }
  return vars_.Get(*def);
}

Status SqlSession::SetSystemVariable(ast::VarScope scope, const std::string& name,
                                     const ast::Expr* value_expr, const sql::Params& params) {
  const sql::SysVarDef* def = sql::FindSysVar(name);
  if (def == nullptr) {
    return Status(ErrorCode::kUnknownSystemVariable, "Unknown system variable '" + name + "'");
  }
  const std::string vname(def->name);
  const bool global = IsGlobalScope(scope);
  if (def->read_only) {
    return Status(ErrorCode::kIncorrectGlobalLocalVar,
                  "Variable '" + vname + "' is a read only variable");
  }
  if (global && def->scope == sql::SysVarScope::kSessionOnly) {
    return Status(ErrorCode::kIncorrectGlobalLocalVar,
                  "Variable '" + vname + "' is a SESSION variable and can't be used with SET GLOBAL");
  }
  if (!global && def->scope == sql::SysVarScope::kGlobalOnly) {
    return Status(ErrorCode::kIncorrectGlobalLocalVar,
                  "Variable '" + vname + "' is a GLOBAL variable and should be set with SET GLOBAL");
  }
  if (global || vname == "mdl_idle_blocker_timeout") {
    // The SESSION value of mdl_idle_blocker_timeout exempts (or exposes) the session from
    // the DBA's rule, so changing it is an administrator's decision as well (MySQL guards
    // such session variables with SESSION_VARIABLES_ADMIN).
    STORAGE_RETURN_IF_ERROR(RequireGlobalPrivilege(priv::kSuper | priv::kSystemVariablesAdmin));
  }
  Value value;
  if (value_expr != nullptr && value_expr->Is<ast::DefaultValue>()) {
    // SET x = DEFAULT: the global value for SESSION, the compiled-in default for GLOBAL.
    sql::GlobalVariables defaults;
    value = global ? defaults.Get(*def) : server_->globals.Get(*def);
  } else if (value_expr != nullptr) {
    STORAGE_ASSIGN_OR_RETURN(value, sql::EvaluateConstant(*value_expr, *this, params));
  }
  if (vname == "debug_sync") {
    if (value.is_null()) return Status::OK();
    return debug_sync_.Set(
        value.ToString(), [this] { return Killed(); },
        [this] {
          PushWarning(sql::WarningLevel::kWarning,
                      SqlError(ErrorCode::kInternal, "debug sync point wait timed out"));
        });
  }
  STORAGE_ASSIGN_OR_RETURN(sql::CheckedValue checked, sql::CheckSysVarValue(*def, value));
  if (checked.warning) {
    PushWarning(sql::WarningLevel::kWarning,
                SqlError(ErrorCode::kTruncatedWrongValue, *checked.warning));
  }
  if (global) {
    server_->globals.Set(*def, checked.value);
    return Status::OK();
  }
  return ApplySessionVariable(*def, checked.value);
}

Status SqlSession::ApplySessionVariable(const sql::SysVarDef& def, const Value& value) {
  const std::string name(def.name);
  if (name == "autocommit") {
    const bool was = vars_.autocommit();
    vars_.Set(def, value);
    // SET autocommit = 1 commits the open transaction (MySQL manual, "autocommit").
    if (!was && value.ToInt() != 0 && in_trx_) return CommitTransaction();
    return Status::OK();
  }
  vars_.Set(def, value);
  if (name == "mdl_idle_blocker_timeout") PublishIdleBlockerTimeout();
  if (name == "innodb_lock_wait_timeout" && trx_ != nullptr) {
    trx_->set_lock_wait_timeout(std::chrono::seconds(value.ToUInt()));
  }
  return Status::OK();
}

SqlSession::StatementOutcome SqlSession::ExecSet(const ast::SetStmt& st, const sql::Params& params) {
  for (const ast::SetItem& item : st.items) {
    switch (item.kind) {
      case ast::SetItemKind::kUserVar: {
        STORAGE_ASSIGN_OR_RETURN(Value v, sql::EvaluateConstant(*item.value, *this, params));
        SetUserVariable(item.name, std::move(v));
        break;
      }
      case ast::SetItemKind::kSystemVar:
        STORAGE_RETURN_IF_ERROR(SetSystemVariable(item.scope, item.name, item.value.get(), params));
        break;
      case ast::SetItemKind::kNames:
      case ast::SetItemKind::kCharacterSet: {
        std::string cs = base::AsciiLower(item.charset);
        if (cs == "default") cs = "utf8mb4";
        const std::string collation =
            item.collation.empty() ? DefaultCollation(cs) : base::AsciiLower(item.collation);
        auto set = [&](const char* var, const std::string& v) {
          vars_.Set(*sql::FindSysVar(var), Value::String(v));
        };
        set("character_set_client", cs);
        set("character_set_results", cs);
        if (item.kind == ast::SetItemKind::kNames) {
          set("character_set_connection", cs);
          set("collation_connection", collation);
        } else {
          const std::string db_cs = vars_.Get(*sql::FindSysVar("character_set_database")).ToString();
          set("character_set_connection", db_cs);
          set("collation_connection", DefaultCollation(db_cs));
        }
        break;
      }
    }
  }
  return Ok();
}

SqlSession::StatementOutcome SqlSession::ExecSetTransaction(const ast::SetTransactionStmt& st) {
  static const char* kLevels[] = {"READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ",
                                  "SERIALIZABLE"};
  if (st.scope == ast::VarScope::kDefault) {
    // Next transaction only.
    storage::TransactionOptions opts;
    const std::string level =
        st.isolation ? kLevels[static_cast<int>(*st.isolation)]
                     : vars_.Get(*sql::FindSysVar("transaction_isolation")).ToString();
    opts.isolation = static_cast<storage::IsolationLevel>(
        st.isolation ? static_cast<int>(*st.isolation)
                     : (level == "READ-UNCOMMITTED" ? 0 : level == "READ-COMMITTED" ? 1
                        : level == "SERIALIZABLE" ? 3 : 2));
    opts.read_only = st.read_only.value_or(false);
    next_trx_options_ = opts;
    return Ok();
  }
  const bool global = IsGlobalScope(st.scope);
  if (st.isolation) {
    const sql::SysVarDef& def = *sql::FindSysVar("transaction_isolation");
    Value v = Value::String(kLevels[static_cast<int>(*st.isolation)]);
    if (global) {
      STORAGE_RETURN_IF_ERROR(RequireGlobalPrivilege(priv::kSuper | priv::kSystemVariablesAdmin));
      server_->globals.Set(def, v);
    } else {
      vars_.Set(def, v);
    }
  }
  if (st.read_only) {
    const sql::SysVarDef& def = *sql::FindSysVar("transaction_read_only");
    Value v = Value::Int(*st.read_only ? 1 : 0);
    if (global) {
      server_->globals.Set(def, v);
    } else {
      vars_.Set(def, v);
    }
  }
  return Ok();
}

}  // namespace server
