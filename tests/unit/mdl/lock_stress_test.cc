// Randomized multi-threaded stress test with an independent invariant checker.
//
//   MDL_STRESS_SECONDS (default 2)   how long the workers run; raise for a soak
//   MDL_STRESS_SEED    (default 42)  base seed; each worker derives its own
//
// The checker holds a subset of the real grants at every instant (a worker registers a lock
// after the manager granted it and unregisters it before releasing it in the manager), so
// any incompatible pair it sees was really granted at the same time.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "mdl/compat_matrix.h"
#include "mdl/lock_manager.h"
#include "test_util.h"

namespace mdl {
namespace {

using testing::TestOwner;

uint64_t EnvOr(const char* name, uint64_t dflt) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::strtoull(v, nullptr, 10) : dflt;
}

class GrantChecker {
 public:
  void Add(const void* ticket, uint64_t owner, const LockKey& key, LockType type) {
    base::MutexLock l(&mu_);
    Check(owner, key, type);
    grants_[ticket] = Grant{owner, key, type};
  }
  void Retype(const void* ticket, LockType type) {
    base::MutexLock l(&mu_);
    Grant& g = grants_.at(ticket);
    Check(g.owner, g.key, type);
    g.type = type;
  }
  void Remove(const void* ticket) {
    base::MutexLock l(&mu_);
    grants_.erase(ticket);
  }
  std::function<void(uint64_t, uint64_t)> on_failure;
  std::string failure() {
    base::MutexLock l(&mu_);
    return failure_;
  }

 private:
  struct Grant {
    uint64_t owner;
    LockKey key;
    LockType type;
  };
  void Check(uint64_t owner, const LockKey& key, LockType type) MDL_REQUIRES(mu_) {
    const auto& st = internal::StrategyFor(key.name_space());
    for (const auto& [t, g] : grants_) {
      if (g.owner != owner && g.key == key &&
          (st.granted_incompat[internal::Index(type)] & internal::Bit(g.type)) != 0 &&
          failure_.empty()) {
        failure_ = "incompatible grants on " + key.ToString() + ": " +
                   std::string(ShortName(g.type)) + " (owner " + std::to_string(g.owner) +
                   ") and " + std::string(ShortName(type)) + " (owner " +
                   std::to_string(owner) + ")";
        if (on_failure) on_failure(g.owner, owner);
      }
    }
  }
  base::Mutex mu_;
  std::map<const void*, Grant> grants_ MDL_GUARDED_BY(mu_);
  std::string failure_ MDL_GUARDED_BY(mu_);
};

struct Held {
  LockKey key;
  LockType type;
  LockDuration duration;
  uint64_t created;  // worker-local creation counter (mirrors savepoint semantics)
  uint32_t count;
};

class Worker {
 public:
  Worker(LockManager& lm, GrantChecker& checker, uint64_t id, uint64_t seed,
         std::vector<std::unique_ptr<LockContext>>* all)
      : checker_(checker), owner_(id), ctx_(lm.CreateContext(&owner_)), rng_(seed), all_(all) {}

  LockContext* ctx() { return ctx_.get(); }

  void Run(std::chrono::steady_clock::time_point until) {
    while (std::chrono::steady_clock::now() < until) {
      ctx_->ClearKill();  // a new "statement"
      const int steps = 1 + static_cast<int>(rng_() % 6);
      for (int i = 0; i < steps; ++i) Step();
      if (rng_() % 3 == 0) ReleaseDurations({LockDuration::kStatement});
      if (rng_() % 4 == 0) ReleaseDurations({LockDuration::kStatement, LockDuration::kTransaction});
      if (rng_() % 16 == 0) {
        ReleaseDurations(
            {LockDuration::kStatement, LockDuration::kTransaction, LockDuration::kExplicit});
      }
      ++statements_;
    }
    ReleaseDurations({LockDuration::kStatement, LockDuration::kTransaction, LockDuration::kExplicit});
  }

