// The endpoint's routes, authentication and handlers: one Request in, one Response out, no
// I/O (the server in http_server.h does the sockets).
//
//   GET /metrics          Prometheus metrics (metrics.h); no authentication
//   GET /api/wait-graph   the wait graph as JSON (diag/wait_graph_json.h)   } Basic auth with
//   GET /                 the live wait-graph page (page/index.html)        } PROCESS or SUPER
//   GET /wait_graph.js, /app.js, /style.css   the page's script and style   }
//
// Answers: 405 (with Allow: GET) for any other method, 404 for other paths, 401 with
// WWW-Authenticate: Basic realm="mdld" for missing or wrong credentials, 403 for an account
// without PROCESS/SUPER. A passwordless account is accepted only from a loopback peer that
// also names a loopback host (basic_auth.h: IsLoopbackHost, against DNS rebinding).
//
// Thread safety: HandleRequest is reentrant; it calls `backend` from the calling thread.
#ifndef SERVER_HTTP_HTTP_ROUTER_H_
#define SERVER_HTTP_HTTP_ROUTER_H_

#include "server/http/http_backend.h"
#include "server/http/http_request.h"
#include "server/http/http_response.h"

namespace server::http {

Response HandleRequest(const Request& request, bool peer_loopback, const HttpBackend& backend);

}  // namespace server::http

#endif  // SERVER_HTTP_HTTP_ROUTER_H_
