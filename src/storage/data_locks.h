// DataLockSnapshot: the row locks of all transactions, as performance_schema.data_locks and
// data_lock_waits show them (MySQL 8.0's InnoDB rows), taken by Engine::SnapshotDataLocks().
//
// What mdld's locks look like there:
//   RECORD locks  one per (transaction, row key, mode) held or requested. mdld runs every
//                 transaction READ COMMITTED-style without gap locks (transaction.h), so the
//                 modes are InnoDB's record-only ones: "X,REC_NOT_GAP" / "S,REC_NOT_GAP".
//                 Row locks are taken on the primary key only (also for unique checks), so
//                 INDEX_NAME is "PRIMARY" ("GEN_CLUST_INDEX" for a table with a hidden row
//                 id); LOCK_DATA is the key as InnoDB prints it: `5`, `'abc', 5`, NULL as
//                 `NULL`, a hidden row id as `0x000000000201`.
//   TABLE locks   the intention lock InnoDB takes before locking rows of a table: one per
//                 (transaction, table) with a held or requested row lock, "IX" if any of
//                 them is exclusive, else "IS"; always GRANTED (nothing in storage conflicts
//                 with intention locks; LOCK TABLES is a metadata lock in mdld).
// Waits: one edge per (requested record lock, granted record lock of another transaction on
// the same row that conflicts with it). mdld grants as soon as the holders allow, so queued
// requests never block each other (InnoDB would also list a conflicting request queued ahead).
//
// Plain values; thread-compatible.
#ifndef STORAGE_DATA_LOCKS_H_
#define STORAGE_DATA_LOCKS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace storage {

struct DataLock {
  // ENGINE_LOCK_ID. Record: RecordLockEngineId() ("<trx>:<table id>:<key hash>:<S|X>", the
  // same text INNODB_TRX.trx_requested_lock_id shows for a waiting transaction); table:
  // "<trx>:<table id>:<IS|IX>". Unique within a snapshot and stable while the lock exists.
  std::string engine_lock_id;
  uint64_t trx_id = 0;
  uint64_t thread_id = 0;  // the owner's TransactionOptions::thread_id (connection id)
  std::string object_schema;
  std::string object_name;
  bool record = false;     // LOCK_TYPE: RECORD, else TABLE
  std::string index_name;  // RECORD only
  std::string lock_mode;   // "IX", "IS", "X,REC_NOT_GAP", "S,REC_NOT_GAP"
  bool granted = true;     // LOCK_STATUS GRANTED / WAITING
  std::string lock_data;   // RECORD only
  // OBJECT_INSTANCE_BEGIN: InnoDB shows the lock struct's address; mdld a 64-bit hash of
  // engine_lock_id (as stable and as unique).
  uint64_t object_instance = 0;
  std::optional<std::chrono::system_clock::time_point> wait_started;  // WAITING only
};

struct DataLockWait {
  size_t requesting = 0;  // index into DataLockSnapshot::locks (a WAITING record lock)
  size_t blocking = 0;    // index of the GRANTED lock it waits for
};

struct DataLockSnapshot {
  // Ordered by trx id; within a transaction its table locks (by table id) before its record
  // locks (by table id, then key).
  std::vector<DataLock> locks;
  std::vector<DataLockWait> waits;
};

}  // namespace storage

#endif  // STORAGE_DATA_LOCKS_H_
