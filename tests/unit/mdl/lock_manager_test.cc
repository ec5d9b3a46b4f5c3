// Behaviour of LockManager/LockContext at lock level: the DBA-blog pile-ups (txn SR held ->
// X waits -> new SR waits behind it), upgrades, timeouts, kill, deadlocks, savepoints,
// durations, reuse, max_write_lock_count, snapshots and root blockers.
#include "mdl/lock_manager.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/clock.h"
#include "test_util.h"

namespace mdl {
namespace {

using testing::Session;
using testing::Table;
using std::chrono::seconds;

TEST(LockManagerTest, PendingExclusiveBlocksNewSharedReadAndReleaseOrder) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));  // open transaction, idle
  auto alter = ddl.GetAsync(Table("t"), LockType::kExclusive);
  ddl.owner.WaitUntilBlocked();
  EXPECT_EQ(ddl.owner.last_state(), "Waiting for table metadata lock");
  EXPECT_EQ(reader.Try(Table("t"), LockType::kSharedRead).code(), Code::kWouldBlock);
  auto select = reader.GetAsync(Table("t"), LockType::kSharedRead);
  reader.owner.WaitUntilBlocked();
  idle.ctx->ReleaseTransactionLocks();  // COMMIT of the idle transaction
  EXPECT_EQ(alter.get(), Code::kOk);    // X goes first ...
  EXPECT_EQ(reader.owner.waits_ended(), 0);
  ddl.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(select.get(), Code::kOk);  // ... then the queued SELECT
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(lm.GetStats().tickets, 0u);
}

TEST(LockManagerTest, SharedHighPrioIgnoresPendingExclusive) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2), c(lm, 3);
  ASSERT_OK(a.Get(Table("t"), LockType::kSharedRead));
  auto x = b.GetAsync(Table("t"), LockType::kExclusive);
  b.owner.WaitUntilBlocked();
  EXPECT_OK(c.Try(Table("t"), LockType::kSharedHighPrio));
  Session d(lm, 4);
  EXPECT_EQ(d.Try(Table("t"), LockType::kShared).code(), Code::kWouldBlock);
  c.ctx->ReleaseAllLocks();
  a.ctx->ReleaseAllLocks();
  EXPECT_EQ(x.get(), Code::kOk);
}

TEST(LockManagerTest, UpgradeSharedUpgradableToExclusiveWaitsForReaders) {
  LockManager lm;
  Session alter(lm, 1), reader(lm, 2);
  auto su = alter.Get(Table("t"), LockType::kSharedUpgradable);
  ASSERT_OK(su);
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead));
  auto up = alter.UpgradeAsync(*su, LockType::kExclusive);
  alter.owner.WaitUntilBlocked();
  reader.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(up.get(), Code::kOk);
  EXPECT_EQ((*su)->type(), LockType::kExclusive);
  EXPECT_EQ(reader.Try(Table("t"), LockType::kSharedRead).code(), Code::kWouldBlock);
}

TEST(LockManagerTest, FailedUpgradeLeavesOldLockUnchanged) {
  LockManager lm;
  Session alter(lm, 1), reader(lm, 2), other(lm, 3);
  auto su = alter.Get(Table("t"), LockType::kSharedUpgradable);
  ASSERT_OK(su);
  ASSERT_OK(reader.Get(Table("t"), LockType::kSharedRead));
  EXPECT_EQ(alter.ctx->Upgrade(*su, LockType::kExclusive, kNoWait).code(), Code::kLockWaitTimeout);
  EXPECT_EQ((*su)->type(), LockType::kSharedUpgradable);
  EXPECT_OK(other.Try(Table("t"), LockType::kSharedWrite));
  EXPECT_EQ(other.Try(Table("t2"), LockType::kSharedWrite).code(), Code::kOk);
  EXPECT_EQ(reader.Try(Table("t"), LockType::kSharedUpgradable).code(), Code::kWouldBlock);
}

