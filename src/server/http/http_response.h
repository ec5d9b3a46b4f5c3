// An HTTP response and its wire form. Every response closes the connection (the endpoint
// serves one request per connection: a page polling once a second does not need keep-alive,
// and a closed connection cannot be held open by a slow client).
//
// Thread safety: a plain value type; Serialize() is a pure function.
#ifndef SERVER_HTTP_HTTP_RESPONSE_H_
#define SERVER_HTTP_HTTP_RESPONSE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace server::http {

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the standard ones
  std::string body;
};

// A plain-text response: `status` with `text` (a newline is appended).
Response TextResponse(int status, std::string_view text);

// "OK", "Not Found", ... ("" for unknown codes).
std::string_view ReasonPhrase(int status);

// Status line, Content-Type, Content-Length, Connection: close, Cache-Control: no-store,
// X-Content-Type-Options: nosniff, the extra headers, the empty line and the body.
std::string Serialize(const Response& response);

}  // namespace server::http

#endif  // SERVER_HTTP_HTTP_RESPONSE_H_
