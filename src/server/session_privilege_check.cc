// SqlSession: privilege checks (MySQL's check_access / check_table_access, reduced to global
// and database level).
//
// Every check runs before the statement takes any metadata lock, as in MySQL, so a user
// without privileges can never queue a lock (and block others behind it). The grants are
// read live: a GRANT or REVOKE applies to running sessions from their next statement (MySQL
// caches the current database's privileges until the next USE; mdld does not).
//
// What each statement needs (errors: 1142 per table, 1044 per database, 1227 global):
//   SELECT, DO, SET (subquery), SHOW COLUMNS/INDEX  SELECT on every table read
//   INSERT / REPLACE / INSERT ... ON DUPLICATE     INSERT (+DELETE / +UPDATE) on the target
//   UPDATE                                         UPDATE on the tables SET assigns to
//   DELETE                                         DELETE on the target
//   CREATE TABLE (LIKE src)                        CREATE (+ SELECT on src)
//   DROP TABLE, TRUNCATE                           DROP
//   ALTER TABLE (RENAME TO n)                      ALTER (+ DROP on the old, CREATE,INSERT on n)
//   RENAME TABLE                                   ALTER,DROP on the old; CREATE,INSERT on new
//   CREATE / DROP INDEX                            INDEX
//   CREATE / DROP DATABASE, USE                    CREATE / DROP / any privilege on the db
//   LOCK TABLES                                    LOCK TABLES on the db and SELECT per table
//   FLUSH ...                                      RELOAD
//   SET GLOBAL                                     SUPER or SYSTEM_VARIABLES_ADMIN
//   KILL of another user's thread                  SUPER or CONNECTION_ADMIN (else 1095)
//   CREATE / DROP / ALTER USER (others)            CREATE USER
//   GRANT / REVOKE                                 GRANT OPTION and the privileges, at the level
// Tables of information_schema / performance_schema / sys / mysql need no privilege; what
// their rows show is filtered instead (PROCESS for other users' threads).
#include "server/sql_session.h"

