#include "server/idle_blocker_monitor.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

namespace server {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// When `waiter` began its current wait: the earliest `since` of its pending tickets (a
// session waits for one lock at a time; a batch may show several pending rows).
std::optional<Clock::time_point> WaitSince(const mdl::LockSnapshot& snapshot, uint64_t waiter) {
  std::optional<Clock::time_point> since;
  for (const mdl::TicketRow& r : snapshot.tickets) {
    if (r.owner_id != waiter || r.status != mdl::TicketStatus::kPending) continue;
    if (!since || r.since < *since) since = r.since;
  }
  return since;
}

// Fills the victim's lock from the last edge of `chain` ({waiter, ..., blocker}).
void DescribeLock(const mdl::LockSnapshot& snapshot, const std::vector<uint64_t>& chain,
                  IdleBlockerVictim* v) {
  const uint64_t before = chain[chain.size() - 2];
  for (const mdl::WaitEdge& e : snapshot.edges) {
    if (e.waiter != before || e.blocker != v->blocker) continue;
    v->key = e.key;
    v->blocker_type = e.blocker_type;
    for (const mdl::TicketRow& r : snapshot.tickets) {
      if (r.ticket_id == e.blocker_ticket_id) v->blocker_duration = r.duration;
    }
    return;
  }
}

}  // namespace

std::vector<IdleBlockerVictim> SelectIdleBlockers(const mdl::LockSnapshot& snapshot,
                                                  const std::vector<SessionIdleState>& sessions,
                                                  Clock::time_point now) {
  std::map<uint64_t, const SessionIdleState*> by_id;
  for (const SessionIdleState& s : sessions) by_id[s.id] = &s;
  std::map<uint64_t, IdleBlockerVictim> chosen;
  for (uint64_t waiter : snapshot.Waiters()) {
    const std::optional<Clock::time_point> wait_since = WaitSince(snapshot, waiter);
    if (!wait_since) continue;
    // Root blockers only: they are not waiting themselves, so a waiter (even one that holds
    // locks others queue behind) is never chosen; an intermediate holder that is busy is
    // not idle, and one that is waiting is not a root.
    for (const std::vector<uint64_t>& chain : snapshot.ChainsToRootBlockers(waiter)) {
      if (chain.size() < 2) continue;
      const uint64_t blocker = chain.back();
      auto it = by_id.find(blocker);
      if (it == by_id.end()) continue;
      const SessionIdleState& s = *it->second;
      if (!s.idle || s.idle_blocker_timeout == 0) continue;
      const Clock::time_point start = std::max(s.idle_since, *wait_since);
      if (now < start) continue;
      const Clock::duration waited = now - start;
      if (waited < std::chrono::seconds(s.idle_blocker_timeout)) continue;
      auto [pos, inserted] = chosen.try_emplace(blocker);
      IdleBlockerVictim& v = pos->second;
      if (!inserted && v.waited >= waited) continue;
      v.blocker = blocker;
      v.command_seq = s.command_seq;
      v.timeout_seconds = s.idle_blocker_timeout;
      v.waiter = waiter;
      v.waited = waited;
      v.idle = now - s.idle_since;
      DescribeLock(snapshot, chain, &v);
    }
  }
  std::vector<IdleBlockerVictim> out;
  out.reserve(chosen.size());
  for (auto& [id, v] : chosen) out.push_back(std::move(v));
  return out;
}

IdleBlockerMonitor::IdleBlockerMonitor(const mdl::LockManager* locks, SessionRegistry* registry)
    : locks_(locks), registry_(registry), thread_([this] { Run(); }) {}

IdleBlockerMonitor::~IdleBlockerMonitor() {
  {
    base::MutexLock lock(&mu_);
    stop_ = true;
  }
  cv_.SignalAll();
  thread_.join();
}

void IdleBlockerMonitor::OnWaitBegin() {
  if (waits_.fetch_add(1) == 0) {
    // Under mu_, so that the thread is either before its check (and sees the count) or
    // already waiting (and gets the signal).
    base::MutexLock lock(&mu_);
    cv_.Signal();
  }
}

void IdleBlockerMonitor::OnWaitEnd() { waits_.fetch_sub(1); }

void IdleBlockerMonitor::Run() {
  for (;;) {
    {
      base::MutexLock lock(&mu_);
      while (!stop_ && waits_.load() == 0) cv_.Wait(&mu_);
      if (stop_) return;
      // Most waits end within a moment; look only once per interval while they last. The
      // smallest timeout is 1 s, so a victim is found at most kScanInterval late.
      const Clock::time_point until = Clock::now() + kScanInterval;
      while (!stop_ && cv_.WaitUntil(&mu_, until)) {
      }
      if (stop_) return;
    }
    if (waits_.load() > 0) (void)ScanOnce(Clock::now());
  }
}

std::vector<IdleBlockerVictim> IdleBlockerMonitor::ScanOnce(Clock::time_point now) {
  const std::vector<SessionIdleState> states = registry_->IdleStates();
  const bool any_candidate = std::any_of(states.begin(), states.end(), [](const auto& s) {
    return s.idle && s.idle_blocker_timeout > 0;
  });
  if (!any_candidate) return {};
  const mdl::LockSnapshot snapshot = locks_->TakeSnapshot();
  std::vector<IdleBlockerVictim> done;
  for (IdleBlockerVictim& v : SelectIdleBlockers(snapshot, states, now)) {
    if (!registry_->DisconnectIfIdle(v.blocker, v.command_seq, {v.waiter, v.timeout_seconds})) {
      continue;  // it began a command since its state was read: it runs normally
    }
    disconnected_.fetch_add(1, std::memory_order_relaxed);
    const SessionIdleState* s = nullptr;
    for (const SessionIdleState& st : states) {
      if (st.id == v.blocker) s = &st;
    }
    // The DBA's trace: who was cut off, why, and whom it freed.
    std::fprintf(stderr,
                 "mdld: [Warning] mdl_idle_blocker_timeout: disconnected session %llu "
                 "(user '%s', host '%s', idle %.1f s%s): its %s %s lock on %s kept session %llu "
                 "waiting %.1f s (mdl_idle_blocker_timeout = %llu)\n",
                 static_cast<unsigned long long>(v.blocker), s ? s->user.c_str() : "",
                 s ? s->host.c_str() : "", Seconds(v.idle),
                 s && s->in_transaction ? ", in a transaction" : "",
                 std::string(mdl::ToString(v.blocker_duration)).c_str(),
                 std::string(mdl::ToString(v.blocker_type)).c_str(), v.key.ToString().c_str(),
                 static_cast<unsigned long long>(v.waiter), Seconds(v.waited),
                 static_cast<unsigned long long>(v.timeout_seconds));
    done.push_back(std::move(v));
  }
  return done;
}

}  // namespace server
