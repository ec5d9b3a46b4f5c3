#include "mdl/compat_matrix.h"

namespace mdl {
namespace internal {
namespace {

constexpr Bitmap IX = Bit(LockType::kIntentionExclusive);
constexpr Bitmap S = Bit(LockType::kShared);
constexpr Bitmap SH = Bit(LockType::kSharedHighPrio);
constexpr Bitmap SR = Bit(LockType::kSharedRead);
constexpr Bitmap SW = Bit(LockType::kSharedWrite);
constexpr Bitmap SWLP = Bit(LockType::kSharedWriteLowPrio);
constexpr Bitmap SU = Bit(LockType::kSharedUpgradable);
constexpr Bitmap SRO = Bit(LockType::kSharedReadOnly);
constexpr Bitmap SNW = Bit(LockType::kSharedNoWrite);
constexpr Bitmap SNRW = Bit(LockType::kSharedNoReadWrite);
constexpr Bitmap X = Bit(LockType::kExclusive);

constexpr uint64_t kIncS = 1;                                         // S and SH share a field
constexpr uint64_t kIncSR = uint64_t{1} << kFastPathFieldBits;        // SR
constexpr uint64_t kIncSW = uint64_t{1} << (2 * kFastPathFieldBits);  // SW and SWLP

}  // namespace

// Object locks (TABLE, FUNCTION, PROCEDURE, TRIGGER, EVENT, USER_LEVEL_LOCK, ...).
//
// Granted matrix (rows = requested, columns = granted; + compatible, - request waits):
//
//   Request |                 Granted requests for lock                   |
//    type   | S  | SH | SR | SW | SWLP | SU | SRO | SNW | SNRW | X  |
//   --------+----+----+----+----+------+----+-----+-----+------+----+
//   S       | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   SH      | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   SR      | +  | +  | +  | +  |  +   | +  |  +  |  +  |  -   | -  |
//   SW      | +  | +  | +  | +  |  +   | +  |  -  |  -  |  -   | -  |
//   SWLP    | +  | +  | +  | +  |  +   | +  |  -  |  -  |  -   | -  |
//   SU      | +  | +  | +  | +  |  +   | -  |  +  |  -  |  -   | -  |
//   SRO     | +  | +  | +  | -  |  -   | +  |  +  |  +  |  -   | -  |
//   SNW     | +  | +  | +  | -  |  -   | -  |  +  |  -  |  -   | -  |
//   SNRW    | +  | +  | -  | -  |  -   | -  |  -  |  -  |  -   | -  |
//   X       | -  | -  | -  | -  |  -   | -  |  -  |  -  |  -   | -  |
//
// Priority matrix #0 (default; rows = requested, columns = pending):
//
//   Request |                 Pending requests for lock                   |
//    type   | S  | SH | SR | SW | SWLP | SU | SRO | SNW | SNRW | X  |
//   --------+----+----+----+----+------+----+-----+-----+------+----+
//   S       | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   SH      | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | +  |
//   SR      | +  | +  | +  | +  |  +   | +  |  +  |  +  |  -   | -  |
//   SW      | +  | +  | +  | +  |  +   | +  |  +  |  -  |  -   | -  |
//   SWLP    | +  | +  | +  | +  |  +   | +  |  -  |  -  |  -   | -  |
//   SU      | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   SRO     | +  | +  | +  | -  |  +   | +  |  +  |  +  |  -   | -  |
//   SNW     | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   SNRW    | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | -  |
//   X       | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | +  |
//
// Matrix #1 (piglet limit: SW granted max_write_lock_count times in a row while SRO waits):
// as #0 but SW yields to SRO: the SW row gains SRO, the SRO row loses SW.
//
// Matrix #2 (hog limit: SNW/SNRW/X granted max_write_lock_count times in a row while weaker
// requests wait): "S, SH, SR, SW, SNRW, SRO and SU have priority over all hog types":
//
//   Request |                 Pending requests for lock                   |
//    type   | S  | SH | SR | SW | SWLP | SU | SRO | SNW | SNRW | X  |
//   --------+----+----+----+----+------+----+-----+-----+------+----+
//   S,SH,SR |    |    |    |    |      |    |     |     |      |    |
//   SW,SU   | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | +  |
//   SWLP    | +  | +  | +  | +  |  +   | +  |  -  |  +  |  +   | +  |
//   SRO     | +  | +  | +  | -  |  +   | +  |  +  |  +  |  +   | +  |
//   SNW     | +  | +  | +  | -  |  -   | -  |  +  |  +  |  +   | -  |
//   SNRW    | +  | +  | -  | -  |  -   | -  |  -  |  +  |  +   | -  |
//   X       | -  | -  | -  | -  |  -   | -  |  -  |  +  |  +   | +  |
//
// Matrix #3 (both limits): SRO before SW/SWLP, and non-hog types other than SW/SWLP before
// hogs; hog vs SW/SWLP priority as in #0 ([INV3]):
//
//   Request |                 Pending requests for lock                   |
//    type   | S  | SH | SR | SW | SWLP | SU | SRO | SNW | SNRW | X  |
//   --------+----+----+----+----+------+----+-----+-----+------+----+
//   S,SH,SR |    |    |    |    |      |    |     |     |      |    |
//   SU,SRO  | +  | +  | +  | +  |  +   | +  |  +  |  +  |  +   | +  |
//   SW,SWLP | +  | +  | +  | +  |  +   | +  |  -  |  -  |  -   | -  |
//   SNW     | +  | +  | +  | +  |  +   | -  |  +  |  +  |  +   | -  |
//   SNRW    | +  | +  | -  | +  |  +   | -  |  -  |  +  |  +   | -  |
//   X       | -  | -  | -  | +  |  +   | -  |  -  |  +  |  +   | +  |
//
// MySQL writes the X rows of #2/#3 as ~HOG and ~(HOG|SW|SWLP), which also sets the IX bit and
// the unused bits 11-15; IX never occurs on object locks, so they are encoded here as the
// explicit sets, which keeps [INV2] (waiting_incompat ⊆ granted_incompat) exact.
const LockStrategy kObjectLockStrategy = {
    // granted_incompat
    {
        /* IX   */ 0,
        /* S    */ X,
        /* SH   */ X,
        /* SR   */ X | SNRW,
        /* SW   */ X | SNRW | SNW | SRO,
        /* SWLP */ X | SNRW | SNW | SRO,
        /* SU   */ X | SNRW | SNW | SU,
        /* SRO  */ X | SNRW | SWLP | SW,
        /* SNW  */ X | SNRW | SNW | SU | SWLP | SW,
        /* SNRW */ X | SNRW | SNW | SRO | SU | SWLP | SW | SR,
        /* X    */ X | SNRW | SNW | SRO | SU | SWLP | SW | SR | SH | S,
    },
    // waiting_incompat
    {
        // #0
        {0, X, 0, X | SNRW, X | SNRW | SNW, X | SNRW | SNW | SRO, X, X | SNRW | SW, X, X, 0},
        // #1
        {0, X, 0, X | SNRW, X | SNRW | SNW | SRO, X | SNRW | SNW | SRO, X, X | SNRW, X, X, 0},
        // #2
        {0, 0, 0, 0, 0, SRO, 0, SW, X | SU | SWLP | SW, X | SRO | SU | SWLP | SW | SR,
         S | SH | SR | SW | SWLP | SU | SRO},
        // #3
        {0, 0, 0, 0, X | SNRW | SNW | SRO, X | SNRW | SNW | SRO, 0, 0, X | SU, X | SRO | SU | SR,
         S | SH | SR | SU | SRO},
    },
    // unobtrusive_increment: S, SH, SR, SW, SWLP take the fast path.
    {0, kIncS, kIncS, kIncSR, kIncSW, kIncSW, 0, 0, 0, 0, 0},
    /*affected_by_max_write_lock_count=*/true,
    /*scoped=*/false,
};

// Scoped locks (GLOBAL, BACKUP_LOCK, TABLESPACE, SCHEMA, COMMIT, RESOURCE_GROUPS,
// FOREIGN_KEY, CHECK_CONSTRAINT).
//
//   Granted (rows = request, cols = active)   Pending (rows = request, cols = pending)
//            | IS(*) | IX | S | X |                    | IS(*) | IX | S | X |
//   ---------+-------+----+---+---+           ---------+-------+----+---+---+
//   IS       |   +   | +  | + | + |           IS       |   +   | +  | + | + |
//   IX       |   +   | +  | - | - |           IX       |   +   | +  | - | - |
//   S        |   +   | -  | + | - |           S        |   +   | +  | + | - |
//   X        |   +   | -  | - | - |           X        |   +   | +  | + | + |
//
// (*) IS is compatible with everything and is not even represented (MySQL's comment). Types
// SH..SNRW have empty bitmaps here. Only matrix #0 exists: #1-#3 are all zero and never used.
const LockStrategy kScopedLockStrategy = {
    {
        /* IX   */ X | S,
        /* S    */ X | IX,
        /* SH   */ 0,
        /* SR   */ 0,
        /* SW   */ 0,
        /* SWLP */ 0,
        /* SU   */ 0,
        /* SRO  */ 0,
        /* SNW  */ 0,
        /* SNRW */ 0,
        /* X    */ X | S | IX,
    },
    {
        {X | S, X, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {0},
        {0},
        {0},
    },
    // IX takes the fast path (bits 0-59).
    {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /*affected_by_max_write_lock_count=*/false,
    /*scoped=*/true,
};

Bitmap LockStrategy::FastPathTypes() const {
  Bitmap b = 0;
  for (int i = 0; i < kNumLockTypes; ++i) {
    if (unobtrusive_increment[i] != 0) b |= static_cast<Bitmap>(1u << i);
  }
  return b;
}

Bitmap LockStrategy::FastPathBitmap(uint64_t sum_s, uint64_t sum_sr, uint64_t sum_sw) const {
  if (scoped) return sum_s != 0 ? IX : 0;
  // S and SH share a counter, as do SW and SWLP; their granted_incompat columns are equal, so
  // reporting S (resp. SW) for the pair is exact (as in MySQL).
  Bitmap b = 0;
  if (sum_s != 0) b |= S;
  if (sum_sr != 0) b |= SR;
  if (sum_sw != 0) b |= SW;
  return b;
}

const LockStrategy& StrategyFor(Namespace ns) {
  return IsScopedNamespace(ns) ? kScopedLockStrategy : kObjectLockStrategy;
}

}  // namespace internal
}  // namespace mdl
