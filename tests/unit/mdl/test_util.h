// Helpers for mdl tests: an Owner that reports waits (so tests know a thread is blocked
// without sleeping), a Session bundling owner + context, and status matchers.
#ifndef TESTS_UNIT_MDL_TEST_UTIL_H_
#define TESTS_UNIT_MDL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "base/mutex.h"
#include "mdl/lock_manager.h"

namespace mdl {
namespace testing {

inline std::string Describe(const Status& s) { return s.ToString(); }
template <typename T>
std::string Describe(const Result<T>& r) {
  return r.status().ToString();
}

#define ASSERT_OK(expr)                                                    \
  do {                                                                     \
    const auto& mdl_ok_tmp_ = (expr);                                      \
    ASSERT_EQ(mdl_ok_tmp_.code(), ::mdl::Code::kOk)                        \
        << ::mdl::testing::Describe(mdl_ok_tmp_);                          \
  } while (0)
#define EXPECT_OK(expr)                                                    \
  do {                                                                     \
    const auto& mdl_ok_tmp_ = (expr);                                      \
    EXPECT_EQ(mdl_ok_tmp_.code(), ::mdl::Code::kOk)                        \
        << ::mdl::testing::Describe(mdl_ok_tmp_);                          \
  } while (0)

class TestOwner : public Owner {
 public:
  explicit TestOwner(uint64_t id) : id_(id) {}
  uint64_t owner_id() const override { return id_; }

  void OnWaitBegin(const WaitInfo& info) override {
    base::MutexLock l(&mu_);
    ++waits_begun_;
    last_state_ = std::string(info.state);
    cv_.SignalAll();
  }
  void OnWaitEnd(const WaitInfo&, Code result) override {
    base::MutexLock l(&mu_);
    ++waits_ended_;
    last_result_ = result;
    cv_.SignalAll();
  }

  // Blocks until at least `n` waits have begun (no sleeps: woken by OnWaitBegin).
  void WaitUntilBlocked(int n = 1) {
    base::MutexLock l(&mu_);
    while (waits_begun_ < n) cv_.Wait(&mu_);
  }
  int waits_begun() {
    base::MutexLock l(&mu_);
    return waits_begun_;
  }
  int waits_ended() {
    base::MutexLock l(&mu_);
    return waits_ended_;
  }
  std::string last_state() {
    base::MutexLock l(&mu_);
    return last_state_;
  }

 private:
  const uint64_t id_;
  base::Mutex mu_;
  base::CondVar cv_;
  int waits_begun_ MDL_GUARDED_BY(mu_) = 0;
  int waits_ended_ MDL_GUARDED_BY(mu_) = 0;
  std::string last_state_ MDL_GUARDED_BY(mu_);
  Code last_result_ MDL_GUARDED_BY(mu_) = Code::kOk;
};

inline LockKey Table(std::string_view name) { return LockKey::Table("db", name); }

// A connection: owner + context.
struct Session {
  Session(LockManager& lm, uint64_t id) : owner(id), ctx(lm.CreateContext(&owner)) {}
  TestOwner owner;
  std::unique_ptr<LockContext> ctx;

  Result<Ticket*> Try(const LockKey& key, LockType type,
                      LockDuration d = LockDuration::kTransaction) {
    return ctx->TryAcquire(LockRequest(key, type, d, MDL_SOURCE));
  }
  Result<Ticket*> Get(const LockKey& key, LockType type, Timeout timeout = kInfiniteTimeout,
                      LockDuration d = LockDuration::kTransaction) {
    return ctx->Acquire(LockRequest(key, type, d, MDL_SOURCE), timeout);
  }
  // Acquire on another thread; the caller synchronises with owner.WaitUntilBlocked().
  std::future<Code> GetAsync(const LockKey& key, LockType type,
                             Timeout timeout = kInfiniteTimeout,
                             LockDuration d = LockDuration::kTransaction) {
    return std::async(std::launch::async, [this, key, type, timeout, d] {
      return ctx->Acquire(LockRequest(key, type, d, MDL_SOURCE), timeout).code();
    });
  }
  std::future<Code> UpgradeAsync(Ticket* t, LockType type, Timeout timeout = kInfiniteTimeout) {
    return std::async(std::launch::async,
                      [this, t, type, timeout] { return ctx->Upgrade(t, type, timeout).code(); });
  }
};

}  // namespace testing
}  // namespace mdl

#endif  // TESTS_UNIT_MDL_TEST_UTIL_H_