TEST(LockManagerTest, UpgradeChainSuToSnwToX) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  auto t = a.Get(Table("t"), LockType::kSharedUpgradable);
  ASSERT_OK(t);
  ASSERT_OK(a.ctx->Upgrade(*t, LockType::kSharedNoWrite, kNoWait));
  EXPECT_OK(b.Try(Table("t"), LockType::kSharedRead));
  EXPECT_EQ(b.Try(Table("t"), LockType::kSharedWrite).code(), Code::kWouldBlock);
  b.ctx->ReleaseAllLocks();
  ASSERT_OK(a.ctx->Upgrade(*t, LockType::kExclusive, kNoWait));
  EXPECT_EQ(b.Try(Table("t"), LockType::kSharedHighPrio).code(), Code::kWouldBlock);
  // S -> X (CREATE TABLE).
  auto s = a.Get(Table("new"), LockType::kShared);
  ASSERT_OK(s);
  ASSERT_OK(a.ctx->Upgrade(*s, LockType::kExclusive, kNoWait));
  EXPECT_EQ((*s)->type(), LockType::kExclusive);
}

TEST(LockManagerTest, UpgradeOfFastPathTicket) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  auto t = a.Get(Table("t"), LockType::kSharedRead);  // fast path
  ASSERT_OK(t);
  ASSERT_OK(a.ctx->Upgrade(*t, LockType::kExclusive, kNoWait));
  EXPECT_EQ(b.Try(Table("t"), LockType::kSharedRead).code(), Code::kWouldBlock);
  a.ctx->ReleaseAllLocks();
  EXPECT_OK(b.Try(Table("t"), LockType::kSharedRead));
}

TEST(LockManagerTest, TimeoutOnFakeClock) {
  base::FakeClock clock;
  Options o;
  o.clock = &clock;
  LockManager lm(o);
  Session holder(lm, 7), waiter(lm, 8);
  ASSERT_OK(holder.Get(Table("t"), LockType::kSharedRead));
  std::future<Status> f = std::async(std::launch::async, [&] {
    return waiter.ctx->Acquire({Table("t"), LockType::kExclusive, LockDuration::kTransaction},
                               seconds(50))
        .status();
  });
  waiter.owner.WaitUntilBlocked();
  clock.Advance(seconds(51));
  const Status s = f.get();
  EXPECT_EQ(s.code(), Code::kLockWaitTimeout);
  ASSERT_NE(s.blocker(), nullptr);
  EXPECT_EQ(s.blocker()->owner_id, 7u);  // found although 7's SR is a fast-path lock
  EXPECT_EQ(s.blocker()->type, LockType::kSharedRead);
  EXPECT_EQ(lm.GetStats().timeouts, 1u);
  // Nothing is left behind: a new SW is not blocked by a stale pending X.
  EXPECT_OK(waiter.Try(Table("t"), LockType::kSharedWrite));
}

TEST(LockManagerTest, ZeroTimeoutFailsAtOnceWithoutDeadlockSearch) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  ASSERT_OK(a.Get(Table("t1"), LockType::kExclusive));
  ASSERT_OK(b.Get(Table("t2"), LockType::kExclusive));
  auto wa = a.GetAsync(Table("t2"), LockType::kExclusive);
  a.owner.WaitUntilBlocked();
  // Would close a cycle, but timeout 0 reports a timeout, not a deadlock (as MySQL).
  EXPECT_EQ(b.Get(Table("t1"), LockType::kExclusive, kNoWait).code(), Code::kLockWaitTimeout);
  EXPECT_EQ(lm.GetStats().deadlocks, 0u);
  b.ctx->ReleaseAllLocks();
  EXPECT_EQ(wa.get(), Code::kOk);
}

TEST(LockManagerTest, KillOfWaiterUnblocksThoseQueuedBehindIt) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto alter = ddl.GetAsync(Table("t"), LockType::kExclusive);
  ddl.owner.WaitUntilBlocked();
  auto select = reader.GetAsync(Table("t"), LockType::kSharedRead);
  reader.owner.WaitUntilBlocked();
  ddl.ctx->Kill();  // KILL QUERY from another thread
  EXPECT_EQ(alter.get(), Code::kKilled);
  EXPECT_EQ(select.get(), Code::kOk);
  EXPECT_FALSE(ddl.ctx->HasLocks());
}

TEST(LockManagerTest, KillBeforeWaitAbortsNextWaitButNotImmediateGrants) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  ASSERT_OK(a.Get(Table("t"), LockType::kExclusive));
  b.ctx->Kill();
  EXPECT_OK(b.Get(Table("other"), LockType::kExclusive));
  EXPECT_EQ(b.Get(Table("t"), LockType::kSharedRead).code(), Code::kKilled);
  b.ctx->ClearKill();
  EXPECT_EQ(b.Get(Table("t"), LockType::kSharedRead, std::chrono::milliseconds(1)).code(),
            Code::kLockWaitTimeout);
}

