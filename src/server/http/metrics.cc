#include "server/http/metrics.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace server::http {
namespace {

void Metric(std::string* out, const char* name, const char* type, const char* help,
            const std::string& value) {
  *out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
          name + " " + value + "\n";
}

std::string Seconds(std::chrono::steady_clock::duration d) {
  if (d < std::chrono::steady_clock::duration::zero()) d = {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double>(d).count());
  return buf;
}

}  // namespace

std::string RenderMetrics(const ServerCounters& counters, size_t sessions,
                          const mdl::LockSnapshot& locks) {
  uint64_t granted = 0;
  std::set<uint64_t> waiting;
  std::chrono::steady_clock::duration longest{};
  for (const mdl::TicketRow& t : locks.tickets) {
    if (t.status == mdl::TicketStatus::kGranted) {
      ++granted;
    } else if (t.status == mdl::TicketStatus::kPending) {
      waiting.insert(t.owner_id);
      longest = std::max(longest, locks.taken_at - t.since);
    }
  }
  std::set<uint64_t> roots;
  for (uint64_t w : locks.Waiters()) {
    for (uint64_t r : locks.RootBlockers(w)) roots.insert(r);
  }
  std::string out;
  Metric(&out, "mdld_up", "gauge", "1 while the server answers.", "1");
  Metric(&out, "mdld_uptime_seconds", "gauge", "Seconds since the server started.",
         Seconds(counters.uptime));
  Metric(&out, "mdld_connections", "gauge", "Client sessions now.", std::to_string(sessions));
  Metric(&out, "mdld_connections_total", "counter", "Client sessions created since start.",
         std::to_string(counters.connections_total));
  Metric(&out, "mdld_questions_total", "counter", "Statements run since start.",
         std::to_string(counters.questions_total));
  Metric(&out, "mdld_metadata_locks_granted", "gauge", "Granted metadata lock tickets now.",
         std::to_string(granted));
  Metric(&out, "mdld_metadata_lock_waits", "gauge", "Sessions waiting for a metadata lock now.",
         std::to_string(waiting.size()));
  Metric(&out, "mdld_metadata_lock_root_blockers", "gauge",
         "Sessions that block a metadata lock waiter and wait for nothing themselves.",
         std::to_string(roots.size()));
  Metric(&out, "mdld_longest_metadata_lock_wait_seconds", "gauge",
         "Age of the oldest pending metadata lock request (0 if none).", Seconds(longest));
  return out;
}

}  // namespace server::http