  uint64_t statements() const { return statements_; }
  void Log(std::string line) {
    base::MutexLock l(&log_mu_);
    log_[log_pos_++ % kLog] = std::move(line);
  }
  std::string History() {
    base::MutexLock l(&log_mu_);
    std::string s;
    for (size_t i = 0; i < kLog; ++i) {
      const std::string& e = log_[(log_pos_ + i) % kLog];
      if (!e.empty()) s += "  " + e + "\n";
    }
    return s;
  }
  uint64_t outcomes(Code c) const { return outcomes_[static_cast<int>(c)]; }

 private:
  LockKey RandomKey() {
    switch (rng_() % 10) {
      case 0:
        return LockKey::Global();
      case 1:
        return LockKey::Schema("db");
      case 2:
        return LockKey::UserLevelLock(rng_() % 2 ? "u1" : "u2");
      default:
        return LockKey::Table("db", "t" + std::to_string(rng_() % 4));
    }
  }
  LockType RandomType(const LockKey& key) {
    if (IsScopedNamespace(key.name_space())) {
      static const LockType scoped[] = {LockType::kIntentionExclusive, LockType::kIntentionExclusive,
                                        LockType::kIntentionExclusive, LockType::kShared,
                                        LockType::kExclusive};
      return scoped[rng_() % 5];
    }
    if (key.name_space() == Namespace::kUserLevelLock) return LockType::kExclusive;
    // Weighted towards DML, like a real server.
    static const LockType object[] = {
        LockType::kSharedRead,  LockType::kSharedRead,        LockType::kSharedRead,
        LockType::kSharedWrite, LockType::kSharedWrite,       LockType::kShared,
        LockType::kSharedHighPrio, LockType::kSharedWriteLowPrio, LockType::kSharedUpgradable,
        LockType::kSharedReadOnly, LockType::kSharedNoWrite,  LockType::kSharedNoReadWrite,
        LockType::kExclusive};
    return object[rng_() % (sizeof(object) / sizeof(object[0]))];
  }
  Timeout RandomTimeout() {
    switch (rng_() % 8) {
      case 0:
        return kNoWait;
      case 1:
        return kInfiniteTimeout;  // only deadlock detection or a grant ends it
      default:
        return std::chrono::milliseconds(1 + rng_() % 10);
    }
  }

  void Record(Code c) { ++outcomes_[static_cast<int>(c)]; }

  void OnGranted(Ticket* t, const LockKey& key, LockType type, LockDuration d) {
    auto it = held_.find(t);
    if (it != held_.end()) {
      ++it->second.count;
      return;
    }
    checker_.Add(t, owner_.owner_id(), t->key(), t->type());
    (void)key;
    (void)type;
    held_.emplace(t, Held{t->key(), t->type(), d, ++created_, 1});
  }

