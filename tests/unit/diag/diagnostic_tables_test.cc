#include "diag/diagnostic_tables.h"

#include <gtest/gtest.h>

#include "seed_case.h"

namespace diag {
namespace {

using namespace diag::testing;

struct Calls {
  int sessions = 0, locks = 0, transactions = 0, data_locks = 0;
};

DiagnosticSources Sources(const SeedCase& c, Calls* calls) {
  DiagnosticSources s;
  s.sessions = [&c, calls] { ++calls->sessions; return c.sessions; };
  s.locks = [&c, calls] { ++calls->locks; return c.locks; };
  s.transactions = [calls] { ++calls->transactions; return std::vector<storage::TrxInfo>{}; };
  s.data_locks = [calls] {
    ++calls->data_locks;
    return storage::DataLockSnapshot{};
  };
  s.server_start = Now() - std::chrono::hours(1);
  s.now = Now();
  s.wall_now = std::chrono::system_clock::now();
  return s;
}

TEST(OpenDiagnosticTableTest, ProvidesEveryDiagnosticTable) {
  const SeedCase c = MakeSeedCase();
  Calls calls;
  const auto src = Sources(c, &calls);
  for (const auto& [db, name] : std::vector<std::pair<std::string, std::string>>{
           {"information_schema", "processlist"},
           {"information_schema", "innodb_trx"},
           {"performance_schema", "threads"},
           {"performance_schema", "events_statements_current"},
           {"performance_schema", "metadata_locks"},
           {"sys", "schema_table_lock_waits"},
           {"sys", "x$schema_table_lock_waits"},
           {"performance_schema", "data_locks"},
           {"performance_schema", "data_lock_waits"},
           {"sys", "metadata_lock_blockers"},
           {"sys", "innodb_lock_waits"},
           {"sys", "x$innodb_lock_waits"}}) {
    EXPECT_TRUE(OpenDiagnosticTable(db, name, src).has_value()) << db << "." << name;
  }
}

TEST(OpenDiagnosticTableTest, UnknownTablesAreLeftToTheCaller) {
  const SeedCase c = MakeSeedCase();
  Calls calls;
  const auto src = Sources(c, &calls);
  EXPECT_FALSE(OpenDiagnosticTable("information_schema", "tables", src).has_value());
  EXPECT_FALSE(OpenDiagnosticTable("performance_schema", "data_lock", src).has_value());
  EXPECT_FALSE(OpenDiagnosticTable("information_schema", "innodb_locks", src).has_value());
  EXPECT_FALSE(OpenDiagnosticTable("sys", "nope", src).has_value());
  EXPECT_FALSE(OpenDiagnosticTable("scn", "threads", src).has_value());
  EXPECT_EQ(calls.sessions + calls.locks + calls.transactions + calls.data_locks, 0);
}

TEST(OpenDiagnosticTableTest, TakesOnlyTheSnapshotsATableNeeds) {
  const SeedCase c = MakeSeedCase();
  Calls calls;
  const auto src = Sources(c, &calls);
  auto t = OpenDiagnosticTable("performance_schema", "threads", src);
  EXPECT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(calls.locks + calls.transactions, 0);
  t = OpenDiagnosticTable("sys", "metadata_lock_blockers", src);
  EXPECT_EQ(t->rows.size(), 5u);
  EXPECT_EQ(calls.locks, 1);
  EXPECT_EQ(calls.transactions, 0);
  EXPECT_EQ(calls.data_locks, 0);
  t = OpenDiagnosticTable("performance_schema", "data_lock_waits", src);
  EXPECT_EQ(calls.data_locks, 1);
  EXPECT_EQ(calls.transactions, 0);
  t = OpenDiagnosticTable("sys", "innodb_lock_waits", src);
  EXPECT_EQ(calls.data_locks, 2);
  EXPECT_EQ(calls.transactions, 1);
  EXPECT_EQ(calls.locks, 1);
}

TEST(ShowEngineInnodbStatusTest, UsesTheTransactionSource) {
  const SeedCase c = MakeSeedCase();
  Calls calls;
  const sql::ResultSet rs = ShowEngineInnodbStatus(Sources(c, &calls));
  EXPECT_EQ(calls.transactions, 1);
  ASSERT_EQ(rs.rows.size(), 1u);
}

}  // namespace
}  // namespace diag
