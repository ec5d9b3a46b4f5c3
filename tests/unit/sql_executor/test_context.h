// A real in-memory-ish storage engine (temp datadir, fsync off) plus a minimal ExecContext,
// and helpers that parse and run statements through the executor entry points.
#ifndef TESTS_UNIT_SQL_EXECUTOR_TEST_CONTEXT_H_
#define TESTS_UNIT_SQL_EXECUTOR_TEST_CONTEXT_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sql/exec_context.h"
#include "sql/executor.h"
#include "sql/expr_value.h"
#include "sql/parser.h"
#include "sql/system_variables.h"
#include "storage/engine.h"

namespace sql::testing {

class TestContext : public ExecContext {
 public:
  TestContext() {
    char tmpl[] = "/tmp/sql_executor_test_XXXXXX";
    dir_ = mkdtemp(tmpl);
    storage::EngineOptions opts;
    opts.datadir = dir_;
    opts.sync_commit = false;
    auto e = storage::Engine::Open(opts);
    EXPECT_TRUE(e.ok());
    engine_ = std::move(*e);
    EXPECT_TRUE(engine_->CreateDatabase("db").ok());
  }
  ~TestContext() override {
    trx_.reset();
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }

  storage::Engine& engine() override { return *engine_; }
  storage::Transaction& Transaction() override {
    if (!trx_ || !trx_->is_active()) trx_ = engine_->Begin(storage::TransactionOptions{});
    return *trx_;
  }
  const std::string& current_db() const override { return db_; }
  uint64_t connection_id() const override { return 7; }
  uint64_t last_insert_id() const override { return last_insert_id_; }
  void set_last_insert_id(uint64_t id) override { last_insert_id_ = id; }
  int64_t row_count() const override { return -1; }
  uint64_t found_rows() const override { return found_rows_; }
  void set_found_rows(uint64_t rows) override { found_rows_ = rows; }
  storage::Value GetUserVariable(const std::string& name) const override {
    auto it = user_vars_.find(FoldCase(name));
    return it == user_vars_.end() ? storage::Value() : it->second;
  }
  void SetUserVariable(const std::string& name, storage::Value v) override { user_vars_[FoldCase(name)] = v; }
  storage::Result<storage::Value> GetSystemVariable(ast::VarScope, const std::string& name) const override {
    if (FoldCase(name) == "sql_mode") return storage::Value::String(sql_mode_);
    if (FoldCase(name) == "version") return storage::Value::String("8.0.36-mdld");
    // Everything else from the real definitions' defaults, typed as the server stores them.
    if (const SysVarDef* def = FindSysVar(name)) return session_vars_.Get(*def);
    return storage::Status(ErrorCode::kUnknownSystemVariable, "Unknown system variable '" + name + "'");
  }
  std::chrono::system_clock::time_point statement_time() const override { return now_; }
  bool Killed() const override { return killed_; }
  bool Sleep(double) override { return killed_; }
  std::optional<VirtualTable> OpenVirtualTable(const std::string& db, const std::string& name) override {
    if (db != "performance_schema" || FoldCase(name) != "threads") return std::nullopt;
    VirtualTable vt;
    ColumnInfo id;
    id.name = "THREAD_ID";
    id.type = storage::ColumnType::kBigInt;
    ColumnInfo nm;
    nm.name = "NAME";
    nm.type = storage::ColumnType::kVarchar;
    vt.columns = {id, nm};
    vt.rows = {{storage::Value::UInt(1), storage::Value::String("main")},
               {storage::Value::UInt(2), storage::Value::String("worker")}};
    return vt;
  }
  storage::Result<storage::Value> CallSessionFunction(const std::string& name,
                                                      const std::vector<storage::Value>&) override {
    if (name == "USER") return storage::Value::String("root@localhost");
    return storage::Value::Int(1);
  }
  void PushWarning(WarningLevel, const SqlError& w) override { warnings.push_back(w); }
  void OnRowsExamined(uint64_t rows) override { rows_examined = rows; }

  // Parses and runs one SELECT/INSERT/UPDATE/DELETE/DO statement.
  storage::Result<StatementResult> Run(const std::string& text, const std::vector<storage::Value>& params = {}) {
    warnings.clear();
    auto parsed = ParseSingle(text);
    if (auto* err = std::get_if<SqlError>(&parsed)) return storage::Status(*err);
    statements_.push_back(std::move(std::get<0>(parsed)));
    const ast::Statement& st = *statements_.back();
    if (auto* s = st.As<ast::SelectStmt>()) return ExecuteSelect(*s, *this, params);
    if (auto* s = st.As<ast::InsertStmt>()) return ExecuteInsert(*s, *this, params);
    if (auto* s = st.As<ast::UpdateStmt>()) return ExecuteUpdate(*s, *this, params);
    if (auto* s = st.As<ast::DeleteStmt>()) return ExecuteDelete(*s, *this, params);
    return storage::Status(ErrorCode::kInternal, "unsupported in test");
  }

