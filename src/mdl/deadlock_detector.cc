#include "mdl/deadlock_detector.h"

#include "mdl/lock_context_impl.h"
#include "mdl/lock_object.h"

namespace mdl {

bool DeadlockDetector::Search() {
  const bool found = VisitContext(start_);
  if (!found) return false;
  if (!CycleStillWaiting()) {
    victim_ = nullptr;
    return false;
  }
  return victim_ != nullptr;
}

bool DeadlockDetector::CycleStillWaiting() const {
  for (LockContextImpl* c : cycle_) {
    if (c->wait_slot().status() != WaitStatus::kEmpty) return false;
  }
  return true;
}

bool DeadlockDetector::EnterNode(LockContextImpl* node) {
  path_.push_back(node);
  found_ = ++depth_ >= kMaxSearchDepth;
  if (found_) {
    cycle_ = path_;
    OfferVictim(node);
  }
  return found_;
}

void DeadlockDetector::LeaveNode(LockContextImpl* node) {
  --depth_;
  path_.pop_back();
  if (found_) OfferVictim(node);
}

bool DeadlockDetector::InspectEdge(LockContextImpl* node) {
  found_ = node == start_;
  if (found_) cycle_ = path_;
  return found_;
}

void DeadlockDetector::OfferVictim(LockContextImpl* node) {
  if (victim_ == nullptr || victim_->DeadlockWeightLocked() >= node->DeadlockWeightLocked()) {
    victim_ = node;
  }
}

bool DeadlockDetector::VisitContext(LockContextImpl* src) {
  TicketImpl* waiting = src->waiting_for_;
  if (waiting == nullptr) return false;
  LockObject* obj = waiting->obj;
  std::vector<LockContextImpl*> edges;
  {
    base::MutexLock l(obj->mu());
    // A waiter whose wait already ended (granted, timed out, killed, victim) is no node.
    if (src->wait_slot().status() != WaitStatus::kEmpty) return false;
    if (!waiting->pending) return false;
    obj->ForEachBlockerLocked(
        waiting, [&](const TicketImpl* t, bool /*granted*/) { edges.push_back(t->ctx); });
  }
  // Reaching the depth cap ends the search without LeaveNode() for this node (MySQL).
  if (EnterNode(src)) return true;
  bool result = false;
  for (LockContextImpl* c : edges) {
    if (InspectEdge(c)) {
      result = true;
      break;
    }
  }
  if (!result) {
    for (LockContextImpl* c : edges) {
      if (VisitContext(c)) {
        result = true;
        break;
      }
    }
  }
  LeaveNode(src);
  return result;
}

}  // namespace mdl