TEST(LockManagerTest, TwoPartyDeadlockVictimIsLowerWeightDml) {
  LockManager lm;
  Session locker(lm, 1), reader(lm, 2);
  ASSERT_OK(locker.Get(Table("t1"), LockType::kSharedNoReadWrite));  // LOCK TABLES t1 WRITE
  ASSERT_OK(reader.Get(Table("t2"), LockType::kSharedRead));
  auto dml = reader.GetAsync(Table("t1"), LockType::kSharedRead);  // DML weight 25
  reader.owner.WaitUntilBlocked();
  auto ddl = locker.GetAsync(Table("t2"), LockType::kExclusive);  // DDL weight 100: requester
  EXPECT_EQ(dml.get(), Code::kDeadlock);  // the DML side is the victim, not the requester
  reader.ctx->ReleaseTransactionLocks();  // the victim rolls back
  EXPECT_EQ(ddl.get(), Code::kOk);
  EXPECT_EQ(lm.GetStats().deadlocks, 1u);
}

TEST(LockManagerTest, TwoPartyDeadlockRequesterIsVictimOnTie) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  ASSERT_OK(a.Get(Table("t1"), LockType::kExclusive));
  ASSERT_OK(b.Get(Table("t2"), LockType::kExclusive));
  auto wa = a.GetAsync(Table("t2"), LockType::kExclusive);
  a.owner.WaitUntilBlocked();
  const Status s = b.ctx->Acquire({Table("t1"), LockType::kExclusive, LockDuration::kTransaction},
                                  kInfiniteTimeout).status();
  EXPECT_EQ(s.code(), Code::kDeadlock);
  ASSERT_NE(s.blocker(), nullptr);
  EXPECT_EQ(s.blocker()->owner_id, 1u);
  b.ctx->ReleaseAllLocks();
  EXPECT_EQ(wa.get(), Code::kOk);
}

TEST(LockManagerTest, ThreePartyDeadlock) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2), c(lm, 3);
  ASSERT_OK(a.Get(Table("t1"), LockType::kExclusive));
  ASSERT_OK(b.Get(Table("t2"), LockType::kExclusive));
  ASSERT_OK(c.Get(Table("t3"), LockType::kExclusive));
  auto wa = a.GetAsync(Table("t2"), LockType::kExclusive);
  a.owner.WaitUntilBlocked();
  auto wb = b.GetAsync(Table("t3"), LockType::kExclusive);
  b.owner.WaitUntilBlocked();
  EXPECT_EQ(c.Get(Table("t1"), LockType::kExclusive).code(), Code::kDeadlock);
  c.ctx->ReleaseAllLocks();
  EXPECT_EQ(wb.get(), Code::kOk);
  b.ctx->ReleaseAllLocks();
  EXPECT_EQ(wa.get(), Code::kOk);
}

TEST(LockManagerTest, UpgradeDeadlockBetweenTwoUpgraders) {
  LockManager lm;
  Session alter(lm, 1), create(lm, 2);
  auto su = alter.Get(Table("t"), LockType::kSharedUpgradable);
  auto sr = create.Get(Table("t"), LockType::kSharedRead);
  ASSERT_OK(su);
  ASSERT_OK(sr);
  auto up1 = alter.UpgradeAsync(*su, LockType::kExclusive);
  alter.owner.WaitUntilBlocked();
  // Both wait for X (DDL weight): tie -> the requester that closes the cycle is the victim.
  EXPECT_EQ(create.ctx->Upgrade(*sr, LockType::kExclusive, kInfiniteTimeout).code(),
            Code::kDeadlock);
  EXPECT_EQ((*sr)->type(), LockType::kSharedRead);  // unchanged
  create.ctx->ReleaseAllLocks();
  EXPECT_EQ(up1.get(), Code::kOk);
}

TEST(LockManagerTest, UserLevelLockDeadlock) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  const LockKey la = LockKey::UserLevelLock("a"), lb = LockKey::UserLevelLock("b");
  ASSERT_OK(a.Get(la, LockType::kExclusive, kInfiniteTimeout, LockDuration::kExplicit));
  ASSERT_OK(b.Get(lb, LockType::kExclusive, kInfiniteTimeout, LockDuration::kExplicit));
  auto wa = a.GetAsync(lb, LockType::kExclusive, kInfiniteTimeout, LockDuration::kExplicit);
  a.owner.WaitUntilBlocked();
  EXPECT_EQ(a.owner.last_state(), "User lock");
  EXPECT_EQ(b.Get(la, LockType::kExclusive, kInfiniteTimeout, LockDuration::kExplicit).code(),
            Code::kDeadlock);
  b.ctx->ReleaseAllLocks();
  EXPECT_EQ(wa.get(), Code::kOk);
}