namespace server {

using sql::ErrorCode;
using storage::Status;
namespace ast = sql::ast;

namespace {

using Requirements = std::vector<std::pair<sql::TableAccess, PrivilegeSet>>;

void Require(Requirements* out, const std::string& db, const std::string& table, PrivilegeSet p) {
  if (sql::IsVirtualSchema(db)) return;
  for (auto& [t, set] : *out) {
    if (t.db == db && t.name == table) {
      set |= p;
      return;
    }
  }
  out->push_back({sql::TableAccess{db, table, false}, p});
}

const std::string& DbOr(const std::string& db, const std::string& current) {
  return db.empty() ? current : db;
}

// Tables a multi-table UPDATE assigns to: those a SET column names by alias or table name;
// an unqualified column belongs to every table that has a column of that name.
void UpdateTargets(const ast::TableRef& ref, const ast::UpdateStmt& update, const std::string& db,
                   const storage::Engine& engine, Requirements* out) {
  if (ref.kind == ast::TableRefKind::kJoin) {
    if (ref.left) UpdateTargets(*ref.left, update, db, engine, out);
    if (ref.right) UpdateTargets(*ref.right, update, db, engine, out);
    return;
  }
  if (ref.kind != ast::TableRefKind::kTable) return;
  const std::string& table_db = DbOr(ref.table.db, db);
  const std::string& visible = ref.alias.empty() ? ref.table.name : ref.alias;
  for (const ast::Assignment& a : update.set) {
    bool target = false;
    if (!a.column.table.empty()) {
      target = a.column.table == visible;
    } else if (update.tables.size() == 1 && update.tables[0].kind == ast::TableRefKind::kTable) {
      target = true;
    } else {
      auto def = engine.FindTable(table_db, ref.table.name);
      target = def != nullptr && def->FindColumn(a.column.column) >= 0;
    }
    if (target) {
      Require(out, table_db, ref.table.name, priv::kUpdate);
      return;
    }
  }
}

}  // namespace

const Grants& SqlSession::grants() const {
  const uint64_t version = server_->accounts->version();
  if (version != grants_version_) {
    auto account = server_->accounts->FindStored(info_.user);
    grants_ = account ? account->grants : Grants{};
    account_host_ = account ? account->host : "%";
    grants_version_ = version;
  }
  return grants_;
}

std::string SqlSession::ClientHost() const {
  // processlist shows "ip:port"; messages name the host alone, as MySQL's host_or_ip.
  const size_t colon = info_.host.rfind(':');
  if (colon == std::string::npos || info_.host == "localhost") return info_.host;
  return info_.host.substr(0, colon);
}

bool SqlSession::HasGlobalPrivilege(PrivilegeSet any_of) const {
  return grants().HasAny(any_of);
}

Status SqlSession::RequireTablePrivilege(PrivilegeSet wanted, const std::string& db,
                                         const std::string& table) const {
  const PrivilegeSet missing = wanted & ~grants().OnDatabase(db);
  if (missing == 0) return Status::OK();
  return Status(ErrorCode::kTableAccessDenied, PrivilegeNames(missing, ",") +
                                                   " command denied to user '" + info_.user +
                                                   "'@'" + ClientHost() + "' for table '" +
                                                   table + "'");
}

Status SqlSession::RequireDatabasePrivilege(PrivilegeSet any_of, const std::string& db) const {
  if ((grants().OnDatabase(db) & any_of) != 0) return Status::OK();
  return Status(ErrorCode::kDbAccessDenied, "Access denied for user '" + info_.user + "'@'" +
                                                ClientHost() + "' to database '" + db + "'");
}

Status SqlSession::RequireGlobalPrivilege(PrivilegeSet any_of) const {
  if (HasGlobalPrivilege(any_of)) return Status::OK();
  return Status(ErrorCode::kSpecificAccessDenied,
                "Access denied; you need (at least one of) the " + PrivilegeNames(any_of, " or ") +
                    " privilege(s) for this operation");
}

Status SqlSession::CheckStatementPrivileges(const ast::Statement& st, const sql::LockPlan& plan) {
  Requirements req;
  const auto table_db = [&](const ast::TableName& t) -> const std::string& {
    return DbOr(t.db, db_);
  };
  const auto reads = [&](PrivilegeSet p = priv::kSelect) {
    // Every table of the plan not already required with something else is read.
    for (const sql::TableAccess& t : plan.tables) {
      bool listed = false;
      for (const auto& [r, set] : req) listed = listed || (r.db == t.db && r.name == t.name);
      if (!listed) Require(&req, t.db, t.name, p);
    }
  };
  if (auto* s = st.As<ast::InsertStmt>()) {
    PrivilegeSet p = priv::kInsert;
    if (s->replace) p |= priv::kDelete;
    if (!s->on_duplicate_update.empty()) p |= priv::kUpdate;
    Require(&req, table_db(s->table), s->table.name, p);
    reads();
  } else if (auto* s = st.As<ast::UpdateStmt>()) {
    for (const ast::TableRef& ref : s->tables) UpdateTargets(ref, *s, db_, *server_->engine, &req);
    reads();
  } else if (auto* s = st.As<ast::DeleteStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kDelete);
    reads();
  } else if (st.Is<ast::SelectStmt>() || st.Is<ast::DoStmt>() || st.Is<ast::SetStmt>() ||
             st.Is<ast::ExplainStmt>()) {
    reads();
  } else if (auto* s = st.As<ast::ShowStmt>()) {
    if (s->kind == ast::ShowKind::kCreateTable) {
      // SHOW CREATE TABLE needs any privilege on the table (MySQL: "SHOW command denied").
      for (const sql::TableAccess& t : plan.tables) {
        if ((grants().OnDatabase(t.db) & priv::kAllDatabase) == 0) {
          return Status(ErrorCode::kTableAccessDenied,
                        "SHOW command denied to user '" + info_.user + "'@'" + ClientHost() +
                            "' for table '" + t.name + "'");
        }
      }
    } else if (s->kind == ast::ShowKind::kBinaryLogs || s->kind == ast::ShowKind::kMasterStatus) {
      // MySQL 8.0: SHOW BINARY LOGS / MASTER STATUS need REPLICATION CLIENT (or SUPER).
      return RequireGlobalPrivilege(priv::kSuper | priv::kReplicationClient);
    } else if (s->kind == ast::ShowKind::kBinlogEvents) {
      // MySQL 8.0 checks REPL_SLAVE_ACL for SHOW BINLOG EVENTS; SUPER and REPLICATION CLIENT
      // are accepted too (the diagnostic privileges a DBA account has).
      return RequireGlobalPrivilege(priv::kSuper | priv::kReplicationClient |
                                    priv::kReplicationSlave);
    } else if (s->kind == ast::ShowKind::kTables || s->kind == ast::ShowKind::kTableStatus) {
      const std::string& db = DbOr(s->db, db_);
      if (!db.empty() && !sql::IsVirtualSchema(db)) {
        STORAGE_RETURN_IF_ERROR(RequireDatabasePrivilege(priv::kAllDatabase, db));
      }
    } else {
      reads();
    }
  } else if (auto* s = st.As<ast::CreateTableStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kCreate);
    if (s->like) Require(&req, table_db(*s->like), s->like->name, priv::kSelect);
  } else if (auto* s = st.As<ast::DropTableStmt>()) {
    for (const ast::TableName& t : s->tables) Require(&req, table_db(t), t.name, priv::kDrop);
  } else if (auto* s = st.As<ast::TruncateStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kDrop);
  } else if (auto* s = st.As<ast::RenameTableStmt>()) {
    for (const auto& r : s->renames) {
      Require(&req, table_db(r.from), r.from.name, priv::kAlter | priv::kDrop);
      Require(&req, table_db(r.to), r.to.name, priv::kCreate | priv::kInsert);
    }
  } else if (auto* s = st.As<ast::AlterTableStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kAlter);
    for (const ast::AlterSpec& spec : s->specs) {
      if (spec.kind != ast::AlterSpecKind::kRenameTable) continue;
      Require(&req, table_db(s->table), s->table.name, priv::kDrop);
      Require(&req, table_db(spec.new_table), spec.new_table.name, priv::kCreate | priv::kInsert);
    }
  } else if (auto* s = st.As<ast::CreateIndexStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kIndex);
  } else if (auto* s = st.As<ast::DropIndexStmt>()) {
    Require(&req, table_db(s->table), s->table.name, priv::kIndex);
  } else if (auto* s = st.As<ast::CreateDatabaseStmt>()) {
    return RequireDatabasePrivilege(priv::kCreate, s->name);
  } else if (auto* s = st.As<ast::DropDatabaseStmt>()) {
    return RequireDatabasePrivilege(priv::kDrop, s->name);
  } else if (st.Is<ast::LockTablesStmt>()) {
    for (const sql::TableAccess& t : plan.tables) {
      STORAGE_RETURN_IF_ERROR(RequireDatabasePrivilege(priv::kLockTables, t.db));
    }
    reads();
  } else if (st.Is<ast::FlushStmt>()) {
    return RequireGlobalPrivilege(priv::kReload);
  } else {
    return CheckAccountPrivileges(st);
  }
  for (const auto& [t, wanted] : req) {
    STORAGE_RETURN_IF_ERROR(RequireTablePrivilege(wanted, t.db, t.name));
  }
  return Status::OK();
}

}  // namespace server
