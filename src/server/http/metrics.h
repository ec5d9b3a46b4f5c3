// GET /metrics: Prometheus text exposition format (version 0.0.4) of read-only gauges and
// counters. Served without authentication, so it carries counts and durations only: no SQL
// text, no user, host or object names.
//
//   mdld_up 1
//   mdld_uptime_seconds                        seconds since start
//   mdld_connections                           sessions now
//   mdld_connections_total                     sessions created since start
//   mdld_questions_total                       statements run since start
//   mdld_metadata_locks_granted                granted metadata lock tickets now
//   mdld_metadata_lock_waits                   sessions waiting for a metadata lock now
//   mdld_metadata_lock_root_blockers           sessions that block others and wait for nothing
//   mdld_longest_metadata_lock_wait_seconds    age of the oldest pending request (0 if none)
//
// Pure function; thread-safe.
#ifndef SERVER_HTTP_METRICS_H_
#define SERVER_HTTP_METRICS_H_

#include <string>

#include "mdl/snapshot.h"
#include "server/http/http_backend.h"

namespace server::http {

std::string RenderMetrics(const ServerCounters& counters, size_t sessions,
                          const mdl::LockSnapshot& locks);

}  // namespace server::http

#endif  // SERVER_HTTP_METRICS_H_
