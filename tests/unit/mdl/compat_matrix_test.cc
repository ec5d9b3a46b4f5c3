// Every cell of the documented matrices (docs/mdl.md, compat_matrix.cc), checked (a) against
// the encoded bitmaps, (b) through the real grant function, and (c) where observable,
// through 2-3 live contexts (one holds, one is pending, one asks).
#include "mdl/compat_matrix.h"
#include "mdl/lock_object.h"
#include "mdl/ticket_impl.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "mdl/lock_manager.h"
#include "test_util.h"

namespace mdl {
namespace {

using internal::Bit;
using internal::Bitmap;
using internal::Index;
using internal::kObjectLockStrategy;
using internal::kScopedLockStrategy;
using testing::Session;
using testing::Table;

constexpr LockType kObjectTypes[] = {
    LockType::kShared,           LockType::kSharedHighPrio,   LockType::kSharedRead,
    LockType::kSharedWrite,      LockType::kSharedWriteLowPrio, LockType::kSharedUpgradable,
    LockType::kSharedReadOnly,   LockType::kSharedNoWrite,    LockType::kSharedNoReadWrite,
    LockType::kExclusive};
constexpr LockType kScopedTypes[] = {LockType::kIntentionExclusive, LockType::kShared,
                                     LockType::kExclusive};

// The tables exactly as documented (rows = requested, columns in the order of the type
// list; '+' compatible / '-' the request waits). Matrices #1-#3 are given by row for all 10
// object types.
const char* const kObjectGranted[] = {
    "+++++++++-",  // S
    "+++++++++-",  // SH
    "++++++++--",  // SR
    "++++++----",  // SW
    "++++++----",  // SWLP
    "+++++-+---",  // SU
    "+++--+++--",  // SRO
    "+++---+---",  // SNW
    "++--------",  // SNRW
    "----------",  // X
};
const char* const kObjectPending[4][10] = {
    {
        "+++++++++-",  // S
        "++++++++++",  // SH
        "++++++++--",  // SR
        "+++++++---",  // SW
        "++++++----",  // SWLP
        "+++++++++-",  // SU
        "+++-++++--",  // SRO
        "+++++++++-",  // SNW
        "+++++++++-",  // SNRW
        "++++++++++",  // X
    },
    {
        "+++++++++-",  // S
        "++++++++++",  // SH
        "++++++++--",  // SR
        "++++++----",  // SW
        "++++++----",  // SWLP
        "+++++++++-",  // SU
        "++++++++--",  // SRO
        "+++++++++-",  // SNW
        "+++++++++-",  // SNRW
        "++++++++++",  // X
    },
    {
        "++++++++++",  // S
        "++++++++++",  // SH
        "++++++++++",  // SR
        "++++++++++",  // SW
        "++++++-+++",  // SWLP
        "++++++++++",  // SU
        "+++-++++++",  // SRO
        "+++---+++-",  // SNW
        "++-----++-",  // SNRW
        "-------+++",  // X
    },
    {
        "++++++++++",  // S
        "++++++++++",  // SH
        "++++++++++",  // SR
        "++++++----",  // SW
        "++++++----",  // SWLP
        "++++++++++",  // SU
        "++++++++++",  // SRO
        "+++++-+++-",  // SNW
        "++-++--++-",  // SNRW
        "---++--+++",  // X
    },
};
const char* const kScopedGranted[] = {"+--", "-+-", "---"};  // IX, S, X vs IX, S, X
const char* const kScopedPending[] = {"+--", "++-", "+++"};

std::string Cell(LockType req, LockType other) {
  return std::string(ShortName(req)) + " vs " + std::string(ShortName(other));
}

TEST(CompatMatrixTest, ObjectGrantedBitmapsMatchDocumentedTable) {
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      const bool compatible = kObjectGranted[r][c] == '+';
      const bool encoded =
          (kObjectLockStrategy.granted_incompat[Index(kObjectTypes[r])] & Bit(kObjectTypes[c])) == 0;
      EXPECT_EQ(encoded, compatible) << "granted cell " << Cell(kObjectTypes[r], kObjectTypes[c]);
    }
  }
}

TEST(CompatMatrixTest, ObjectPendingBitmapsMatchDocumentedTables) {
  for (int m = 0; m < 4; ++m) {
    for (int r = 0; r < 10; ++r) {
      for (int c = 0; c < 10; ++c) {
        const bool compatible = kObjectPending[m][r][c] == '+';
        const bool encoded = (kObjectLockStrategy.waiting_incompat[m][Index(kObjectTypes[r])] &
                              Bit(kObjectTypes[c])) == 0;
        EXPECT_EQ(encoded, compatible)
            << "pending matrix #" << m << " cell " << Cell(kObjectTypes[r], kObjectTypes[c]);
      }
    }
  }
}

