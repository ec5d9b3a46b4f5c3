// IdleBlockerMonitor: mdl_idle_blocker_timeout, idle blockers that do not live forever.
//
// The seeds' pain: a session sits idle inside an open transaction (BEGIN; SELECT ..., or
// autocommit=0) or with explicit locks (LOCK TABLES, FLUSH TABLES WITH READ LOCK, GET_LOCK);
// an ALTER TABLE waits for its metadata lock, and every later statement on the table queues
// behind the ALTER. MySQL waits forever (lock_wait_timeout defaults to a year). Here, a
// session that
//   - is idle (between commands, Command = Sleep),
//   - is a root blocker (snapshot.h: blocks a waiter, directly or through a queue, and is
//     not waiting itself), and
//   - has kept that waiter waiting, while it stayed idle, for at least its own SESSION
//     mdl_idle_blocker_timeout seconds (0 = never)
// is disconnected as by KILL CONNECTION: its transaction rolls back, its locks go, and the
// waiter and everything queued behind it proceed. Its client gets a 4031-shaped error naming
// the waiting session (mysql_error.h: IdleBlockerDisconnectedError).
//
// Cost: nothing on the statement path. Sessions report the start and end of each metadata
// lock wait (one atomic counter, plus a signal on 0 -> 1); the monitor thread sleeps
// until some wait is in progress and then looks at most once per kScanInterval: registry
// idle states first (cheap), and a LockManager::TakeSnapshot only if some idle session has
// a non-zero timeout.
//
// Races: the victim is chosen from a snapshot, but disconnected only through
// SessionRegistry::DisconnectIfIdle, which re-checks under the session's state mutex that the
// session has begun no command since its idle state was read. A session that woke up first
// runs its command normally; one that wakes up just after is killed before its command is
// dispatched (Connection::Run checks after BeginCommand) and its reply is the error.
//
// Thread safety: every method may be called from any thread. Concurrent ScanOnce() passes
// (the monitor thread and a test) may choose the same victim; DisconnectIfIdle lets only one
// of them disconnect it.
#ifndef SERVER_IDLE_BLOCKER_MONITOR_H_
#define SERVER_IDLE_BLOCKER_MONITOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "mdl/lock_manager.h"
#include "mdl/snapshot.h"
#include "server/session_registry.h"

namespace server {

// A session chosen for disconnection, and why.
struct IdleBlockerVictim {
  uint64_t blocker = 0;
  uint64_t command_seq = 0;      // SessionIdleState::command_seq it was chosen with
  uint64_t timeout_seconds = 0;  // the blocker's mdl_idle_blocker_timeout
  // The waiter that waited longest while the blocker was idle, and for how long.
  uint64_t waiter = 0;
  std::chrono::steady_clock::duration waited{};
  std::chrono::steady_clock::duration idle{};  // how long the blocker has been idle
  // The blocker's lock that the chain from `waiter` ends on.
  mdl::LockKey key;
  mdl::LockType blocker_type = mdl::LockType::kSharedRead;
  mdl::LockDuration blocker_duration = mdl::LockDuration::kTransaction;
};

// The victims at `now`, one per blocker, sorted by blocker id. Pure: everything comes from
// the arguments (tests pass a hand-built snapshot and a fake `now`). A waiter's wait counts
// from its pending ticket's `since`; a blocker's idleness from `idle_since`; the clock of a
// (waiter, blocker) pair starts at the later of the two, so a blocker that ran a command
// restarts it.
std::vector<IdleBlockerVictim> SelectIdleBlockers(const mdl::LockSnapshot& snapshot,
                                                  const std::vector<SessionIdleState>& sessions,
                                                  std::chrono::steady_clock::time_point now);

class IdleBlockerMonitor {
 public:
  // How often the thread looks while some metadata lock wait is in progress.
  static constexpr std::chrono::milliseconds kScanInterval{1000};

  // Starts the monitor thread. `locks` and `registry` must outlive the monitor.
  IdleBlockerMonitor(const mdl::LockManager* locks, SessionRegistry* registry);
  // Stops and joins the thread.
  ~IdleBlockerMonitor();
  IdleBlockerMonitor(const IdleBlockerMonitor&) = delete;
  IdleBlockerMonitor& operator=(const IdleBlockerMonitor&) = delete;

  // Sessions call these around every metadata lock wait (mdl::Owner::OnWaitBegin/OnWaitEnd).
  void OnWaitBegin() MDL_EXCLUDES(mu_);
  void OnWaitEnd();

  // Sessions disconnected so far (SHOW STATUS Mdl_idle_blockers_disconnected).
  uint64_t disconnected() const { return disconnected_.load(std::memory_order_relaxed); }

  // One pass at `now`: selects and disconnects victims, logs each one on stderr. Returns
  // those actually disconnected (a victim that began a command meanwhile is spared).
  std::vector<IdleBlockerVictim> ScanOnce(std::chrono::steady_clock::time_point now);

 private:
  void Run() MDL_EXCLUDES(mu_);

  const mdl::LockManager* const locks_;
  SessionRegistry* const registry_;
  // Metadata lock waits in progress. seq_cst with the check under mu_ in Run(): OnWaitBegin
  // signals under mu_ on 0 -> 1, so the thread never sleeps through the first wait.
  std::atomic<int64_t> waits_{0};
  std::atomic<uint64_t> disconnected_{0};  // relaxed: statistics
  base::Mutex mu_;
  base::CondVar cv_;
  bool stop_ MDL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: started when everything above is initialized
};

}  // namespace server

#endif  // SERVER_IDLE_BLOCKER_MONITOR_H_