  // The single value of a one-row, one-column SELECT rendered as text ("NULL" for NULL).
  std::string Scalar(const std::string& text) {
    auto r = Run(text);
    if (!r.ok()) return "ERROR: " + r.status().message();
    if (r->result_set.rows.size() != 1 || r->result_set.rows[0].size() != 1) return "BAD SHAPE";
    return r->result_set.rows[0][0].ToString();
  }

  // All rows as "a,b;c,d".
  std::string Rows(const std::string& text) {
    auto r = Run(text);
    if (!r.ok()) return "ERROR: " + r.status().message();
    std::string out;
    for (const auto& row : r->result_set.rows) {
      if (!out.empty()) out += ";";
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i].ToString();
    }
    return out;
  }

  // CREATE TABLE db.t1 (id INT PK AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c CHAR(10)
  // NOT NULL DEFAULT '', KEY k_1 (k)) — sysbench's shape.
  void CreateSbtest(const std::string& name) {
    storage::TableDef def;
    def.db = "db";
    def.name = name;
    storage::ColumnDef id;
    id.name = "id";
    id.type = storage::ColumnType::kInt;
    id.nullable = false;
    id.auto_increment = true;
    storage::ColumnDef k;
    k.name = "k";
    k.type = storage::ColumnType::kInt;
    k.nullable = false;
    k.default_value = storage::ColumnDefault::Of(storage::Value::Int(0));
    storage::ColumnDef c;
    c.name = "c";
    c.type = storage::ColumnType::kChar;
    c.length = 10;
    c.nullable = false;
    c.default_value = storage::ColumnDefault::Of(storage::Value::String(""));
    storage::ColumnDef pad;
    pad.name = "pad";
    pad.type = storage::ColumnType::kVarchar;
    pad.length = 20;
    def.columns = {id, k, c, pad};
    def.indexes = {{"PRIMARY", storage::IndexKind::kPrimary, {{"id", 0}}, ""},
                   {"k_1", storage::IndexKind::kNonUnique, {{"k", 0}}, ""}};
    ASSERT_TRUE(engine_->CreateTable(def).ok());
  }

  // CREATE TABLE db.<name> (id INT PK AUTO_INCREMENT, name VARCHAR(30) NOT NULL,
  // team VARCHAR(10), UNIQUE KEY name_uk (name), KEY team_k (team)) — an ORM-style table with
  // string keys.
  void CreateUsers(const std::string& name) {
    storage::TableDef def;
    def.db = "db";
    def.name = name;
    storage::ColumnDef id;
    id.name = "id";
    id.type = storage::ColumnType::kInt;
    id.nullable = false;
    id.auto_increment = true;
    storage::ColumnDef nm;
    nm.name = "name";
    nm.type = storage::ColumnType::kVarchar;
    nm.length = 30;
    nm.nullable = false;
    storage::ColumnDef team;
    team.name = "team";
    team.type = storage::ColumnType::kVarchar;
    team.length = 10;
    def.columns = {id, nm, team};
    def.indexes = {{"PRIMARY", storage::IndexKind::kPrimary, {{"id", 0}}, ""},
                   {"name_uk", storage::IndexKind::kUnique, {{"name", 0}}, ""},
                   {"team_k", storage::IndexKind::kNonUnique, {{"team", 0}}, ""}};
    ASSERT_TRUE(engine_->CreateTable(def).ok());
  }

  void Commit() {
    if (trx_ && trx_->is_active()) {
      ASSERT_TRUE(trx_->Commit().ok());
    }
  }

  std::vector<SqlError> warnings;
  uint64_t rows_examined = 0;
  bool killed_ = false;
  std::string sql_mode_ =
      "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
      "NO_ENGINE_SUBSTITUTION";
  std::string db_ = "db";

 private:
  GlobalVariables global_vars_;
  SessionVariables session_vars_{&global_vars_};
  std::string dir_;
  std::unique_ptr<storage::Engine> engine_;
  std::unique_ptr<storage::Transaction> trx_;
  uint64_t last_insert_id_ = 0;
  uint64_t found_rows_ = 0;
  std::map<std::string, storage::Value> user_vars_;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
  std::vector<std::unique_ptr<ast::Statement>> statements_;
};

}  // namespace sql::testing

#endif  // TESTS_UNIT_SQL_EXECUTOR_TEST_CONTEXT_H_
