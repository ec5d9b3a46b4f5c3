#include "diag/wait_graph.h"

#include <algorithm>
#include <map>
#include <set>

#include "diag/sys_format.h"

namespace diag {

namespace {

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
  if (s.statement_running || s.statement.error_number == 0) return "";
  return "ERROR " + std::to_string(s.statement.error_number) + " (" + s.statement.error_sqlstate +
         "): " + s.statement.error_message;
}

std::string Pid(uint64_t id) { return "pid " + std::to_string(id); }

// The blocker's lock against `waiter`: "holds X (TRANSACTION) on TABLE `d`.`t`" or "has a
// pending X request on TABLE `d`.`t` queued ahead".
std::string LockPhrase(const mdl::WaitEdge& e, const mdl::TicketRow* lock) {
  const std::string type(mdl::ToString(e.blocker_type));
  if (!e.blocker_granted) {
    return "has a pending " + type + " request on " + DescribeLockObject(e.key) +
           " that is served first";
  }
  std::string out = "holds " + type;
  if (lock != nullptr) out += " (" + std::string(mdl::ToString(lock->duration)) + ")";
  return out + " on " + DescribeLockObject(e.key);
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

std::string DescribeLockObject(const mdl::LockKey& key) {
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

std::string FormatWaitChain(const std::vector<uint64_t>& chain) {
  std::string out;
  for (uint64_t id : chain) {
    if (!out.empty()) out += " -> ";
    out += std::to_string(id);
  }
  return out;
}

std::vector<BlockerExplanation> ExplainBlockers(const mdl::LockSnapshot& locks,
                                                const std::vector<SessionSnapshot>& sessions,
                                                std::chrono::steady_clock::time_point now) {
  std::map<uint64_t, const SessionSnapshot*> session_of;
  for (const SessionSnapshot& s : sessions) session_of[s.id] = &s;
  std::map<uint64_t, const mdl::TicketRow*> ticket_of;
  for (const mdl::TicketRow& r : locks.tickets) ticket_of[r.ticket_id] = &r;
  auto ticket = [&](uint64_t id) -> const mdl::TicketRow* {
    auto it = ticket_of.find(id);
    return it == ticket_of.end() ? nullptr : it->second;
  };

  struct Pair {
    uint64_t waiter = 0;
    uint64_t blocker = 0;
    const mdl::TicketRow* waiting = nullptr;  // the waiter's pending request
    const mdl::WaitEdge* edge = nullptr;      // blocker's lock against the chain's previous link
    bool direct = false;
    bool root = false;
    std::vector<uint64_t> chain;
  };
  std::set<uint64_t> waiters;
  for (const mdl::WaitEdge& e : locks.edges) waiters.insert(e.waiter);
  std::vector<Pair> pairs;
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
      Pair p;
      p.waiter = w;
      p.blocker = b;
      p.edge = EdgeBetween(locks, w, b);
      p.waiting = ticket(p.edge->waiter_ticket_id);
      p.direct = true;
      p.root = is_root(b);
      p.chain = {w, b};
      pairs.push_back(std::move(p));
    }
    for (std::vector<uint64_t>& chain : locks.ChainsToRootBlockers(w)) {
      if (direct.count(chain.back()) != 0) continue;
      Pair p;
      p.waiter = w;
      p.blocker = chain.back();
      p.edge = EdgeBetween(locks, chain[chain.size() - 2], chain.back());
      p.waiting = ticket(EdgeBetween(locks, w, chain[1])->waiter_ticket_id);
      p.root = true;
      p.chain = std::move(chain);
      pairs.push_back(std::move(p));
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.waiter != b.waiter) return a.waiter < b.waiter;
    if (a.direct != b.direct) return a.direct;
    return a.blocker < b.blocker;
  });