TEST(LockManagerTest, DeadlockWeightPrefersUserLockOverDdl) {
  LockManager lm;
  Session ull(lm, 1), ddl(lm, 2);
  ASSERT_OK(ull.Get(Table("t"), LockType::kSharedRead));
  ASSERT_OK(ddl.Get(LockKey::UserLevelLock("u"), LockType::kExclusive, kInfiniteTimeout,
                    LockDuration::kExplicit));
  auto w = ull.GetAsync(LockKey::UserLevelLock("u"), LockType::kExclusive);  // weight 50
  ull.owner.WaitUntilBlocked();
  auto d = ddl.GetAsync(Table("t"), LockType::kExclusive);  // weight 100
  EXPECT_EQ(w.get(), Code::kDeadlock);
  ull.ctx->ReleaseAllLocks();
  EXPECT_EQ(d.get(), Code::kOk);
}

TEST(LockManagerTest, SavepointRollbackReleasesOnlyLaterNonExplicitLocks) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  ASSERT_OK(a.Get(Table("t1"), LockType::kSharedRead));
  const Savepoint sp = a.ctx->GetSavepoint();
  ASSERT_OK(a.Get(Table("t2"), LockType::kSharedWrite));
  ASSERT_OK(a.Get(Table("t3"), LockType::kExclusive, kInfiniteTimeout, LockDuration::kExplicit));
  ASSERT_OK(a.Get(Table("t4"), LockType::kExclusive, kInfiniteTimeout, LockDuration::kStatement));
  ASSERT_OK(a.Get(Table("t1"), LockType::kSharedRead));  // reused, not "after" the savepoint
  EXPECT_TRUE(a.ctx->HasLocksAfterSavepoint(sp));
  a.ctx->RollbackToSavepoint(sp);
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("t1"), LockType::kSharedRead));
  EXPECT_FALSE(a.ctx->IsLockOwned(Table("t2"), LockType::kSharedWrite));
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("t3"), LockType::kExclusive));
  EXPECT_FALSE(a.ctx->IsLockOwned(Table("t4"), LockType::kExclusive));
  EXPECT_FALSE(a.ctx->HasLocksAfterSavepoint(sp) && a.ctx->HasLocks(LockDuration::kStatement));
  EXPECT_OK(b.Try(Table("t4"), LockType::kExclusive));
}

TEST(LockManagerTest, StatementVersusTransactionRelease) {
  LockManager lm;
  Session a(lm, 1);
  ASSERT_OK(a.Get(Table("s"), LockType::kSharedRead, kInfiniteTimeout, LockDuration::kStatement));
  ASSERT_OK(a.Get(Table("t"), LockType::kSharedRead, kInfiniteTimeout, LockDuration::kTransaction));
  ASSERT_OK(a.Get(Table("e"), LockType::kSharedRead, kInfiniteTimeout, LockDuration::kExplicit));
  a.ctx->ReleaseStatementLocks();
  EXPECT_FALSE(a.ctx->IsLockOwned(Table("s"), LockType::kSharedRead));
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("t"), LockType::kSharedRead));
  a.ctx->ReleaseTransactionLocks();
  EXPECT_FALSE(a.ctx->IsLockOwned(Table("t"), LockType::kSharedRead));
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("e"), LockType::kSharedRead));
  a.ctx->ReleaseAllLocks();
  EXPECT_FALSE(a.ctx->HasLocks());
}

TEST(LockManagerTest, RepeatedRequestReusesTicketAndCountsAcquisitions) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  auto x = a.Get(Table("t"), LockType::kExclusive);
  auto sr = a.Get(Table("t"), LockType::kSharedRead);  // weaker: reuses the X ticket
  ASSERT_OK(x);
  ASSERT_OK(sr);
  EXPECT_EQ(*x, *sr);
  EXPECT_EQ((*x)->acquisitions(), 2u);
  EXPECT_EQ(a.ctx->ticket_count(), 1u);
  a.ctx->Release(*sr);
  EXPECT_EQ(b.Try(Table("t"), LockType::kSharedRead).code(), Code::kWouldBlock);
  a.ctx->Release(*x);
  EXPECT_OK(b.Try(Table("t"), LockType::kSharedRead));
  // A different duration gets its own (cloned) ticket.
  auto t1 = a.Get(Table("u"), LockType::kSharedWrite, kInfiniteTimeout, LockDuration::kTransaction);
  auto t2 = a.Get(Table("u"), LockType::kSharedRead, kInfiniteTimeout, LockDuration::kStatement);
  ASSERT_OK(t1);
  ASSERT_OK(t2);
  EXPECT_NE(*t1, *t2);
  EXPECT_EQ((*t2)->type(), LockType::kSharedRead);
  EXPECT_EQ((*t2)->duration(), LockDuration::kStatement);
}