  void Step() {
    const int op = static_cast<int>(rng_() % 100);
    if (op < 55 || held_.empty()) {
      const LockKey key = RandomKey();
      const LockType type = RandomType(key);
      const LockDuration d = static_cast<LockDuration>(rng_() % 3);
      Result<Ticket*> r = op % 5 == 0
                              ? ctx_->TryAcquire(LockRequest(key, type, d, MDL_SOURCE))
                              : ctx_->Acquire(LockRequest(key, type, d, MDL_SOURCE), RandomTimeout());
      Record(r.code());
      Log("acquire " + key.ToString() + " " + std::string(ShortName(type)) + " d" +
          std::to_string(static_cast<int>(d)) + " -> " + std::string(ToString(r.code())) +
          (r.ok() ? " t=" + std::to_string(reinterpret_cast<uintptr_t>(*r) & 0xffff) + " " +
                        std::string(ShortName((*r)->type()))
                  : ""));
      if (r.ok()) OnGranted(*r, key, type, d);
      return;
    }
    auto it = held_.begin();
    std::advance(it, rng_() % held_.size());
    Ticket* t = static_cast<Ticket*>(const_cast<void*>(it->first));
    static const uint64_t skip = EnvOr("MDL_STRESS_SKIP", 0);
    const int cls = op < 70 ? 0 : op < 78 ? 1 : op < 83 ? 2 : op < 90 ? 3 : op < 95 ? 4 : 5;
    if ((skip >> cls) & 1) return;
    Log("op" + std::to_string(op) + " on t=" +
        std::to_string(reinterpret_cast<uintptr_t>(t) & 0xffff) + " " + it->second.key.ToString() +
        " " + std::string(ShortName(it->second.type)));
    if (op < 70) {  // release one acquisition
      if (--it->second.count == 0) {
        checker_.Remove(t);
        held_.erase(it);
      }
      ctx_->Release(t);
    } else if (op < 78) {  // upgrade
      const LockType target = RandomType(it->second.key);
      const Status s = ctx_->Upgrade(t, target, RandomTimeout());
      Record(s.code());
      Log(" upgrade to " + std::string(ShortName(target)) + " -> " + std::string(ToString(s.code())));
      if (s.ok() && t->type() != it->second.type) {
        checker_.Retype(t, t->type());
        it->second.type = t->type();
      }
      if (!s.ok() && t->type() != it->second.type) fail_ = "failed upgrade changed the type";
    } else if (op < 83) {  // downgrade X/SNW
      const LockType cur = t->type();
      if ((cur == LockType::kExclusive || cur == LockType::kSharedNoWrite) &&
          !IsScopedNamespace(it->second.key.name_space())) {
        const LockType target = cur == LockType::kExclusive ? LockType::kSharedNoWrite
                                                             : LockType::kSharedRead;
        checker_.Retype(t, target);  // weaker: update the checker first
        it->second.type = target;
        Status s = ctx_->Downgrade(t, target);
        if (!s.ok()) fail_ = "downgrade failed: " + s.ToString();
      }
    } else if (op < 90) {  // savepoint round trip
      const Savepoint sp = ctx_->GetSavepoint();
      const uint64_t mark = created_;
      for (int i = 0; i < 2; ++i) {
        const LockKey key = RandomKey();
        const LockType type = RandomType(key);
        const LockDuration d = static_cast<LockDuration>(rng_() % 3);
        Result<Ticket*> r = ctx_->Acquire(LockRequest(key, type, d, MDL_SOURCE), RandomTimeout());
        Record(r.code());
        if (r.ok()) OnGranted(*r, key, type, d);
      }
      for (auto h = held_.begin(); h != held_.end();) {
        if (h->second.created > mark && h->second.duration != LockDuration::kExplicit) {
          checker_.Remove(h->first);
          h = held_.erase(h);
        } else {
          ++h;
        }
      }
      ctx_->RollbackToSavepoint(sp);
    } else if (op < 95) {  // duration change
      const LockDuration d = static_cast<LockDuration>(rng_() % 3);
      ctx_->SetDuration(t, d);
      it->second.duration = d;
    } else {  // KILL QUERY of another connection
      (*all_)[rng_() % all_->size()]->Kill();
    }
  }

  void ReleaseDurations(std::initializer_list<LockDuration> ds) {
    unsigned mask = 0;
    for (LockDuration d : ds) mask |= 1u << static_cast<int>(d);
    for (auto h = held_.begin(); h != held_.end();) {
      if ((mask >> static_cast<int>(h->second.duration)) & 1u) {
        checker_.Remove(h->first);
        h = held_.erase(h);
      } else {
        ++h;
      }
    }
    if (mask == 0x7) {
      ctx_->ReleaseAllLocks();
    } else if (mask == 0x3) {
      ctx_->ReleaseTransactionLocks();
    } else {
      ctx_->ReleaseStatementLocks();
    }
    if (ctx_->HasLocks() != !held_.empty()) fail_ = "worker model and context disagree";
  }

 public:
  std::string fail_;

