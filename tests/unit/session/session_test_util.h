// Test harness for session-level tests: a server context over a temporary data directory,
// sessions driven from test threads, and bounded polling helpers to order threads by
// observable state (processlist State, mdl snapshot) instead of sleeps.
#ifndef TESTS_UNIT_SESSION_SESSION_TEST_UTIL_H_
#define TESTS_UNIT_SESSION_SESSION_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/server_context.h"
#include "server/session.h"
#include "server/sql_server_context.h"

namespace session_test {

// What one statement produced.
struct Outcome {
  bool ok = false;
  bool more = false;  // OnResult's more_results (SERVER_MORE_RESULTS_EXISTS)
  sql::SqlError error;
  sql::StatementResult result;

  // Cell (row, col) as text; "NULL" for NULL.
  std::string Cell(size_t row, size_t col) const {
    const auto& v = result.result_set.rows.at(row).at(col);
    return v.is_null() ? "NULL" : v.ToString();
  }
  size_t rows() const { return result.result_set.rows.size(); }
};

class CapturingSink : public server::ResultSink {
 public:
  void OnResult(const sql::StatementResult& result, bool more) override {
    Outcome o;
    o.ok = true;
    o.more = more;
    o.result = result;
    outcomes.push_back(std::move(o));
  }
  void OnError(const sql::SqlError& error) override {
    Outcome o;
    o.error = error;
    outcomes.push_back(std::move(o));
  }
  std::vector<Outcome> outcomes;
};

// A connected client: runs statements synchronously or on its own thread.
class Client {
 public:
  explicit Client(std::unique_ptr<server::Session> session, uint64_t id)
      : session_(std::move(session)), id_(id) {}
  ~Client() { Join(); }

  uint64_t id() const { return id_; }
  server::Session& session() { return *session_; }

  // Runs `sql` (one statement) and returns its outcome.
  Outcome Exec(const std::string& sql) {
    CapturingSink sink;
    session_->BeginCommand("Query");
    session_->ExecuteQuery(sql, sink);
    session_->EndCommand();
    EXPECT_EQ(sink.outcomes.size(), 1u) << sql;
    return sink.outcomes.empty() ? Outcome{} : sink.outcomes.back();
  }
  // Exec that must succeed.
  Outcome Ok(const std::string& sql) {
    Outcome o = Exec(sql);
    EXPECT_TRUE(o.ok) << sql << ": " << o.error.message;
    return o;
  }
  // Starts `sql` on a thread; Join() or the returned future gives the outcome.
  std::shared_future<Outcome> Start(const std::string& sql) {
    Join();
    std::promise<Outcome> p;
    pending_ = p.get_future().share();
    thread_ = std::thread([this, sql, p = std::move(p)]() mutable { p.set_value(Exec(sql)); });
    return pending_;
  }
  Outcome Join() {
    if (thread_.joinable()) thread_.join();
    return pending_.valid() ? pending_.get() : Outcome{};
  }

 private:
  std::unique_ptr<server::Session> session_;
  uint64_t id_;
  std::thread thread_;
  std::shared_future<Outcome> pending_;
};

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mdld_session_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    server::ServerOptions o;
    o.datadir = dir_.string();
    o.sync_commit = false;
    std::string error;
    context_ = server::ServerContext::Open(o, &error);
    ASSERT_NE(context_, nullptr) << error;
  }
  void TearDown() override {
    clients_.clear();
    context_.reset();
    std::filesystem::remove_all(dir_);
  }

  server::ServerState& state() {
    return static_cast<server::SqlServerContext*>(context_.get())->state();
  }

  Client& Connect(const std::string& user = "root", const std::string& db = "") {
    server::ConnectionInfo info;
    info.connection_id = context_->NextConnectionId();
    info.user = user;
    info.host = "localhost";
    info.initial_db = db;
    sql::SqlError error;
    auto s = context_->NewSession(info, &error);
    EXPECT_NE(s, nullptr) << error.message;
    clients_.push_back(std::make_unique<Client>(std::move(s), info.connection_id));
    return *clients_.back();
  }

  // Polls until `pred` holds (bounded: fails the test after 10 s).
  static void WaitFor(const std::function<bool()>& pred, const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "timed out waiting for " << what;
        return;
      }
      std::this_thread::yield();
    }
  }

  std::string StateOf(uint64_t id) {
    for (const auto& s : state().registry.Snapshot()) {
      if (s.id == id) return s.state;
    }
    return "<gone>";
  }
  void WaitForState(const Client& c, const std::string& st) {
    WaitFor([&] { return StateOf(c.id()) == st; }, "state '" + st + "'");
  }

  // (namespace name, lock type, duration, status) of every ticket `owner` holds or waits for.
  std::vector<std::string> LocksOf(uint64_t owner) {
    std::vector<std::string> out;
    for (const auto& t : state().locks.TakeSnapshot().TicketsOf(owner)) {
      std::string key(mdl::ToString(t.key.name_space()));
      if (!t.key.schema_name().empty()) key += " " + std::string(t.key.schema_name());
      if (!t.key.object_name().empty()) key += "." + std::string(t.key.object_name());
      out.push_back(key + " " + std::string(mdl::ToString(t.type)) + " " +
                    std::string(mdl::ToString(t.duration)) + " " +
                    std::string(mdl::ToString(t.status)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // A database `d` with table t(id INT PRIMARY KEY, c VARCHAR(10)) holding `rows` rows.
  void MakeTable(Client& c, int rows = 2) {
    c.Ok("CREATE DATABASE IF NOT EXISTS d");
    c.Ok("USE d");
    c.Ok("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(10))");
    for (int i = 1; i <= rows; ++i) c.Ok("INSERT INTO t VALUES (" + std::to_string(i) + ", 'v')");
  }

  std::filesystem::path dir_;
  std::unique_ptr<server::ServerContext> context_;
  std::vector<std::unique_ptr<Client>> clients_;
  static inline int counter_ = 0;
};

}  // namespace session_test

#endif  // TESTS_UNIT_SESSION_SESSION_TEST_UTIL_H_
