// Acquire+release throughput of mdl::LockManager against three baselines, in one binary so
// that results are ratios taken in one run (bench/mdl/ratios.py prints them):
//
//   BM_AtomicFetchAddSubPair     the floor: one fetch_add + fetch_sub on a shared counter
//   BM_NaiveSharedMutexMap       mutex-protected hash map of std::shared_mutex per key
//   BM_GlobalMutexManager        one global mutex around a key -> counts map (MySQL 5.5)
//   BM_Mdl*                      this library (SHARED_READ, TRANSACTION duration)
//   BM_MdlSharedReadPrepared*    the same through a PreparedLock handle (prepared once per
//                                thread, as a host's per-connection table cache would), also
//                                with an EXCLUSIVE every 1000 (the heavy fence's cost)
//
// "Hot" = every thread locks the same table; "Distinct" = one table per thread.
#include <benchmark/benchmark.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "mdl/lock_manager.h"

namespace {

class BenchOwner : public mdl::Owner {
 public:
  explicit BenchOwner(uint64_t id) : id_(id) {}
  uint64_t owner_id() const override { return id_; }

 private:
  uint64_t id_;
};

std::string TableFor(const benchmark::State& state, bool hot) {
  return hot ? "hot" : "t" + std::to_string(state.thread_index());
}

// ---- baseline: atomic pair ----
void BM_AtomicFetchAddSubPair(benchmark::State& state) {
  static std::atomic<uint64_t> counter{0};
  for (auto _ : state) {
    counter.fetch_add(1, std::memory_order_acq_rel);
    counter.fetch_sub(1, std::memory_order_acq_rel);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AtomicFetchAddSubPair)->Threads(1)->Threads(2)->UseRealTime();

// ---- baseline: naive map of shared_mutex ----
class NaiveManager {
 public:
  std::shared_mutex* Find(const std::string& key) {
    std::lock_guard<std::mutex> l(mu_);
    auto& p = map_[key];
    if (!p) p = std::make_unique<std::shared_mutex>();
    return p.get();
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<std::shared_mutex>> map_;
};

void NaiveBody(benchmark::State& state, bool hot) {
  static NaiveManager naive;
  const std::string key = "db\0" + TableFor(state, hot);
  for (auto _ : state) {
    std::shared_mutex* m = naive.Find(key);
    m->lock_shared();
    m->unlock_shared();
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_NaiveSharedMutexMapHot(benchmark::State& state) { NaiveBody(state, true); }
void BM_NaiveSharedMutexMapDistinct(benchmark::State& state) { NaiveBody(state, false); }
BENCHMARK(BM_NaiveSharedMutexMapHot)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_NaiveSharedMutexMapDistinct)->Threads(1)->Threads(2)->UseRealTime();

// ---- baseline: single global mutex manager (MySQL 5.5 style) ----
class GlobalMutexManager {
 public:
  void AcquireShared(const std::string& key) {
    std::unique_lock<std::mutex> l(mu_);
    Entry& e = map_[key];
    while (e.exclusive) cv_.wait(l);
    ++e.shared;
  }
  void ReleaseShared(const std::string& key) {
    std::lock_guard<std::mutex> l(mu_);
    Entry& e = map_[key];
    if (--e.shared == 0 && e.waiting_exclusive) cv_.notify_all();
  }

 private:
  struct Entry {
    uint32_t shared = 0;
    bool exclusive = false;
    uint32_t waiting_exclusive = 0;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Entry> map_;
};

void GlobalBody(benchmark::State& state, bool hot) {
  static GlobalMutexManager global;
  const std::string key = TableFor(state, hot);
  for (auto _ : state) {
    global.AcquireShared(key);
    global.ReleaseShared(key);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_GlobalMutexManagerHot(benchmark::State& state) { GlobalBody(state, true); }
void BM_GlobalMutexManagerDistinct(benchmark::State& state) { GlobalBody(state, false); }
BENCHMARK(BM_GlobalMutexManagerHot)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_GlobalMutexManagerDistinct)->Threads(1)->Threads(2)->UseRealTime();

// ---- mdl ----
mdl::LockManager& Manager() {
  static mdl::LockManager* lm = new mdl::LockManager();
  return *lm;
}

// Every `exclusive_every` iterations (0: never) the thread takes EXCLUSIVE instead.
void MdlBody(benchmark::State& state, bool hot, int exclusive_every) {
  BenchOwner owner(100 + state.thread_index());
  auto ctx = Manager().CreateContext(&owner);
  const mdl::LockRequest sr(mdl::LockKey::Table("db", TableFor(state, hot)),
                            mdl::LockType::kSharedRead, mdl::LockDuration::kTransaction);
  const mdl::LockRequest x(sr.key, mdl::LockType::kExclusive, mdl::LockDuration::kTransaction);
  int n = 0;
  for (auto _ : state) {
    const bool exclusive = exclusive_every != 0 && ++n == exclusive_every;
    if (exclusive) n = 0;
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(exclusive ? x : sr, mdl::kInfiniteTimeout);
    if (!t.ok()) {
      state.SkipWithError(t.status().ToString().c_str());
      break;
    }
    ctx->Release(*t);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_MdlSharedReadHot(benchmark::State& state) { MdlBody(state, true, 0); }
void BM_MdlSharedReadDistinct(benchmark::State& state) { MdlBody(state, false, 0); }
void BM_MdlSharedReadHotWithExclusiveEvery1000(benchmark::State& state) {
  MdlBody(state, true, 1000);
}
BENCHMARK(BM_MdlSharedReadHot)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_MdlSharedReadDistinct)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_MdlSharedReadHotWithExclusiveEvery1000)->Threads(1)->Threads(2)->UseRealTime();

// Through a PreparedLock (include/mdl/prepared_lock.h): the request is resolved once per
// thread, outside the timed loop, and each iteration is Acquire(prepared) + Release(ticket).
// Every `exclusive_every` iterations (0: never) the thread takes EXCLUSIVE with the plain API
// instead: each such request sets the obtrusive flag on an object with handles and so pays
// the heavy side of the slots' asymmetric fence (a membarrier system call: docs/mdl.md).
void MdlPreparedBody(benchmark::State& state, bool hot, int exclusive_every) {
  BenchOwner owner(300 + state.thread_index());
  auto ctx = Manager().CreateContext(&owner);
  const mdl::LockKey key = mdl::LockKey::Table("db", TableFor(state, hot));
  mdl::Result<mdl::PreparedLock> prepared =
      ctx->Prepare({key, mdl::LockType::kSharedRead, mdl::LockDuration::kTransaction});
  if (!prepared.ok()) {
    state.SkipWithError(prepared.status().ToString().c_str());
    return;
  }
  const mdl::LockRequest x(key, mdl::LockType::kExclusive, mdl::LockDuration::kTransaction);
  int n = 0;
  for (auto _ : state) {
    const bool exclusive = exclusive_every != 0 && ++n == exclusive_every;
    if (exclusive) n = 0;
    mdl::Result<mdl::Ticket*> t = exclusive ? ctx->Acquire(x, mdl::kInfiniteTimeout)
                                            : ctx->Acquire(*prepared, mdl::kInfiniteTimeout);
    if (!t.ok()) {
      state.SkipWithError(t.status().ToString().c_str());
      break;
    }
    ctx->Release(*t);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_MdlSharedReadPreparedHot(benchmark::State& state) { MdlPreparedBody(state, true, 0); }
void BM_MdlSharedReadPreparedDistinct(benchmark::State& state) { MdlPreparedBody(state, false, 0); }
void BM_MdlSharedReadPreparedHotWithExclusiveEvery1000(benchmark::State& state) {
  MdlPreparedBody(state, true, 1000);
}
BENCHMARK(BM_MdlSharedReadPreparedHot)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_MdlSharedReadPreparedDistinct)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_MdlSharedReadPreparedHotWithExclusiveEvery1000)->Threads(1)->Threads(2)->UseRealTime();

// Statement-style: SR then ReleaseTransactionLocks() (bulk release path).
void BM_MdlSharedReadHotBulkRelease(benchmark::State& state) {
  BenchOwner owner(200 + state.thread_index());
  auto ctx = Manager().CreateContext(&owner);
  const mdl::LockRequest sr(mdl::LockKey::Table("db", "hot"), mdl::LockType::kSharedRead,
                            mdl::LockDuration::kTransaction);
  for (auto _ : state) {
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(sr, mdl::kInfiniteTimeout);
    benchmark::DoNotOptimize(t.ok());
    ctx->ReleaseTransactionLocks();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MdlSharedReadHotBulkRelease)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
