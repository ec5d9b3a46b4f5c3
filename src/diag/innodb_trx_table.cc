#include "diag/innodb_trx_table.h"

#include <algorithm>

#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

namespace {

constexpr uint64_t kInitialLockHeapBytes = 1136;
constexpr uint64_t kPreallocatedLockStructs = 16;
constexpr uint64_t kBytesPerExtraLockStruct = 256;
constexpr size_t kTrxQueryChars = 1024;  // trx_query is VARCHAR(1024)

bool StatementRunning(const SessionSnapshot* s) { return s != nullptr && s->statement_running; }

}  // namespace

TrxLockFootprint EstimateLockFootprint(const storage::TrxInfo& trx) {
  TrxLockFootprint f;
  f.lock_structs = 2 * trx.tables_locked;
  f.lock_memory_bytes =
      kInitialLockHeapBytes +
      (f.lock_structs > kPreallocatedLockStructs
           ? (f.lock_structs - kPreallocatedLockStructs) * kBytesPerExtraLockStruct
           : 0);
  f.weight = trx.rows_modified + f.lock_structs;
  return f;
}

const SessionSnapshot* FindSession(const std::vector<SessionSnapshot>& sessions,
                                   uint64_t thread_id) {
  for (const SessionSnapshot& s : sessions) {
    if (s.id == thread_id) return &s;
  }
  return nullptr;
}

sql::VirtualTable InnodbTrxTable(const std::vector<storage::TrxInfo>& trxs,
                                 const std::vector<SessionSnapshot>& sessions) {
  sql::VirtualTable t;
  t.columns = {BigIntColumn("trx_id", true, true),
               VarcharColumn("trx_state", 13, true),
               DateTimeColumn("trx_started", true),
               VarcharColumn("trx_requested_lock_id", 105, false),
               DateTimeColumn("trx_wait_started", false),
               BigIntColumn("trx_weight", true, true),
               BigIntColumn("trx_mysql_thread_id", true, true),
               VarcharColumn("trx_query", 1024, false),
               VarcharColumn("trx_operation_state", 64, false),
               BigIntColumn("trx_tables_in_use", true, true),
               BigIntColumn("trx_tables_locked", true, true),
               BigIntColumn("trx_lock_structs", true, true),
               BigIntColumn("trx_lock_memory_bytes", true, true),
               BigIntColumn("trx_rows_locked", true, true),
               BigIntColumn("trx_rows_modified", true, true),
               BigIntColumn("trx_concurrency_tickets", true, true),
               VarcharColumn("trx_isolation_level", 16, true),
               IntColumn("trx_unique_checks", true),
               IntColumn("trx_foreign_key_checks", true),
               VarcharColumn("trx_last_foreign_key_error", 256, false),
               IntColumn("trx_adaptive_hash_latched", true),
               BigIntColumn("trx_adaptive_hash_timeout", true, true),
               IntColumn("trx_is_read_only", true),
               IntColumn("trx_autocommit_non_locking", true),
               BigIntColumn("trx_schedule_weight", true, false)};
  std::vector<const storage::TrxInfo*> sorted;
  for (const auto& trx : trxs) sorted.push_back(&trx);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->trx_id < b->trx_id; });
  for (const storage::TrxInfo* trx : sorted) {
    const SessionSnapshot* s = FindSession(sessions, trx->thread_id);
    const bool running = StatementRunning(s);
    const bool waiting = trx->state == storage::TrxState::kLockWait;
    const TrxLockFootprint f = EstimateLockFootprint(*trx);
    Value query;
    if (running && s->info) query = Value::String(s->info->substr(0, kTrxQueryChars));
    const bool autocommit_non_locking = s != nullptr && s->autocommit && !s->in_transaction &&
                                        trx->rows_locked == 0 && trx->rows_modified == 0;
    t.rows.push_back(
        {Value::UInt(trx->trx_id), Value::String(storage::ToString(trx->state)),
         Value::DateTime(LocalDateTime(trx->started)),
         // The waiting lock's performance_schema.data_locks ENGINE_LOCK_ID (storage formats
         // both the same way), so trx_requested_lock_id joins data_lock_waits as in MySQL.
         waiting && !trx->requested_lock_id.empty() ? Value::String(trx->requested_lock_id)
                                                    : Value(),
         waiting && trx->wait_started ? Value::DateTime(LocalDateTime(*trx->wait_started))
                                      : Value(),
         Value::UInt(f.weight), Value::UInt(trx->thread_id), std::move(query),
         waiting ? Value::String("starting index read") : Value(),
         Value::UInt(running ? trx->tables_in_use : 0),
         Value::UInt(running ? trx->tables_locked : 0), Value::UInt(f.lock_structs),
         Value::UInt(f.lock_memory_bytes), Value::UInt(trx->rows_locked),
         Value::UInt(trx->rows_modified), Value::UInt(0),
         Value::String(storage::ToString(trx->isolation)), Value::Int(1), Value::Int(1), Value(),
         Value::Int(0), Value::UInt(0), Value::Int(trx->read_only ? 1 : 0),
         Value::Int(autocommit_non_locking ? 1 : 0), waiting ? Value::UInt(1) : Value()});
  }
  return t;
}

}  // namespace diag
