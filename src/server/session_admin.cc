// SqlSession: KILL, USE / COM_INIT_DB, SHOW, COM_RESET_CONNECTION.
#include <cctype>

#include "diag/processlist_table.h"
#include "server/mysql_error.h"
#include "server/sql_session.h"
#include "sql/executor.h"
#include "sql/show_binlog.h"
#include "sql/show_information_schema.h"
#include "storage/engine.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;
using storage::Value;
namespace ast = sql::ast;

namespace {

// SQL LIKE with % and _ (and \ escapes), case-insensitive as SHOW ... LIKE compares names.
bool Like(std::string_view s, std::string_view p) {
  size_t si = 0, pi = 0, star = std::string_view::npos, match = 0;
  auto eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '\\' && pi + 1 < p.size() && eq(p[pi + 1], s[si])) {
      pi += 2;
      ++si;
    } else if (pi < p.size() && (p[pi] == '_' || (p[pi] != '%' && eq(p[pi], s[si])))) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '%') {
      star = pi++;
      match = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++match;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

sql::ColumnInfo TextColumn(std::string name, uint32_t chars = 64) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kVarchar;
  c.length = chars * 4;
  return c;
}

sql::StatementResult ResultOf(std::vector<sql::ColumnInfo> columns, std::vector<storage::Row> rows) {
  sql::StatementResult r;
  r.has_result_set = true;
  r.result_set.columns = std::move(columns);
  r.result_set.rows = std::move(rows);
  return r;
}

const char* LevelName(sql::WarningLevel level) {
  switch (level) {
    case sql::WarningLevel::kNote: return "Note";
    case sql::WarningLevel::kWarning: return "Warning";
    case sql::WarningLevel::kError: return "Error";
  }
  return "Warning";
}

}  // namespace

