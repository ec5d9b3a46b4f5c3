// Sync points for tests, modelled on MySQL's DEBUG_SYNC facility (a subset).
//
//   SET debug_sync = 'alter_table_copy SIGNAL copying WAIT_FOR go';  -- arm a point
//   SET debug_sync = 'now WAIT_FOR copying';    -- another session: wait for the signal
//   SET debug_sync = 'now SIGNAL go';           -- release the ALTER
//   SET debug_sync = 'RESET';                   -- clear all signals and this session's points
//
// Grammar (case-insensitive keywords):
//   <point> [SIGNAL <signal>] [WAIT_FOR <signal> [TIMEOUT <seconds>]] [EXECUTE <n>]
//   <point> CLEAR
//   now ...          acts at once instead of arming a point
//   RESET
// Semantics as MySQL: signals are server-wide names in a set; WAIT_FOR waits until its
// signal is present and then consumes it; an armed point fires when the session's code
// reaches it (SIGNAL first, then WAIT_FOR), at most EXECUTE times (default once) and is
// then disarmed. A wait ends early when the session is killed (KILL QUERY / CONNECTION) and
// after TIMEOUT seconds (default 300, MySQL's debug_sync_timeout); a timed-out wait pushes
// MySQL's warning "debug sync point wait timed out" and the statement continues.
//
// Point names the server reaches are listed in docs/debug_sync.md.
//
// DebugSyncSignals is shared by all sessions and thread-safe. DebugSyncActions is one
// session's armed points, used by that session's thread only.
#ifndef SERVER_SESSION_DEBUG_SYNC_H_
#define SERVER_SESSION_DEBUG_SYNC_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/mutex.h"
#include "storage/status.h"

namespace server {

class DebugSyncSignals {
 public:
  void Signal(const std::string& name) MDL_EXCLUDES(mu_);
  // Waits until `name` is signalled (then consumes it), `killed()` returns true, or
  // `timeout` passes. Returns true if the signal arrived. `killed` is re-checked whenever
  // WakeAll() runs, so a killer must call WakeAll() after setting its flag.
  bool WaitFor(const std::string& name, std::chrono::milliseconds timeout,
               const std::function<bool()>& killed) MDL_EXCLUDES(mu_);
  // Wakes every waiter to re-check its kill flag.
  void WakeAll() MDL_EXCLUDES(mu_);
  void Reset() MDL_EXCLUDES(mu_);
  bool IsSet(const std::string& name) const MDL_EXCLUDES(mu_);

 private:
  mutable base::Mutex mu_;
  base::CondVar cv_;
  std::set<std::string> signals_ MDL_GUARDED_BY(mu_);
};

struct DebugSyncAction {
  std::string signal;    // empty: none
  std::string wait_for;  // empty: none
  std::chrono::milliseconds timeout = std::chrono::seconds(300);
  uint32_t execute = 1;  // remaining hits
};

class DebugSyncActions {
 public:
  explicit DebugSyncActions(DebugSyncSignals* signals) : signals_(signals) {}

  // Applies one `SET debug_sync = '<text>'`. A `now` action runs at once (and may wait).
  // Errors: kWrongValueForVar "Variable 'debug_sync' can't be set to the value of '<text>'"
  // for a malformed text. `killed` and `on_timeout` as in Hit().
  storage::Status Set(std::string_view text, const std::function<bool()>& killed,
                      const std::function<void()>& on_timeout);

  // Called when the session's code reaches `point`: runs the armed action, if any. Returns
  // kQueryInterrupted if the session was killed while waiting. `on_timeout` is called when a
  // WAIT_FOR timed out (the caller pushes the warning).
  storage::Status Hit(std::string_view point, const std::function<bool()>& killed,
                      const std::function<void()>& on_timeout);

  bool empty() const { return actions_.empty(); }

 private:
  storage::Status Run(const DebugSyncAction& action, const std::function<bool()>& killed,
                      const std::function<void()>& on_timeout);

  DebugSyncSignals* signals_;
  std::map<std::string, DebugSyncAction, std::less<>> actions_;
};

}  // namespace server

#endif  // SERVER_SESSION_DEBUG_SYNC_H_
