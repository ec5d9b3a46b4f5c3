// SqlSession: CREATE / ALTER / DROP USER, GRANT, REVOKE and SHOW GRANTS.
//
// The privilege checks (CheckAccountPrivileges) run before the statement's metadata locks;
// the changes themselves are made durable by AccountStore before the statement reports OK.
#include "server/sql_session.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Status;
using storage::Value;
namespace ast = sql::ast;

namespace {

// GRANT / REVOKE's privileges and level, resolved.
struct GrantTarget {
  std::string db;  // "*" for *.*
  PrivilegeSet privileges = 0;
};

const std::vector<ast::Privilege>& PrivilegesOf(const ast::Statement& st) {
  if (auto* g = st.As<ast::GrantStmt>()) return g->privileges;
  return st.As<ast::RevokeStmt>()->privileges;
}
const ast::PrivilegeLevel& LevelOf(const ast::Statement& st) {
  if (auto* g = st.As<ast::GrantStmt>()) return g->level;
  return st.As<ast::RevokeStmt>()->level;
}
const std::vector<ast::UserName>& UsersOf(const ast::Statement& st) {
  if (auto* g = st.As<ast::GrantStmt>()) return g->users;
  return st.As<ast::RevokeStmt>()->users;
}

storage::Result<GrantTarget> ResolveGrant(const ast::Statement& st, const std::string& current_db) {
  const ast::PrivilegeLevel& level = LevelOf(st);
  GrantTarget target;
  if (level.table != "*") {
    return SqlError(ErrorCode::kNotSupported,
                    "This version of MySQL doesn't yet support 'table-level privileges'");
  }
  if (level.db.empty()) {  // ON *: the current database
    if (current_db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
    target.db = current_db;
  } else {
    target.db = level.db;
  }
  const bool database_level = target.db != "*";
  for (const ast::Privilege& p : PrivilegesOf(st)) {
    if (!p.columns.empty()) {
      return SqlError(ErrorCode::kNotSupported,
                      "This version of MySQL doesn't yet support 'column-level privileges'");
    }
    auto set = PrivilegeFromName(p.name, database_level);
    if (!set) {
      return SqlError(ErrorCode::kParseError,
                      "You have an error in your SQL syntax; check the manual that corresponds to "
                      "your MySQL server version for the right syntax to use near '" + p.name +
                          "' at line 1");
    }
    if (database_level && (*set & priv::kGlobalOnly) != 0) {
      return SqlError(ErrorCode::kWrongUsage, "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
    }
    target.privileges |= *set;
  }
  if (auto* g = st.As<ast::GrantStmt>(); g != nullptr && g->with_grant_option) {
    target.privileges |= priv::kGrantOption;
  }
  return target;
}

sql::StatementResult Rows(const std::string& column, std::vector<std::string> lines) {
  sql::StatementResult r;
  r.has_result_set = true;
  sql::ColumnInfo c;
  c.name = c.org_name = column;
  c.type = storage::ColumnType::kVarchar;
  c.length = 1024 * 4;
  r.result_set.columns = {c};
  for (auto& l : lines) r.result_set.rows.push_back({Value::String(std::move(l))});
  return r;
}

}  // namespace

std::vector<AccountName> SqlSession::ResolveUsers(const std::vector<ast::UserName>& users) const {
  std::vector<AccountName> out;
  for (const ast::UserName& u : users) {
    if (u.user == "CURRENT_USER" && u.host.empty()) {
      grants();  // refreshes account_host_
      out.push_back({info_.user, account_host_, std::nullopt});
    } else {
      out.push_back({u.user, u.host, std::nullopt});
    }
  }
  return out;
}

Status SqlSession::CheckAccountPrivileges(const ast::Statement& st) {
  if (auto* s = st.As<ast::AlterUserStmt>()) {
    // Changing one's own password needs no privilege.
    bool only_self = true;
    for (const ast::UserSpec& u : s->users) {
      only_self = only_self && (u.name.user == info_.user || u.name.user == "CURRENT_USER");
    }
    if (only_self) return Status::OK();
    return RequireGlobalPrivilege(priv::kCreateUser);
  }
  if (st.Is<ast::CreateUserStmt>() || st.Is<ast::DropUserStmt>()) {
    return RequireGlobalPrivilege(priv::kCreateUser);
  }
  if (!st.Is<ast::GrantStmt>() && !st.Is<ast::RevokeStmt>()) return Status::OK();
  STORAGE_ASSIGN_OR_RETURN(GrantTarget target, ResolveGrant(st, db_));
  // GRANT OPTION at the level, and every privilege given away or taken (MySQL's rule).
  const PrivilegeSet held = target.db == "*" ? grants().global : grants().OnDatabase(target.db);
  const PrivilegeSet wanted = target.privileges | priv::kGrantOption;
  if ((wanted & ~held) == 0) return Status::OK();
  if (target.db != "*") return RequireDatabasePrivilege(0, target.db);
  return Status(ErrorCode::kAccessDenied,
                "Access denied for user '" + info_.user + "'@'" + ClientHost() +
                    "' (using password: " + (account_.auth_string.empty() ? "NO" : "YES") + ")");
}

SqlSession::StatementOutcome SqlSession::ExecAccountStatement(const ast::Statement& st) {
  AccountStore& accounts = *server_->accounts;
  if (auto* s = st.As<ast::CreateUserStmt>()) {
    std::vector<AccountName> users;
    for (const ast::UserSpec& u : s->users) users.push_back({u.name.user, u.name.host, u.password});
    STORAGE_RETURN_IF_ERROR(accounts.Create(users, s->if_not_exists));
    return Ok();
  }
  if (auto* s = st.As<ast::AlterUserStmt>()) {
    std::vector<AccountName> users;
    for (const ast::UserSpec& u : s->users) {
      AccountName name = ResolveUsers({u.name}).front();
      name.password = u.password;
      users.push_back(std::move(name));
    }
    STORAGE_RETURN_IF_ERROR(accounts.Alter(users, s->if_exists));
    return Ok();
  }
  if (auto* s = st.As<ast::DropUserStmt>()) {
    STORAGE_RETURN_IF_ERROR(accounts.Drop(ResolveUsers(s->users), s->if_exists));
    return Ok();
  }
  STORAGE_ASSIGN_OR_RETURN(GrantTarget target, ResolveGrant(st, db_));
  if (st.Is<ast::GrantStmt>()) {
    STORAGE_RETURN_IF_ERROR(accounts.Grant(ResolveUsers(UsersOf(st)), target.db, target.privileges));
  } else {
    STORAGE_RETURN_IF_ERROR(accounts.Revoke(ResolveUsers(UsersOf(st)), target.db, target.privileges));
  }
  return Ok();
}

SqlSession::StatementOutcome SqlSession::ExecShowGrants(const ast::ShowStmt& st) {
  ast::UserName name;
  if (st.user.empty()) {  // SHOW GRANTS: the current account
    name.user = "CURRENT_USER";
    name.host.clear();
  } else {
    name.user = st.user;
    name.host = st.host;
  }
  const AccountName who = ResolveUsers({name}).front();
  if (who.user != info_.user) {
    // Another account's grants: MySQL requires SELECT on the mysql schema.
    STORAGE_RETURN_IF_ERROR(RequireDatabasePrivilege(priv::kSelect, "mysql"));
  }
  auto account = server_->accounts->FindStored(who.user);
  if (!account || account->host != who.host) {
    return SqlError(ErrorCode::kNonexistingGrant, "There is no such grant defined for user '" +
                                                      who.user + "' on host '" + who.host + "'");
  }
  std::vector<std::string> lines = {
      GrantStatementText(account->grants.global, "*", account->user, account->host)};
  for (const auto& [db, set] : account->grants.databases) {
    lines.push_back(GrantStatementText(set, db, account->user, account->host));
  }
  return Rows("Grants for " + account->user + "@" + account->host, std::move(lines));
}

}  // namespace server
