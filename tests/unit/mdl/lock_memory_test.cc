// Memory does not grow with the number of distinct keys ever locked.
//
//   MDL_MEMORY_TEST_KEYS (default 10000000)  keys locked one after another
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "mdl/lock_manager.h"
#include "test_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define MDL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MDL_ASAN 1
#endif
#endif

namespace mdl {
namespace {

size_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

TEST(LockMemoryTest, DistinctKeysDoNotAccumulate) {
  const char* env = std::getenv("MDL_MEMORY_TEST_KEYS");
  const uint64_t keys = env != nullptr ? std::strtoull(env, nullptr, 10) : 10'000'000;
  Options o;
  LockManager lm(o);
  testing::TestOwner owner(1);
  auto ctx = lm.CreateContext(&owner);
  const uint64_t warmup = std::min<uint64_t>(keys / 10, 200'000);
  size_t rss_after_warmup = 0;
  size_t max_objects = 0;
  std::string name;
  for (uint64_t i = 0; i < keys; ++i) {
    name = "t";
    name += std::to_string(i);
    const LockType type = (i % 3 == 0) ? LockType::kExclusive : LockType::kSharedRead;
    Result<Ticket*> r =
        ctx->Acquire(LockRequest(LockKey::Table("db", name), type, LockDuration::kStatement),
                     kNoWait);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ctx->ReleaseStatementLocks();
    if ((i & 0xffff) == 0) max_objects = std::max(max_objects, lm.GetStats().lock_objects);
    if (i == warmup) rss_after_warmup = ResidentBytes();
  }
  const size_t rss_end = ResidentBytes();
  // Live objects: the keys held now (none) + this context's idle cache.
  EXPECT_LE(max_objects, o.context_cache_size + 1);
  EXPECT_LE(lm.GetStats().lock_objects, o.context_cache_size);
  std::printf("keys=%llu rss_after_warmup=%zu KiB rss_end=%zu KiB max_objects=%zu\n",
              static_cast<unsigned long long>(keys), rss_after_warmup / 1024, rss_end / 1024,
              max_objects);
#if defined(MDL_ASAN)
  // ASan's quarantine holds freed blocks (hundreds of MiB), so RSS is meaningless here; the
  // object-count bound above still applies.
  rss_after_warmup = 0;
#endif
  if (rss_after_warmup != 0) {
    EXPECT_LE(rss_end, rss_after_warmup + (8u << 20)) << "resident memory grew by more than 8 MiB";
  }
  ctx.reset();
  EXPECT_EQ(lm.GetStats().lock_objects, 0u);
}

}  // namespace
}  // namespace mdl
