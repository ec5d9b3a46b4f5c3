// information_schema.INNODB_TRX, built from the storage engine's active transactions joined
// with session snapshots (for trx_query, and the per-statement columns).
//
// Pure functions; thread-safe.
#ifndef DIAG_INNODB_TRX_TABLE_H_
#define DIAG_INNODB_TRX_TABLE_H_

#include <cstdint>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"
#include "storage/transaction.h"

namespace diag {

// What InnoDB reports about a transaction's locks, estimated from mdld's row-lock counts.
// mdld has no pages and keeps no table-lock structs (performance_schema.data_locks derives one
// IX/IS row per table a transaction row-locked, see data_locks_table.h), so:
//   lock_structs      = 2 x tables with row locks (InnoDB: one IX table lock plus at least
//                       one record-lock struct per table whose rows it locks)
//   lock_memory_bytes = 1136 (InnoDB 8.0's initial per-transaction lock heap, which holds
//                       the preallocated pools of 8 table and 8 record lock structs) plus 256
//                       per struct beyond those 16
//   weight            = rows modified + lock structs (InnoDB's TRX_WEIGHT: undo records +
//                       lock structs)
struct TrxLockFootprint {
  uint64_t lock_structs = 0;
  uint64_t lock_memory_bytes = 0;
  uint64_t weight = 0;
};
TrxLockFootprint EstimateLockFootprint(const storage::TrxInfo& trx);

// The session whose connection id is `thread_id`, or nullptr.
const SessionSnapshot* FindSession(const std::vector<SessionSnapshot>& sessions,
                                   uint64_t thread_id);

// INNODB_TRX with MySQL 8.0's 25 columns, one row per transaction in `trxs` (which lists
// only started transactions: one whose statements all failed before touching a table has
// none, as in InnoDB), ordered by trx_id. Joined on trx_mysql_thread_id to `sessions`:
//   trx_query           the running statement; NULL while the session is idle
//   trx_operation_state "starting index read" while waiting for a row lock, else NULL
//   trx_tables_in_use / trx_tables_locked  the transaction's tables while a statement runs,
//                       0 while idle (InnoDB counts them per statement)
//   trx_autocommit_non_locking  1 for an autocommit statement's transaction that has
//                       neither locked nor changed rows
//   trx_schedule_weight 1 while in LOCK WAIT (mdld queues row-lock waiters FIFO, without
//                       CATS weights), else NULL
// mdld has no foreign keys, adaptive hash index or concurrency tickets: trx_unique_checks
// and trx_foreign_key_checks read 1, the others 0 / NULL.
sql::VirtualTable InnodbTrxTable(const std::vector<storage::TrxInfo>& trxs,
                                 const std::vector<SessionSnapshot>& sessions);

}  // namespace diag

#endif  // DIAG_INNODB_TRX_TABLE_H_
