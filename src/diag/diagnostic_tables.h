// The one entry point through which a session opens diagnostic tables: which
// information_schema / performance_schema / sys tables exist, and what each is built from.
//
//   information_schema.PROCESSLIST, INNODB_TRX
//   performance_schema.threads, events_statements_current, events_statements_history,
//                      metadata_locks, data_locks, data_lock_waits
//   sys.schema_table_lock_waits, x$schema_table_lock_waits, metadata_lock_blockers,
//       innodb_lock_waits, x$innodb_lock_waits
// plus SHOW ENGINE INNODB STATUS.
//
// Each table takes only the snapshots it needs, when it is opened. Thread-safe as far as the
// source functions are.
#ifndef DIAG_DIAGNOSTIC_TABLES_H_
#define DIAG_DIAGNOSTIC_TABLES_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"
#include "sql/statement_result.h"
#include "sql/virtual_table.h"
#include "storage/data_locks.h"
#include "storage/transaction.h"

namespace diag {

// Where the tables' data comes from. Every function must be set.
struct DiagnosticSources {
  // The sessions the reader may see (all of them with PROCESS, else the reader's own).
  std::function<std::vector<SessionSnapshot>()> sessions;
  std::function<mdl::LockSnapshot()> locks;
  std::function<std::vector<storage::TrxInfo>()> transactions;  // storage's active trxs
  std::function<storage::DataLockSnapshot()> data_locks;        // storage's row locks
  std::chrono::steady_clock::time_point server_start;  // origin of performance_schema timers
  std::chrono::steady_clock::time_point now;
  std::chrono::system_clock::time_point wall_now;
};

// The table `name` of `db` (both lower-case), or nullopt if this module does not provide it
// (the caller may then look elsewhere, e.g. the information_schema catalog tables).
std::optional<sql::VirtualTable> OpenDiagnosticTable(std::string_view db, std::string_view name,
                                                     const DiagnosticSources& sources);

// SHOW ENGINE INNODB STATUS (innodb_status.h).
sql::ResultSet ShowEngineInnodbStatus(const DiagnosticSources& sources);

}  // namespace diag

#endif  // DIAG_DIAGNOSTIC_TABLES_H_
