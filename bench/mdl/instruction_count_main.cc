// Deterministic cost of one acquire+release: runs a fixed number of iterations of one
// operation inside a function named Loop_<mode>, so that
//
//   valgrind --tool=callgrind --toggle-collect='*Loop_*' mdl_instruction_count <mode> <n>
//
// counts exactly the instructions of the loop (bench/mdl/count_instructions.sh does this for
// every mode and prints instructions per operation and the ratios). Wall-clock benchmarks on a
// shared 2-core VM are noise; instruction counts are not.
//
// Modes:
//   atomic        fetch_add + fetch_sub on one counter (the floor of issue #2's target)
//   naive         mutex-protected hash map of std::shared_mutex, lock_shared + unlock_shared
//   sr            LockContext::Acquire(SHARED_READ, TRANSACTION) + Release(ticket)
//   sr_statement  Acquire(SHARED_READ) + ReleaseTransactionLocks() (the statement pattern)
//   sr_repeat     like sr, but with a fresh LockRequest built every iteration (hashes the key)
//   sr_prepared   LockContext::Acquire(PreparedLock&) (SHARED_READ, TRANSACTION) + Release(ticket)
//   sr_prepared_statement  Acquire(PreparedLock&) + ReleaseTransactionLocks()
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "mdl/lock_manager.h"

namespace {

class CountOwner : public mdl::Owner {
 public:
  uint64_t owner_id() const override { return 1; }
};

std::atomic<uint64_t> g_counter{0};

[[gnu::noinline]] void Loop_atomic(long n) {
  for (long i = 0; i < n; ++i) {
    g_counter.fetch_add(1, std::memory_order_acq_rel);
    g_counter.fetch_sub(1, std::memory_order_acq_rel);
  }
}

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

[[gnu::noinline]] void Loop_naive(NaiveManager* naive, const std::string& key, long n) {
  for (long i = 0; i < n; ++i) {
    std::shared_mutex* m = naive->Find(key);
    m->lock_shared();
    m->unlock_shared();
  }
}

[[gnu::noinline]] bool Loop_sr(mdl::LockContext* ctx, const mdl::LockRequest& sr, long n) {
  for (long i = 0; i < n; ++i) {
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(sr, mdl::kInfiniteTimeout);
    if (!t.ok()) return false;
    ctx->Release(*t);
  }
  return true;
}

[[gnu::noinline]] bool Loop_sr_statement(mdl::LockContext* ctx, const mdl::LockRequest& sr,
                                         long n) {
  for (long i = 0; i < n; ++i) {
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(sr, mdl::kInfiniteTimeout);
    if (!t.ok()) return false;
    ctx->ReleaseTransactionLocks();
  }
  return true;
}

[[gnu::noinline]] bool Loop_sr_repeat(mdl::LockContext* ctx, long n) {
  for (long i = 0; i < n; ++i) {
    const mdl::LockRequest sr(mdl::LockKey::Table("db", "t1"), mdl::LockType::kSharedRead,
                              mdl::LockDuration::kTransaction);
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(sr, mdl::kInfiniteTimeout);
    if (!t.ok()) return false;
    ctx->Release(*t);
  }
  return true;
}

[[gnu::noinline]] bool Loop_sr_prepared(mdl::LockContext* ctx, mdl::PreparedLock& p, long n) {
  for (long i = 0; i < n; ++i) {
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(p, mdl::kInfiniteTimeout);
    if (!t.ok()) return false;
    ctx->Release(*t);
  }
  return true;
}

[[gnu::noinline]] bool Loop_sr_prepared_statement(mdl::LockContext* ctx, mdl::PreparedLock& p,
                                                  long n) {
  for (long i = 0; i < n; ++i) {
    mdl::Result<mdl::Ticket*> t = ctx->Acquire(p, mdl::kInfiniteTimeout);
    if (!t.ok()) return false;
    ctx->ReleaseTransactionLocks();
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: %s atomic|naive|sr|sr_statement|sr_repeat|sr_prepared|"
                 "sr_prepared_statement <iterations>\n",
                 argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const long n = std::atol(argv[2]);
  if (mode == "atomic") {
    Loop_atomic(n);
    return 0;
  }
  if (mode == "naive") {
    NaiveManager naive;
    const std::string key = std::string("db\0t1", 5);
    Loop_naive(&naive, key, 1);  // warm-up: creates the map entry
    Loop_naive(&naive, key, n);
    return 0;
  }
  mdl::LockManager lm;
  CountOwner owner;
  std::unique_ptr<mdl::LockContext> ctx = lm.CreateContext(&owner);
  const mdl::LockRequest sr(mdl::LockKey::Table("db", "t1"), mdl::LockType::kSharedRead,
                            mdl::LockDuration::kTransaction);
  // Warm-up outside the counted loop: pins the lock object in the context's cache and puts
  // a ticket on the free list, as on any connection after its first statement.
  bool ok = Loop_sr(ctx.get(), sr, 1);
  mdl::Result<mdl::PreparedLock> prepared = ctx->Prepare(sr);
  if (!prepared.ok()) return 1;
  ok = ok && Loop_sr_prepared(ctx.get(), *prepared, 1);
  if (mode == "sr_prepared") {
    ok = ok && Loop_sr_prepared(ctx.get(), *prepared, n);
  } else if (mode == "sr_prepared_statement") {
    ok = ok && Loop_sr_prepared_statement(ctx.get(), *prepared, n);
  } else if (mode == "sr") {
    ok = ok && Loop_sr(ctx.get(), sr, n);
  } else if (mode == "sr_statement") {
    ok = ok && Loop_sr_statement(ctx.get(), sr, n);
  } else if (mode == "sr_repeat") {
    ok = ok && Loop_sr_repeat(ctx.get(), n);
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  if (!ok) {
    std::fprintf(stderr, "acquire failed\n");
    return 1;
  }
  return 0;
}