TEST(CompatMatrixTest, ScopedBitmapsMatchDocumentedTables) {
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      const LockType req = kScopedTypes[r], other = kScopedTypes[c];
      EXPECT_EQ((kScopedLockStrategy.granted_incompat[Index(req)] & Bit(other)) == 0,
                kScopedGranted[r][c] == '+')
          << "scoped granted cell " << Cell(req, other);
      EXPECT_EQ((kScopedLockStrategy.waiting_incompat[0][Index(req)] & Bit(other)) == 0,
                kScopedPending[r][c] == '+')
          << "scoped pending cell " << Cell(req, other);
      for (int m = 1; m < 4; ++m) {
        EXPECT_EQ(kScopedLockStrategy.waiting_incompat[m][Index(req)], 0);
      }
    }
  }
}

// [INV2]: for every matrix, waiting-incompatible ⊆ granted-incompatible.
TEST(CompatMatrixTest, WaitingIncompatibleIsSubsetOfGrantedIncompatible) {
  for (const auto* st : {&kObjectLockStrategy, &kScopedLockStrategy}) {
    for (int m = 0; m < 4; ++m) {
      for (int t = 0; t < kNumLockTypes; ++t) {
        const Bitmap w = st->waiting_incompat[m][t];
        const Bitmap g = st->granted_incompat[t];
        EXPECT_EQ(w & ~g, 0) << (st->scoped ? "scoped" : "object") << " matrix #" << m
                             << " row " << ShortName(static_cast<LockType>(t));
      }
    }
  }
}

TEST(CompatMatrixTest, GrantedMatrixIsSymmetric) {
  for (LockType a : kObjectTypes) {
    for (LockType b : kObjectTypes) {
      EXPECT_EQ((kObjectLockStrategy.granted_incompat[Index(a)] & Bit(b)) != 0,
                (kObjectLockStrategy.granted_incompat[Index(b)] & Bit(a)) != 0)
          << Cell(a, b);
    }
  }
}

// Granted matrix through live contexts: A holds `granted`, B asks for `req` without waiting.
void CheckGrantedThroughContexts(Namespace ns, const LockType* types, int n,
                                 const char* const* table) {
  LockManager lm;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      Session a(lm, 1), b(lm, 2);
      const LockKey key(ns, ns == Namespace::kTable ? "db" : "", "obj");
      ASSERT_TRUE(a.Try(key, types[c]).ok());
      const Code code = b.Try(key, types[r]).code();
      EXPECT_EQ(code, table[r][c] == '+' ? Code::kOk : Code::kWouldBlock)
          << ToString(ns) << " granted cell " << Cell(types[r], types[c]);
    }
  }
  EXPECT_EQ(lm.GetStats().tickets, 0u);
}

TEST(CompatMatrixTest, ObjectGrantedMatrixThroughContexts) {
  CheckGrantedThroughContexts(Namespace::kTable, kObjectTypes, 10, kObjectGranted);
}

TEST(CompatMatrixTest, ObjectGrantedMatrixThroughContextsWithoutFastPath) {
  // Same cells with every lock on the slow path.
  Options o;
  o.enable_fast_path = false;
  LockManager lm(o);
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      Session a(lm, 1), b(lm, 2);
      ASSERT_TRUE(a.Try(Table("t"), kObjectTypes[c]).ok());
      EXPECT_EQ(b.Try(Table("t"), kObjectTypes[r]).code(),
                kObjectGranted[r][c] == '+' ? Code::kOk : Code::kWouldBlock)
          << "granted cell " << Cell(kObjectTypes[r], kObjectTypes[c]);
    }
  }
}

TEST(CompatMatrixTest, ScopedGrantedMatrixThroughContexts) {
  for (Namespace ns : {Namespace::kGlobal, Namespace::kSchema, Namespace::kCommit,
                       Namespace::kBackupLock}) {
    CheckGrantedThroughContexts(ns, kScopedTypes, 3, kScopedGranted);
  }
}

