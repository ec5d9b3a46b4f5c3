// A simple sequential reference model of MySQL 8.0 metadata locking, written independently of
// src/mdl from the tables in docs/mdl.md, for tests that check the library against it
// (lock_torture_test.cc, tests/fuzz/mdl_ops_fuzz.cc).
//
// It knows the granted matrices (object and scoped), the default pending matrix #0 (the only
// one in use while max_write_lock_count is unlimited), the "stronger or equal" relation used by
// ticket reuse and upgrades, deadlock weights, and one key's queue: granted locks plus FIFO
// waiters, with MySQL's grant rule and rescheduling. Header-only, no threads, no allocation
// beyond std::vector. Not thread-safe (a value type).
#ifndef TESTS_UNIT_MDL_REFERENCE_LOCK_MODEL_H_
#define TESTS_UNIT_MDL_REFERENCE_LOCK_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mdl/lock_types.h"

namespace mdl {
namespace testing {
namespace model {

constexpr uint16_t Bit(LockType t) { return static_cast<uint16_t>(1u << static_cast<int>(t)); }

inline constexpr uint16_t kIX = Bit(LockType::kIntentionExclusive), kS = Bit(LockType::kShared),
                          kSH = Bit(LockType::kSharedHighPrio), kSR = Bit(LockType::kSharedRead),
                          kSW = Bit(LockType::kSharedWrite),
                          kSWLP = Bit(LockType::kSharedWriteLowPrio),
                          kSU = Bit(LockType::kSharedUpgradable),
                          kSRO = Bit(LockType::kSharedReadOnly),
                          kSNW = Bit(LockType::kSharedNoWrite),
                          kSNRW = Bit(LockType::kSharedNoReadWrite), kX = Bit(LockType::kExclusive);

// Row = requested type (IX .. X), value = set of incompatible types ("−" cells of docs/mdl.md).
inline constexpr uint16_t kObjectGranted[kNumLockTypes] = {
    0,                                                              // IX (not an object type)
    kX,                                                             // S
    kX,                                                             // SH
    kX | kSNRW,                                                     // SR
    kX | kSNRW | kSNW | kSRO,                                       // SW
    kX | kSNRW | kSNW | kSRO,                                       // SWLP
    kX | kSNRW | kSNW | kSU,                                        // SU
    kX | kSNRW | kSWLP | kSW,                                       // SRO
    kX | kSNRW | kSNW | kSU | kSWLP | kSW,                          // SNW
    kX | kSNRW | kSNW | kSRO | kSU | kSWLP | kSW | kSR,             // SNRW
    kX | kSNRW | kSNW | kSRO | kSU | kSWLP | kSW | kSR | kSH | kS,  // X
};
// Pending matrix #0: which pending requests (of other contexts) a new request must yield to.
inline constexpr uint16_t kObjectPending[kNumLockTypes] = {
    0,                         // IX
    kX,                        // S
    0,                         // SH ignores a pending X
    kSNRW | kX,                // SR
    kSNW | kSNRW | kX,         // SW
    kSRO | kSNW | kSNRW | kX,  // SWLP
    kX,                        // SU
    kSW | kSNRW | kX,          // SRO
    kX,                        // SNW
    kX,                        // SNRW
    0,                         // X
};
// #1 (piglet limit): SW yields to a pending SRO, SRO no longer yields to a pending SW.
inline constexpr uint16_t kObjectPending1[kNumLockTypes] = {
    0,          kX, 0,  kSNRW | kX, kSRO | kSNW | kSNRW | kX, kSRO | kSNW | kSNRW | kX, kX,
    kSNRW | kX, kX, kX, 0};
// #2 (hog limit): the weak requests ignore pending hogs (MySQL's ~HOG rows).
inline constexpr uint16_t kObjectPending2[kNumLockTypes] = {
    0,
    0,
    0,
    0,
    0,
    kSRO,
    0,
    kSW,
    kSW | kSWLP | kSU | kX,
    kSR | kSW | kSWLP | kSU | kSRO | kX,
    kS | kSH | kSR | kSW | kSWLP | kSU | kSRO};
// #3 (both limits).
inline constexpr uint16_t kObjectPending3[kNumLockTypes] = {0,
                                                            0,
                                                            0,
                                                            0,
                                                            kSRO | kSNW | kSNRW | kX,
                                                            kSRO | kSNW | kSNRW | kX,
                                                            0,
                                                            0,
                                                            kSU | kX,
                                                            kSR | kSU | kSRO | kX,
                                                            kS | kSH | kSR | kSU | kSRO};
inline constexpr const uint16_t* kObjectPendingByMatrix[4] = {kObjectPending, kObjectPending1,
                                                              kObjectPending2, kObjectPending3};
inline constexpr uint16_t kHogTypes = kSNW | kSNRW | kX;

inline constexpr uint16_t kScopedGranted[kNumLockTypes] = {
    kS | kX, kIX | kX, 0, 0, 0, 0, 0, 0, 0, 0, kIX | kS | kX};
inline constexpr uint16_t kScopedPending[kNumLockTypes] = {kS | kX, kX, 0, 0, 0, 0, 0, 0, 0, 0, 0};

inline bool IsScoped(Namespace ns) {
  switch (ns) {
    case Namespace::kGlobal:
    case Namespace::kBackupLock:
    case Namespace::kTablespace:
    case Namespace::kSchema:
    case Namespace::kCommit:
    case Namespace::kResourceGroups:
    case Namespace::kForeignKey:
    case Namespace::kCheckConstraint:
      return true;
    default:
      return false;
  }
}

inline bool ValidType(Namespace ns, LockType t) {
  const bool scoped_type =
      t == LockType::kIntentionExclusive || t == LockType::kShared || t == LockType::kExclusive;
  return IsScoped(ns) ? scoped_type : t != LockType::kIntentionExclusive;
}

inline uint16_t GrantedIncompat(Namespace ns, LockType t) {
  return (IsScoped(ns) ? kScopedGranted : kObjectGranted)[static_cast<int>(t)];
}
// `matrix`: the active priority matrix of an object lock (max_write_lock_count); scoped locks
// always use their single pending matrix.
inline uint16_t PendingIncompat(Namespace ns, LockType t, int matrix = 0) {
  return (IsScoped(ns) ? kScopedPending : kObjectPendingByMatrix[matrix])[static_cast<int>(t)];
}
inline bool Compatible(Namespace ns, LockType a, LockType b) {
  return (GrantedIncompat(ns, a) & Bit(b)) == 0;
}
// `held` satisfies a request for `req` (MySQL's find_ticket / upgrade "stronger" test).
inline bool StrongerOrEqual(Namespace ns, LockType held, LockType req) {
  const uint16_t r = GrantedIncompat(ns, req);
  return (GrantedIncompat(ns, held) & r) == r;
}

// MySQL 8.0's deadlock weights (lower = preferred victim).
inline uint32_t Weight(Namespace ns, LockType t) {
  if (ns == Namespace::kUserLevelLock) return 50;
  if (ns == Namespace::kGlobal ||
      static_cast<int>(t) >= static_cast<int>(LockType::kSharedUpgradable)) {
    return 100;
  }
  return 25;
}

// One key: granted locks and FIFO waiters. Owners are opaque ids; a context's own granted
// locks never block it. `dead` waiters (wait already ended in timeout / kill / victim but not
// yet removed) still count in the pending set but are never granted. Object locks also keep
// MySQL's max_write_lock_count state (hog / piglet counters and the active priority matrix).
// The operations below (GrantedNow, Release, RemoveWaiter, Retype) mirror what the library
// does under the lock object's mutex for each event, including the rescheduling they trigger.
struct KeyQueue {
  struct Granted {
    uint64_t owner;
    LockType type;
    uint64_t id;
  };
  struct Waiter {
    uint64_t owner;
    LockType type;
    uint64_t id;
    bool dead = false;
    // A low-priority request (mdl::LockRequest::low_priority_window, inside its window): left
    // out of the pending set, so it blocks no one and no edge points at it.
    bool low_priority = false;
  };
  struct Edge {
    uint64_t waiter;
    uint64_t blocker;
    LockType waiter_type;
    LockType blocker_type;
    bool blocker_granted;
  };

