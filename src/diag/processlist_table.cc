#include "diag/processlist_table.h"

#include <algorithm>

#include "diag/table_columns.h"

namespace diag {
namespace {

using storage::Value;

Value TextOrNull(const std::string& s) { return s.empty() ? Value() : Value::String(s); }

std::vector<const SessionSnapshot*> SortedById(const std::vector<SessionSnapshot>& sessions) {
  std::vector<const SessionSnapshot*> out;
  for (const auto& s : sessions) out.push_back(&s);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return out;
}

}  // namespace

sql::VirtualTable ProcesslistTable(const std::vector<SessionSnapshot>& sessions,
                                   std::chrono::steady_clock::time_point now) {
  sql::VirtualTable t;
  t.columns = {BigIntColumn("ID", true, true),     VarcharColumn("USER", 32, true),
               VarcharColumn("HOST", 261, true),    VarcharColumn("DB", 64, false),
               VarcharColumn("COMMAND", 16, true),  IntColumn("TIME", true),
               VarcharColumn("STATE", 64, false),   VarcharColumn("INFO", 65535, false)};
  for (const SessionSnapshot* s : SortedById(sessions)) {
    t.rows.push_back({Value::UInt(s->id), Value::String(s->user), Value::String(s->host),
                      TextOrNull(s->db), Value::String(s->command),
                      Value::Int(ElapsedSeconds(s->command_since, now)),
                      Value::String(s->state),
                      s->info ? Value::String(*s->info) : Value()});
  }
  return t;
}

sql::ResultSet ShowProcesslist(const std::vector<SessionSnapshot>& sessions, bool full,
                               std::chrono::steady_clock::time_point now) {
  sql::ResultSet rs;
  rs.columns = {BigIntColumn("Id", true, true),    VarcharColumn("User", 32, true),
                VarcharColumn("Host", 261, true),   VarcharColumn("db", 64, false),
                VarcharColumn("Command", 16, true), IntColumn("Time", true),
                VarcharColumn("State", 64, false),  VarcharColumn("Info", full ? 65535 : 100, false)};
  for (const SessionSnapshot* s : SortedById(sessions)) {
    Value info;
    if (s->info) info = Value::String(full ? *s->info : s->info->substr(0, 100));
    rs.rows.push_back({Value::UInt(s->id), Value::String(s->user), Value::String(s->host),
                       TextOrNull(s->db), Value::String(s->command),
                       Value::Int(ElapsedSeconds(s->command_since, now)),
                       Value::String(s->state), std::move(info)});
  }
  return rs;
}

}  // namespace diag
