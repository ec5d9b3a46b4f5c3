// PreparedLockCache (src/server/prepared_lock_cache.h): hits and misses by request identity,
// the LRU bound (and that evicted handles unpin their lock objects), reset on Clear(), the
// event id of every grant in the manager's snapshot, and the plain semantics kept (reuse,
// waiting behind an obtrusive request, errors).
#include "server/prepared_lock_cache.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mdl/lock_manager.h"

namespace server {
namespace {

using mdl::LockDuration;
using mdl::LockKey;
using mdl::LockRequest;
using mdl::LockType;

class FixedOwner : public mdl::Owner {
 public:
  explicit FixedOwner(uint64_t id) : id_(id) {}
  uint64_t owner_id() const override { return id_; }
  // Called on the waiting thread; the test waits for the first wait to begin.
  void OnWaitBegin(const mdl::WaitInfo&) override {
    std::call_once(first_wait_, [this] { waiting_.set_value(); });
  }
  std::future<void> WaitBegun() { return waiting_.get_future(); }

 private:
  const uint64_t id_;
  std::once_flag first_wait_;
  std::promise<void> waiting_;
};

LockRequest TableSr(const std::string& table, uint64_t event_id) {
  return LockRequest(LockKey::Table("db", table), LockType::kSharedRead, LockDuration::kTransaction,
                     MDL_SOURCE, event_id);
}

// The snapshot rows of `owner` on `key`.
std::vector<mdl::TicketRow> Rows(const mdl::LockManager& m, uint64_t owner, const LockKey& key) {
  std::vector<mdl::TicketRow> out;
  for (const mdl::TicketRow& r : m.TakeSnapshot().tickets) {
    if (r.owner_id == owner && r.key == key) out.push_back(r);
  }
  return out;
}

class PreparedLockCacheTest : public ::testing::Test {
 protected:
  mdl::LockManager manager_;
  FixedOwner owner_{1};
  std::unique_ptr<mdl::LockContext> ctx_ = manager_.CreateContext(&owner_);
};

TEST_F(PreparedLockCacheTest, HitsAndMissesByIdentity) {
  PreparedLockCache cache(ctx_.get());
  static const char* const kOtherSource = "other.cc:1";
  const LockRequest sr = TableSr("t", 10);
  ASSERT_TRUE(cache.Acquire(sr, mdl::kNoWait).ok());
  ctx_->ReleaseTransactionLocks();
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 0u);
  const mdl::PreparedLock* handle = cache.Find(sr);
  ASSERT_NE(handle, nullptr);
  EXPECT_TRUE(handle->valid());

  // The same identity with another event id: the same handle.
  LockRequest again = sr;
  again.event_id = 11;
  ASSERT_TRUE(cache.Acquire(again, mdl::kNoWait).ok());
  ctx_->ReleaseTransactionLocks();
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.Find(again), handle);
  EXPECT_EQ(cache.size(), 1u);

  // Another type, duration, source, key or window: each its own handle.
  std::vector<LockRequest> others(5, sr);
  others[0].type = LockType::kSharedWrite;
  others[1].duration = LockDuration::kStatement;
  others[2].source = kOtherSource;
  others[3].key = LockKey::Table("db", "u");
  others[4].low_priority_window = std::chrono::seconds(1);
  for (const LockRequest& r : others) {
    EXPECT_EQ(cache.Find(r), nullptr);
    ASSERT_TRUE(cache.Acquire(r, mdl::kNoWait).ok());
    ctx_->ReleaseAllLocks();
  }
  EXPECT_EQ(cache.misses(), 6u);
  EXPECT_EQ(cache.size(), 6u);
  std::vector<const mdl::PreparedLock*> handles = {handle};
  for (const LockRequest& r : others) {
    const mdl::PreparedLock* h = cache.Find(r);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->request().type, r.type);
    EXPECT_EQ(h->request().duration, r.duration);
    EXPECT_EQ(h->request().key, r.key);
    for (const mdl::PreparedLock* seen : handles) EXPECT_NE(h, seen);
    handles.push_back(h);
  }
}

