#include "diag/statements_current_table.h"

#include <algorithm>

#include "diag/statement_event_name.h"
#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

namespace {

std::vector<sql::ColumnInfo> Columns() {
  std::vector<sql::ColumnInfo> c = {
      BigIntColumn("THREAD_ID", true, true),  BigIntColumn("EVENT_ID", true, true),
      BigIntColumn("END_EVENT_ID", true, false), VarcharColumn("EVENT_NAME", 128, true),
      VarcharColumn("SOURCE", 64, false),     BigIntColumn("TIMER_START", true, false),
      BigIntColumn("TIMER_END", true, false), BigIntColumn("TIMER_WAIT", true, false),
      BigIntColumn("LOCK_TIME", true, true),  LongTextColumn("SQL_TEXT", false),
      VarcharColumn("DIGEST", 64, false),     LongTextColumn("DIGEST_TEXT", false),
      VarcharColumn("CURRENT_SCHEMA", 64, false), VarcharColumn("OBJECT_TYPE", 64, false),
      VarcharColumn("OBJECT_SCHEMA", 64, false),  VarcharColumn("OBJECT_NAME", 64, false),
      BigIntColumn("OBJECT_INSTANCE_BEGIN", true, false), IntColumn("MYSQL_ERRNO", false),
      VarcharColumn("RETURNED_SQLSTATE", 5, false), VarcharColumn("MESSAGE_TEXT", 128, false),
      BigIntColumn("ERRORS", true, true),     BigIntColumn("WARNINGS", true, true),
      BigIntColumn("ROWS_AFFECTED", true, true), BigIntColumn("ROWS_SENT", true, true),
      BigIntColumn("ROWS_EXAMINED", true, true)};
  for (const char* counter :
       {"CREATED_TMP_DISK_TABLES", "CREATED_TMP_TABLES", "SELECT_FULL_JOIN",
        "SELECT_FULL_RANGE_JOIN", "SELECT_RANGE", "SELECT_RANGE_CHECK", "SELECT_SCAN",
        "SORT_MERGE_PASSES", "SORT_RANGE", "SORT_ROWS", "SORT_SCAN", "NO_INDEX_USED",
        "NO_GOOD_INDEX_USED"}) {
    c.push_back(BigIntColumn(counter, true, true));
  }
  c.push_back(BigIntColumn("NESTING_EVENT_ID", true, false));
  c.push_back(VarcharColumn("NESTING_EVENT_TYPE", 11, false));  // ENUM
  c.push_back(IntColumn("NESTING_EVENT_LEVEL", false));
  c.push_back(BigIntColumn("STATEMENT_ID", true, false));
  return c;
}

constexpr size_t kOptimizerCounters = 13;

}  // namespace

sql::VirtualTable EventsStatementsCurrentTable(const std::vector<SessionSnapshot>& sessions,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point server_start) {
  sql::VirtualTable t;
  t.columns = Columns();
  std::vector<const SessionSnapshot*> sorted;
  for (const auto& s : sessions) {
    if (s.event_id != 0) sorted.push_back(&s);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->thread_id < b->thread_id; });
  for (const SessionSnapshot* s : sorted) {
    const auto end = s->statement_running ? now : s->statement_end;
    const uint64_t start_ps = Picoseconds(s->statement_start, server_start);
    const uint64_t end_ps = std::max(start_ps, Picoseconds(end, server_start));
    const bool failed = !s->statement_running && s->last_error_number != 0;
    // MESSAGE_TEXT is VARCHAR(128): MySQL keeps the first 128 characters.
    const std::string message = s->last_error_message.substr(0, 128);
    storage::Row row = {
        Value::UInt(s->thread_id),
        Value::UInt(s->event_id),
        s->statement_running ? Value() : Value::UInt(s->event_id),
        Value::String(StatementEventName(s->last_statement)),
        Value(),
        Value::UInt(start_ps),
        Value::UInt(end_ps),
        Value::UInt(end_ps - start_ps),
        Value::UInt(static_cast<uint64_t>(
                        std::chrono::duration_cast<std::chrono::nanoseconds>(s->lock_time).count()) *
                    1000),
        Value::String(s->last_statement),
        Value(),
        Value(),
        s->statement_db.empty() ? Value() : Value::String(s->statement_db),
        Value(),
        Value(),
        Value(),
        Value(),
        Value::Int(failed ? s->last_error_number : 0),
        failed ? Value::String(s->last_error_sqlstate) : Value(),
        failed ? Value::String(message) : Value(),
        Value::UInt(failed ? 1 : 0),
        Value::UInt(s->warning_count),
        Value::UInt(s->rows_affected),
        Value::UInt(s->rows_sent),
        Value::UInt(s->rows_examined)};
    for (size_t i = 0; i < kOptimizerCounters; ++i) row.push_back(Value::UInt(0));
    row.push_back(Value());      // NESTING_EVENT_ID: top-level statements
    row.push_back(Value());      // NESTING_EVENT_TYPE
    row.push_back(Value::Int(0));  // NESTING_EVENT_LEVEL
    row.push_back(Value());      // STATEMENT_ID: not a prepared statement
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace diag
