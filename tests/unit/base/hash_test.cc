#include "base/hash.h"

#include <gtest/gtest.h>

namespace base {
namespace {

// Published 64-bit FNV-1a test vectors (Fowler/Noll/Vo). The mdl lock table's sharding and the
// row-lock ids data_locks shows depend on these exact values.
TEST(Fnv1aTest, MatchesReferenceVectors) {
  EXPECT_EQ(Fnv1a(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a("foobar"), 0x85944171f73967e8ull);
}

// Bytes >= 0x80 are hashed as unsigned values (a signed char would sign-extend into the xor).
TEST(Fnv1aTest, HighBytesAreUnsigned) {
  EXPECT_EQ(Fnv1a("\xff"), (0xcbf29ce484222325ull ^ 0xffull) * 1099511628211ull);
}

// Usable in constant expressions (a compile error otherwise).
static_assert(Fnv1a("a") == 0xaf63dc4c8601ec8cull);

}  // namespace
}  // namespace base
