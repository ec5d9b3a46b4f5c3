// Low-priority requests (LockRequest::low_priority_window, the window argument of
// LockContext::Upgrade): a pending low-priority X blocks no newcomer, is granted as soon as the
// granted locks allow it, and turns into a normal (MySQL 8.0) pending request when its window
// ends. The seed scenario: an idle transaction holds SR, ALTER TABLE waits for X, and every
// later query on the table would queue behind the waiting X.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include "base/clock.h"
#include "mdl/lock_manager.h"
#include "test_util.h"

namespace mdl {
namespace {

using std::chrono::seconds;
using testing::Session;
using testing::Table;

constexpr Timeout kForever = kInfiniteTimeout;  // a low-priority window that never ends

LockRequest LowPrio(const LockKey& key, LockType type, Timeout window) {
  LockRequest r(key, type, LockDuration::kTransaction, MDL_SOURCE);
  r.low_priority_window = window;
  return r;
}

std::future<Code> AcquireLowPrioAsync(Session& s, const LockKey& key, LockType type, Timeout window,
                                      Timeout timeout = kInfiniteTimeout) {
  return std::async(std::launch::async, [&s, key, type, window, timeout] {
    return s.ctx->Acquire(LowPrio(key, type, window), timeout).code();
  });
}

// The snapshot row of `owner`'s pending request (status kPending or about to be removed).
const TicketRow* PendingRow(const LockSnapshot& snap, uint64_t owner) {
  for (const TicketRow& r : snap.tickets) {
    if (r.owner_id == owner && r.status != TicketStatus::kGranted) return &r;
  }
  return nullptr;
}

bool HasEdge(const LockSnapshot& snap, uint64_t waiter, uint64_t blocker) {
  return std::any_of(snap.edges.begin(), snap.edges.end(),
                     [&](const WaitEdge& e) { return e.waiter == waiter && e.blocker == blocker; });
}

// Polls (FakeClock tests) until `owner`'s pending request has left its low-priority window.
// Not a timing assertion: the waiter notices the fake time within the clock's poll interval.
void WaitUntilNormalPriority(LockManager& lm, uint64_t owner) {
  for (;;) {
    const LockSnapshot snap = lm.TakeSnapshot();
    const TicketRow* r = PendingRow(snap, owner);
    if (r != nullptr && !r->low_priority) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(LowPriorityTest, SeedPileUpDoesNotHappen) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3), writer(lm, 4);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));  // BEGIN; SELECT ...; (idle)
  auto alter = AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, kForever);
  ddl.owner.WaitUntilBlocked();
  EXPECT_EQ(ddl.owner.last_state(), "Waiting for table metadata lock");
  // New SELECT and UPDATE are granted at once (they would queue behind a normal X).
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));
  ASSERT_OK(writer.Get(Table("t"), LockType::kSharedWrite, kNoWait));
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  // The idle transaction commits: X still waits for the newer holders ...
  idle.ctx->ReleaseTransactionLocks();
  writer.ctx->ReleaseTransactionLocks();
  {
    const LockSnapshot snap = lm.TakeSnapshot();
    const TicketRow* x = PendingRow(snap, 2);
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->status, TicketStatus::kPending);
    EXPECT_TRUE(HasEdge(snap, 2, 3));
  }
  // ... and is granted when the last of them releases.
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(alter.get(), Code::kOk);
  EXPECT_TRUE(ddl.ctx->IsLockOwned(Table("t"), LockType::kExclusive));
  // A granted X blocks as usual.
  EXPECT_EQ(reader.Try(Table("t"), LockType::kSharedRead).code(), Code::kWouldBlock);
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  EXPECT_EQ(lm.GetStats().tickets, 0u);
}

TEST(LowPriorityTest, NormalPendingXStillBlocksNewcomers) {
  // The control: without a window MySQL's pending matrix applies.
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto alter = ddl.GetAsync(Table("t"), LockType::kExclusive);
  ddl.owner.WaitUntilBlocked();
  const Result<Ticket*> r = reader.Try(Table("t"), LockType::kSharedRead);
  EXPECT_EQ(r.code(), Code::kWouldBlock);
  ASSERT_NE(r.status().blocker(), nullptr);
  EXPECT_EQ(r.status().blocker()->owner_id, 2u);
  EXPECT_FALSE(r.status().blocker()->granted);
  idle.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(alter.get(), Code::kOk);
}

