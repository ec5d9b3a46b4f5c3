// FastPathCounters: the lock-free "fast path" of one lock object (MySQL's
// MDL_lock::m_fast_path_state, WL#7304/WL#7306), striped for hot locks.
//
// MySQL keeps one 64-bit word per lock: three 20-bit counters of granted unobtrusive locks
// (S+SH, SR, SW+SWLP; or one 60-bit IX counter for scoped locks) plus flags, updated with
// CAS. With many threads taking SR on ONE table that word is a single contended cache line.
// Here the word is split into `n` stripes, each on its own cache line, with the same layout;
// every context always uses the same stripe (assigned round-robin at creation), so two
// connections on one hot table touch different lines.
//
// The HAS_OBTRUSIVE flag is replicated in every stripe:
//   [F1] A fast acquire succeeds only by CAS on a stripe whose flag is clear.
//   [F2] An obtrusive request sets the flag on every stripe (fetch_or, under the lock object's
//        mutex) *before* reading the counters; after that no fast acquire can succeed until
//        the flag is cleared, so the sums it reads are exact and only decrease.
//   [F3] While the flag is set, counters change only under the lock object's mutex (fast
//        releases that see the flag take the mutex: MySQL's [INV1]).
//
// Slots (beyond MySQL): a PreparedLock handle (prepared_state.h) counts its grant in a
// FastPathSlot, a word of the same layout that only its context writes, registered with the
// object while the handle lives. Granting and releasing through a slot takes no
// read-modify-write at all: the owner stores the slot and then checks the flag, with the
// asymmetric fence of asymmetric_fence.h between the two; SetObtrusive() sets the flag and
// then runs the heavy fence before anyone reads the slots. So [F1]-[F3] hold for slots too:
//   [F1'] A slot grant stands only if its owner, after storing the slot, saw the flag clear;
//         otherwise the owner clears the slot again under the mutex (and reschedules waiters,
//         which may have counted it meanwhile).
//   [F2'] After SetObtrusive() returns, every slot store that the flag check did not refuse is
//         visible: the sums read under the mutex include every standing slot grant.
//   [F3'] While the flag is set, a slot is cleared only by its owner, which then takes the
//         mutex to reschedule waiters (or clears it under the mutex).
#ifndef MDL_FAST_PATH_H_
#define MDL_FAST_PATH_H_

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "mdl/asymmetric_fence.h"
#include "mdl/compat_matrix.h"

namespace mdl {
namespace internal {

// One PreparedLock handle's fast-path count (see above). `word` is written only by the owning
// context (StoreThenFence, or a plain store under the object's mutex) and read by any thread
// holding the object's mutex; prev/next are guarded by the object's mutex. On its own cache
// line: the owner's stores must not bounce a line that other contexts write.
struct alignas(64) FastPathSlot {
  std::atomic<uint64_t> word{0};
  FastPathSlot* prev = nullptr;
  FastPathSlot* next = nullptr;
};

class FastPathCounters {
 public:
  static constexpr uint64_t kHasObtrusive = uint64_t{1} << 61;
  static constexpr size_t kMaxStripes = 64;

  // REQUIRES: stripes is a power of two in [1, kMaxStripes].
  explicit FastPathCounters(size_t stripes) : stripes_(new Stripe[stripes]), mask_(stripes - 1) {}

  size_t stripes() const { return mask_ + 1; }

  // The counter word of `stripe`, for callers that cache it (PreparedLock: the address is
  // stable for the object's lifetime). Same protocol as TryAcquire()/TryRelease().
  std::atomic<uint64_t>& word(size_t stripe) { return stripes_[stripe & mask_].word; }

  // [F1]. False if the obtrusive flag is set or the counter field is full (the caller then
  // takes the slow path). acquire on success: pairs with the release in Release() and with
  // the fetch_or in SetObtrusive().
  bool TryAcquire(size_t stripe, uint64_t increment, uint64_t field_mask) {
    std::atomic<uint64_t>& w = stripes_[stripe & mask_].word;
    uint64_t v = w.load(std::memory_order_relaxed);
    for (;;) {
      if ((v & kHasObtrusive) != 0) return false;
      if (((v >> std::countr_zero(increment)) & field_mask) == field_mask) return false;  // full
      if (w.compare_exchange_weak(v, v + increment, std::memory_order_acq_rel,
                                  std::memory_order_relaxed)) {
        return true;
      }
    }
  }

