#include "server/server_stats.h"

#include <cstdio>

namespace server {

std::string ServerStats::StatisticsLine() const {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  const uint64_t q = questions.load(std::memory_order_relaxed);
  const double qps = uptime > 0 ? static_cast<double>(q) / static_cast<double>(uptime) : 0.0;
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "Uptime: %lld  Threads: %llu  Questions: %llu  Slow queries: 0  Opens: 0  "
                "Flush tables: 0  Open tables: 0  Queries per second avg: %.3f",
                static_cast<long long>(uptime),
                static_cast<unsigned long long>(threads_connected.load(std::memory_order_relaxed)),
                static_cast<unsigned long long>(q), qps);
  return buf;
}

}  // namespace server