TEST(LowPriorityTest, BecomesNormalAfterWindow) {
  base::FakeClock clock;
  Options o;
  o.clock = &clock;
  LockManager lm(o);
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto alter =
      AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, seconds(10), seconds(100));
  ddl.owner.WaitUntilBlocked();
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));  // inside the window
  reader.ctx->ReleaseTransactionLocks();
  clock.Advance(seconds(11));
  WaitUntilNormalPriority(lm, 2);
  // After the window: MySQL behaviour, a new SR queues behind the pending X.
  const Result<Ticket*> r = reader.Try(Table("t"), LockType::kSharedRead);
  EXPECT_EQ(r.code(), Code::kWouldBlock);
  ASSERT_NE(r.status().blocker(), nullptr);
  EXPECT_EQ(r.status().blocker()->owner_id, 2u);
  EXPECT_FALSE(r.status().blocker()->granted);
  auto select = reader.GetAsync(Table("t"), LockType::kSharedRead);
  reader.owner.WaitUntilBlocked();
  EXPECT_TRUE(HasEdge(lm.TakeSnapshot(), 3, 2));
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  idle.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(alter.get(), Code::kOk);  // X first, within the rest of its timeout
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(select.get(), Code::kOk);
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, TimeoutInsideAndAfterWindow) {
  base::FakeClock clock;
  Options o;
  o.clock = &clock;
  LockManager lm(o);
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  // Window longer than the timeout: low priority until it times out.
  {
    auto alter =
        AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, seconds(60), seconds(5));
    ddl.owner.WaitUntilBlocked(1);
    clock.Advance(seconds(6));
    EXPECT_EQ(alter.get(), Code::kLockWaitTimeout);
  }
  // Window shorter than the timeout: normal after 2 s, times out at 5 s.
  {
    auto alter = AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, seconds(2), seconds(5));
    ddl.owner.WaitUntilBlocked(2);
    clock.Advance(seconds(3));
    WaitUntilNormalPriority(lm, 2);
    clock.Advance(seconds(3));
    EXPECT_EQ(alter.get(), Code::kLockWaitTimeout);
  }
  // Nothing left behind: a new SR is granted, invariants hold.
  EXPECT_OK(reader.Try(Table("t"), LockType::kSharedRead));
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  EXPECT_EQ(lm.GetStats().timeouts, 2u);
}

TEST(LowPriorityTest, KillDuringWindow) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto alter = AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, kForever);
  ddl.owner.WaitUntilBlocked();
  ddl.ctx->Kill();
  EXPECT_EQ(alter.get(), Code::kKilled);
  ddl.ctx->ClearKill();
  EXPECT_FALSE(ddl.ctx->HasLocks());
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  EXPECT_OK(reader.Try(Table("t"), LockType::kSharedWrite));
  reader.ctx->ReleaseTransactionLocks();
  idle.ctx->ReleaseTransactionLocks();
  EXPECT_OK(ddl.Try(Table("t"), LockType::kExclusive));
}

