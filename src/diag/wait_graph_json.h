// The wait graph (wait_graph.h) as the JSON document GET /api/wait-graph serves and the
// wait-graph page (src/server/http/page/) draws:
//
//   {"root_blockers": [12],
//    "sessions": [{"id": 12, "user": "root", "host": "localhost", "db": "d" | null,
//                  "command": "Sleep", "time": 312, "state": "", "info": "SQL" | null,
//                  "in_transaction": true, "trx_idle_secs": 312 | null,
//                  "waiting": false, "blocking": true, "root_blocker": true,
//                  "kill": "KILL 12"}, ...],
//    "locks": [{"owner": 12, "object": "TABLE `d`.`t`", "namespace": "TABLE",
//               "schema": "d" | null, "name": "t" | null, "type": "SHARED_READ",
//               "duration": "TRANSACTION", "status": "GRANTED", "age_secs": 312}, ...],
//    "edges": [{"waiter": 13, "blocker": 12, "object": "TABLE `d`.`t`",
//               "waiter_type": "EXCLUSIVE", "blocker_type": "SHARED_READ",
//               "blocker_status": "GRANTED" | "PENDING"}, ...],
//    "waiters": [{"id": 13, "object": "TABLE `d`.`t`", "type": "EXCLUSIVE",
//                 "duration": "TRANSACTION", "wait_secs": 5, "root_blockers": [12],
//                 "kill": "KILL 12" | null,
//                 "blockers": [{"id": 12, "direct": true, "root": true, "chain": [13, 12],
//                               "state": "idle in transaction", "state_secs": 312,
//                               "explanation": "pid 12 holds ...", "kill": "KILL 12"}]}]}
//
// Keys are always present (null where a value is absent); arrays are sorted by session id.
// Pure function; thread-safe.
#ifndef DIAG_WAIT_GRAPH_JSON_H_
#define DIAG_WAIT_GRAPH_JSON_H_

#include <string>
#include <string_view>

#include "diag/wait_graph.h"

namespace diag {

std::string WaitGraphToJson(const WaitGraph& graph);

// `s` as a JSON string literal, quotes included. Control characters, '"' and '\' are escaped;
// so are '<', '>' and '&' (as \u003c...), so the text is also safe inside an HTML page; bytes
// that are not valid UTF-8 become U+FFFD, so that the document is always valid JSON.
std::string JsonString(std::string_view s);

}  // namespace diag

#endif  // DIAG_WAIT_GRAPH_JSON_H_
