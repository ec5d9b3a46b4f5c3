#include "fake_server_context.h"

#include <atomic>
#include <map>

#include "server/native_password.h"

namespace server::testing {
namespace {

using storage::ColumnType;
using storage::Value;
using storage::ValueKind;

sql::ColumnInfo Column(std::string name, ColumnType type) {
  sql::ColumnInfo c;
  c.name = std::move(name);
  c.type = type;
  c.length = 20;
  return c;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return std::string(s.substr(b, e - b + 1));
}

class FakeSession : public Session {
 public:
  FakeSession(FakeServerContext* context, ConnectionInfo info)
      : context_(context), info_(std::move(info)) {}
  ~FakeSession() override { context_->SessionGone(); }

  void ExecuteQuery(std::string_view text, ResultSink& sink) override {
    std::vector<std::string> statements;
    if (info_.multi_statements) {
      size_t start = 0;
      while (start <= text.size()) {
        size_t semi = text.find(';', start);
        std::string stmt = Trim(text.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        if (!stmt.empty()) statements.push_back(stmt);
        if (semi == std::string_view::npos) break;
        start = semi + 1;
      }
    } else {
      statements.push_back(Trim(text));
    }
    for (size_t i = 0; i < statements.size(); ++i) {
      const bool more = i + 1 < statements.size();
      sql::StatementResult r;
      const std::string& s = statements[i];
      if (s == "SELECT 1" || s == "SELECT 2") {
        r.has_result_set = true;
        r.result_set.columns.push_back(Column(s.substr(7), ColumnType::kBigInt));
        r.result_set.rows.push_back({Value::Int(s == "SELECT 1" ? 1 : 2)});
      } else if (s == "BEGIN") {
        in_transaction_ = true;
      } else if (s == "KILL_ME") {
        killed_ = true;
      } else if (s.rfind("KILL ", 0) == 0) {
        context_->RecordKill(s);
      } else if (s == "SELECT * FROM `t` LIMIT 0") {
        r.has_result_set = true;
        sql::ColumnInfo id = Column("id", ColumnType::kInt);
        id.primary_key = id.not_null = true;
        r.result_set.columns = {id, Column("name", ColumnType::kVarchar)};
      } else {
        sink.OnError(sql::SqlError(sql::ErrorCode::kParseError,
                                   "You have an error in your SQL syntax; check the manual that "
                                   "corresponds to your MySQL server version for the right syntax "
                                   "to use near '" + s + "' at line 1"));
        return;
      }
      r.in_transaction = in_transaction_;
      r.autocommit = true;
      sink.OnResult(r, more);
    }
  }

  void ChangeDatabase(std::string_view, ResultSink& sink) override {
    sink.OnResult(sql::StatementResult{}, false);
  }

  std::variant<PreparedStatementInfo, sql::SqlError> Prepare(std::string_view text) override {
    if (text == "bad") return sql::SqlError(sql::ErrorCode::kParseError, "syntax error");
    PreparedStatementInfo info;
    info.statement_id = next_statement_++;
    for (char c : text) info.param_count += c == '?';
    for (uint16_t i = 0; i < info.param_count; ++i) {
      info.columns.push_back(Column("?", ColumnType::kVarchar));
    }
    statements_[info.statement_id] = info.param_count;
    return info;
  }

  void ExecutePrepared(uint32_t id, const std::vector<Value>& params, ResultSink& sink) override {
    if (!statements_.count(id)) {
      sink.OnError(sql::SqlError(sql::ErrorCode::kUnknownStmtHandler, "unknown"));
      return;
    }
    sql::StatementResult r;
    r.has_result_set = true;
    storage::Row row;
    for (const Value& v : params) {
      ColumnType type = ColumnType::kVarchar;
      if (v.kind() == ValueKind::kInt || v.kind() == ValueKind::kUInt) type = ColumnType::kBigInt;
      if (v.kind() == ValueKind::kDouble) type = ColumnType::kDouble;
      if (v.kind() == ValueKind::kDate) type = ColumnType::kDate;
      if (v.kind() == ValueKind::kDateTime) type = ColumnType::kDateTime;
      sql::ColumnInfo c = Column("p", type);
      c.is_unsigned = v.kind() == ValueKind::kUInt;
      r.result_set.columns.push_back(c);
      row.push_back(v);
    }
    r.result_set.rows.push_back(std::move(row));
    sink.OnResult(r, false);
  }

  void ClosePrepared(uint32_t id) override { statements_.erase(id); }
  void SetMultiStatements(bool enabled) override { info_.multi_statements = enabled; }
  bool ResetPrepared(uint32_t id) override { return statements_.count(id) > 0; }
  void ResetConnection() override {
    statements_.clear();
    in_transaction_ = false;
    context_->RecordReset();
  }
  void BeginCommand(std::string_view name) override { context_->RecordCommand(std::string(name)); }
  void EndCommand() override {}
  bool connection_killed() const override { return killed_; }
  bool in_transaction() const override { return in_transaction_; }
  bool autocommit() const override { return true; }

 private:
  FakeServerContext* const context_;
  ConnectionInfo info_;
  std::map<uint32_t, uint16_t> statements_;
  uint32_t next_statement_ = 1;
  bool in_transaction_ = false;
  std::atomic<bool> killed_{false};  // relaxed would do; seq_cst keeps the fake simple
};

}  // namespace

FakeServerContext::FakeServerContext(ServerOptions options) : options_(std::move(options)) {}

std::optional<Account> FakeServerContext::FindAccount(const std::string& user) const {
  if (user == "root") return Account{"root", NativePasswordHash("secret"), true};
  if (user == "user") return Account{"user", NativePasswordHash("pw"), false};
  if (user == "nopw") return Account{"nopw", "", false};
  return std::nullopt;
}

uint64_t FakeServerContext::NextConnectionId() {
  base::MutexLock lock(&mu_);
  return next_id_++;
}

std::unique_ptr<Session> FakeServerContext::NewSession(ConnectionInfo info, sql::SqlError* error) {
  if (info.initial_db == "nosuchdb") {
    *error = sql::SqlError(sql::ErrorCode::kUnknownDatabase, "Unknown database 'nosuchdb'");
    return nullptr;
  }
  base::MutexLock lock(&mu_);
  ++sessions_;
  connections_.push_back(info);
  cv_.SignalAll();
  return std::make_unique<FakeSession>(this, std::move(info));
}

size_t FakeServerContext::session_count() const {
  base::MutexLock lock(&mu_);
  return sessions_;
}

bool FakeServerContext::WaitForSessionCount(size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  base::MutexLock lock(&mu_);
  while (sessions_ != n) {
    if (!cv_.WaitUntil(&mu_, deadline) && sessions_ != n) return false;
  }
  return true;
}

std::vector<std::string> FakeServerContext::kills() const {
  base::MutexLock lock(&mu_);
  return kills_;
}

std::vector<std::string> FakeServerContext::commands() const {
  base::MutexLock lock(&mu_);
  return commands_;
}

std::vector<ConnectionInfo> FakeServerContext::connections() const {
  base::MutexLock lock(&mu_);
  return connections_;
}

int FakeServerContext::reset_connection_calls() const {
  base::MutexLock lock(&mu_);
  return resets_;
}

void FakeServerContext::RecordKill(std::string query) {
  base::MutexLock lock(&mu_);
  kills_.push_back(std::move(query));
}

void FakeServerContext::RecordCommand(std::string name) {
  base::MutexLock lock(&mu_);
  commands_.push_back(std::move(name));
}

void FakeServerContext::RecordReset() {
  base::MutexLock lock(&mu_);
  ++resets_;
}

void FakeServerContext::SessionGone() {
  base::MutexLock lock(&mu_);
  --sessions_;
  cv_.SignalAll();
}

}  // namespace server::testing