TEST(LockManagerTest, GetLockRecursionNeedsMatchingReleases) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  const LockKey u = LockKey::UserLevelLock("lock1");
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(a.Get(u, LockType::kExclusive, kNoWait, LockDuration::kExplicit));
  }
  Ticket* t = a.ctx->FindTicket(u, LockType::kExclusive);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->acquisitions(), 3u);
  a.ctx->Release(t);
  a.ctx->Release(t);
  EXPECT_EQ(b.Try(u, LockType::kExclusive).code(), Code::kWouldBlock);
  a.ctx->Release(t);  // RELEASE_LOCK number 3
  EXPECT_OK(b.Try(u, LockType::kExclusive));
}

TEST(LockManagerTest, LockTablesDurationChanges) {
  LockManager lm;
  Session a(lm, 1);
  ASSERT_OK(a.Get(Table("t"), LockType::kSharedNoReadWrite));
  ASSERT_OK(a.Get(Table("s"), LockType::kSharedReadOnly, kInfiniteTimeout, LockDuration::kStatement));
  a.ctx->SetExplicitDurationForAllLocks();
  a.ctx->ReleaseTransactionLocks();
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("t"), LockType::kSharedNoReadWrite));
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("s"), LockType::kSharedReadOnly));
  a.ctx->SetTransactionDurationForAllLocks();
  EXPECT_TRUE(a.ctx->HasLocks(LockDuration::kTransaction));
  Ticket* t = a.ctx->FindTicket(Table("t"), LockType::kSharedNoReadWrite);
  a.ctx->SetDuration(t, LockDuration::kExplicit);
  a.ctx->ReleaseTransactionLocks();
  EXPECT_EQ(a.ctx->ticket_count(), 1u);
  EXPECT_TRUE(a.ctx->IsLockOwned(Table("t"), LockType::kSharedRead));
  EXPECT_FALSE(a.ctx->IsLockOwned(Table("t"), LockType::kExclusive));
}

TEST(LockManagerTest, DowngradeWakesCompatibleWaiters) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  auto x = a.Get(Table("t"), LockType::kExclusive);
  ASSERT_OK(x);
  auto r = b.GetAsync(Table("t"), LockType::kSharedRead);
  b.owner.WaitUntilBlocked();
  ASSERT_OK(a.ctx->Downgrade(*x, LockType::kSharedNoWrite));
  EXPECT_EQ(r.get(), Code::kOk);
  EXPECT_EQ(b.Try(Table("t"), LockType::kSharedWrite).code(), Code::kWouldBlock);
  EXPECT_EQ(a.ctx->Downgrade(*x, LockType::kExclusive).code(), Code::kInvalidArgument);
  auto sr = a.Get(Table("v"), LockType::kSharedRead);
  EXPECT_EQ(a.ctx->Downgrade(*sr, LockType::kShared).code(), Code::kInvalidArgument);
}

// max_write_lock_count: hogs. With the limit hit, a waiting SR goes before a waiting X.
void HogScenario(uint64_t max_write_lock_count, Code expect_reader, Code expect_second_x) {
  Options o;
  o.max_write_lock_count = max_write_lock_count;
  LockManager lm(o);
  Session idle(lm, 1), x1(lm, 2), reader(lm, 3), x2(lm, 4);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto fx1 = x1.GetAsync(Table("t"), LockType::kExclusive);
  x1.owner.WaitUntilBlocked();
  auto fr = reader.GetAsync(Table("t"), LockType::kSharedRead);
  reader.owner.WaitUntilBlocked();
  idle.ctx->ReleaseAllLocks();
  ASSERT_EQ(fx1.get(), Code::kOk);  // a hog granted while SR waits
  auto fx2 = x2.GetAsync(Table("t"), LockType::kExclusive);
  x2.owner.WaitUntilBlocked();
  x1.ctx->ReleaseAllLocks();  // who is next: the reader (limit hit) or x2 (default)?
  if (expect_reader == Code::kOk) {
    EXPECT_EQ(fr.get(), Code::kOk);
    EXPECT_EQ(x2.owner.waits_ended(), 0);
    reader.ctx->ReleaseAllLocks();
    EXPECT_EQ(fx2.get(), Code::kOk);
  } else {
    EXPECT_EQ(fx2.get(), expect_second_x);
    EXPECT_EQ(reader.owner.waits_ended(), 0);
    x2.ctx->ReleaseAllLocks();
    EXPECT_EQ(fr.get(), Code::kOk);
  }
}

