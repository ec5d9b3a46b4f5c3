// Fnv1a: the project's one stable byte-string hash.
//
// Used where a hash must not change between runs, builds or platforms (std::hash may): the mdl
// lock table's shard and bucket choice (src/mdl/lock_key.cc, after a mixing finalizer) and the
// row-lock ids that performance_schema.data_locks shows (src/storage). Changing it changes
// those visible ids and the lock table's sharding.
#ifndef BASE_HASH_H_
#define BASE_HASH_H_

#include <cstdint>
#include <string_view>

namespace base {

// 64-bit FNV-1a of the bytes of `s` (offset basis 14695981039346656037, prime 1099511628211).
// Its low bits are weakly mixed: callers that take a range of bits from it mix it first.
// Thread-safe (a pure function).
constexpr uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace base

#endif  // BASE_HASH_H_
