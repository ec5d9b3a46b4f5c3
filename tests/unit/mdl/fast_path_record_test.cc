// Fast-path tickets as other threads see them: the seqlock record (src/mdl/fast_path_record.h),
// the per-statement grant stamp ("since"), and the LockKey byte comparison used by the
// context's object cache.
#include "mdl/fast_path_record.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "base/clock.h"
#include "mdl/lock_key.h"
#include "mdl/lock_manager.h"
#include "test_util.h"

namespace mdl {
namespace {

using internal::FastPathRecord;
using internal::FastPathView;
using internal::LockObject;
using testing::Session;
using testing::Table;

// Two different records; a torn read would mix their fields.
FastPathView ViewA() {
  FastPathView v;
  v.obj = reinterpret_cast<const LockObject*>(uintptr_t{0x1000});
  v.id = 1;
  v.type = LockType::kSharedRead;
  v.duration = LockDuration::kStatement;
  v.since = std::chrono::steady_clock::time_point(std::chrono::seconds(1));
  v.source = "a";
  v.event_id = 10;
  return v;
}
FastPathView ViewB() {
  FastPathView v;
  v.obj = reinterpret_cast<const LockObject*>(uintptr_t{0x2000});
  v.id = 2;
  v.type = LockType::kSharedWrite;
  v.duration = LockDuration::kExplicit;
  v.since = std::chrono::steady_clock::time_point(std::chrono::seconds(2));
  v.source = "b";
  v.event_id = 20;
  return v;
}
bool Same(const FastPathView& x, const FastPathView& y) {
  return x.obj == y.obj && x.id == y.id && x.type == y.type && x.duration == y.duration &&
         x.since == y.since && x.source == y.source && x.event_id == y.event_id;
}

TEST(FastPathRecordTest, ReaderSeesOnlyWholeRecords) {
  FastPathRecord record;
  record.Publish(ViewA());
  constexpr int kWrites = 200000;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      record.Publish(i % 2 == 0 ? ViewB() : ViewA());
      if (i % 3 == 0) record.Clear();
    }
    done.store(true);
  });
  int reads = 0, torn = 0;
  while (!done.load() || reads == 0) {
    const FastPathView v = record.Read();
    ++reads;
    // A cleared record keeps its other fields; only obj tells it apart.
    FastPathView a = ViewA(), b = ViewB();
    if (v.obj == nullptr) a.obj = b.obj = nullptr;
    if (!Same(v, a) && !Same(v, b)) ++torn;
  }
  writer.join();
  EXPECT_EQ(torn, 0) << "of " << reads << " reads";
}

TEST(FastPathRecordTest, ReleasedFastPathTicketLeavesSnapshot) {
  LockManager lm;
  Session a(lm, 1);
  Result<Ticket*> t = a.Get(Table("t"), LockType::kSharedRead);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(lm.TakeSnapshot().tickets.size(), 1u);
  a.ctx->Release(*t);
  EXPECT_TRUE(lm.TakeSnapshot().tickets.empty());
}

TEST(FastPathRecordTest, DurationChangeOfFastPathTicketShowsInSnapshot) {
  LockManager lm;
  Session a(lm, 1);
  Result<Ticket*> t = a.Get(Table("t"), LockType::kSharedRead);
  ASSERT_TRUE(t.ok());
  a.ctx->SetDuration(*t, LockDuration::kExplicit);
  LockSnapshot snap = lm.TakeSnapshot();
  ASSERT_EQ(snap.tickets.size(), 1u);
  EXPECT_TRUE(snap.tickets[0].fast_path);
  EXPECT_EQ(snap.tickets[0].duration, LockDuration::kExplicit);
  a.ctx->SetTransactionDurationForAllLocks();
  snap = lm.TakeSnapshot();
  ASSERT_EQ(snap.tickets.size(), 1u);
  EXPECT_EQ(snap.tickets[0].duration, LockDuration::kTransaction);
}