TEST(LockManagerTest, HogLimitLetsWaitingReaderPassWaitingExclusive) {
  HogScenario(1, Code::kOk, Code::kOk);
}

TEST(LockManagerTest, WithoutHogLimitWaitingExclusiveGoesFirst) {
  HogScenario(std::numeric_limits<uint64_t>::max(), Code::kLockWaitTimeout, Code::kOk);
}

// Piglets: SW granted while SRO waits; at the limit new SW yields to the waiting SRO.
TEST(LockManagerTest, PigletLimitMakesSharedWriteYieldToWaitingReadOnly) {
  for (const bool limited : {false, true}) {
    Options o;
    if (limited) o.max_write_lock_count = 1;
    LockManager lm(o);
    Session w1(lm, 1), ro(lm, 2), w2(lm, 3), w3(lm, 4);
    ASSERT_OK(w1.Get(Table("t"), LockType::kSharedWrite));
    auto fro = ro.GetAsync(Table("t"), LockType::kSharedReadOnly);  // LOCK TABLES t READ
    ro.owner.WaitUntilBlocked();
    ASSERT_OK(w2.Try(Table("t"), LockType::kSharedWrite));  // piglet #1
    EXPECT_EQ(w3.Try(Table("t"), LockType::kSharedWrite).code(),
              limited ? Code::kWouldBlock : Code::kOk)
        << (limited ? "limited" : "unlimited");
    w1.ctx->ReleaseAllLocks();
    w2.ctx->ReleaseAllLocks();
    w3.ctx->ReleaseAllLocks();
    EXPECT_EQ(fro.get(), Code::kOk);
  }
}

TEST(LockManagerTest, FastPathTicketsAppearInSnapshot) {
  LockManager lm;
  Session a(lm, 11);
  LockRequest req(Table("t"), LockType::kSharedRead, LockDuration::kTransaction, "sql_select.cc:42",
                  /*event=*/99);
  ASSERT_OK(a.ctx->Acquire(req, kNoWait));
  const LockSnapshot snap = lm.TakeSnapshot();
  ASSERT_EQ(snap.tickets.size(), 1u);
  const TicketRow& r = snap.tickets[0];
  EXPECT_TRUE(r.fast_path);
  EXPECT_EQ(r.owner_id, 11u);
  EXPECT_EQ(r.key, Table("t"));
  EXPECT_EQ(ToString(r.type), "SHARED_READ");
  EXPECT_EQ(ToString(r.duration), "TRANSACTION");
  EXPECT_EQ(ToString(r.status), "GRANTED");
  EXPECT_EQ(r.source, "sql_select.cc:42");
  EXPECT_EQ(r.event_id, 99u);
}

TEST(LockManagerTest, RootBlockerOfChainIsIdleHolder) {
  LockManager lm;
  Session idle(lm, 1), ddl(lm, 2), reader(lm, 3);
  ASSERT_OK(idle.Get(Table("t"), LockType::kSharedRead));
  auto x = ddl.GetAsync(Table("t"), LockType::kExclusive);
  ddl.owner.WaitUntilBlocked();
  auto r = reader.GetAsync(Table("t"), LockType::kSharedRead);
  reader.owner.WaitUntilBlocked();
  const LockSnapshot snap = lm.TakeSnapshot();
  EXPECT_EQ(snap.RootBlockers(3), std::vector<uint64_t>{1});
  EXPECT_EQ(snap.RootBlockers(2), std::vector<uint64_t>{1});
  const auto chains = snap.ChainsToRootBlockers(3);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0], (std::vector<uint64_t>{3, 2, 1}));
  // The reader is blocked by the pending X, not by the compatible idle SR.
  bool pending_edge = false;
  for (const WaitEdge& e : snap.edges) {
    EXPECT_FALSE(e.waiter == 3 && e.blocker == 1);
    if (e.waiter == 3 && e.blocker == 2) {
      pending_edge = true;
      EXPECT_FALSE(e.blocker_granted);
      EXPECT_EQ(e.blocker_type, LockType::kExclusive);
    }
  }
  EXPECT_TRUE(pending_edge);
  EXPECT_EQ(snap.Waiters(), (std::vector<uint64_t>{2, 3}));
  idle.ctx->ReleaseAllLocks();
  EXPECT_EQ(x.get(), Code::kOk);
  ddl.ctx->ReleaseAllLocks();
  EXPECT_EQ(r.get(), Code::kOk);
}

