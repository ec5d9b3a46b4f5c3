#include "diag/metadata_lock_blockers.h"

#include <algorithm>
#include <map>
#include <set>

#include "diag/sys_format.h"
#include "diag/table_columns.h"

namespace diag {

using storage::Value;

namespace {

struct Row {
  uint64_t waiter = 0;
  uint64_t blocker = 0;
  const mdl::TicketRow* waiting = nullptr;  // the waiter's pending request
  const mdl::WaitEdge* edge = nullptr;      // blocker's lock against the chain's previous link
  bool direct = false;
  bool root = false;
  std::vector<uint64_t> chain;              // waiter ... blocker
};

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

// "TABLE `db`.`t`", "SCHEMA `db`", "USER LEVEL LOCK 'name'", "GLOBAL".
std::string DescribeObject(const mdl::LockKey& key) {
  std::string out(mdl::ToString(key.name_space()));
  if (key.name_space() == mdl::Namespace::kUserLevelLock) {
    return out + " '" + std::string(key.object_name()) + "'";
  }
  if (!key.schema_name().empty()) {
    out += " `" + std::string(key.schema_name()) + "`";
    if (!key.object_name().empty()) out += ".`" + std::string(key.object_name()) + "`";
  } else if (!key.object_name().empty()) {
    out += " `" + std::string(key.object_name()) + "`";
  }
  return out;
}

bool IsWaiting(const mdl::LockSnapshot& locks, uint64_t owner) {
  for (const mdl::WaitEdge& e : locks.edges) {
    if (e.waiter == owner) return true;
  }
  return false;
}

// What the blocker is doing, judged from its session and the lock it blocks with: an idle
// session holds a TRANSACTION lock only inside an open transaction, and EXPLICIT locks only
// through LOCK TABLES, FTWRL, LOCK INSTANCE FOR BACKUP or GET_LOCK.
std::string BlockingState(const SessionSnapshot& s, const mdl::TicketRow* lock,
                          bool blocker_waits) {
  if (blocker_waits) return "waiting for a metadata lock";
  if (s.statement_running) return "running";
  if (lock == nullptr) return "idle";
  if (lock->duration == mdl::LockDuration::kTransaction) return "idle in transaction";
  if (lock->duration != mdl::LockDuration::kExplicit) return "idle";
  switch (lock->key.name_space()) {
    case mdl::Namespace::kTable:
    case mdl::Namespace::kSchema:
      return "idle in LOCK TABLES";
    case mdl::Namespace::kGlobal:
    case mdl::Namespace::kCommit:
      return "idle holding FLUSH TABLES WITH READ LOCK";
    case mdl::Namespace::kBackupLock:
      return "idle holding LOCK INSTANCE FOR BACKUP";
    case mdl::Namespace::kUserLevelLock:
      return "idle holding GET_LOCK";
    default:
      return "idle";
  }
}

std::string LastError(const SessionSnapshot& s) {
  if (s.statement_running || s.last_error_number == 0) return "";
  return "ERROR " + std::to_string(s.last_error_number) + " (" + s.last_error_sqlstate +
         "): " + s.last_error_message;
}

std::string Pid(uint64_t id) { return "pid " + std::to_string(id); }

std::string Chain(const std::vector<uint64_t>& chain) {
  std::string out;
  for (uint64_t id : chain) {
    if (!out.empty()) out += " -> ";
    out += std::to_string(id);
  }
  return out;
}

// The blocker's lock against `waiter`: "holds X (TRANSACTION) on TABLE `d`.`t`" or "has a
// pending X request on TABLE `d`.`t` queued ahead".
std::string LockPhrase(const mdl::WaitEdge& e, const mdl::TicketRow* lock) {
  const std::string type(mdl::ToString(e.blocker_type));
  if (!e.blocker_granted) {
    return "has a pending " + type + " request on " + DescribeObject(e.key) +
           " that is served first";
  }
  std::string out = "holds " + type;
  if (lock != nullptr) out += " (" + std::string(mdl::ToString(lock->duration)) + ")";
  return out + " on " + DescribeObject(e.key);
}

// The one edge from `waiter` to `blocker` that best explains the wait: a granted lock beats a
// pending request queued ahead.
const mdl::WaitEdge* EdgeBetween(const mdl::LockSnapshot& locks, uint64_t waiter,
                                 uint64_t blocker) {
  const mdl::WaitEdge* best = nullptr;
  for (const mdl::WaitEdge& e : locks.edges) {
    if (e.waiter != waiter || e.blocker != blocker) continue;
    if (best == nullptr || (e.blocker_granted && !best->blocker_granted)) best = &e;
  }
  return best;
}

}  // namespace

sql::VirtualTable MetadataLockBlockers(const mdl::LockSnapshot& locks,
                                       const std::vector<SessionSnapshot>& sessions,
                                       std::chrono::steady_clock::time_point now) {
  sql::VirtualTable t;
  t.columns = Columns();
  std::map<uint64_t, const SessionSnapshot*> session_of;
  for (const SessionSnapshot& s : sessions) session_of[s.id] = &s;
  std::map<uint64_t, const mdl::TicketRow*> ticket_of;
  for (const mdl::TicketRow& r : locks.tickets) ticket_of[r.ticket_id] = &r;
  auto ticket = [&](uint64_t id) -> const mdl::TicketRow* {
    auto it = ticket_of.find(id);
    return it == ticket_of.end() ? nullptr : it->second;
  };

  std::set<uint64_t> waiters;
  for (const mdl::WaitEdge& e : locks.edges) waiters.insert(e.waiter);
  std::vector<Row> rows;
  for (uint64_t w : waiters) {
    const std::vector<uint64_t> roots = locks.RootBlockers(w);
    const auto is_root = [&](uint64_t id) {
      return std::find(roots.begin(), roots.end(), id) != roots.end();
    };
    std::set<uint64_t> direct;
    for (const mdl::WaitEdge& e : locks.edges) {
      if (e.waiter == w) direct.insert(e.blocker);
    }
    for (uint64_t b : direct) {
      Row r;
      r.waiter = w;
      r.blocker = b;
      r.edge = EdgeBetween(locks, w, b);
      r.waiting = ticket(r.edge->waiter_ticket_id);
      r.direct = true;
      r.root = is_root(b);
      r.chain = {w, b};
      rows.push_back(std::move(r));
    }
    for (std::vector<uint64_t>& chain : locks.ChainsToRootBlockers(w)) {
      if (direct.count(chain.back()) != 0) continue;
      Row r;
      r.waiter = w;
      r.blocker = chain.back();
      r.edge = EdgeBetween(locks, chain[chain.size() - 2], chain.back());
      r.waiting = ticket(EdgeBetween(locks, w, chain[1])->waiter_ticket_id);
      r.root = true;
      r.chain = std::move(chain);
      rows.push_back(std::move(r));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.waiter != b.waiter) return a.waiter < b.waiter;
    if (a.direct != b.direct) return a.direct;
    return a.blocker < b.blocker;
  });

