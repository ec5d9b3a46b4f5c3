#include "diag/diagnostic_tables.h"

#include "diag/data_locks_table.h"
#include "diag/innodb_lock_waits.h"
#include "diag/innodb_status.h"
#include "diag/innodb_trx_table.h"
#include "diag/metadata_lock_blockers.h"
#include "diag/metadata_locks_table.h"
#include "diag/processlist_table.h"
#include "diag/schema_table_lock_waits.h"
#include "diag/statements_current_table.h"
#include "diag/threads_table.h"

namespace diag {

std::optional<sql::VirtualTable> OpenDiagnosticTable(std::string_view db, std::string_view name,
                                                     const DiagnosticSources& src) {
  if (db == "information_schema") {
    if (name == "processlist") return ProcesslistTable(src.sessions(), src.now);
    if (name == "innodb_trx") return InnodbTrxTable(src.transactions(), src.sessions());
    return std::nullopt;
  }
  if (db == "performance_schema") {
    if (name == "threads") return ThreadsTable(src.sessions(), src.now);
    if (name == "events_statements_current") {
      return EventsStatementsCurrentTable(src.sessions(), src.now, src.server_start);
    }
    if (name == "events_statements_history") {
      return EventsStatementsHistoryTable(src.sessions(), src.now, src.server_start);
    }
    if (name == "metadata_locks") return MetadataLocksTable(src.locks());
    if (name == "data_locks") {
      const storage::DataLockSnapshot locks = src.data_locks();
      return DataLocksTable(locks, src.sessions());
    }
    if (name == "data_lock_waits") {
      const storage::DataLockSnapshot locks = src.data_locks();
      return DataLockWaitsTable(locks, src.sessions());
    }
    return std::nullopt;
  }
  if (db == "sys") {
    // Locks first, then sessions: a session seen waiting in the lock snapshot is then seen
    // no earlier than that in its own snapshot.
    if (name == "schema_table_lock_waits" || name == "x$schema_table_lock_waits") {
      const mdl::LockSnapshot locks = src.locks();
      return SchemaTableLockWaits(locks, src.sessions(), src.now,
                                  /*raw=*/name == "x$schema_table_lock_waits");
    }
    if (name == "metadata_lock_blockers") {
      const mdl::LockSnapshot locks = src.locks();
      return MetadataLockBlockers(locks, src.sessions(), src.now);
    }
    if (name == "innodb_lock_waits" || name == "x$innodb_lock_waits") {
      // Locks, then transactions, then sessions: a transaction seen waiting in the lock
      // snapshot is still waiting, or has moved on, in the later ones, never the reverse.
      const storage::DataLockSnapshot locks = src.data_locks();
      const std::vector<storage::TrxInfo> trxs = src.transactions();
      return InnodbLockWaits(locks, trxs, src.sessions(), src.wall_now,
                             /*raw=*/name == "x$innodb_lock_waits");
    }
    return std::nullopt;
  }
  return std::nullopt;
}

sql::ResultSet ShowEngineInnodbStatus(const DiagnosticSources& src) {
  return ShowEngineInnodbStatus(src.transactions(), src.sessions(), src.wall_now);
}

}  // namespace diag
