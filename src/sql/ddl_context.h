// DdlContext: what DDL execution (ddl_executor.h, ddl_alter.h) needs from the session.
//
// The session acquires the statement's up-front locks (lock_plan.h) before calling the DDL
// code; the DDL code changes lock types per phase on those tickets (Upgrade / Downgrade
// through locks()), reaches named sync points between phases (docs/debug_sync.md) and
// reports its progress as processlist State. Used by the session's thread only.
#ifndef SQL_DDL_CONTEXT_H_
#define SQL_DDL_CONTEXT_H_

#include <string>
#include <string_view>

#include "mdl/lock_context.h"
#include "sql/exec_context.h"
#include "storage/status.h"

namespace storage {
class Engine;
}  // namespace storage

namespace sql {

class DdlContext {
 public:
  virtual ~DdlContext() = default;

  virtual storage::Engine& engine() = 0;
  virtual mdl::LockContext& locks() = 0;
  // @@lock_wait_timeout, for upgrades.
  virtual mdl::Timeout lock_wait_timeout() const = 0;
  // @@ddl_low_priority_window: how long DDL's exclusive requests (the upgrades here) wait at
  // low priority (mdl::LockRequest::low_priority_window); zero = MySQL's normal priority.
  virtual mdl::Timeout ddl_low_priority_window() const { return mdl::Timeout::zero(); }
  virtual const std::string& current_db() const = 0;
  // Runs the debug-sync action armed at `point`, if any. kQueryInterrupted when killed
  // while waiting there.
  virtual storage::Status SyncPoint(std::string_view point) = 0;
  // True once KILL QUERY / CONNECTION targeted the statement (checked between batches).
  virtual bool Killed() const = 0;
  // Processlist State ("altering table", "copy to tmp table", "committing alter table to
  // storage engine", ...).
  virtual void SetStage(std::string_view state) = 0;
  // Notes/warnings (IF NOT EXISTS / IF EXISTS notes).
  virtual void PushWarning(WarningLevel level, const SqlError& warning) = 0;
};

}  // namespace sql

#endif  // SQL_DDL_CONTEXT_H_