  // Releases one fast-path lock without the mutex. False if the obtrusive flag is set: the
  // caller must then call ReleaseLocked() under the lock object's mutex ([F3]).
  bool TryRelease(size_t stripe, uint64_t increment) {
    std::atomic<uint64_t>& w = stripes_[stripe & mask_].word;
    uint64_t v = w.load(std::memory_order_relaxed);
    for (;;) {
      if ((v & kHasObtrusive) != 0) return false;
      if (w.compare_exchange_weak(v, v - increment, std::memory_order_acq_rel,
                                  std::memory_order_relaxed)) {
        return true;
      }
    }
  }

  // Unconditional add/subtract. REQUIRES: the lock object's mutex is held, or the flag is
  // known to be clear and the caller already holds a compatible fast-path lock (clones).
  void AddLocked(size_t stripe, uint64_t increment) {
    stripes_[stripe & mask_].word.fetch_add(increment, std::memory_order_acq_rel);
  }
  void ReleaseLocked(size_t stripe, uint64_t increment) {
    stripes_[stripe & mask_].word.fetch_sub(increment, std::memory_order_acq_rel);
  }

  // [F2], [F2']. REQUIRES: the lock object's mutex. seq_cst: the heavy side of the
  // slots' Dekker protocol (asymmetric_fence.h).
  void SetObtrusive() {
    for (size_t i = 0; i <= mask_; ++i) {
      stripes_[i].word.fetch_or(kHasObtrusive, std::memory_order_seq_cst);
    }
    if (slots_ != nullptr) HeavyFence();
  }
  void ClearObtrusive() {
    for (size_t i = 0; i <= mask_; ++i) {
      stripes_[i].word.fetch_and(~kHasObtrusive, std::memory_order_acq_rel);
    }
  }

  // Granted bitmap of all fast-path locks, stripes and slots. Exact when the flag is set and
  // the mutex held; otherwise a racy estimate (used only where unobtrusive types cannot
  // conflict). REQUIRES: the lock object's mutex (the slot list).
  Bitmap GrantedBitmap(const LockStrategy& strategy) const {
    uint64_t s = 0, sr = 0, sw = 0;
    auto add = [&](uint64_t v) {
      v &= ~kHasObtrusive;
      if (strategy.scoped) {
        s += v & kFastPathScopedMask;
      } else {
        s += v & kFastPathFieldMask;
        sr += (v >> kFastPathFieldBits) & kFastPathFieldMask;
        sw += (v >> (2 * kFastPathFieldBits)) & kFastPathFieldMask;
      }
    };
    for (size_t i = 0; i <= mask_; ++i) add(stripes_[i].word.load(std::memory_order_seq_cst));
    for (const FastPathSlot* p = slots_; p != nullptr; p = p->next) {
      add(p->word.load(std::memory_order_seq_cst));
    }
    return strategy.FastPathBitmap(s, sr, sw);
  }

  // True if no fast-path lock is counted in any stripe or slot. REQUIRES: the mutex.
  bool Empty() const {
    for (size_t i = 0; i <= mask_; ++i) {
      if ((stripes_[i].word.load(std::memory_order_acquire) & ~kHasObtrusive) != 0) return false;
    }
    for (const FastPathSlot* p = slots_; p != nullptr; p = p->next) {
      if (p->word.load(std::memory_order_acquire) != 0) return false;
    }
    return true;
  }

  // Registers / unregisters a PreparedLock handle's slot. REQUIRES: the lock object's mutex;
  // RemoveSlot: the slot's word is 0.
  void AddSlot(FastPathSlot* slot) {
    slot->prev = nullptr;
    slot->next = slots_;
    if (slots_ != nullptr) slots_->prev = slot;
    slots_ = slot;
  }
  void RemoveSlot(FastPathSlot* slot) {
    if (slot->prev != nullptr) {
      slot->prev->next = slot->next;
    } else {
      slots_ = slot->next;
    }
    if (slot->next != nullptr) slot->next->prev = slot->prev;
    slot->prev = slot->next = nullptr;
  }

 private:
  struct alignas(64) Stripe {
    // Counters (see compat_matrix.h for the layout) | kHasObtrusive.
    std::atomic<uint64_t> word{0};
  };
  std::unique_ptr<Stripe[]> stripes_;
  const size_t mask_;
  FastPathSlot* slots_ = nullptr;  // guarded by the lock object's mutex
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_FAST_PATH_H_