 private:
  GrantChecker& checker_;
  TestOwner owner_;
  std::unique_ptr<LockContext> ctx_;
  std::mt19937_64 rng_;
  std::vector<std::unique_ptr<LockContext>>* all_;
  std::map<const void*, Held> held_;
  uint64_t created_ = 0;
  uint64_t statements_ = 0;
  uint64_t outcomes_[8] = {};
  static constexpr size_t kLog = 24;
  base::Mutex log_mu_;
  std::string log_[kLog] MDL_GUARDED_BY(log_mu_);
  size_t log_pos_ MDL_GUARDED_BY(log_mu_) = 0;
};

TEST(LockStressTest, RandomWorkloadKeepsInvariants) {
  const uint64_t seconds = EnvOr("MDL_STRESS_SECONDS", 2);
  const uint64_t seed = EnvOr("MDL_STRESS_SEED", 42);
  constexpr int kWorkers = 8;
  SCOPED_TRACE("MDL_STRESS_SEED=" + std::to_string(seed));

  LockManager lm;
  GrantChecker checker;
  std::vector<std::unique_ptr<Worker>> workers;
  // Kill targets: extra idle contexts plus... workers' contexts are killed via this list.
  std::vector<std::unique_ptr<LockContext>> kill_targets;
  TestOwner idle_owner(999);
  kill_targets.push_back(lm.CreateContext(&idle_owner));
  for (int i = 0; i < kWorkers; ++i) {
    workers.push_back(std::make_unique<Worker>(lm, checker, i + 1, seed * 1000 + i, &kill_targets));
  }
  checker.on_failure = [&](uint64_t a, uint64_t b) {
    std::printf("owner %llu:\n%sowner %llu:\n%s", (unsigned long long)a,
                workers[a - 1]->History().c_str(), (unsigned long long)b,
                workers[b - 1]->History().c_str());
    std::printf("%s", lm.TakeSnapshot().ToString().c_str());
  };
  // Workers kill each other through a shared list of non-owning views.
  std::vector<LockContext*> contexts;
  for (auto& w : workers) contexts.push_back(w->ctx());

  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::atomic<bool> done{false};
  std::thread snapshotter([&] {
    while (!done.load()) {
      const LockSnapshot snap = lm.TakeSnapshot();
      for (uint64_t w : snap.Waiters()) (void)snap.ChainsToRootBlockers(w);
      const std::string inv = lm.TEST_CheckInvariants();
      EXPECT_EQ(inv, "");
      std::this_thread::yield();
    }
  });
  std::thread killer([&] {
    std::mt19937_64 rng(seed);
    while (!done.load()) {
      contexts[rng() % contexts.size()]->Kill();
      for (int i = 0; i < 2000 && !done.load(); ++i) std::this_thread::yield();
    }
  });
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w, until] { w->Run(until); });
  for (auto& t : threads) t.join();  // every wait ends: a hang here fails by ctest timeout
  done.store(true);
  snapshotter.join();
  killer.join();

  EXPECT_EQ(checker.failure(), "");
  if (!checker.failure().empty()) {
    for (auto& w : workers) std::printf("worker:\n%s", w->History().c_str());
  }
  uint64_t statements = 0, ok = 0, deadlocks = 0, timeouts = 0, killed = 0;
  for (auto& w : workers) {
    EXPECT_EQ(w->fail_, "");
    statements += w->statements();
    ok += w->outcomes(Code::kOk);
    deadlocks += w->outcomes(Code::kDeadlock);
    timeouts += w->outcomes(Code::kLockWaitTimeout);
    killed += w->outcomes(Code::kKilled);
  }
  std::printf("statements=%llu ok=%llu deadlock=%llu timeout=%llu killed=%llu\n",
              static_cast<unsigned long long>(statements), static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(deadlocks),
              static_cast<unsigned long long>(timeouts), static_cast<unsigned long long>(killed));
  EXPECT_GT(ok, 0u);
  const ManagerStats mid = lm.GetStats();
  EXPECT_EQ(mid.tickets, 0u);
  EXPECT_EQ(mid.waiting, 0u);
  EXPECT_EQ(lm.TEST_CheckInvariants(), "");
  workers.clear();
  kill_targets.clear();
  const ManagerStats end = lm.GetStats();
  EXPECT_EQ(end.lock_objects, 0u);
  EXPECT_EQ(end.contexts, 0u);
}

}  // namespace
}  // namespace mdl
