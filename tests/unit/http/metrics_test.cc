#include "server/http/metrics.h"

#include <gtest/gtest.h>

#include "seed_case.h"

namespace server::http {
namespace {

TEST(MetricsTest, CountsGrantsWaitersRootsAndTheLongestWait) {
  diag::testing::SeedCase c = diag::testing::MakeSeedCase();
  c.locks.taken_at = diag::testing::Now();
  // pid 11's EXCLUSIVE request has waited 30 s, the SELECTs less.
  c.locks.tickets[2].since = c.locks.taken_at - std::chrono::seconds(30);
  c.locks.tickets[3].since = c.locks.taken_at - std::chrono::seconds(20);
  c.locks.tickets[4].since = c.locks.taken_at - std::chrono::milliseconds(1500);
  ServerCounters counters;
  counters.connections_total = 17;
  counters.questions_total = 99;
  counters.uptime = std::chrono::milliseconds(12345);
  const std::string text = RenderMetrics(counters, 4, c.locks);
  for (const char* line :
       {"mdld_up 1\n", "mdld_uptime_seconds 12.345\n", "mdld_connections 4\n",
        "mdld_connections_total 17\n", "mdld_questions_total 99\n",
        "mdld_metadata_locks_granted 2\n", "mdld_metadata_lock_waits 3\n",
        "mdld_metadata_lock_root_blockers 1\n", "mdld_longest_metadata_lock_wait_seconds 30.000\n",
        "# TYPE mdld_questions_total counter\n", "# TYPE mdld_metadata_lock_waits gauge\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

TEST(MetricsTest, IdleServerHasNoWaits) {
  const std::string text = RenderMetrics({}, 0, mdl::LockSnapshot{});
  EXPECT_NE(text.find("mdld_metadata_lock_waits 0\n"), std::string::npos);
  EXPECT_NE(text.find("mdld_longest_metadata_lock_wait_seconds 0.000\n"), std::string::npos);
}

}  // namespace
}  // namespace server::http
