// HTTP/1.1 request parsing for mdld's small diagnostics endpoint (http_server.h): the
// request line and header fields of RFC 9112, no body.
//
// The endpoint serves only GET, so a request is its head: the parser refuses a body
// (Content-Length > 0 or any Transfer-Encoding: 413) instead of reading one. Limits bound
// what a client can make the server buffer; the status each violation earns:
//   request line longer than max_request_line             414 URI Too Long
//   head longer than max_head_bytes, or > max_headers      431 Request Header Fields Too Large
//   malformed line, field, target or Content-Length        400 Bad Request
//   HTTP version other than 1.0 / 1.1                      505 HTTP Version Not Supported
// Lines may end in CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept LF). Obsolete line
// folding is rejected (400), as the RFC allows. The method is any token; the router decides
// which it serves (405).
//
// Pure functions; thread-safe.
#ifndef SERVER_HTTP_HTTP_REQUEST_H_
#define SERVER_HTTP_HTTP_REQUEST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace server::http {

struct RequestLimits {
  size_t max_request_line = 4096;
  size_t max_head_bytes = 16384;  // request line + header fields + the empty line
  size_t max_headers = 64;
};

struct Request {
  std::string method;                                        // "GET"
  std::string target;                                        // "/api/wait-graph?x=1" as sent
  std::string path;                                          // "/api/wait-graph"
  std::string query;                                         // "x=1" (without '?'); "" if none
  int version_minor = 1;                                     // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent, values trimmed

  // The first field named `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct ParseResult {
  enum class State { kIncomplete, kComplete, kError };
  State state = State::kIncomplete;
  size_t consumed = 0;  // kComplete: bytes of the head, including the empty line
  int status = 0;       // kError: the HTTP status to answer with
  std::string reason;   // kError: why, for the response body
};

// Parses the request head at the start of `data`. kIncomplete: more bytes are needed (and
// `data` is still within the limits). On kComplete fills *request.
ParseResult ParseRequest(std::string_view data, const RequestLimits& limits, Request* request);

// Case-insensitive ASCII comparison, as HTTP field names and tokens compare.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace server::http

#endif  // SERVER_HTTP_HTTP_REQUEST_H_
