#include "diag/data_locks_table.h"

#include <cstdint>

#include "diag/innodb_trx_table.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

namespace {

Value TextOrNull(const std::string& s) { return s.empty() ? Value() : Value::String(s); }

Value ThreadId(const storage::DataLock& l, const std::vector<SessionSnapshot>& sessions) {
  const SessionSnapshot* s = FindSession(sessions, l.thread_id);
  return s == nullptr ? Value() : Value::UInt(s->thread_id);
}

Value EventId(const storage::DataLock& l, const std::vector<SessionSnapshot>& sessions) {
  if (l.granted) return Value();
  const SessionSnapshot* s = FindSession(sessions, l.thread_id);
  return s == nullptr || !s->statement_running || s->statement.event_id == 0 ? Value()
                                                                   : Value::UInt(s->statement.event_id);
}

}  // namespace

sql::VirtualTable DataLocksTable(const storage::DataLockSnapshot& locks,
                                 const std::vector<SessionSnapshot>& sessions) {
  sql::VirtualTable t;
  t.columns = {VarcharColumn("ENGINE", 32, true),
               VarcharColumn("ENGINE_LOCK_ID", 128, true),
               BigIntColumn("ENGINE_TRANSACTION_ID", true, false),
               BigIntColumn("THREAD_ID", true, false),
               BigIntColumn("EVENT_ID", true, false),
               VarcharColumn("OBJECT_SCHEMA", 64, false),
               VarcharColumn("OBJECT_NAME", 64, false),
               VarcharColumn("PARTITION_NAME", 64, false),
               VarcharColumn("SUBPARTITION_NAME", 64, false),
               VarcharColumn("INDEX_NAME", 64, false),
               BigIntColumn("OBJECT_INSTANCE_BEGIN", true, true),
               VarcharColumn("LOCK_TYPE", 32, true),
               VarcharColumn("LOCK_MODE", 32, true),
               VarcharColumn("LOCK_STATUS", 32, true),
               VarcharColumn("LOCK_DATA", 8192, false)};
  for (const storage::DataLock& l : locks.locks) {
    t.rows.push_back({Value::String("INNODB"), Value::String(l.engine_lock_id),
                      Value::UInt(l.trx_id), ThreadId(l, sessions), EventId(l, sessions),
                      TextOrNull(l.object_schema), TextOrNull(l.object_name), Value(), Value(),
                      l.record ? TextOrNull(l.index_name) : Value(), Value::UInt(l.object_instance),
                      Value::String(l.record ? "RECORD" : "TABLE"), Value::String(l.lock_mode),
                      Value::String(l.granted ? "GRANTED" : "WAITING"),
                      l.record ? Value::String(l.lock_data) : Value()});
  }
  return t;
}

sql::VirtualTable DataLockWaitsTable(const storage::DataLockSnapshot& locks,
                                     const std::vector<SessionSnapshot>& sessions) {
  sql::VirtualTable t;
  t.columns = {VarcharColumn("ENGINE", 32, true),
               VarcharColumn("REQUESTING_ENGINE_LOCK_ID", 128, true),
               BigIntColumn("REQUESTING_ENGINE_TRANSACTION_ID", true, false),
               BigIntColumn("REQUESTING_THREAD_ID", true, false),
               BigIntColumn("REQUESTING_EVENT_ID", true, false),
               BigIntColumn("REQUESTING_OBJECT_INSTANCE_BEGIN", true, true),
               VarcharColumn("BLOCKING_ENGINE_LOCK_ID", 128, true),
               BigIntColumn("BLOCKING_ENGINE_TRANSACTION_ID", true, false),
               BigIntColumn("BLOCKING_THREAD_ID", true, false),
               BigIntColumn("BLOCKING_EVENT_ID", true, false),
               BigIntColumn("BLOCKING_OBJECT_INSTANCE_BEGIN", true, true)};
  for (const storage::DataLockWait& w : locks.waits) {
    const storage::DataLock& r = locks.locks.at(w.requesting);
    const storage::DataLock& b = locks.locks.at(w.blocking);
    t.rows.push_back({Value::String("INNODB"), Value::String(r.engine_lock_id),
                      Value::UInt(r.trx_id), ThreadId(r, sessions), EventId(r, sessions),
                      Value::UInt(r.object_instance), Value::String(b.engine_lock_id),
                      Value::UInt(b.trx_id), ThreadId(b, sessions), EventId(b, sessions),
                      Value::UInt(b.object_instance)});
  }
  return t;
}

storage::DataLockSnapshot OnlyConnections(storage::DataLockSnapshot locks,
                                          const std::set<uint64_t>& thread_ids) {
  storage::DataLockSnapshot out;
  std::vector<size_t> position(locks.locks.size(), SIZE_MAX);
  for (size_t i = 0; i < locks.locks.size(); ++i) {
    if (thread_ids.count(locks.locks[i].thread_id) == 0) continue;
    position[i] = out.locks.size();
    out.locks.push_back(std::move(locks.locks[i]));
  }
  for (const storage::DataLockWait& w : locks.waits) {
    if (position.at(w.requesting) == SIZE_MAX || position.at(w.blocking) == SIZE_MAX) continue;
    out.waits.push_back({position[w.requesting], position[w.blocking]});
  }
  return out;
}

}  // namespace diag