TEST(LockManagerTest, AcquireBatchIsAllOrNothing) {
  LockManager lm;
  Session a(lm, 1), b(lm, 2);
  ASSERT_OK(b.Get(Table("t2"), LockType::kExclusive));
  std::vector<LockRequest> reqs = {
      {Table("t3"), LockType::kExclusive, LockDuration::kTransaction},
      {Table("t1"), LockType::kExclusive, LockDuration::kTransaction},
      {Table("t2"), LockType::kExclusive, LockDuration::kTransaction},
  };
  EXPECT_EQ(a.ctx->AcquireBatch(reqs, kNoWait).code(), Code::kLockWaitTimeout);
  EXPECT_FALSE(a.ctx->HasLocks());
  b.ctx->ReleaseAllLocks();
  auto r = a.ctx->AcquireBatch(reqs, kNoWait);
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0]->key(), Table("t3"));
  EXPECT_EQ((*r)[2]->key(), Table("t2"));
}

TEST(LockManagerTest, AcquireBatchSameKeyTakesStrongerTypeFirst) {
  LockManager lm;
  Session a(lm, 1);
  std::vector<LockRequest> reqs = {
      {Table("t"), LockType::kSharedRead, LockDuration::kTransaction},
      {Table("t"), LockType::kExclusive, LockDuration::kTransaction},
  };
  auto r = a.ctx->AcquireBatch(reqs, kNoWait);
  ASSERT_OK(r);
  EXPECT_EQ((*r)[0], (*r)[1]);  // SR reused the X ticket taken first
  EXPECT_EQ((*r)[0]->type(), LockType::kExclusive);
}

TEST(LockManagerTest, GlobalReadLockBlocksWritersAndCommits) {
  LockManager lm;
  Session ftwrl(lm, 1), writer(lm, 2);
  ASSERT_OK(ftwrl.Get(LockKey::Global(), LockType::kShared, kNoWait, LockDuration::kExplicit));
  ASSERT_OK(ftwrl.Get(LockKey::Commit(), LockType::kShared, kNoWait, LockDuration::kExplicit));
  auto w = writer.GetAsync(LockKey::Global(), LockType::kIntentionExclusive, kInfiniteTimeout,
                           LockDuration::kStatement);
  writer.owner.WaitUntilBlocked();
  EXPECT_EQ(writer.owner.last_state(), "Waiting for global read lock");
  ftwrl.ctx->ReleaseAllLocks();
  EXPECT_EQ(w.get(), Code::kOk);
  Session committer(lm, 3);
  EXPECT_OK(committer.Try(LockKey::Commit(), LockType::kIntentionExclusive));
}

TEST(LockManagerTest, InvalidArguments) {
  LockManager lm;
  Session a(lm, 1);
  EXPECT_EQ(a.Try(Table("t"), LockType::kIntentionExclusive).code(), Code::kInvalidArgument);
  EXPECT_EQ(a.Try(LockKey::Global(), LockType::kSharedRead).code(), Code::kInvalidArgument);
  EXPECT_EQ(a.Try(LockKey::Table("db", std::string(193, 'x')), LockType::kSharedRead).code(),
            Code::kInvalidArgument);
  EXPECT_OK(a.Try(LockKey::Table("db", std::string(192, 'x')), LockType::kSharedRead));
}

TEST(LockManagerTest, NothingLeaksAfterContextsAreDestroyed) {
  LockManager lm;
  {
    Session a(lm, 1), b(lm, 2);
    for (int i = 0; i < 100; ++i) {
      ASSERT_OK(a.Get(Table("t" + std::to_string(i)), LockType::kSharedRead));
      ASSERT_OK(b.Get(Table("u" + std::to_string(i)), LockType::kExclusive));
    }
    EXPECT_EQ(lm.GetStats().tickets, 200u);
  }
  const ManagerStats s = lm.GetStats();
  EXPECT_EQ(s.tickets, 0u);
  EXPECT_EQ(s.lock_objects, 0u);
  EXPECT_EQ(s.contexts, 0u);
}