  auto text = [](std::string_view v) { return Value::String(std::string(v)); };
  auto text_or_null = [](std::string_view v) {
    return v.empty() ? Value() : Value::String(std::string(v));
  };
  for (const Row& r : rows) {
    auto ws = session_of.find(r.waiter);
    auto bs = session_of.find(r.blocker);
    if (ws == session_of.end() || bs == session_of.end() || r.waiting == nullptr) continue;
    const SessionSnapshot& w = *ws->second;
    const SessionSnapshot& b = *bs->second;
    const mdl::TicketRow* lock = ticket(r.edge->blocker_ticket_id);
    const std::string state = BlockingState(b, lock, IsWaiting(locks, r.blocker));
    const int64_t state_secs = ElapsedSeconds(b.command_since, now);
    const std::string last_error = LastError(b);

    std::string why = Pid(r.blocker) + " " + LockPhrase(*r.edge, lock);
    if (r.direct) {
      why += ", which conflicts with the " + std::string(mdl::ToString(r.waiting->type)) +
             " lock " + Pid(r.waiter) + " requests";
    } else {
      why += ", blocking " + Pid(r.chain[r.chain.size() - 2]) + "; " + Pid(r.waiter) +
             " waits behind it (wait chain " + Chain(r.chain) + ")";
    }
    why += "; " + Pid(r.blocker) + " is " + state + " for " + std::to_string(state_secs) + " s";
    if (b.statement_running && b.info) {
      why += ": '" + FormatStatement(*b.info) + "'";
    } else if (!b.last_statement.empty()) {
      why += ", last statement '" + FormatStatement(b.last_statement) + "'";
      if (!last_error.empty()) why += " failed with " + last_error;
    }
    why += ".";

    const std::string pid = std::to_string(r.blocker);
    t.rows.push_back(
        {Value::UInt(w.id), Value::UInt(w.thread_id), Value::String(ThreadAccount(w)),
         text(mdl::ToString(r.waiting->type)), text(mdl::ToString(r.waiting->duration)),
         text(mdl::ToString(r.waiting->key.name_space())),
         text_or_null(r.waiting->key.schema_name()), text_or_null(r.waiting->key.object_name()),
         w.info ? Value::String(*w.info) : Value(),
         Value::Int(ElapsedSeconds(w.command_since, now)), Value::UInt(b.id),
         Value::UInt(b.thread_id), Value::String(ThreadAccount(b)),
         text(mdl::ToString(r.edge->blocker_type)),
         lock != nullptr ? text(mdl::ToString(lock->duration)) : Value(),
         Value::String(r.edge->blocker_granted ? "GRANTED" : "PENDING"),
         Value::Int(r.direct ? 1 : 0), Value::Int(r.root ? 1 : 0),
         Value::String(Chain(r.chain)), Value::String(state), Value::Int(state_secs),
         b.statement_running && b.info ? Value::String(*b.info) : Value(),
         text_or_null(b.last_statement), text_or_null(last_error), Value::String(why),
         Value::String("KILL QUERY " + pid), Value::String("KILL " + pid)});
  }
  return t;
}

}  // namespace diag
