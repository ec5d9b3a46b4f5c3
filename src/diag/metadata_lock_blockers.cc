#include "diag/metadata_lock_blockers.h"

#include <map>

#include "diag/sys_format.h"
#include "diag/table_columns.h"
#include "diag/wait_graph.h"

namespace diag {

using storage::Value;

namespace {

std::vector<sql::ColumnInfo> Columns() {
  return {BigIntColumn("waiting_pid", true, true),
          BigIntColumn("waiting_thread_id", true, true),
          LongTextColumn("waiting_account", false),
          VarcharColumn("waiting_lock_type", 32, true),
          VarcharColumn("waiting_lock_duration", 32, true),
          VarcharColumn("object_type", 64, true),
          VarcharColumn("object_schema", 64, false),
          VarcharColumn("object_name", 64, false),
          LongTextColumn("waiting_query", false),
          BigIntColumn("waiting_query_secs", false, false),
          BigIntColumn("blocking_pid", true, true),
          BigIntColumn("blocking_thread_id", true, true),
          LongTextColumn("blocking_account", false),
          VarcharColumn("blocking_lock_type", 32, true),
          VarcharColumn("blocking_lock_duration", 32, false),
          VarcharColumn("blocking_lock_status", 32, true),
          IntColumn("is_direct_blocker", true),
          IntColumn("is_root_blocker", true),
          VarcharColumn("wait_chain", 1024, true),
          VarcharColumn("blocking_state", 64, true),
          BigIntColumn("blocking_state_secs", false, true),
          LongTextColumn("blocking_query", false),
          LongTextColumn("blocking_last_statement", false),
          VarcharColumn("blocking_last_error", 512, false),
          LongTextColumn("explanation", true),
          VarcharColumn("sql_kill_blocking_query", 31, true),
          VarcharColumn("sql_kill_blocking_connection", 25, true)};
}

}  // namespace

sql::VirtualTable MetadataLockBlockers(const mdl::LockSnapshot& locks,
                                       const std::vector<SessionSnapshot>& sessions,
                                       std::chrono::steady_clock::time_point now) {
  sql::VirtualTable t;
  t.columns = Columns();
  std::map<uint64_t, const SessionSnapshot*> session_of;
  for (const SessionSnapshot& s : sessions) session_of[s.id] = &s;
  auto text = [](std::string_view v) { return Value::String(std::string(v)); };
  auto text_or_null = [](std::string_view v) {
    return v.empty() ? Value() : Value::String(std::string(v));
  };
  for (const BlockerExplanation& x : ExplainBlockers(locks, sessions, now)) {
    const SessionSnapshot& w = *session_of.at(x.waiter);
    const SessionSnapshot& b = *session_of.at(x.blocker);
    const std::string pid = std::to_string(x.blocker);
    t.rows.push_back({Value::UInt(w.id),
                      Value::UInt(w.thread_id),
                      Value::String(ThreadAccount(w)),
                      text(mdl::ToString(x.waiting.type)),
                      text(mdl::ToString(x.waiting.duration)),
                      text(mdl::ToString(x.waiting.key.name_space())),
                      text_or_null(x.waiting.key.schema_name()),
                      text_or_null(x.waiting.key.object_name()),
                      w.info ? Value::String(*w.info) : Value(),
                      Value::Int(ElapsedSeconds(w.command_since, now)),
                      Value::UInt(b.id),
                      Value::UInt(b.thread_id),
                      Value::String(ThreadAccount(b)),
                      text(mdl::ToString(x.edge.blocker_type)),
                      x.blocker_lock ? text(mdl::ToString(x.blocker_lock->duration)) : Value(),
                      Value::String(x.edge.blocker_granted ? "GRANTED" : "PENDING"),
                      Value::Int(x.direct ? 1 : 0),
                      Value::Int(x.root ? 1 : 0),
                      Value::String(FormatWaitChain(x.chain)),
                      Value::String(x.state),
                      Value::Int(x.state_secs),
                      b.statement_running && b.info ? Value::String(*b.info) : Value(),
                      text_or_null(b.statement.sql_text),
                      text_or_null(x.last_error),
                      Value::String(x.explanation),
                      Value::String("KILL QUERY " + pid),
                      Value::String(x.kill)});
  }
  return t;
}

}  // namespace diag