  Namespace ns = Namespace::kTable;
  std::vector<Granted> granted;
  std::vector<Waiter> waiting;  // oldest first
  uint64_t max_write_lock_count = ~uint64_t{0};
  uint64_t hog = 0;
  uint64_t piglet = 0;
  int matrix = 0;

  uint16_t PendingBits() const {
    uint16_t bits = 0;
    for (const Waiter& w : waiting) {
      if (!w.low_priority) bits = static_cast<uint16_t>(bits | Bit(w.type));
    }
    return bits;
  }

  // MySQL's can_grant_lock() with pending matrix #0.
  bool CanGrant(uint64_t owner, LockType type) const {
    if ((PendingBits() & PendingIncompat(ns, type, matrix)) != 0) return false;
    for (const Granted& g : granted) {
      if (g.owner != owner && (GrantedIncompat(ns, type) & Bit(g.type)) != 0) return false;
    }
    return true;
  }

  // MySQL's count_piglets_and_hogs() after a grant of `type`: a hog granted while a non-hog
  // waits, or an SW granted while an SRO waits. Returns true if the active matrix changed.
  bool CountGrant(LockType type) {
    if (IsScoped(ns)) return false;
    if ((Bit(type) & kHogTypes) != 0) {
      if ((PendingBits() & ~kHogTypes) == 0) return false;
      ++hog;
    } else if (type == LockType::kSharedWrite) {
      if ((PendingBits() & kSRO) == 0) return false;
      ++piglet;
    } else {
      return false;
    }
    const int m = (piglet >= max_write_lock_count ? 1 : 0) + (hog >= max_write_lock_count ? 2 : 0);
    if (m == matrix) return false;
    matrix = m;
    return true;
  }

