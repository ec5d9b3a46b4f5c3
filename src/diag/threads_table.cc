#include "diag/threads_table.h"

#include <algorithm>

#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

sql::VirtualTable ThreadsTable(const std::vector<SessionSnapshot>& sessions,
                               std::chrono::steady_clock::time_point now) {
  sql::VirtualTable t;
  t.columns = {BigIntColumn("THREAD_ID", true, true),
               VarcharColumn("NAME", 128, true),
               VarcharColumn("TYPE", 10, true),
               BigIntColumn("PROCESSLIST_ID", true, false),
               VarcharColumn("PROCESSLIST_USER", 32, false),
               VarcharColumn("PROCESSLIST_HOST", 255, false),
               VarcharColumn("PROCESSLIST_DB", 64, false),
               VarcharColumn("PROCESSLIST_COMMAND", 16, false),
               BigIntColumn("PROCESSLIST_TIME", false, false),
               VarcharColumn("PROCESSLIST_STATE", 64, false),
               LongTextColumn("PROCESSLIST_INFO", false),
               BigIntColumn("PARENT_THREAD_ID", true, false),
               VarcharColumn("ROLE", 64, false),
               VarcharColumn("INSTRUMENTED", 3, true),  // ENUM('YES','NO')
               VarcharColumn("HISTORY", 3, true),       // ENUM('YES','NO')
               VarcharColumn("CONNECTION_TYPE", 16, false),
               BigIntColumn("THREAD_OS_ID", true, false),
               VarcharColumn("RESOURCE_GROUP", 64, false)};
  std::vector<const SessionSnapshot*> sorted;
  for (const auto& s : sessions) sorted.push_back(&s);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->thread_id < b->thread_id; });
  for (const SessionSnapshot* s : sorted) {
    t.rows.push_back({Value::UInt(s->thread_id), Value::String("thread/sql/one_connection"),
                      Value::String("FOREGROUND"), Value::UInt(s->id), Value::String(s->user),
                      Value::String(ThreadHost(*s)),
                      s->db.empty() ? Value() : Value::String(s->db), Value::String(s->command),
                      Value::Int(ElapsedSeconds(s->command_since, now)),
                      s->state.empty() ? Value() : Value::String(s->state),
                      s->info ? Value::String(*s->info) : Value(), Value(), Value(),
                      Value::String("YES"), Value::String("YES"),
                      Value::String(s->connection_type),
                      s->thread_os_id == 0 ? Value() : Value::UInt(s->thread_os_id), Value()});
  }
  return t;
}

}  // namespace diag
