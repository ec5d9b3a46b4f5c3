// Process-wide counters reported by COM_STATISTICS (mysqladmin status).
//
// Thread safety: the counters are atomics updated with relaxed ordering: they are statistics
// nobody branches on, and publish no other data.
#ifndef SERVER_SERVER_STATS_H_
#define SERVER_SERVER_STATS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace server {

struct ServerStats {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::atomic<uint64_t> questions{0};          // COM_QUERY and COM_STMT_EXECUTE received
  std::atomic<uint64_t> threads_connected{0};  // connection threads alive

  // "Uptime: 5  Threads: 1  Questions: 3  Slow queries: 0  Opens: 0  Flush tables: 0
  //  Open tables: 0  Queries per second avg: 0.600", as mysqld words it.
  std::string StatisticsLine() const;
};

}  // namespace server

#endif  // SERVER_SERVER_STATS_H_
