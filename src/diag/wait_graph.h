// The metadata-lock wait graph as diagnostics explain it: who waits for whom, which sessions
// are root blockers (block someone transitively and wait for nothing), and one English
// sentence per (waiter, blocker) saying why. sys.metadata_lock_blockers
// (metadata_lock_blockers.h) prints ExplainBlockers() as rows; the HTTP wait-graph page
// (src/server/http) renders BuildWaitGraph() as JSON (wait_graph_json.h).
//
// Both read the same inputs: an mdl::LockSnapshot (tickets and the lock manager's
// compatibility-aware wait-for edges) and the sessions the reader may see. Owners missing
// from `sessions` drop out.
//
// Pure functions over plain values; thread-safe.
#ifndef DIAG_WAIT_GRAPH_H_
#define DIAG_WAIT_GRAPH_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diag/session_snapshot.h"
#include "mdl/snapshot.h"

namespace diag {

// One (waiting session, blocking session) pair: each DIRECT blocker of a waiter, and each
// ROOT blocker that is not a direct one (then `edge` is the root's lock against the next
// session of `chain`).
struct BlockerExplanation {
  uint64_t waiter = 0;
  uint64_t blocker = 0;
  mdl::TicketRow waiting;                      // the waiter's pending request
  mdl::WaitEdge edge;                          // the blocker's lock against chain[size - 2]
  std::optional<mdl::TicketRow> blocker_lock;  // the ticket behind edge, if still listed
  bool direct = false;
  bool root = false;
  std::vector<uint64_t> chain;  // waiter ... blocker
  // 'idle in transaction', 'idle in LOCK TABLES', 'waiting for a metadata lock', 'running', ...
  std::string state;
  int64_t state_secs = 0;   // seconds in that state
  std::string last_error;   // "ERROR 1054 (42S22): ..." if the last statement failed, else ""
  std::string explanation;  // one English sentence
  std::string kill;         // "KILL <blocker>"
};

// Ordered by waiter, direct blockers first, then blocker.
std::vector<BlockerExplanation> ExplainBlockers(const mdl::LockSnapshot& locks,
                                                const std::vector<SessionSnapshot>& sessions,
                                                std::chrono::steady_clock::time_point now);

// "TABLE `db`.`t`", "SCHEMA `db`", "USER LEVEL LOCK 'name'", "GLOBAL".
std::string DescribeLockObject(const mdl::LockKey& key);

// "12 -> 11 -> 10".
std::string FormatWaitChain(const std::vector<uint64_t>& chain);

struct WaitGraph {
  struct Session {
    SessionSnapshot snapshot;
    int64_t time_secs = 0;  // processlist Time
    // Seconds the session has been idle inside an open transaction; nullopt when it runs a
    // statement or has no transaction open.
    std::optional<int64_t> trx_idle_secs;
    bool waiting = false;       // has a pending request with a visible blocker
    bool blocking = false;      // some visible session waits for it
    bool root_blocker = false;  // root blocker of at least one waiter
  };
  struct Waiter {
    uint64_t id = 0;
    mdl::TicketRow waiting;  // the pending request (first one, if several)
    int64_t wait_secs = 0;   // since the request began waiting
    std::vector<uint64_t> root_blockers;
    std::vector<BlockerExplanation> blockers;  // direct first
    std::string kill;  // "KILL <first root blocker>", "" in a deadlock-in-the-making
  };
  // When the lock snapshot was taken, on the lock manager's clock (lock ages count from it).
  std::chrono::steady_clock::time_point taken_at;
  std::vector<Session> sessions;        // every visible session holding or waiting for a lock
  std::vector<mdl::TicketRow> locks;    // their tickets
  std::vector<mdl::WaitEdge> edges;     // between visible sessions
  std::vector<uint64_t> root_blockers;  // sorted, unique
  std::vector<Waiter> waiters;          // by id
};

WaitGraph BuildWaitGraph(const mdl::LockSnapshot& locks,
                         const std::vector<SessionSnapshot>& sessions,
                         std::chrono::steady_clock::time_point now);

}  // namespace diag

#endif  // DIAG_WAIT_GRAPH_H_
