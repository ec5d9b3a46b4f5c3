#include "server/session_debug_sync.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace server {
namespace {

const auto kNotKilled = [] { return false; };
const auto kNoTimeout = [] {};

TEST(DebugSyncTest, ArmedPointSignalsAndWaits) {
  DebugSyncSignals signals;
  DebugSyncActions ddl(&signals), other(&signals);
  ASSERT_TRUE(ddl.Set("p SIGNAL reached WAIT_FOR go", kNotKilled, kNoTimeout).ok());
  std::thread t([&] { EXPECT_TRUE(ddl.Hit("p", kNotKilled, kNoTimeout).ok()); });
  ASSERT_TRUE(other.Set("now WAIT_FOR reached", kNotKilled, kNoTimeout).ok());
  ASSERT_TRUE(other.Set("now SIGNAL go", kNotKilled, kNoTimeout).ok());
  t.join();
  EXPECT_TRUE(ddl.empty());  // fired once, then disarmed
}

TEST(DebugSyncTest, WaitEndsWhenKilled) {
  DebugSyncSignals signals;
  DebugSyncActions a(&signals);
  std::atomic<bool> killed{false};
  auto is_killed = [&] { return killed.load(); };
  ASSERT_TRUE(a.Set("p WAIT_FOR never", is_killed, kNoTimeout).ok());
  std::thread t([&] {
    storage::Status s = a.Hit("p", is_killed, kNoTimeout);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), sql::ErrorCode::kQueryInterrupted);
  });
  killed = true;
  signals.WakeAll();
  t.join();
}

TEST(DebugSyncTest, TimeoutContinuesWithWarningCallback) {
  DebugSyncSignals signals;
  DebugSyncActions a(&signals);
  bool timed_out = false;
  ASSERT_TRUE(a.Set("now WAIT_FOR never TIMEOUT 0", kNotKilled, [&] { timed_out = true; }).ok());
  EXPECT_TRUE(timed_out);
}

TEST(DebugSyncTest, MalformedTextIsWrongValue) {
  DebugSyncSignals signals;
  DebugSyncActions a(&signals);
  storage::Status s = a.Set("p SIGNAL", kNotKilled, kNoTimeout);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), sql::ErrorCode::kWrongValueForVar);
}

TEST(DebugSyncTest, ResetClearsSignals) {
  DebugSyncSignals signals;
  DebugSyncActions a(&signals);
  ASSERT_TRUE(a.Set("now SIGNAL s", kNotKilled, kNoTimeout).ok());
  EXPECT_TRUE(signals.IsSet("s"));
  ASSERT_TRUE(a.Set("RESET", kNotKilled, kNoTimeout).ok());
  EXPECT_FALSE(signals.IsSet("s"));
}

}  // namespace
}  // namespace server