TEST_F(PreparedLockCacheTest, EachGrantCarriesItsEventId) {
  PreparedLockCache cache(ctx_.get());
  const LockKey key = LockKey::Table("db", "t");
  for (uint64_t event : {100u, 101u, 205u}) {
    auto t = cache.Acquire(TableSr("t", event), mdl::kNoWait);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    std::vector<mdl::TicketRow> rows = Rows(manager_, 1, key);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].event_id, event);
    EXPECT_EQ(rows[0].type, LockType::kSharedRead);
    EXPECT_EQ(rows[0].duration, LockDuration::kTransaction);
    EXPECT_EQ(rows[0].status, mdl::TicketStatus::kGranted);
    ctx_->ReleaseTransactionLocks();
    EXPECT_TRUE(Rows(manager_, 1, key).empty());
  }
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST_F(PreparedLockCacheTest, HeldTicketIsReusedAsByThePlainPath) {
  PreparedLockCache cache(ctx_.get());
  auto first = cache.Acquire(TableSr("t", 1), mdl::kNoWait);
  ASSERT_TRUE(first.ok());
  // A second statement of the same transaction: MySQL's find_ticket reuse, the first
  // statement's event id stays (as with ctx->Acquire(request)).
  auto second = cache.Acquire(TableSr("t", 2), mdl::kNoWait);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ((*first)->acquisitions(), 2u);
  std::vector<mdl::TicketRow> rows = Rows(manager_, 1, LockKey::Table("db", "t"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event_id, 1u);
  ctx_->ReleaseTransactionLocks();
}

TEST_F(PreparedLockCacheTest, LruBoundUnpinsEvictedObjects) {
  constexpr size_t kCapacity = 4;
  PreparedLockCache cache(ctx_.get(), kCapacity);
  const size_t baseline = manager_.TEST_LockObjectCount();
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(cache.Acquire(TableSr("t" + std::to_string(i), i), mdl::kNoWait).ok());
    ctx_->ReleaseTransactionLocks();
    EXPECT_LE(cache.size(), kCapacity);
  }
  EXPECT_EQ(cache.size(), kCapacity);
  // The four most recent stay; the others were evicted.
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(cache.Find(TableSr("t" + std::to_string(i), 0)) != nullptr, i >= 36) << i;
  }
  // Lock objects: the cache's handles plus the context's own idle cache, not 40.
  ctx_->ShrinkCache();
  EXPECT_LE(manager_.TEST_LockObjectCount(), baseline + kCapacity);

  // A hit moves a handle to the front: t36 survives the next miss, t37 is evicted.
  ASSERT_TRUE(cache.Acquire(TableSr("t36", 0), mdl::kNoWait).ok());
  ASSERT_TRUE(cache.Acquire(TableSr("x", 0), mdl::kNoWait).ok());
  ctx_->ReleaseTransactionLocks();
  EXPECT_NE(cache.Find(TableSr("t36", 0)), nullptr);
  EXPECT_EQ(cache.Find(TableSr("t37", 0)), nullptr);
  EXPECT_NE(cache.Find(TableSr("x", 0)), nullptr);
}

TEST_F(PreparedLockCacheTest, EvictionKeepsHeldLocks) {
  PreparedLockCache cache(ctx_.get(), 1);
  ASSERT_TRUE(cache.Acquire(TableSr("a", 1), mdl::kNoWait).ok());
  ASSERT_TRUE(cache.Acquire(TableSr("b", 2), mdl::kNoWait).ok());  // evicts a's handle
  EXPECT_EQ(cache.Find(TableSr("a", 0)), nullptr);
  EXPECT_EQ(Rows(manager_, 1, LockKey::Table("db", "a")).size(), 1u);
  EXPECT_EQ(Rows(manager_, 1, LockKey::Table("db", "b")).size(), 1u);
  EXPECT_EQ(ctx_->ticket_count(), 2u);
  // Prepared again while the evicted handle's grant is held: reused as by the plain path.
  auto again = cache.Acquire(TableSr("a", 3), mdl::kNoWait);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->acquisitions(), 2u);
  EXPECT_EQ(ctx_->ticket_count(), 2u);
  ctx_->ReleaseTransactionLocks();
  EXPECT_EQ(ctx_->ticket_count(), 0u);
  EXPECT_TRUE(manager_.TakeSnapshot().tickets.empty());
}

TEST_F(PreparedLockCacheTest, SavepointRollbackReleasesCachedGrants) {
  PreparedLockCache cache(ctx_.get());
  ASSERT_TRUE(cache.Acquire(TableSr("a", 1), mdl::kNoWait).ok());
  ASSERT_TRUE(cache.Acquire(TableSr("b", 1), mdl::kNoWait).ok());
  ctx_->ReleaseTransactionLocks();
  // Both handles cached now. A statement of a transaction that already holds a:
  ASSERT_TRUE(cache.Acquire(TableSr("a", 2), mdl::kNoWait).ok());
  const mdl::Savepoint sp = ctx_->GetSavepoint();
  ASSERT_TRUE(cache.Acquire(TableSr("b", 3), mdl::kNoWait).ok());
  ASSERT_TRUE(cache.Acquire(TableSr("a", 3), mdl::kNoWait).ok());  // reuse, kept
  ctx_->RollbackToSavepoint(sp);
  EXPECT_TRUE(Rows(manager_, 1, LockKey::Table("db", "b")).empty());
  std::vector<mdl::TicketRow> a = Rows(manager_, 1, LockKey::Table("db", "a"));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].event_id, 2u);
  // The rolled-back handle grants again.
  ASSERT_TRUE(cache.Acquire(TableSr("b", 4), mdl::kNoWait).ok());
  std::vector<mdl::TicketRow> b = Rows(manager_, 1, LockKey::Table("db", "b"));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].event_id, 4u);
  EXPECT_EQ(cache.hits(), 4u);
  ctx_->ReleaseTransactionLocks();
  EXPECT_EQ(ctx_->ticket_count(), 0u);
}

