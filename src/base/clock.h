// Clock: the time source for timeouts and timestamps, injectable so tests can control time.
//
//   RealClock  - std::chrono::steady_clock (CoarseNow() uses CLOCK_MONOTONIC_COARSE).
//   FakeClock  - time moves only when the test calls Advance()/Set().
//
// Thread-safe: all methods of both implementations may be called concurrently.
#ifndef BASE_CLOCK_H_
#define BASE_CLOCK_H_

#include <time.h>

#include <atomic>
#include <chrono>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace base {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;

  virtual TimePoint Now() const = 0;
  // Cheaper, lower-resolution Now() (a few ms) for timestamps that are only displayed.
  virtual TimePoint CoarseNow() const { return Now(); }

  // Blocks on `cv` (with `mu` held) until it is signalled, a spurious wake-up happens, or
  // `deadline` (on this clock) passes. Callers re-check their predicate and Now() after it
  // returns. TimePoint::max() means no deadline.
  virtual void WaitUntil(CondVar* cv, Mutex* mu, TimePoint deadline) const MDL_REQUIRES(mu) = 0;

  // Saturating `now + d`.
  static TimePoint DeadlineAfter(TimePoint now, Duration d) {
    if (d >= TimePoint::max() - now) return TimePoint::max();
    return now + d;
  }

  // A process-wide RealClock.
  static Clock* Real();
};

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  TimePoint CoarseNow() const override {
#if defined(CLOCK_MONOTONIC_COARSE)
    // Same epoch as steady_clock (CLOCK_MONOTONIC) on Linux.
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::seconds(ts.tv_sec) +
                                                          std::chrono::nanoseconds(ts.tv_nsec)));
#else
    return Now();
#endif
  }
  void WaitUntil(CondVar* cv, Mutex* mu, TimePoint deadline) const override MDL_REQUIRES(mu) {
    if (deadline == TimePoint::max()) {
      cv->Wait(mu);
    } else {
      cv->WaitUntil(mu, deadline);
    }
  }
};

inline Clock* Clock::Real() {
  static RealClock clock;
  return &clock;
}

// Manually driven time for deterministic tests. Starts at an arbitrary fixed point.
// A waiter with a finite deadline re-checks the fake time every `poll` of real time (default
// 1 ms), so Advance() past its deadline wakes it within that bound; waits without deadline
// block until signalled.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::milliseconds poll = std::chrono::milliseconds(1))
      : poll_(poll) {}

  TimePoint Now() const override { return TimePoint(Duration(now_.load(std::memory_order_acquire))); }
  void Advance(Duration d) { now_.fetch_add(d.count(), std::memory_order_acq_rel); }
  void Set(TimePoint t) { now_.store(t.time_since_epoch().count(), std::memory_order_release); }

  void WaitUntil(CondVar* cv, Mutex* mu, TimePoint deadline) const override MDL_REQUIRES(mu) {
    if (deadline == TimePoint::max()) {
      cv->Wait(mu);
      return;
    }
    if (Now() >= deadline) return;
    cv->WaitUntil(mu, std::chrono::steady_clock::now() + poll_);
  }

 private:
  const std::chrono::milliseconds poll_;
  // Nanoseconds since the fake epoch (1000 s, so that "since" values are not zero).
  std::atomic<Duration::rep> now_{std::chrono::duration_cast<Duration>(std::chrono::seconds(1000)).count()};
};

}  // namespace base

#endif  // BASE_CLOCK_H_