TEST(LockTypesTest, NamesMatchPerformanceSchemaAndProcesslist) {
  const char* types[] = {"INTENTION_EXCLUSIVE", "SHARED", "SHARED_HIGH_PRIO", "SHARED_READ",
                         "SHARED_WRITE", "SHARED_WRITE_LOW_PRIO", "SHARED_UPGRADABLE",
                         "SHARED_READ_ONLY", "SHARED_NO_WRITE", "SHARED_NO_READ_WRITE",
                         "EXCLUSIVE"};
  for (int i = 0; i < kNumLockTypes; ++i) EXPECT_EQ(ToString(static_cast<LockType>(i)), types[i]);
  const char* ns[] = {"GLOBAL", "BACKUP LOCK", "TABLESPACE", "SCHEMA", "TABLE", "FUNCTION",
                      "PROCEDURE", "TRIGGER", "EVENT", "COMMIT", "USER LEVEL LOCK",
                      "LOCKING SERVICE", "SRID", "ACL CACHE", "COLUMN STATISTICS",
                      "RESOURCE_GROUPS", "FOREIGN KEY", "CHECK CONSTRAINT"};
  for (int i = 0; i < kNumNamespaces; ++i) EXPECT_EQ(ToString(static_cast<Namespace>(i)), ns[i]);
  EXPECT_EQ(WaitStateName(Namespace::kTable), "Waiting for table metadata lock");
  EXPECT_EQ(WaitStateName(Namespace::kGlobal), "Waiting for global read lock");
  EXPECT_EQ(WaitStateName(Namespace::kCommit), "Waiting for commit lock");
  EXPECT_EQ(WaitStateName(Namespace::kUserLevelLock), "User lock");
  EXPECT_EQ(WaitStateName(Namespace::kCheckConstraint),
            "Waiting for check constraint metadata lock");
  const Namespace scoped[] = {Namespace::kGlobal, Namespace::kTablespace, Namespace::kSchema,
                              Namespace::kCommit, Namespace::kBackupLock,
                              Namespace::kResourceGroups, Namespace::kForeignKey,
                              Namespace::kCheckConstraint};
  int n = 0;
  for (int i = 0; i < kNumNamespaces; ++i) n += IsScopedNamespace(static_cast<Namespace>(i));
  EXPECT_EQ(n, 8);
  for (Namespace s : scoped) EXPECT_TRUE(IsScopedNamespace(s));
  EXPECT_EQ(ToString(LockDuration::kExplicit), "EXPLICIT");
  EXPECT_EQ(DeadlockWeight(Namespace::kTable, LockType::kSharedWrite), 25u);
  EXPECT_EQ(DeadlockWeight(Namespace::kTable, LockType::kSharedUpgradable), 100u);
  EXPECT_EQ(DeadlockWeight(Namespace::kGlobal, LockType::kIntentionExclusive), 100u);
  EXPECT_EQ(DeadlockWeight(Namespace::kUserLevelLock, LockType::kExclusive), 50u);
}

TEST(LockKeyTest, OrderIsNamespaceThenSchemaThenName) {
  EXPECT_LT(LockKey::Global(), LockKey::Table("a", "b"));
  EXPECT_LT(LockKey::Table("a", "z"), LockKey::Table("ab", "a"));
  EXPECT_LT(LockKey::Table("a", "a"), LockKey::Table("a", "b"));
  EXPECT_EQ(LockKey::Table("a", "b").ToString(), "TABLE a.b");
  EXPECT_EQ(LockKey::Table("a", "b").schema_name(), "a");
  EXPECT_EQ(LockKey::Table("a", "b").object_name(), "b");
}

TEST(StatusTest, CarriesCodeMessageAndBlocker) {
  EXPECT_TRUE(Status().ok());
  BlockerInfo b{7, LockType::kSharedRead, Table("t"), true};
  Status s(Code::kLockWaitTimeout, "lock wait timeout", b);
  Status copy = s;
  EXPECT_EQ(copy.code(), Code::kLockWaitTimeout);
  ASSERT_NE(copy.blocker(), nullptr);
  EXPECT_EQ(copy.blocker()->owner_id, 7u);
  EXPECT_EQ(copy.ToString(),
            "LOCK_WAIT_TIMEOUT: lock wait timeout (blocked by owner 7 holding SHARED_READ on "
            "TABLE db.t)");
}

}  // namespace
}  // namespace mdl