TEST(LowPriorityTest, UpgradeSuToXLowPriority) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3), writer(lm, 4);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  Result<Ticket*> su = ddl.Get(Table("t"), LockType::kSharedUpgradable, kNoWait);
  ASSERT_OK(su);
  auto upgrade = std::async(std::launch::async, [&] {
    return ddl.ctx->Upgrade(*su, LockType::kExclusive, kInfiniteTimeout, kForever).code();
  });
  ddl.owner.WaitUntilBlocked();
  {
    const LockSnapshot snap = lm.TakeSnapshot();
    const TicketRow* x = PendingRow(snap, 2);
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->type, LockType::kExclusive);
    EXPECT_TRUE(x->low_priority);
  }
  // Compatible with the held SU and not blocked by the pending upgrade.
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));
  ASSERT_OK(writer.Get(Table("t"), LockType::kSharedWrite, kNoWait));
  idle.ctx->ReleaseTransactionLocks();
  reader.ctx->ReleaseTransactionLocks();
  writer.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(upgrade.get(), Code::kOk);
  EXPECT_EQ((*su)->type(), LockType::kExclusive);
  EXPECT_EQ(ddl.ctx->ticket_count(), 1u);
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, UpgradeSuToSnwLowPriorityThenNormalAfterWindow) {
  base::FakeClock clock;
  Options o;
  o.clock = &clock;
  LockManager lm(o);
  Session ddl(lm, 2), writer(lm, 4), late(lm, 5);
  Result<Ticket*> su = ddl.Get(Table("t"), LockType::kSharedUpgradable, kNoWait);
  ASSERT_OK(su);
  ASSERT_OK(writer.Get(Table("t"), LockType::kSharedWrite, kNoWait));  // blocks SNW
  auto upgrade = std::async(std::launch::async, [&] {
    return ddl.ctx->Upgrade(*su, LockType::kSharedNoWrite, seconds(100), seconds(1)).code();
  });
  ddl.owner.WaitUntilBlocked();
  ASSERT_OK(late.Get(Table("t"), LockType::kSharedWrite, kNoWait));
  late.ctx->ReleaseTransactionLocks();
  clock.Advance(seconds(2));
  WaitUntilNormalPriority(lm, 2);
  EXPECT_EQ(late.Try(Table("t"), LockType::kSharedWrite).code(), Code::kWouldBlock);
  writer.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(upgrade.get(), Code::kOk);
  EXPECT_EQ((*su)->type(), LockType::kSharedNoWrite);
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, DeadlockWithLowPriorityWaiterIsFound) {
  LockManager lm;
  Session dml(lm, 1), ddl(lm, 2);
  ASSERT_OK(dml.Get(Table("t1"), LockType::kSharedRead));
  ASSERT_OK(ddl.Get(Table("t2"), LockType::kExclusive));
  // ddl waits (low priority) for dml's SR on t1; dml then waits for ddl's granted X on t2.
  auto alter = AcquireLowPrioAsync(ddl, Table("t1"), LockType::kExclusive, kForever);
  ddl.owner.WaitUntilBlocked();
  auto select = dml.GetAsync(Table("t2"), LockType::kSharedRead);
  const Code a = select.get();
  if (a == Code::kDeadlock) {
    dml.ctx->ReleaseTransactionLocks();  // the victim's transaction rolls back
    EXPECT_EQ(alter.get(), Code::kOk);
  } else {
    EXPECT_EQ(alter.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(alter.get(), Code::kDeadlock);
    EXPECT_EQ(a, Code::kOk);
  }
  EXPECT_EQ(lm.GetStats().deadlocks, 1u);
  dml.ctx->ReleaseAllLocks();
  ddl.ctx->ReleaseAllLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, CycleClosedByEndOfWindowIsFound) {
  // n waits for g's granted SU (no cycle). x is a low-priority X waiting for n's SR: nobody
  // waits for it. When x's window ends, n's SU also waits for the now-normal pending X:
  // n -> x -> n. Only the search that x runs at the end of its window can see it.
  base::FakeClock clock;
  Options o;
  o.clock = &clock;
  LockManager lm(o);
  Session n(lm, 1), x(lm, 2), g(lm, 3);
  ASSERT_OK(g.Get(Table("t"), LockType::kSharedUpgradable, kNoWait));
  auto ddl = AcquireLowPrioAsync(x, Table("t"), LockType::kExclusive, seconds(5));
  x.owner.WaitUntilBlocked();
  ASSERT_OK(n.Get(Table("t"), LockType::kSharedRead, kNoWait));  // granted inside the window
  auto su = n.GetAsync(Table("t"), LockType::kSharedUpgradable);
  n.owner.WaitUntilBlocked();
  EXPECT_FALSE(HasEdge(lm.TakeSnapshot(), 1, 2));
  clock.Advance(seconds(6));
  // One of the two is chosen as the victim; the other goes on waiting for g.
  for (;;) {
    if (lm.GetStats().deadlocks == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  g.ctx->ReleaseTransactionLocks();
  const Code cx = ddl.get();
  if (cx == Code::kDeadlock) {
    EXPECT_EQ(su.get(), Code::kOk);
  } else {
    // n was the victim: it rolls back, and x gets its X.
    const Code cn = su.get();
    EXPECT_EQ(cn, Code::kDeadlock);
    EXPECT_EQ(cx, Code::kOk);
  }
  n.ctx->ReleaseAllLocks();
  x.ctx->ReleaseAllLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, NewcomersTakeSlowPathWhileLowPriorityXWaits) {
  // The pending X is obtrusive: it keeps the fast path closed so that when it is decided the
  // fast-path counters are exact ([F2]). Newcomers are checked on the slow path and granted.
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3), prep(lm, 4);
  Result<PreparedLock> p = prep.ctx->Prepare(
      LockRequest(Table("t"), LockType::kSharedRead, LockDuration::kTransaction, MDL_SOURCE));
  ASSERT_OK(p);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  EXPECT_TRUE(lm.TakeSnapshot().tickets[0].fast_path);
  auto alter = AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, kForever);
  ddl.owner.WaitUntilBlocked();
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));
  ASSERT_OK(prep.ctx->Acquire(*p, kNoWait));
  {
    const LockSnapshot snap = lm.TakeSnapshot();
    for (const TicketRow& r : snap.tickets) {
      if (r.owner_id == 3 || r.owner_id == 4) {
        EXPECT_FALSE(r.fast_path) << snap.ToString();
      }
    }
  }
  idle.ctx->ReleaseTransactionLocks();
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(PendingRow(lm.TakeSnapshot(), 2)->status, TicketStatus::kPending);
  prep.ctx->ReleaseTransactionLocks();  // the last SR: X is granted
  EXPECT_EQ(alter.get(), Code::kOk);
  EXPECT_EQ(prep.ctx->Acquire(*p, kNoWait).code(), Code::kLockWaitTimeout);
  ddl.ctx->ReleaseTransactionLocks();
  // The fast path is open again.
  ASSERT_OK(prep.ctx->Acquire(*p, kNoWait));
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));
  for (const TicketRow& r : lm.TakeSnapshot().tickets) EXPECT_TRUE(r.fast_path);
  prep.ctx->ReleaseTransactionLocks();
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, SnapshotShowsPriorityAndNoEdgesIntoLowPriorityWaiter) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3), ddl2(lm, 4);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto alter = AcquireLowPrioAsync(ddl, Table("t"), LockType::kExclusive, kForever);
  ddl.owner.WaitUntilBlocked();
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead, kNoWait));
  // A normal SNRW behind it waits for the granted SRs only.
  auto snw = ddl2.GetAsync(Table("t"), LockType::kSharedNoReadWrite);
  ddl2.owner.WaitUntilBlocked();
  const LockSnapshot snap = lm.TakeSnapshot();
  const TicketRow* x = PendingRow(snap, 2);
  ASSERT_NE(x, nullptr);
  EXPECT_TRUE(x->low_priority);
  EXPECT_FALSE(PendingRow(snap, 4)->low_priority);
  EXPECT_NE(snap.ToString().find("low-priority"), std::string::npos);
  for (const WaitEdge& e : snap.edges) EXPECT_NE(e.blocker, 2u) << snap.ToString();
  EXPECT_TRUE(HasEdge(snap, 2, 1));
  EXPECT_TRUE(HasEdge(snap, 2, 3));
  EXPECT_EQ(snap.RootBlockers(2), (std::vector<uint64_t>{1, 3}));
  idle.ctx->ReleaseTransactionLocks();
  reader.ctx->ReleaseTransactionLocks();
  // Both are grantable now; oldest first: X, then SNRW once X is released.
  EXPECT_EQ(alter.get(), Code::kOk);
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(snw.get(), Code::kOk);
  ddl2.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

TEST(LowPriorityTest, BatchLowPriority) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t2"), LockType::kSharedRead));
  std::vector<LockRequest> batch{LowPrio(Table("t1"), LockType::kExclusive, kForever),
                                 LowPrio(Table("t2"), LockType::kExclusive, kForever)};
  auto rename = std::async(std::launch::async,
                           [&] { return ddl.ctx->AcquireBatch(batch, kInfiniteTimeout).code(); });
  ddl.owner.WaitUntilBlocked();
  ASSERT_OK(reader.Get(Table("t2"), LockType::kSharedRead, kNoWait));
  reader.ctx->ReleaseTransactionLocks();
  idle.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(rename.get(), Code::kOk);
  EXPECT_TRUE(ddl.ctx->IsLockOwned(Table("t1"), LockType::kExclusive));
  EXPECT_TRUE(ddl.ctx->IsLockOwned(Table("t2"), LockType::kExclusive));
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
}

}  // namespace
}  // namespace mdl