TEST(FastPathRecordTest, BlockedRequestNamesFastPathHolder) {
  LockManager lm;
  Session holder(lm, 7), ddl(lm, 8);
  ASSERT_TRUE(holder.Get(Table("t"), LockType::kSharedRead).ok());
  const Result<Ticket*> x = ddl.Try(Table("t"), LockType::kExclusive);
  ASSERT_EQ(x.code(), Code::kWouldBlock);
  ASSERT_NE(x.status().blocker(), nullptr);
  EXPECT_EQ(x.status().blocker()->owner_id, 7u);
  EXPECT_EQ(x.status().blocker()->type, LockType::kSharedRead);
}

// ---- since ---------------------------------------------------------------------------

Options ClockOptions(base::Clock* clock) {
  Options o;
  o.clock = clock;
  return o;
}

std::chrono::steady_clock::time_point SinceOf(const LockSnapshot& snap, const LockKey& key) {
  for (const TicketRow& r : snap.tickets) {
    if (r.key == key) return r.since;
  }
  ADD_FAILURE() << "no ticket on " << key.ToString();
  return {};
}

TEST(GrantStampTest, FastPathGrantsOfOneStatementShareOneClockRead) {
  base::FakeClock clock;
  LockManager lm(ClockOptions(&clock));
  Session a(lm, 1);
  const auto t0 = clock.Now();
  ASSERT_TRUE(a.Get(Table("t1"), LockType::kSharedRead).ok());
  clock.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(a.Get(Table("t2"), LockType::kSharedRead).ok());
  const LockSnapshot snap = lm.TakeSnapshot();
  EXPECT_EQ(SinceOf(snap, Table("t1")), t0);
  EXPECT_EQ(SinceOf(snap, Table("t2")), t0);
}

TEST(GrantStampTest, StatementEndMakesTheNextGrantReadTheClock) {
  base::FakeClock clock;
  LockManager lm(ClockOptions(&clock));
  Session a(lm, 1);
  ASSERT_TRUE(a.Get(Table("t1"), LockType::kSharedRead).ok());
  a.ctx->ReleaseStatementLocks();  // nothing of STATEMENT duration: only the boundary counts
  clock.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(a.Get(Table("t2"), LockType::kSharedRead).ok());
  EXPECT_EQ(SinceOf(lm.TakeSnapshot(), Table("t2")), clock.Now());
  a.ctx->ReleaseTransactionLocks();
  clock.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(a.Get(Table("t3"), LockType::kSharedRead).ok());
  EXPECT_EQ(SinceOf(lm.TakeSnapshot(), Table("t3")), clock.Now());
}

TEST(GrantStampTest, WaitMakesTheNextGrantReadTheClock) {
  base::FakeClock clock;
  LockManager lm(ClockOptions(&clock));
  Session a(lm, 1), b(lm, 2);
  ASSERT_TRUE(b.Get(Table("other"), LockType::kSharedRead).ok());  // b's stamp: now
  ASSERT_TRUE(a.Get(Table("t"), LockType::kExclusive).ok());
  auto wait = b.GetAsync(Table("t"), LockType::kSharedRead);
  b.owner.WaitUntilBlocked();
  clock.Advance(std::chrono::seconds(7));
  a.ctx->ReleaseAllLocks();
  ASSERT_EQ(wait.get(), Code::kOk);
  ASSERT_TRUE(b.Get(Table("after"), LockType::kSharedRead).ok());
  const LockSnapshot snap = lm.TakeSnapshot();
  EXPECT_EQ(SinceOf(snap, Table("t")), clock.Now());  // granted after the wait
  EXPECT_EQ(SinceOf(snap, Table("after")), clock.Now());
}

// ---- LockKey byte comparison ---------------------------------------------------------------

TEST(LockKeySameBytesTest, DetectsADifferenceAtEveryPositionOfEveryLength) {
  for (size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x');
    for (size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i % 26);
    EXPECT_TRUE(key_internal::SameBytes(a, std::string(a))) << n;
    EXPECT_FALSE(key_internal::SameBytes(a, a + "y")) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = '#';
      EXPECT_FALSE(key_internal::SameBytes(a, b)) << "length " << n << " position " << i;
    }
  }
}

}  // namespace
}  // namespace mdl