// Pending matrix #0 through live contexts: holder H keeps `pending` waiting in B's thread;
// the asker is a third context C, or H itself when no type blocks `pending` without also
// blocking `req` (H's own granted lock does not block H). Cells whose pending type can only
// be blocked by X (S, SH) are unobservable this way (X blocks every request and satisfies
// every re-request of H); those are covered through the grant function below.
TEST(CompatMatrixTest, ObjectPendingMatrix0ThroughContexts) {
  int observed = 0;
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      const LockType req = kObjectTypes[r], pend = kObjectTypes[c];
      const Bitmap blocks_pend = kObjectLockStrategy.granted_incompat[Index(pend)];
      LockType holder_type = LockType::kIntentionExclusive;
      bool holder_asks = false;
      for (LockType g : kObjectTypes) {  // a third context can observe
        if ((blocks_pend & Bit(g)) && !(kObjectLockStrategy.granted_incompat[Index(req)] & Bit(g))) {
          holder_type = g;
          break;
        }
      }
      if (holder_type == LockType::kIntentionExclusive) {
        for (LockType g : kObjectTypes) {  // the holder itself can observe
          if ((blocks_pend & Bit(g)) && !internal::IsStrongerOrEqual(kObjectLockStrategy, g, req)) {
            holder_type = g;
            holder_asks = true;
            break;
          }
        }
      }
      if (holder_type == LockType::kIntentionExclusive) continue;
      LockManager lm;
      Session h(lm, 1), b(lm, 2), c3(lm, 3);
      ASSERT_TRUE(h.Try(Table("t"), holder_type).ok());
      auto pending = b.GetAsync(Table("t"), pend);
      b.owner.WaitUntilBlocked();
      Session& asker = holder_asks ? h : c3;
      const Code code = asker.Try(Table("t"), req).code();
      EXPECT_EQ(code, kObjectPending[0][r][c] == '+' ? Code::kOk : Code::kWouldBlock)
          << "pending cell " << Cell(req, pend) << " (holder " << ShortName(holder_type)
          << (holder_asks ? ", asked by the holder)" : ")");
      b.ctx->Kill();
      EXPECT_EQ(pending.get(), Code::kKilled);
      ++observed;
    }
  }
  EXPECT_GE(observed, 70);
}

// Every cell of all four pending matrices through LockObject::CanGrantLocked(), with a
// pending ticket of another context queued on the object.
TEST(CompatMatrixTest, AllPendingMatricesThroughGrantFunction) {
  for (int m = 0; m < 4; ++m) {
    for (int r = 0; r < 10; ++r) {
      for (int c = 0; c < 10; ++c) {
        // max_write_lock_count = 1 lets the matrix index be driven by the counters.
        internal::LockObject obj(Table("t"), 1, 1, base::Clock::Real());
        internal::TicketImpl pending;
        pending.ctx = reinterpret_cast<LockContextImpl*>(0x10);
        pending.type.store(kObjectTypes[c]);
        base::MutexLock l(obj.mu());
        auto enqueue = [&](internal::TicketImpl* t) MDL_NO_THREAD_SAFETY_ANALYSIS {
          if (kObjectLockStrategy.IsObtrusive(t->type.load())) obj.BeginObtrusiveLocked();
          obj.AddWaitingLocked(t);
        };
        enqueue(&pending);
        // Drive the matrix index: a granted hog with a non-hog waiter / a SW with SRO waiting.
        internal::TicketImpl srow;
        srow.ctx = reinterpret_cast<LockContextImpl*>(0x20);
        srow.type.store(LockType::kSharedReadOnly);
        enqueue(&srow);
        if (m & 1) obj.CountPigletsAndHogsLocked(LockType::kSharedWrite);
        if (m & 2) obj.CountPigletsAndHogsLocked(LockType::kExclusive);
        obj.RemoveWaitingLocked(&srow);
        ASSERT_EQ(obj.matrix_index(), m);
        const bool can = obj.CanGrantLocked(kObjectTypes[r], reinterpret_cast<LockContextImpl*>(0x40));
        EXPECT_EQ(can, kObjectPending[m][r][c] == '+')
            << "pending matrix #" << m << " cell " << Cell(kObjectTypes[r], kObjectTypes[c]);
        obj.RemoveWaitingLocked(&pending);
      }
    }
  }
}

TEST(CompatMatrixTest, ScopedPendingMatrixThroughGrantFunction) {
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      internal::LockObject obj(LockKey::Global(), 1, 1, base::Clock::Real());
      internal::TicketImpl pending;
      pending.ctx = reinterpret_cast<LockContextImpl*>(0x10);
      pending.type.store(kScopedTypes[c]);
      base::MutexLock l(obj.mu());
      if (kScopedLockStrategy.IsObtrusive(kScopedTypes[c])) obj.BeginObtrusiveLocked();
      obj.AddWaitingLocked(&pending);
      EXPECT_EQ(obj.CanGrantLocked(kScopedTypes[r], reinterpret_cast<LockContextImpl*>(0x40)),
                kScopedPending[r][c] == '+')
          << "scoped pending cell " << Cell(kScopedTypes[r], kScopedTypes[c]);
      obj.RemoveWaitingLocked(&pending);
    }
  }
}

}  // namespace
}  // namespace mdl