  std::vector<BlockerExplanation> out;
  for (const Pair& p : pairs) {
    auto bs = session_of.find(p.blocker);
    if (session_of.count(p.waiter) == 0 || bs == session_of.end() || p.waiting == nullptr) {
      continue;
    }
    const SessionSnapshot& b = *bs->second;
    const mdl::TicketRow* lock = ticket(p.edge->blocker_ticket_id);
    BlockerExplanation x;
    x.waiter = p.waiter;
    x.blocker = p.blocker;
    x.waiting = *p.waiting;
    x.edge = *p.edge;
    if (lock != nullptr) x.blocker_lock = *lock;
    x.direct = p.direct;
    x.root = p.root;
    x.chain = p.chain;
    x.state = BlockingState(b, lock, IsWaiting(locks, p.blocker));
    x.state_secs = ElapsedSeconds(b.command_since, now);
    x.last_error = LastError(b);
    x.kill = "KILL " + std::to_string(p.blocker);

    std::string why = Pid(p.blocker) + " " + LockPhrase(*p.edge, lock);
    if (p.direct) {
      why += ", which conflicts with the " + std::string(mdl::ToString(p.waiting->type)) +
             " lock " + Pid(p.waiter) + " requests";
      // @@ddl_low_priority_window: say why nothing queues behind this waiter.
      if (p.waiting->low_priority) {
        why += " at low priority (new requests are not queued behind it)";
      }
    } else {
      why += ", blocking " + Pid(p.chain[p.chain.size() - 2]) + "; " + Pid(p.waiter) +
             " waits behind it (wait chain " + FormatWaitChain(p.chain) + ")";
    }
    why += "; " + Pid(p.blocker) + " is " + x.state + " for " + std::to_string(x.state_secs) + " s";
    if (b.statement_running && b.info) {
      why += ": '" + FormatStatement(*b.info) + "'";
    } else if (!b.statement.sql_text.empty()) {
      why += ", last statement '" + FormatStatement(b.statement.sql_text) + "'";
      if (!x.last_error.empty()) why += " failed with " + x.last_error;
    }
    why += ".";
    x.explanation = std::move(why);
    out.push_back(std::move(x));
  }
  return out;
}

WaitGraph BuildWaitGraph(const mdl::LockSnapshot& locks,
                         const std::vector<SessionSnapshot>& sessions,
                         std::chrono::steady_clock::time_point now) {
  std::map<uint64_t, const SessionSnapshot*> session_of;
  for (const SessionSnapshot& s : sessions) session_of[s.id] = &s;
  auto visible = [&](uint64_t id) { return session_of.count(id) != 0; };

  // Only what the reader may see: an edge to an invisible session would name it.
  mdl::LockSnapshot visible_locks;
  visible_locks.taken_at = locks.taken_at;
  for (const mdl::TicketRow& t : locks.tickets) {
    if (visible(t.owner_id)) visible_locks.tickets.push_back(t);
  }
  for (const mdl::WaitEdge& e : locks.edges) {
    if (visible(e.waiter) && visible(e.blocker)) visible_locks.edges.push_back(e);
  }

  WaitGraph g;
  g.taken_at = locks.taken_at;
  g.locks = visible_locks.tickets;
  g.edges = visible_locks.edges;
  std::vector<BlockerExplanation> explained = ExplainBlockers(visible_locks, sessions, now);

  std::set<uint64_t> involved, waiting, blocking, roots;
  for (const mdl::TicketRow& t : g.locks) involved.insert(t.owner_id);
  for (const mdl::WaitEdge& e : g.edges) {
    waiting.insert(e.waiter);
    blocking.insert(e.blocker);
  }
  for (uint64_t w : waiting) {
    WaitGraph::Waiter waiter;
    waiter.id = w;
    waiter.root_blockers = visible_locks.RootBlockers(w);
    roots.insert(waiter.root_blockers.begin(), waiter.root_blockers.end());
    for (BlockerExplanation& x : explained) {
      if (x.waiter == w) waiter.blockers.push_back(x);
    }
    if (!waiter.blockers.empty()) {
      waiter.waiting = waiter.blockers.front().waiting;
    } else {
      for (const mdl::TicketRow& t : g.locks) {
        if (t.owner_id == w && t.status == mdl::TicketStatus::kPending) {
          waiter.waiting = t;
          break;
        }
      }
    }
    waiter.wait_secs = ElapsedSeconds(waiter.waiting.since, visible_locks.taken_at);
    if (!waiter.root_blockers.empty()) {
      waiter.kill = "KILL " + std::to_string(waiter.root_blockers.front());
    }
    g.waiters.push_back(std::move(waiter));
  }
  g.root_blockers.assign(roots.begin(), roots.end());

  for (uint64_t id : involved) {
    WaitGraph::Session s;
    s.snapshot = *session_of.at(id);
    s.time_secs = ElapsedSeconds(s.snapshot.command_since, now);
    if (s.snapshot.in_transaction && !s.snapshot.statement_running) {
      s.trx_idle_secs = s.time_secs;
    }
    s.waiting = waiting.count(id) != 0;
    s.blocking = blocking.count(id) != 0;
    s.root_blocker = roots.count(id) != 0;
    g.sessions.push_back(std::move(s));
  }
  return g;
}

}  // namespace diag
