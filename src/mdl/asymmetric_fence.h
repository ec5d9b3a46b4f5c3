// Asymmetric Dekker synchronisation between a frequent "light" side and a rare "heavy" side.
//
// Why: a PreparedLock grant (prepared_state.h) is published in a word only its own context
// writes (FastPathSlot, fast_path.h), after which the context checks the lock object's
// obtrusive flag; an obtrusive request sets the flag and then reads the slots. That is
// Dekker's pattern: each side stores, then loads the other side's word, and at least one of
// them must see the other's store. With ordinary fences both sides pay a StoreLoad barrier (a
// locked instruction, as costly as the CAS the slot replaces) on every acquire and release.
// Linux's membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) lets the rare side pay for both: it
// makes every running thread of the process execute a full memory barrier before it returns,
// so the light side needs only a compiler barrier. This is the technique of the kernel's RCU
// and of folly's asymmetric_thread_fence_{light,heavy}; the heavy side costs a few
// microseconds (an IPI to the CPUs running this process), paid only by obtrusive requests on
// objects that have slots (DDL, LOCK TABLES), never by the statements' shared locks.
//
// Fallback, when membarrier is not available (kernel < 4.14, seccomp, valgrind) and under
// ThreadSanitizer (which does not model it): the light store is a seq_cst exchange and the
// loads are seq_cst, so both sides are ordinary seq_cst Dekker: one locked instruction per
// light step, on a line no other context writes.
//
// Protocol (both modes): light side StoreThenFence(slot, v), then a seq_cst load of the flag;
// heavy side a seq_cst read-modify-write of the flag, HeavyFence(), then seq_cst loads of the
// slots. Outcome: the light side sees the flag, or the heavy side sees the slot's new value,
// or both.
#ifndef MDL_ASYMMETRIC_FENCE_H_
#define MDL_ASYMMETRIC_FENCE_H_

#include <atomic>
#include <cstdint>

namespace mdl {
namespace internal {

// True once InitAsymmetricFences() has registered the process for expedited membarrier.
// Written once, inside the first LockManager's constructor (std::call_once), before any
// context exists; read-only afterwards.
extern bool g_light_fences;

// Idempotent and thread-safe. LockManagerImpl's constructor calls it.
void InitAsymmetricFences();

// Light side: stores `v` into `word`; a later seq_cst load by this thread is not performed
// before the store is visible to a heavy side that has passed HeavyFence().
inline void StoreThenFence(std::atomic<uint64_t>& word, uint64_t v) {
  if (g_light_fences) [[likely]] {
    word.store(v, std::memory_order_release);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  } else {
    word.exchange(v, std::memory_order_seq_cst);
  }
}

// Heavy side, after its seq_cst read-modify-write and before loading light-side words.
void HeavyFence();

}  // namespace internal
}  // namespace mdl

#endif  // MDL_ASYMMETRIC_FENCE_H_
