#include "server/http/http_router.h"

#include "diag/wait_graph.h"
#include "diag/wait_graph_json.h"
#include "server/http/basic_auth.h"
#include "server/http/metrics.h"
#include "server/http/page_assets.h"

namespace server::http {
namespace {

Response Unauthorized() {
  Response r = TextResponse(401, "authentication required: an mdld account with PROCESS");
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"mdld\"");
  return r;
}

// 401/403 response if the request may not see sessions, else nullopt.
std::optional<Response> Authenticate(const Request& request, bool peer_loopback,
                                     const HttpBackend& backend) {
  std::optional<std::string_view> header = request.Header("Authorization");
  if (!header) return Unauthorized();
  std::optional<BasicCredentials> credentials = ParseBasicAuthorization(*header);
  if (!credentials) return Unauthorized();
  switch (CheckCredentials(backend.FindAccount(credentials->user), credentials->password,
                           peer_loopback && IsLoopbackHost(request.Header("Host")))) {
    case AuthDecision::kAllowed:
      return std::nullopt;
    case AuthDecision::kForbidden:
      return TextResponse(403, "the account needs the PROCESS (or SUPER) privilege");
    case AuthDecision::kUnauthenticated:
      break;
  }
  return Unauthorized();
}

Response WaitGraphJson(const HttpBackend& backend) {
  // Sessions first: a lock whose owner's session is not in the list (it connected after the
  // session snapshot) drops out, never the other way round.
  const std::vector<diag::SessionSnapshot> sessions = backend.Sessions();
  const mdl::LockSnapshot locks = backend.Locks();
  Response r;
  r.content_type = "application/json";
  r.body = diag::WaitGraphToJson(diag::BuildWaitGraph(locks, sessions, backend.Now()));
  return r;
}

Response Asset(const PageAsset& asset) {
  Response r;
  r.content_type = std::string(asset.content_type);
  r.body = std::string(asset.body);
  // Everything the page runs comes from this server: no inline script, no other origin.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; "
                         "connect-src 'self'; img-src 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace

Response HandleRequest(const Request& request, bool peer_loopback, const HttpBackend& backend) {
  if (request.method != "GET") {
    Response r = TextResponse(405, "only GET is served");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  if (request.path == "/metrics") {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = RenderMetrics(backend.Counters(), backend.SessionCount(), backend.Locks());
    return r;
  }
  const std::optional<PageAsset> asset = FindPageAsset(request.path);
  if (!asset && request.path != "/api/wait-graph") return TextResponse(404, "not found");
  if (std::optional<Response> denied = Authenticate(request, peer_loopback, backend)) {
    return *std::move(denied);
  }
  if (asset) return Asset(*asset);
  return WaitGraphJson(backend);
}

}  // namespace server::http