SqlSession::StatementOutcome SqlSession::ExecKill(const ast::KillStmt& st, const sql::Params& params) {
  STORAGE_ASSIGN_OR_RETURN(Value v, sql::EvaluateConstant(*st.id, *this, params));
  const uint64_t target = v.ToUInt();
  STORAGE_RETURN_IF_ERROR(server_->registry.Kill(
      target, !st.query_only, info_.user, HasGlobalPrivilege(priv::kSuper | priv::kConnectionAdmin)));
  if (target == id()) {
    // Killing yourself interrupts the KILL statement itself (MySQL reports 1317).
    return SqlError(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
  }
  return Ok();
}

SqlSession::StatementOutcome SqlSession::ExecUse(const std::string& db) {
  if (!sql::IsVirtualSchema(db)) {
    STORAGE_RETURN_IF_ERROR(RequireDatabasePrivilege(priv::kAllDatabase, db));
  }
  if (!sql::IsVirtualSchema(db) && !server_->engine->DatabaseExists(db)) {
    return SqlError(ErrorCode::kUnknownDatabase, "Unknown database '" + db + "'");
  }
  db_ = db;
  base::MutexLock lock(&state_mu_);
  db_for_snapshot_ = db_;
  return Ok();
}

void SqlSession::ChangeDatabase(std::string_view db, ResultSink& sink) {
  StatementOutcome out = ExecUse(std::string(db));
  Report(out, false, sink);
}

SqlSession::StatementOutcome SqlSession::ExecShow(const ast::ShowStmt& st) {
  const auto like = [&](const std::string& name) {
    return !st.like_pattern || Like(name, *st.like_pattern);
  };
  auto& engine = *server_->engine;
  switch (st.kind) {
    case ast::ShowKind::kDatabases: {
      std::vector<std::string> dbs = engine.ListDatabases();
      dbs.push_back("information_schema");
      dbs.push_back("performance_schema");
      std::sort(dbs.begin(), dbs.end());
      std::vector<storage::Row> rows;
      // Without SHOW DATABASES only the databases the account has a privilege on (MySQL).
      const bool all = HasGlobalPrivilege(priv::kShowDatabases);
      for (const auto& d : dbs) {
        const bool visible =
            all || sql::IsVirtualSchema(d) || (grants().OnDatabase(d) & priv::kAllDatabase) != 0;
        if (visible && like(d)) rows.push_back({Value::String(d)});
      }
      return ResultOf({TextColumn("Database")}, std::move(rows));
    }
    case ast::ShowKind::kTables: {
      const std::string db = st.db.empty() ? db_ : st.db;
      if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
      if (!engine.DatabaseExists(db)) {
        return SqlError(ErrorCode::kUnknownDatabase, "Unknown database '" + db + "'");
      }
      std::vector<sql::ColumnInfo> cols = {TextColumn("Tables_in_" + db)};
      if (st.full) cols.push_back(TextColumn("Table_type"));
      std::vector<storage::Row> rows;
      for (const auto& t : engine.ListTables(db)) {
        if (!like(t)) continue;
        storage::Row row = {Value::String(t)};
        if (st.full) row.push_back(Value::String("BASE TABLE"));
        rows.push_back(std::move(row));
      }
      return ResultOf(std::move(cols), std::move(rows));
    }
    case ast::ShowKind::kColumns:
    case ast::ShowKind::kCreateTable:
    case ast::ShowKind::kIndex: {
      const std::string db = !st.table.db.empty() ? st.table.db : !st.db.empty() ? st.db : db_;
      auto def = engine.FindTable(db, st.table.name);
      if (def == nullptr) {
        return SqlError(ErrorCode::kNoSuchTable, "Table '" + db + "." + st.table.name + "' doesn't exist");
      }
      if (st.kind == ast::ShowKind::kCreateTable) {
        return ResultOf({TextColumn("Table"), TextColumn("Create Table", 1024)},
                        {{Value::String(def->name), Value::String(sql::ShowCreateTableText(*def))}});
      }
      if (st.kind == ast::ShowKind::kIndex) {
        auto stats = sql::InformationSchemaTable("statistics", engine, sql::SessionView{db_, &vars_, {}});
        std::vector<storage::Row> rows;
        for (const auto& r : stats->rows) {
          if (r[1].ToString() != db || r[2].ToString() != def->name) continue;
          rows.push_back({r[2], r[3], r[5], r[6], r[7], r[8], r[9], r[10], Value(), r[11], r[12],
                          r[13], r[14], r[15], Value()});
        }
        return ResultOf({TextColumn("Table"), TextColumn("Non_unique"), TextColumn("Key_name"),
                         TextColumn("Seq_in_index"), TextColumn("Column_name"),
                         TextColumn("Collation"), TextColumn("Cardinality"), TextColumn("Sub_part"),
                         TextColumn("Packed"), TextColumn("Null"), TextColumn("Index_type"),
                         TextColumn("Comment"), TextColumn("Index_comment"), TextColumn("Visible"),
                         TextColumn("Expression")},
                        std::move(rows));
      }
      auto cols = sql::InformationSchemaTable("columns", engine, sql::SessionView{db_, &vars_, {}});
      std::vector<storage::Row> rows;
      for (const auto& r : cols->rows) {
        if (r[1].ToString() != db || r[2].ToString() != def->name || !like(r[3].ToString())) continue;
        storage::Row row = {r[3], r[13]};
        if (st.full) row.push_back(r[12]);
        row.insert(row.end(), {r[6], r[14], r[5], r[15]});
        if (st.full) row.insert(row.end(), {Value::String("select,insert,update,references"), r[16]});
        rows.push_back(std::move(row));
      }
      std::vector<sql::ColumnInfo> out = {TextColumn("Field"), TextColumn("Type")};
      if (st.full) out.push_back(TextColumn("Collation"));
      for (const char* n : {"Null", "Key", "Default", "Extra"}) out.push_back(TextColumn(n));
      if (st.full) {
        out.push_back(TextColumn("Privileges"));
        out.push_back(TextColumn("Comment"));
      }
      return ResultOf(std::move(out), std::move(rows));
    }
    case ast::ShowKind::kCreateDatabase: {
      if (!engine.DatabaseExists(st.db)) {
        return SqlError(ErrorCode::kUnknownDatabase, "Unknown database '" + st.db + "'");
      }
      return ResultOf({TextColumn("Database"), TextColumn("Create Database", 1024)},
                      {{Value::String(st.db),
                        Value::String("CREATE DATABASE `" + st.db +
                                      "` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE "
                                      "utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */")}});
    }
    case ast::ShowKind::kVariables: {
      const bool global = st.scope == ast::VarScope::kGlobal;
      std::vector<storage::Row> rows;
      for (const sql::SysVarDef& def : sql::AllSysVars()) {
        const std::string name(def.name);
        if (!like(name)) continue;
        if (global && def.scope == sql::SysVarScope::kSessionOnly) continue;
        const Value v = global ? server_->globals.Get(def) : vars_.Get(def);
        rows.push_back({Value::String(name), Value::String(sql::DisplayValue(def, v))});
      }
      return ResultOf({TextColumn("Variable_name"), TextColumn("Value", 1024)}, std::move(rows));
    }
    case ast::ShowKind::kStatus: {
      const auto& c = server_->counters;
      const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - server_->started).count();
      const std::vector<std::pair<std::string, uint64_t>> all = {
          {"Com_begin", c.com_begin.load()},       {"Com_commit", c.com_commit.load()},
          {"Com_delete", c.com_delete.load()},     {"Com_insert", c.com_insert.load()},
          {"Com_rollback", c.com_rollback.load()}, {"Com_select", c.com_select.load()},
          {"Com_update", c.com_update.load()},     {"Connections", c.connections.load()},
          {"Mdl_idle_blockers_disconnected", server_->idle_blockers.disconnected()},
          {"Questions", c.questions.load()},       {"Threads_connected", server_->registry.size()},
          {"Threads_running", server_->registry.size()},
          {"Uptime", static_cast<uint64_t>(uptime)}};
      std::vector<storage::Row> rows;
      for (const auto& [name, value] : all) {
        if (like(name)) rows.push_back({Value::String(name), Value::String(std::to_string(value))});
      }
      return ResultOf({TextColumn("Variable_name"), TextColumn("Value", 1024)}, std::move(rows));
    }
    case ast::ShowKind::kWarnings:
    case ast::ShowKind::kErrors: {
      std::vector<storage::Row> rows;
      for (const Warning& w : warnings_) {
        if (st.kind == ast::ShowKind::kErrors && w.level != sql::WarningLevel::kError) continue;
        rows.push_back({Value::String(LevelName(w.level)), Value::UInt(ToMysqlError(w.error).number),
                        Value::String(w.error.message)});
      }
      sql::ColumnInfo code = TextColumn("Code");
      code.type = storage::ColumnType::kInt;
      code.length = 4;
      code.is_unsigned = true;
      return ResultOf({TextColumn("Level", 7), code, TextColumn("Message", 512)}, std::move(rows));
    }
    case ast::ShowKind::kCountWarnings:
    case ast::ShowKind::kCountErrors: {
      uint64_t n = 0;
      for (const Warning& w : warnings_) {
        if (st.kind == ast::ShowKind::kCountWarnings || w.level == sql::WarningLevel::kError) ++n;
      }
      sql::ColumnInfo c = TextColumn(st.kind == ast::ShowKind::kCountWarnings
                                         ? "@@session.warning_count" : "@@session.error_count");
      c.type = storage::ColumnType::kBigInt;
      return ResultOf({c}, {{Value::UInt(n)}});
    }
    case ast::ShowKind::kProcesslist: {
      const std::string filter = HasGlobalPrivilege(priv::kProcess) ? "" : info_.user;
      sql::StatementResult r;
      r.has_result_set = true;
      r.result_set = diag::ShowProcesslist(server_->registry.Snapshot(filter), st.full,
                                           std::chrono::steady_clock::now());
      return r;
    }
    case ast::ShowKind::kEngineStatus: {
      if (!Like(st.engine, "innodb")) break;  // the only engine with a status
      sql::StatementResult r;
      r.has_result_set = true;
      r.result_set = diag::ShowEngineInnodbStatus(DiagSources());
      return r;
    }
    case ast::ShowKind::kEngines:
      return ResultOf({TextColumn("Engine"), TextColumn("Support", 8), TextColumn("Comment", 80),
                       TextColumn("Transactions", 3), TextColumn("XA", 3), TextColumn("Savepoints", 3)},
                      {{Value::String("InnoDB"), Value::String("DEFAULT"),
                        Value::String("mdld transactional storage (InnoDB-compatible name)"),
                        Value::String("YES"), Value::String("NO"), Value::String("YES")}});
    case ast::ShowKind::kCharset: {
      std::vector<storage::Row> rows;
      for (const auto& [cs, coll, desc, len] :
           std::vector<std::tuple<std::string, std::string, std::string, int>>{
               {"binary", "binary", "Binary pseudo charset", 1},
               {"latin1", "latin1_swedish_ci", "cp1252 West European", 1},
               {"utf8mb3", "utf8mb3_general_ci", "UTF-8 Unicode", 3},
               {"utf8mb4", "utf8mb4_0900_ai_ci", "UTF-8 Unicode", 4}}) {
        if (like(cs)) {
          rows.push_back({Value::String(cs), Value::String(desc), Value::String(coll), Value::Int(len)});
        }
      }
      return ResultOf({TextColumn("Charset"), TextColumn("Description"), TextColumn("Default collation"),
                       TextColumn("Maxlen")}, std::move(rows));
    }
    case ast::ShowKind::kCollation: {
      std::vector<storage::Row> rows;
      for (const auto& [coll, cs, id, def] :
           std::vector<std::tuple<std::string, std::string, int, bool>>{
               {"binary", "binary", 63, true}, {"latin1_swedish_ci", "latin1", 8, true},
               {"utf8mb3_general_ci", "utf8mb3", 33, true}, {"utf8mb4_0900_ai_ci", "utf8mb4", 255, true},
               {"utf8mb4_bin", "utf8mb4", 46, false}, {"utf8mb4_general_ci", "utf8mb4", 45, false}}) {
        if (like(coll)) {
          rows.push_back({Value::String(coll), Value::String(cs), Value::Int(id),
                          Value::String(def ? "Yes" : ""), Value::String("Yes"), Value::Int(1),
                          Value::String(coll == "utf8mb4_0900_ai_ci" ? "NO PAD" : "PAD SPACE")});
        }
      }
      return ResultOf({TextColumn("Collation"), TextColumn("Charset"), TextColumn("Id"),
                       TextColumn("Default"), TextColumn("Compiled"), TextColumn("Sortlen"),
                       TextColumn("Pad_attribute")}, std::move(rows));
    }
    case ast::ShowKind::kTableStatus: {
      const std::string db = st.db.empty() ? db_ : st.db;
      if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
      auto tables = sql::InformationSchemaTable("tables", engine, sql::SessionView{db_, &vars_, {}});
      std::vector<storage::Row> rows;
      for (const auto& r : tables->rows) {
        if (r[1].ToString() != db || !like(r[2].ToString())) continue;
        rows.push_back({r[2], r[4], r[5], r[6], r[7], r[8], r[9], Value::UInt(0), Value::UInt(0),
                        Value::UInt(0), r[10], r[11], Value(), Value(), r[12], Value(),
                        Value::String(""), r[13]});
      }
      std::vector<sql::ColumnInfo> cols;
      for (const char* n : {"Name", "Engine", "Version", "Row_format", "Rows", "Avg_row_length",
                            "Data_length", "Max_data_length", "Index_length", "Data_free",
                            "Auto_increment", "Create_time", "Update_time", "Check_time",
                            "Collation", "Checksum", "Create_options", "Comment"}) {
        cols.push_back(TextColumn(n));
      }
      return ResultOf(std::move(cols), std::move(rows));
    }
    case ast::ShowKind::kGrants:
      return ExecShowGrants(st);
    case ast::ShowKind::kBinaryLogs:
      return sql::ShowBinaryLogs(server_->options.datadir);
    case ast::ShowKind::kMasterStatus:
      return sql::ShowMasterStatus(server_->options.datadir);
    case ast::ShowKind::kBinlogEvents: {
      sql::BinlogEventsRequest request;
      request.log_name = st.log_name;
      request.from_pos = st.from_pos;
      if (st.limit) {
        STORAGE_ASSIGN_OR_RETURN(Value count, sql::EvaluateConstant(*st.limit->count, *this, {}));
        request.count = count.ToUInt();
        if (st.limit->offset) {
          STORAGE_ASSIGN_OR_RETURN(Value offset,
                                   sql::EvaluateConstant(*st.limit->offset, *this, {}));
          request.offset = offset.ToUInt();
        }
      }
      request.server_id =
          static_cast<uint32_t>(vars_.Get(*sql::FindSysVar("server_id")).ToUInt());
      return sql::ShowBinlogEvents(server_->options.datadir, request);
    }
    default:
      break;
  }
  return SqlError(ErrorCode::kNotSupported, "This version of MySQL doesn't yet support 'SHOW'");
}

void SqlSession::ResetConnection() {
  RollbackTransaction();
  ReleaseLockedTables();
  ReleaseGlobalReadLock();
  ReleaseAllUserLocks();
  mdl_->ReleaseAllLocks();
  // The prepared lock handles hold no lock, but each pins its lock object; a reset session
  // starts from nothing, like a new one, and keeps no object of its past statements alive.
  prepared_locks_.Clear();
  prepared_.clear();
  prepared_by_name_.clear();
  user_vars_.clear();
  vars_.Reset();
  ApplyConnectionVariables();
  warnings_.clear();
  last_insert_id_ = 0;
}

}  // namespace server
