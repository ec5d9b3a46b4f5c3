#include "diag/innodb_status.h"

#include <algorithm>
#include <string>

#include "diag/innodb_trx_table.h"
#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

namespace {

int64_t SecondsBetween(std::chrono::system_clock::time_point from,
                       std::chrono::system_clock::time_point to) {
  const auto d = std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
  return d < 0 ? 0 : d;
}

void AppendTransaction(const storage::TrxInfo& trx, const SessionSnapshot* s,
                       std::chrono::system_clock::time_point now, std::string* out) {
  const bool waiting = trx.state == storage::TrxState::kLockWait;
  const bool running = s != nullptr && s->statement_running;
  const TrxLockFootprint f = EstimateLockFootprint(trx);
  *out += "---TRANSACTION " + std::to_string(trx.trx_id) + ", ";
  *out += trx.state == storage::TrxState::kRunning || waiting
              ? std::string("ACTIVE")
              : std::string(storage::ToString(trx.state));
  *out += " " + std::to_string(SecondsBetween(trx.started, now)) + " sec";
  if (waiting) *out += " starting index read";
  *out += "\n";
  if (running && trx.tables_in_use > 0) {
    *out += "mysql tables in use " + std::to_string(trx.tables_in_use) + ", locked " +
            std::to_string(trx.tables_locked) + "\n";
  }
  if (waiting) *out += "LOCK WAIT ";
  *out += std::to_string(f.lock_structs) + " lock struct(s), heap size " +
          std::to_string(f.lock_memory_bytes) + ", " + std::to_string(trx.rows_locked) +
          " row lock(s)";
  if (trx.rows_modified > 0) *out += ", undo log entries " + std::to_string(trx.rows_modified);
  *out += "\n";
  *out += "MySQL thread id " + std::to_string(trx.thread_id);
  if (s != nullptr) {
    *out += ", OS thread handle " + std::to_string(s->thread_os_id) + ", query id " +
            std::to_string(s->statement.event_id) + " " + ThreadHost(*s) + " " + s->user;
    if (running && !s->state.empty()) *out += " " + s->state;
  }
  *out += "\n";
  if (running && s->info) *out += *s->info + "\n";
  if (waiting) {
    const int64_t waited = trx.wait_started ? SecondsBetween(*trx.wait_started, now) : 0;
    *out += "------- TRX HAS BEEN WAITING " + std::to_string(waited) +
            " SEC FOR THIS LOCK TO BE GRANTED:\n";
    *out += "RECORD LOCKS lock id " + trx.requested_lock_id + " trx id " +
            std::to_string(trx.trx_id) + " lock_mode X waiting\n";
    *out += "------------------\n";
  }
}

}  // namespace

sql::ResultSet ShowEngineInnodbStatus(const std::vector<storage::TrxInfo>& trxs,
                                      const std::vector<SessionSnapshot>& sessions,
                                      std::chrono::system_clock::time_point wall_now) {
  std::string text = "\n=====================================\n";
  text += LocalDateTime(wall_now) + " INNODB MONITOR OUTPUT\n";
  text += "=====================================\n";
  text += "------------\nTRANSACTIONS\n------------\n";
  text += "LIST OF TRANSACTIONS FOR EACH SESSION:\n";
  std::vector<const storage::TrxInfo*> sorted;
  for (const auto& trx : trxs) sorted.push_back(&trx);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->trx_id > b->trx_id; });
  for (const storage::TrxInfo* trx : sorted) {
    AppendTransaction(*trx, FindSession(sessions, trx->thread_id), wall_now, &text);
  }
  text += "----------------------------\nEND OF INNODB MONITOR OUTPUT\n";
  text += "============================\n";

  sql::ResultSet rs;
  rs.columns = {VarcharColumn("Type", 10, true), VarcharColumn("Name", 10, true),
                VarcharColumn("Status", 10, true)};
  // MySQL sends Status as a long text column.
  rs.columns[2].type = storage::ColumnType::kText;
  rs.columns[2].length = 4294967295u;
  rs.rows.push_back({storage::Value::String("InnoDB"), storage::Value::String(""),
                     storage::Value::String(std::move(text))});
  return rs;
}

}  // namespace diag
