// The HTTP endpoint's view of a running mdld: HttpBackend over the SQL layer's ServerState
// (accounts, session registry, lock manager, status counters), read through the same
// interfaces src/diag's tables use.
//
// Thread-safe: every member of ServerState it reads is.
#ifndef SERVER_HTTP_SERVER_BACKEND_H_
#define SERVER_HTTP_SERVER_BACKEND_H_

#include <memory>

#include "server/http/http_backend.h"
#include "server/server_context.h"

namespace server::http {

// The backend for `context`, which must outlive it; nullptr if `context` is not the SQL
// layer's (then the endpoint has nothing to show).
std::unique_ptr<HttpBackend> NewServerBackend(ServerContext* context);

}  // namespace server::http

#endif  // SERVER_HTTP_SERVER_BACKEND_H_
