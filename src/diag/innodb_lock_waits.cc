#include "diag/innodb_lock_waits.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "diag/innodb_trx_table.h"
#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

namespace {

constexpr size_t kTrxQueryChars = 1024;  // INNODB_TRX.trx_query is VARCHAR(1024)

sql::ColumnInfo TimeColumn(std::string name) {
  sql::ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kTime;
  c.length = 10;
  c.binary = true;
  return c;
}

int64_t WholeSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// sys.quote_identifier(): backticks, embedded backticks doubled.
std::string QuoteIdentifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

const storage::TrxInfo* FindTrx(const std::vector<storage::TrxInfo>& trxs, uint64_t id) {
  for (const storage::TrxInfo& t : trxs) {
    if (t.trx_id == id) return &t;
  }
  return nullptr;
}

// INNODB_TRX.trx_query: the running statement, NULL while idle.
std::optional<std::string> TrxQuery(const storage::TrxInfo& trx,
                                    const std::vector<SessionSnapshot>& sessions) {
  const SessionSnapshot* s = FindSession(sessions, trx.thread_id);
  if (s == nullptr || !s->statement_running || !s->info) return std::nullopt;
  return s->info->substr(0, kTrxQueryChars);
}

}  // namespace

std::string TimeDiffText(int64_t seconds) {
  const bool negative = seconds < 0;
  const uint64_t s = negative ? static_cast<uint64_t>(-seconds) : static_cast<uint64_t>(seconds);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%02llu:%02llu:%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(s / 3600),
                static_cast<unsigned long long>(s / 60 % 60),
                static_cast<unsigned long long>(s % 60));
  return buf;
}

sql::VirtualTable InnodbLockWaits(const storage::DataLockSnapshot& locks,
                                  const std::vector<storage::TrxInfo>& trxs,
                                  const std::vector<SessionSnapshot>& sessions,
                                  std::chrono::system_clock::time_point wall_now, bool raw) {
  sql::VirtualTable t;
  t.columns = {DateTimeColumn("wait_started", false),
               TimeColumn("wait_age"),
               BigIntColumn("wait_age_secs", false, false),
               LongTextColumn("locked_table", false),
               VarcharColumn("locked_table_schema", 64, false),
               VarcharColumn("locked_table_name", 64, false),
               VarcharColumn("locked_table_partition", 64, false),
               VarcharColumn("locked_table_subpartition", 64, false),
               VarcharColumn("locked_index", 64, false),
               VarcharColumn("locked_type", 32, true),
               BigIntColumn("waiting_trx_id", true, true),
               DateTimeColumn("waiting_trx_started", true),
               TimeColumn("waiting_trx_age"),
               BigIntColumn("waiting_trx_rows_locked", true, true),
               BigIntColumn("waiting_trx_rows_modified", true, true),
               BigIntColumn("waiting_pid", true, true),
               LongTextColumn("waiting_query", false),
               VarcharColumn("waiting_lock_id", 128, true),
               VarcharColumn("waiting_lock_mode", 32, true),
               BigIntColumn("blocking_trx_id", true, true),
               BigIntColumn("blocking_pid", true, true),
               LongTextColumn("blocking_query", false),
               VarcharColumn("blocking_lock_id", 128, true),
               VarcharColumn("blocking_lock_mode", 32, true),
               DateTimeColumn("blocking_trx_started", true),
               TimeColumn("blocking_trx_age"),
               BigIntColumn("blocking_trx_rows_locked", true, true),
               BigIntColumn("blocking_trx_rows_modified", true, true),
               VarcharColumn("sql_kill_blocking_query", 31, false),
               VarcharColumn("sql_kill_blocking_connection", 25, false)};
  const int64_t now = WholeSeconds(wall_now);
  auto query = [&](const storage::TrxInfo& trx) {
    const std::optional<std::string> q = TrxQuery(trx, sessions);
    if (!q) return Value();
    return Value::String(raw ? *q : FormatStatement(*q));
  };
  struct Row {
    std::optional<int64_t> wait_started;  // whole seconds, for ORDER BY
    std::vector<Value> cells;
  };
  std::vector<Row> rows;
  for (const storage::DataLockWait& w : locks.waits) {
    const storage::DataLock& rl = locks.locks.at(w.requesting);
    const storage::DataLock& bl = locks.locks.at(w.blocking);
    const storage::TrxInfo* r = FindTrx(trxs, rl.trx_id);
    const storage::TrxInfo* b = FindTrx(trxs, bl.trx_id);
    if (r == nullptr || b == nullptr) continue;
    // r.trx_wait_started; the lock's own start when the trx list was taken a moment after
    // the wait ended (then MySQL's join would show NULL; the lock's value is more useful).
    std::optional<std::chrono::system_clock::time_point> ws = r->wait_started;
    if (!ws) ws = rl.wait_started;
    Row row;
    if (ws) row.wait_started = WholeSeconds(*ws);
    const int64_t r_started = WholeSeconds(r->started);
    const int64_t b_started = WholeSeconds(b->started);
    const std::string pid = std::to_string(b->thread_id);
    row.cells = {
        ws ? Value::DateTime(LocalDateTime(*ws)) : Value(),
        ws ? Value::String(TimeDiffText(now - *row.wait_started)) : Value(),
        ws ? Value::Int(now - *row.wait_started) : Value(),
        Value::String(QuoteIdentifier(rl.object_schema) + "." + QuoteIdentifier(rl.object_name)),
        Value::String(rl.object_schema),
        Value::String(rl.object_name),
        Value(),
        Value(),
        rl.record ? Value::String(rl.index_name) : Value(),
        Value::String(rl.record ? "RECORD" : "TABLE"),
        Value::UInt(r->trx_id),
        Value::DateTime(LocalDateTime(r->started)),
        Value::String(TimeDiffText(now - r_started)),
        Value::UInt(r->rows_locked),
        Value::UInt(r->rows_modified),
        Value::UInt(r->thread_id),
        query(*r),
        Value::String(rl.engine_lock_id),
        Value::String(rl.lock_mode),
        Value::UInt(b->trx_id),
        Value::UInt(b->thread_id),
        query(*b),
        Value::String(bl.engine_lock_id),
        Value::String(bl.lock_mode),
        Value::DateTime(LocalDateTime(b->started)),
        Value::String(TimeDiffText(now - b_started)),
        Value::UInt(b->rows_locked),
        Value::UInt(b->rows_modified),
        Value::String("KILL QUERY " + pid),
        Value::String("KILL " + pid)};
    rows.push_back(std::move(row));
  }
  // ORDER BY r.trx_wait_started (NULLs first, as MySQL sorts them); stable for equal seconds.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.wait_started < b.wait_started; });
  for (Row& row : rows) t.rows.push_back(std::move(row.cells));
  return t;
}

}  // namespace diag
