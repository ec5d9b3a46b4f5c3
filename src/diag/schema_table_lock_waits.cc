#include "diag/schema_table_lock_waits.h"

#include <map>

#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

sql::VirtualTable SchemaTableLockWaits(const mdl::LockSnapshot& locks,
                                       const std::vector<SessionSnapshot>& sessions,
                                       std::chrono::steady_clock::time_point now, bool raw) {
  sql::VirtualTable t;
  sql::ColumnInfo account = LongTextColumn("waiting_account", false);
  sql::ColumnInfo blocking_account = LongTextColumn("blocking_account", false);
  t.columns = {VarcharColumn("object_schema", 64, false),
               VarcharColumn("object_name", 64, false),
               BigIntColumn("waiting_thread_id", true, true),
               BigIntColumn("waiting_pid", true, false),
               account,
               VarcharColumn("waiting_lock_type", 32, true),
               VarcharColumn("waiting_lock_duration", 32, true),
               LongTextColumn("waiting_query", false),
               BigIntColumn("waiting_query_secs", false, false),
               BigIntColumn("waiting_query_rows_affected", true, false),
               BigIntColumn("waiting_query_rows_examined", true, false),
               BigIntColumn("blocking_thread_id", true, true),
               BigIntColumn("blocking_pid", true, false),
               blocking_account,
               VarcharColumn("blocking_lock_type", 32, true),
               VarcharColumn("blocking_lock_duration", 32, true),
               VarcharColumn("sql_kill_blocking_query", 31, false),
               VarcharColumn("sql_kill_blocking_connection", 25, false)};
  // threads is keyed by THREAD_ID; metadata_locks.OWNER_THREAD_ID is the owner id, which is
  // the session's thread_id (SessionSnapshot::thread_id).
  std::map<uint64_t, const SessionSnapshot*> thread;
  for (const SessionSnapshot& s : sessions) thread[s.thread_id] = &s;
  auto find = [&](uint64_t id) -> const SessionSnapshot* {
    auto it = thread.find(id);
    return it == thread.end() ? nullptr : it->second;
  };
  auto text = [](std::string_view v) { return Value::String(std::string(v)); };
  for (const mdl::TicketRow& p : locks.tickets) {
    if (p.status != mdl::TicketStatus::kPending ||
        p.key.name_space() != mdl::Namespace::kTable) {
      continue;
    }
    const SessionSnapshot* pt = find(p.owner_id);
    if (pt == nullptr) continue;
    for (const mdl::TicketRow& g : locks.tickets) {
      if (g.status != mdl::TicketStatus::kGranted || g.key != p.key) continue;
      const SessionSnapshot* gt = find(g.owner_id);
      if (gt == nullptr) continue;
      // events_statements_current has a row only for sessions that ran a statement.
      const bool has_statement = pt->statement.event_id != 0;
      Value query;
      if (pt->info) query = Value::String(raw ? *pt->info : FormatStatement(*pt->info));
      const std::string pid = std::to_string(gt->id);
      t.rows.push_back({text(p.key.schema_name()), text(p.key.object_name()),
                        Value::UInt(pt->thread_id), Value::UInt(pt->id),
                        Value::String(ThreadAccount(*pt)), text(mdl::ToString(p.type)),
                        text(mdl::ToString(p.duration)), std::move(query),
                        Value::Int(ElapsedSeconds(pt->command_since, now)),
                        has_statement ? Value::UInt(pt->statement.rows_affected) : Value(),
                        has_statement ? Value::UInt(pt->statement.rows_examined) : Value(),
                        Value::UInt(gt->thread_id), Value::UInt(gt->id),
                        Value::String(ThreadAccount(*gt)), text(mdl::ToString(g.type)),
                        text(mdl::ToString(g.duration)), Value::String("KILL QUERY " + pid),
                        Value::String("KILL " + pid)});
    }
  }
  return t;
}

}  // namespace diag
