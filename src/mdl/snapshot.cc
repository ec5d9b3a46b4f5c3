// LockManagerImpl::TakeSnapshot() and the LockSnapshot queries (root blockers).
#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "mdl/compat_matrix.h"
#include "mdl/lock_context_impl.h"
#include "mdl/lock_manager_impl.h"
#include "mdl/lock_object.h"

namespace mdl {

using internal::Bit;
using internal::Index;

std::string_view ToString(TicketStatus status) {
  switch (status) {
    case TicketStatus::kGranted:
      return "GRANTED";
    case TicketStatus::kPending:
      return "PENDING";
    case TicketStatus::kVictim:
      return "VICTIM";
    case TicketStatus::kTimeout:
      return "TIMEOUT";
    case TicketStatus::kKilled:
      return "KILLED";
  }
  return "UNKNOWN";
}

namespace {

TicketRow RowOf(const internal::TicketImpl* t, TicketStatus status) {
  TicketRow r;
  r.ticket_id = t->id;
  r.owner_id = t->ctx->owner_id();
  r.key = t->obj->key();
  r.type = t->type_relaxed();
  r.duration = t->duration_relaxed();
  r.status = status;
  r.since = t->since;
  r.source = t->source != nullptr ? t->source : "";
  r.event_id = t->event_id;
  r.fast_path = false;
  r.low_priority = t->low_priority;
  return r;
}

TicketStatus PendingStatus(const internal::TicketImpl* t) {
  switch (t->ctx->wait_slot().status()) {
    case internal::WaitStatus::kVictim:
      return TicketStatus::kVictim;
    case internal::WaitStatus::kTimeout:
      return TicketStatus::kTimeout;
    case internal::WaitStatus::kKilled:
      return TicketStatus::kKilled;
    default:
      return TicketStatus::kPending;
  }
}

}  // namespace

LockSnapshot LockManagerImpl::TakeSnapshot() const {
  LockSnapshot snap;
  snap.taken_at = clock_->Now();
  // 1. Fast-path tickets, one context at a time (contexts first: a ticket materialized in
  //    between then shows up twice and is deduplicated below, rather than not at all).
  std::vector<TicketRow> fast_rows;
  {
    base::MutexLock l(&registry_mu_);
    for (const LockContextImpl* c = contexts_; c != nullptr; c = c->reg_next) {
      c->CollectFastPathRows(&fast_rows);
    }
  }
  // 2. Slow-path tickets, one lock object at a time.
  std::unordered_map<LockKey, int, LockKeyHash> matrix_of;
  table_.ForEachObject([&](internal::LockObject* obj) {
    base::MutexLock l(obj->mu());
    if (obj->granted().empty() && obj->waiting().empty()) return;
    matrix_of[obj->key()] = obj->matrix_index();
    for (const internal::TicketImpl* t = obj->granted().front(); t != nullptr;
         t = internal::ObjectTicketList::next(t)) {
      snap.tickets.push_back(RowOf(t, TicketStatus::kGranted));
    }
    for (const internal::TicketImpl* t = obj->waiting().front(); t != nullptr;
         t = internal::ObjectTicketList::next(t)) {
      snap.tickets.push_back(RowOf(t, PendingStatus(t)));
    }
  });
  std::unordered_set<uint64_t> seen;
  for (const TicketRow& r : snap.tickets) seen.insert(r.ticket_id);
  for (TicketRow& r : fast_rows) {
    if (seen.insert(r.ticket_id).second) snap.tickets.push_back(std::move(r));
  }
  std::stable_sort(snap.tickets.begin(), snap.tickets.end(),
                   [](const TicketRow& a, const TicketRow& b) {
                     if (a.key != b.key) return a.key < b.key;
                     const bool ag = a.status == TicketStatus::kGranted;
                     const bool bg = b.status == TicketStatus::kGranted;
                     return ag && !bg;
                   });
  // 3. Edges, per key, from the copied rows.
  for (size_t begin = 0; begin < snap.tickets.size();) {
    size_t end = begin;
    while (end < snap.tickets.size() && snap.tickets[end].key == snap.tickets[begin].key) ++end;
    const LockKey& key = snap.tickets[begin].key;
    const internal::LockStrategy& st = internal::StrategyFor(key.name_space());
    auto it = matrix_of.find(key);
    const int m = it == matrix_of.end() ? 0 : it->second;
    for (size_t i = begin; i < end; ++i) {
      const TicketRow& w = snap.tickets[i];
      if (w.status != TicketStatus::kPending) continue;
      const internal::Bitmap gi = st.granted_incompat[Index(w.type)];
      const internal::Bitmap wi = st.waiting_incompat[m][Index(w.type)];
      for (size_t j = begin; j < end; ++j) {
        const TicketRow& b = snap.tickets[j];
        if (j == i || b.owner_id == w.owner_id) continue;
        const bool granted = b.status == TicketStatus::kGranted;
        // A low-priority pending request blocks nobody (it is not in the pending matrix).
        if (granted ? (Bit(b.type) & gi) == 0
                    : (b.status != TicketStatus::kPending || b.low_priority ||
                       (Bit(b.type) & wi) == 0)) {
          continue;
        }
        WaitEdge e;
        e.waiter = w.owner_id;
        e.blocker = b.owner_id;
        e.key = key;
        e.waiter_type = w.type;
        e.blocker_type = b.type;
        e.blocker_granted = granted;
        e.waiter_ticket_id = w.ticket_id;
        e.blocker_ticket_id = b.ticket_id;
        snap.edges.push_back(std::move(e));
      }
    }
    begin = end;
  }
  return snap;
}

// ---- LockSnapshot ----

namespace {

// BFS over owner edges from `waiter`; parent links for the chains.
std::map<uint64_t, uint64_t> Reach(const LockSnapshot& s, uint64_t waiter,
                                   std::set<uint64_t>* has_out) {
  std::multimap<uint64_t, uint64_t> adj;
  for (const WaitEdge& e : s.edges) {
    adj.emplace(e.waiter, e.blocker);
    has_out->insert(e.waiter);
  }
  std::map<uint64_t, uint64_t> parent{{waiter, waiter}};
  std::deque<uint64_t> queue{waiter};
  while (!queue.empty()) {
    const uint64_t n = queue.front();
    queue.pop_front();
    auto [lo, hi] = adj.equal_range(n);
    for (auto it = lo; it != hi; ++it) {
      if (parent.emplace(it->second, n).second) queue.push_back(it->second);
    }
  }
  return parent;
}

}  // namespace

std::vector<uint64_t> LockSnapshot::RootBlockers(uint64_t waiter) const {
  std::set<uint64_t> has_out;
  const auto parent = Reach(*this, waiter, &has_out);
  std::vector<uint64_t> roots;
  for (const auto& [node, p] : parent) {
    if (node != waiter && has_out.count(node) == 0) roots.push_back(node);
  }
  return roots;
}

std::vector<std::vector<uint64_t>> LockSnapshot::ChainsToRootBlockers(uint64_t waiter) const {
  std::set<uint64_t> has_out;
  const auto parent = Reach(*this, waiter, &has_out);
  std::vector<std::vector<uint64_t>> chains;
  for (uint64_t root : RootBlockers(waiter)) {
    std::vector<uint64_t> chain{root};
    for (uint64_t n = root; n != waiter;) {
      n = parent.at(n);
      chain.push_back(n);
    }
    std::reverse(chain.begin(), chain.end());
    chains.push_back(std::move(chain));
  }
  return chains;
}

std::vector<uint64_t> LockSnapshot::Waiters() const {
  std::set<uint64_t> w;
  for (const TicketRow& r : tickets) {
    if (r.status == TicketStatus::kPending) w.insert(r.owner_id);
  }
  return std::vector<uint64_t>(w.begin(), w.end());
}

std::vector<TicketRow> LockSnapshot::TicketsOf(uint64_t owner_id) const {
  std::vector<TicketRow> out;
  for (const TicketRow& r : tickets) {
    if (r.owner_id == owner_id) out.push_back(r);
  }
  return out;
}

std::vector<TicketRow> LockSnapshot::TicketsOn(const LockKey& key) const {
  std::vector<TicketRow> out;
  for (const TicketRow& r : tickets) {
    if (r.key == key) out.push_back(r);
  }
  return out;
}

std::string LockSnapshot::ToString() const {
  std::string s;
  for (const TicketRow& r : tickets) {
    s += r.key.ToString();
    s += ' ';
    s += mdl::ToString(r.type);
    s += ' ';
    s += mdl::ToString(r.duration);
    s += ' ';
    s += mdl::ToString(r.status);
    s += " owner=" + std::to_string(r.owner_id);
    if (r.fast_path) s += " fast";
    if (r.low_priority) s += " low-priority";
    if (!r.source.empty()) s += " " + r.source;
    s += '\n';
  }
  for (const WaitEdge& e : edges) {
    s += std::to_string(e.waiter) + " -> " + std::to_string(e.blocker) + " on " + e.key.ToString() +
         " (" + std::string(ShortName(e.waiter_type)) + " waits for " +
         (e.blocker_granted ? "granted " : "pending ") + std::string(ShortName(e.blocker_type)) +
         ")\n";
  }
  return s;
}

}  // namespace mdl
