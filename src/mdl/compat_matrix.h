// The compatibility and priority matrices of MySQL 8.0's MDL (sql/mdl.cc,
// MDL_lock::m_object_lock_strategy / m_scoped_lock_strategy), encoded as data.
//
// Bit i of a Bitmap stands for LockType(i). For a request of type T on a lock:
//   granted_incompat[T]      - granted types that block T (symmetric relation)
//   waiting_incompat[m][T]   - pending types that block T under priority matrix m
// T is grantable iff (waiting bitmap & waiting_incompat[m][T]) == 0, (fast-path granted
// bitmap & granted_incompat[T]) == 0, and no granted ticket of *another* context has a type in
// granted_incompat[T]. The tables live in compat_matrix.cc; docs/mdl.md reproduces them.
#ifndef MDL_COMPAT_MATRIX_H_
#define MDL_COMPAT_MATRIX_H_

#include <cstdint>

#include "mdl/lock_types.h"

namespace mdl {
namespace internal {

using Bitmap = uint16_t;

constexpr Bitmap Bit(LockType t) { return static_cast<Bitmap>(1u << static_cast<unsigned>(t)); }
constexpr int Index(LockType t) { return static_cast<int>(t); }

// Priority matrices: #0 default, #1 piglet limit hit, #2 hog limit hit, #3 both.
inline constexpr int kNumPriorityMatrices = 4;

// Fast-path counter layout inside one 64-bit stripe word (MySQL's m_fast_path_state):
// object locks: bits 0-19 S+SH, 20-39 SR, 40-59 SW+SWLP; scoped locks: bits 0-59 IX.
inline constexpr int kFastPathFieldBits = 20;
inline constexpr uint64_t kFastPathFieldMask = (uint64_t{1} << kFastPathFieldBits) - 1;
inline constexpr uint64_t kFastPathScopedMask = (uint64_t{1} << 60) - 1;

struct LockStrategy {
  Bitmap granted_incompat[kNumLockTypes];
  Bitmap waiting_incompat[kNumPriorityMatrices][kNumLockTypes];
  // Fast-path increment per type; 0 means the type is obtrusive (slow path only).
  uint64_t unobtrusive_increment[kNumLockTypes];
  // Scoped locks are not subject to max_write_lock_count (only matrix #0 exists for them).
  bool affected_by_max_write_lock_count;
  bool scoped;

  bool IsObtrusive(LockType t) const { return unobtrusive_increment[Index(t)] == 0; }
  // Types that may be counted on the fast path, as a bitmap (S|SH|SR|SW|SWLP or IX).
  Bitmap FastPathTypes() const;
  // Granted bitmap represented by the counters of one summed stripe word.
  Bitmap FastPathBitmap(uint64_t sum_s, uint64_t sum_sr, uint64_t sum_sw) const;
};

extern const LockStrategy kObjectLockStrategy;
extern const LockStrategy kScopedLockStrategy;

const LockStrategy& StrategyFor(Namespace ns);

// SNW, SNRW, X.
inline constexpr Bitmap kHogLockTypes =
    Bit(LockType::kSharedNoWrite) | Bit(LockType::kSharedNoReadWrite) | Bit(LockType::kExclusive);

// MySQL's has_stronger_or_equal_type(): granted_incompat[requested] is a subset of
// granted_incompat[held] (in the strategy of the key's namespace).
inline bool IsStrongerOrEqual(const LockStrategy& s, LockType held, LockType requested) {
  const Bitmap h = s.granted_incompat[Index(held)];
  const Bitmap r = s.granted_incompat[Index(requested)];
  return (h & r) == r;
}

}  // namespace internal
}  // namespace mdl

#endif  // MDL_COMPAT_MATRIX_H_