TEST_F(PreparedLockCacheTest, ClearResetsHandlesAndKeepsLocks) {
  PreparedLockCache cache(ctx_.get());
  ASSERT_TRUE(cache.Acquire(TableSr("t", 1), mdl::kNoWait).ok());
  ASSERT_TRUE(cache.Acquire(TableSr("u", 1), mdl::kNoWait).ok());
  EXPECT_EQ(cache.size(), 2u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find(TableSr("t", 1)), nullptr);
  EXPECT_EQ(ctx_->ticket_count(), 2u);  // held locks stay
  ctx_->ReleaseTransactionLocks();
  ctx_->ShrinkCache();
  EXPECT_EQ(manager_.TEST_LockObjectCount(), 0u);  // nothing pinned any more
  // Usable again after Clear().
  ASSERT_TRUE(cache.Acquire(TableSr("t", 2), mdl::kNoWait).ok());
  EXPECT_EQ(cache.misses(), 3u);
  ctx_->ReleaseTransactionLocks();
}

TEST_F(PreparedLockCacheTest, ContextDestroyedFirstDetachesHandles) {
  auto cache = std::make_unique<PreparedLockCache>(ctx_.get());
  ASSERT_TRUE(cache->Acquire(TableSr("t", 1), mdl::kNoWait).ok());
  const mdl::PreparedLock* h = cache->Find(TableSr("t", 1));
  ASSERT_NE(h, nullptr);
  ctx_.reset();  // releases the lock and detaches the handle
  EXPECT_FALSE(h->valid());
  cache.reset();  // destroying detached handles is fine
  EXPECT_EQ(manager_.TEST_LockObjectCount(), 0u);
}

TEST_F(PreparedLockCacheTest, InvalidRequestFailsAsThePlainPath) {
  PreparedLockCache cache(ctx_.get());
  LockRequest bad = TableSr(std::string(LockKey::kMaxNameLength + 1, 'x'), 1);
  auto plain = ctx_->Acquire(bad, mdl::kNoWait);
  auto cached = cache.Acquire(bad, mdl::kNoWait);
  ASSERT_FALSE(cached.ok());
  EXPECT_EQ(cached.code(), plain.code());
  EXPECT_EQ(cached.status().ToString(), plain.status().ToString());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(ctx_->ticket_count(), 0u);
}

TEST_F(PreparedLockCacheTest, WaitsBehindObtrusiveRequestAndTimesOut) {
  PreparedLockCache cache(ctx_.get());
  ASSERT_TRUE(cache.Acquire(TableSr("t", 1), mdl::kNoWait).ok());  // prepared and held
  ctx_->ReleaseTransactionLocks();

  FixedOwner other_owner(2);
  auto other = manager_.CreateContext(&other_owner);
  ASSERT_TRUE(other
                  ->Acquire(LockRequest(LockKey::Table("db", "t"), LockType::kExclusive,
                                        LockDuration::kTransaction, MDL_SOURCE, 7),
                            mdl::kNoWait)
                  .ok());
  // Through the cached handle: no grant past X, kLockWaitTimeout as the plain path, and the
  // statement's event id on the pending row while it waits.
  std::future<void> begun = owner_.WaitBegun();
  auto waiter = std::async(std::launch::async, [&] {
    return cache.Acquire(TableSr("t", 42), std::chrono::seconds(60));
  });
  begun.wait();
  bool pending_seen = false;
  for (const mdl::TicketRow& r : Rows(manager_, 1, LockKey::Table("db", "t"))) {
    if (r.status == mdl::TicketStatus::kPending) {
      pending_seen = true;
      EXPECT_EQ(r.event_id, 42u);
    }
  }
  EXPECT_TRUE(pending_seen);
  other->ReleaseTransactionLocks();
  auto granted = waiter.get();
  ASSERT_TRUE(granted.ok()) << granted.status().ToString();
  std::vector<mdl::TicketRow> rows = Rows(manager_, 1, LockKey::Table("db", "t"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event_id, 42u);
  ctx_->ReleaseTransactionLocks();

  ASSERT_TRUE(other
                  ->Acquire(LockRequest(LockKey::Table("db", "t"), LockType::kExclusive,
                                        LockDuration::kTransaction, MDL_SOURCE, 8),
                            mdl::kNoWait)
                  .ok());
  auto timed_out = cache.Acquire(TableSr("t", 43), mdl::kNoWait);
  EXPECT_EQ(timed_out.code(), mdl::Code::kLockWaitTimeout);
  EXPECT_EQ(ctx_->ticket_count(), 0u);
  other->ReleaseTransactionLocks();
}

}  // namespace
}  // namespace server