  // Grants every live waiter that can be granted, oldest first, until none can (counting each
  // grant), then resets the counters whose starved requests no longer wait. Returns the ids of
  // the granted waiters in grant order.
  std::vector<uint64_t> Reschedule() {
    std::vector<uint64_t> out;
    for (size_t i = 0; i < waiting.size();) {
      const Waiter w = waiting[i];
      if (!w.dead && CanGrant(w.owner, w.type)) {
        waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(i));
        granted.push_back(Granted{w.owner, w.type, w.id});
        out.push_back(w.id);
        CountGrant(w.type);
        i = 0;  // a grant never unblocks an older waiter, but re-checking is cheap and obvious
      } else {
        ++i;
      }
    }
    if (IsScoped(ns)) return out;
    const uint16_t bits = PendingBits();
    if (matrix == 3) {
      if ((bits & ~(kHogTypes | kSW | kSWLP)) == 0) hog = piglet = 0, matrix = 0;
    } else {
      if ((bits & ~kHogTypes) == 0) hog = 0, matrix &= ~2;
      if ((bits & kSRO) == 0) piglet = 0, matrix &= ~1;
    }
    return out;
  }

  void ResetIfEmpty() {
    if (granted.empty() && waiting.empty()) hog = piglet = 0, matrix = 0;
  }

  // A request (or upgrade) of `type` already in `granted` was granted at once.
  std::vector<uint64_t> GrantedNow(LockType type) {
    return CountGrant(type) ? Reschedule() : std::vector<uint64_t>{};
  }
  std::vector<uint64_t> Release(uint64_t id) {
    std::erase_if(granted, [&](const Granted& g) { return g.id == id; });
    std::vector<uint64_t> out = Reschedule();
    ResetIfEmpty();
    return out;
  }
  std::vector<uint64_t> RemoveWaiter(uint64_t id) {
    std::erase_if(waiting, [&](const Waiter& w) { return w.id == id; });
    std::vector<uint64_t> out = Reschedule();
    ResetIfEmpty();
    return out;
  }
  // Downgrade.
  std::vector<uint64_t> Retype(uint64_t id, LockType type) {
    for (Granted& g : granted) {
      if (g.id == id) g.type = type;
    }
    return Reschedule();
  }

  // Wait-for edges of the live waiters: to other owners' incompatible granted locks and to
  // other owners' pending requests that have priority (pending matrix).
  std::vector<Edge> Edges() const {
    std::vector<Edge> out;
    for (const Waiter& w : waiting) {
      if (w.dead) continue;
      for (const Granted& g : granted) {
        if (g.owner != w.owner && (GrantedIncompat(ns, w.type) & Bit(g.type)) != 0) {
          out.push_back(Edge{w.owner, g.owner, w.type, g.type, true});
        }
      }
      for (const Waiter& p : waiting) {
        if (p.owner != w.owner && !p.low_priority &&
            (PendingIncompat(ns, w.type, matrix) & Bit(p.type)) != 0) {
          out.push_back(Edge{w.owner, p.owner, w.type, p.type, false});
        }
      }
    }
    return out;
  }
};

}  // namespace model
}  // namespace testing
}  // namespace mdl

#endif  // TESTS_UNIT_MDL_REFERENCE_LOCK_MODEL_H_
