// DeadlockDetector: one search of the wait-for graph from a waiting context (MySQL's
// Deadlock_detection_visitor + MDL_lock::visit_subgraph()).
//
// Nodes are waiting contexts; a context has edges to the owners of (a) granted tickets of
// other contexts incompatible with its pending request (granted matrix) and (b) pending
// tickets of other contexts that have priority over it (active priority matrix). As in MySQL
// each node first inspects all its edges (is the start node among them?) and only then
// recurses; depth is capped at kMaxSearchDepth, and reaching the cap counts as a deadlock.
//
// Victim: on the way back from a found cycle every node on the path is offered as victim and
// replaces the current one if its weight is lower or equal (so ties go to the node nearest
// the start, the requester included). Weights: DML 25 < user-level lock 50 < DDL 100.
//
// Concurrency: runs with the manager's graph_mu_ held (one search at a time; waiting_for_
// pointers and contexts are stable). Each lock object's lists are copied under its mutex, one
// object at a time. A node whose wait already ended is skipped; before a cycle is reported
// every node on it is re-checked to still be waiting, so racing grants produce no false
// deadlocks.
#ifndef MDL_DEADLOCK_DETECTOR_H_
#define MDL_DEADLOCK_DETECTOR_H_

#include <vector>

namespace mdl {

class LockContextImpl;

class DeadlockDetector {
 public:
  static constexpr int kMaxSearchDepth = 32;

  explicit DeadlockDetector(LockContextImpl* start) : start_(start) {}

  // Returns true if a deadlock (cycle through the start node, or the depth cap) was found;
  // victim() is then set. REQUIRES: the manager's graph_mu_.
  bool Search();
  LockContextImpl* victim() const { return victim_; }

 private:
  bool VisitContext(LockContextImpl* ctx);
  bool EnterNode(LockContextImpl* node);
  void LeaveNode(LockContextImpl* node);
  bool InspectEdge(LockContextImpl* node);
  void OfferVictim(LockContextImpl* node);
  bool CycleStillWaiting() const;

  LockContextImpl* const start_;
  LockContextImpl* victim_ = nullptr;
  int depth_ = 0;
  bool found_ = false;
  std::vector<LockContextImpl*> path_;   // current DFS path
  std::vector<LockContextImpl*> cycle_;  // path_ when the deadlock was found
};

}  // namespace mdl

#endif  // MDL_DEADLOCK_DETECTOR_H_
