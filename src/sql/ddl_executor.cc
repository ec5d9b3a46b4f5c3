#include "sql/ddl_executor.h"

#include <algorithm>
#include <set>

#include "mdl/lock_key.h"
#include "sql/ddl_alter.h"
#include "sql/ddl_table_def.h"
#include "sql/lock_plan.h"
#include "storage/engine.h"

namespace sql {
namespace {

using storage::Result;
using storage::Status;

std::string DbOf(const ast::TableName& t, DdlContext& ctx) {
  return t.db.empty() ? ctx.current_db() : t.db;
}

StatementResult Done(uint64_t affected = 0) {
  StatementResult r;
  r.affected_rows = affected;
  return r;
}

Status CheckDatabase(const std::string& db, DdlContext& ctx) {
  if (db.empty()) return Status(ErrorCode::kNoDatabaseSelected, "No database selected");
  if (!ctx.engine().DatabaseExists(db)) {
    return Status(ErrorCode::kUnknownDatabase, "Unknown database '" + db + "'");
  }
  return Status::OK();
}

Result<StatementResult> CreateDatabase(const ast::CreateDatabaseStmt& st, DdlContext& ctx) {
  if (IsVirtualSchema(st.name)) {
    return SqlError(ErrorCode::kDatabaseExists,
                    "Can't create database '" + st.name + "'; database exists");
  }
  Status s = ctx.engine().CreateDatabase(st.name);
  if (!s.ok() && s.code() == ErrorCode::kDatabaseExists && st.if_not_exists) {
    ctx.PushWarning(WarningLevel::kNote, s.error());
    return Done(0);
  }
  STORAGE_RETURN_IF_ERROR(s);
  return Done(1);
}

Result<StatementResult> DropDatabase(const ast::DropDatabaseStmt& st, DdlContext& ctx) {
  if (!ctx.engine().DatabaseExists(st.name)) {
    SqlError e(ErrorCode::kDropDatabaseMissing,
               "Can't drop database '" + st.name + "'; database doesn't exist");
    if (!st.if_exists) return e;
    ctx.PushWarning(WarningLevel::kNote, e);
    return Done(0);
  }
  // SCHEMA X (held) keeps new tables out; now lock every existing table exclusively, as
  // MySQL's mysql_rm_db does before removing them.
  std::vector<mdl::LockRequest> requests;
  for (const std::string& t : ctx.engine().ListTables(st.name)) {
    requests.emplace_back(mdl::LockKey::Table(st.name, t), mdl::LockType::kExclusive,
                          mdl::LockDuration::kTransaction, MDL_SOURCE);
    requests.back().low_priority_window = ctx.ddl_low_priority_window();
  }
  if (!requests.empty()) {
    auto tickets = ctx.locks().AcquireBatch(requests, ctx.lock_wait_timeout());
    if (!tickets.ok()) return MdlStatusToSqlError(tickets.status());
  }
  STORAGE_RETURN_IF_ERROR(ctx.SyncPoint("drop_database_after_lock"));
  STORAGE_ASSIGN_OR_RETURN(std::vector<std::string> dropped, ctx.engine().DropDatabase(st.name));
  return Done(dropped.size());
}

Result<StatementResult> CreateTable(const ast::CreateTableStmt& st, DdlContext& ctx) {
  const std::string db = DbOf(st.table, ctx);
  STORAGE_RETURN_IF_ERROR(CheckDatabase(db, ctx));
  if (ctx.engine().FindTable(db, st.table.name) != nullptr) {
    SqlError e(ErrorCode::kTableExists, "Table '" + st.table.name + "' already exists");
    if (!st.if_not_exists) return e;
    ctx.PushWarning(WarningLevel::kNote, e);
    return Done(0);
  }
  storage::TableDef def;
  if (st.like) {
    const std::string src_db = DbOf(*st.like, ctx);
    auto src = ctx.engine().FindTable(src_db, st.like->name);
    if (src == nullptr) {
      return SqlError(ErrorCode::kNoSuchTable,
                      "Table '" + src_db + "." + st.like->name + "' doesn't exist");
    }
    def = *src;
    def.db = db;
    def.name = st.table.name;
    def.id = 0;
    def.create_time = 0;
    def.auto_increment = 1;
  } else {
    STORAGE_ASSIGN_OR_RETURN(def, BuildTableDef(st, db));
  }
  STORAGE_RETURN_IF_ERROR(ctx.SyncPoint("create_table_before_create"));
  STORAGE_RETURN_IF_ERROR(ctx.engine().CreateTable(def));
  return Done(0);
}

Result<StatementResult> DropTable(const ast::DropTableStmt& st, DdlContext& ctx) {
  // MySQL 8.0's DROP TABLE is atomic: if a table is missing (without IF EXISTS) nothing is
  // dropped and the error lists every missing table.
  std::string missing;
  std::vector<std::pair<std::string, std::string>> present;
  for (const ast::TableName& t : st.tables) {
    const std::string db = DbOf(t, ctx);
    if (ctx.engine().FindTable(db, t.name) == nullptr) {
      if (st.if_exists) {
        ctx.PushWarning(WarningLevel::kNote,
                        SqlError(ErrorCode::kUnknownTable, "Unknown table '" + db + "." + t.name + "'"));
      } else {
        missing += (missing.empty() ? "" : ",") + db + "." + t.name;
      }
      continue;
    }
    present.emplace_back(db, t.name);
  }
  if (!missing.empty()) return SqlError(ErrorCode::kUnknownTable, "Unknown table '" + missing + "'");
  for (const auto& [db, name] : present) STORAGE_RETURN_IF_ERROR(ctx.engine().DropTable(db, name));
  return Done(0);
}

Result<StatementResult> Truncate(const ast::TruncateStmt& st, DdlContext& ctx) {
  const std::string db = DbOf(st.table, ctx);
  STORAGE_RETURN_IF_ERROR(ctx.engine().TruncateTable(db, st.table.name));
  return Done(0);
}

Result<StatementResult> RenameTables(const ast::RenameTableStmt& st, DdlContext& ctx) {
  // Check the whole sequence against a simulated catalog first, so a failure changes nothing.
  std::set<std::pair<std::string, std::string>> exists;
  std::vector<std::pair<std::pair<std::string, std::string>, std::pair<std::string, std::string>>> moves;
  auto present = [&](const std::string& db, const std::string& name) {
    if (exists.count({db, "\x01" + name})) return false;  // renamed away earlier
    return exists.count({db, name}) > 0 || ctx.engine().FindTable(db, name) != nullptr;
  };
  for (const ast::RenamePair& r : st.renames) {
    const std::string from_db = DbOf(r.from, ctx), to_db = DbOf(r.to, ctx);
    if (!present(from_db, r.from.name)) {
      return SqlError(ErrorCode::kNoSuchTable,
                      "Table '" + from_db + "." + r.from.name + "' doesn't exist");
    }
    if (!ctx.engine().DatabaseExists(to_db)) {
      return SqlError(ErrorCode::kUnknownDatabase, "Unknown database '" + to_db + "'");
    }
    if (present(to_db, r.to.name)) {
      return SqlError(ErrorCode::kTableExists, "Table '" + r.to.name + "' already exists");
    }
    exists.erase({from_db, r.from.name});
    exists.insert({from_db, "\x01" + r.from.name});
    exists.erase({to_db, "\x01" + r.to.name});
    exists.insert({to_db, r.to.name});
    moves.push_back({{from_db, r.from.name}, {to_db, r.to.name}});
  }
  for (size_t i = 0; i < moves.size(); ++i) {
    const auto& [from, to] = moves[i];
    Status s = ctx.engine().RenameTable(from.first, from.second, to.first, to.second);
    if (!s.ok()) {
      // Undo the renames already done (best effort: only I/O failures can get here).
      for (size_t j = i; j-- > 0;) {
        ctx.engine()
            .RenameTable(moves[j].second.first, moves[j].second.second, moves[j].first.first,
                         moves[j].first.second)
            .IgnoreError();
      }
      return s;
    }
  }
  return Done(0);
}

}  // namespace

bool IsDdlStatement(const ast::Statement& st) {
  return st.Is<ast::CreateDatabaseStmt>() || st.Is<ast::DropDatabaseStmt>() ||
         st.Is<ast::CreateTableStmt>() || st.Is<ast::DropTableStmt>() ||
         st.Is<ast::TruncateStmt>() || st.Is<ast::RenameTableStmt>() ||
         st.Is<ast::AlterTableStmt>() || st.Is<ast::CreateIndexStmt>() ||
         st.Is<ast::DropIndexStmt>();
}

storage::Result<StatementResult> ExecuteDdl(const ast::Statement& st, DdlContext& ctx) {
  if (auto* s = st.As<ast::CreateDatabaseStmt>()) return CreateDatabase(*s, ctx);
  if (auto* s = st.As<ast::DropDatabaseStmt>()) return DropDatabase(*s, ctx);
  if (auto* s = st.As<ast::CreateTableStmt>()) return CreateTable(*s, ctx);
  if (auto* s = st.As<ast::DropTableStmt>()) return DropTable(*s, ctx);
  if (auto* s = st.As<ast::TruncateStmt>()) return Truncate(*s, ctx);
  if (auto* s = st.As<ast::RenameTableStmt>()) return RenameTables(*s, ctx);
  if (auto* s = st.As<ast::AlterTableStmt>()) return ExecuteAlterTable(*s, ctx);
  if (auto* s = st.As<ast::CreateIndexStmt>()) return ExecuteCreateIndex(*s, ctx);
  if (auto* s = st.As<ast::DropIndexStmt>()) return ExecuteDropIndex(*s, ctx);
  return SqlError(ErrorCode::kInternal, "not a DDL statement");
}

SqlError MdlStatusToSqlError(const mdl::Status& status) {
  switch (status.code()) {
    case mdl::Code::kLockWaitTimeout:
    case mdl::Code::kWouldBlock:
      return SqlError(ErrorCode::kLockWaitTimeout,
                      "Lock wait timeout exceeded; try restarting transaction");
    case mdl::Code::kDeadlock:
      return SqlError(ErrorCode::kDeadlock,
                      "Deadlock found when trying to get lock; try restarting transaction");
    case mdl::Code::kKilled:
      return SqlError(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
    default:
      return SqlError(ErrorCode::kInternal, std::string(status.message()));
  }
}

}  // namespace sql
