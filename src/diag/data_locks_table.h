// performance_schema.data_locks and data_lock_waits (MySQL 8.0), built from storage's row-lock
// snapshot (storage/data_locks.h) joined with session snapshots for THREAD_ID / EVENT_ID.
//
// Pure functions; thread-safe.
#ifndef DIAG_DATA_LOCKS_TABLE_H_
#define DIAG_DATA_LOCKS_TABLE_H_

#include <cstdint>
#include <set>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"
#include "storage/data_locks.h"

namespace diag {

// data_locks, one row per lock of `locks`, in its order. ENGINE is INNODB; PARTITION_NAME and
// SUBPARTITION_NAME are NULL (no partitioning). THREAD_ID is the THREAD_ID of the session
// whose connection owns the transaction (NULL if that session is not in `sessions`).
// EVENT_ID: for a WAITING lock the event of the statement that waits (the one that requested
// it); NULL for a GRANTED lock (InnoDB records the statement that created the lock struct;
// mdld does not keep it per lock, to keep the row-lock path as cheap as it is).
sql::VirtualTable DataLocksTable(const storage::DataLockSnapshot& locks,
                                 const std::vector<SessionSnapshot>& sessions);

// data_lock_waits, one row per wait edge of `locks`.
sql::VirtualTable DataLockWaitsTable(const storage::DataLockSnapshot& locks,
                                     const std::vector<SessionSnapshot>& sessions);

// `locks` restricted to transactions whose connection id is in `thread_ids` (what a user
// without PROCESS may see), with wait edges between the remaining locks only.
storage::DataLockSnapshot OnlyConnections(storage::DataLockSnapshot locks,
                                          const std::set<uint64_t>& thread_ids);

}  // namespace diag

#endif  // DIAG_DATA_LOCKS_TABLE_H_
