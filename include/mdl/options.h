// Options for a LockManager. Names follow MySQL's system variables where one exists.
#ifndef MDL_OPTIONS_H_
#define MDL_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <limits>

namespace base {
class Clock;  // src/base/clock.h: steady clock interface (RealClock, FakeClock for tests)
}  // namespace base

namespace mdl {

struct Options {
  // MySQL's max_write_lock_count: after this many successive grants of "hog" (SNW, SNRW, X)
  // or "piglet" (SW vs waiting SRO) locks while weaker requests wait, the priority matrix
  // switches so the starved requests go first. Default: unlimited (MySQL's default).
  uint64_t max_write_lock_count = std::numeric_limits<uint64_t>::max();

  // Time source for timeouts and "since" timestamps. nullptr: the real steady clock. Not
  // owned; must outlive the manager.
  base::Clock* clock = nullptr;

  // Shards of the key -> lock-object map (rounded up to a power of two).
  size_t num_shards = 64;

  // Fast-path counter stripes per lock object (rounded up to a power of two, max 64). Each
  // context is assigned one stripe round-robin, so up to this many contexts take the same
  // hot lock without sharing a cache line. 0: chosen from the CPU count (at least 4).
  size_t fast_path_stripes = 0;

  // Idle lock objects each context keeps pinned after releasing its locks on them, so that a
  // connection re-locking the same tables never touches the shared map. Bounds memory:
  // live lock objects <= keys currently locked + contexts * this.
  size_t context_cache_size = 16;

  // Unobtrusive locks (S, SH, SR, SW, SWLP on objects; IX on scoped keys) take the
  // lock-free fast path. false: everything goes through the lock object's mutex (for
  // testing and comparison).
  bool enable_fast_path = true;
};

}  // namespace mdl

#endif  // MDL_OPTIONS_H_
