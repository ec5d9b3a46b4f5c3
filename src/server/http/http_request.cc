#include "server/http/http_request.h"

#include <charconv>

namespace server::http {
namespace {

// RFC 9110 §5.6.2 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Visible ASCII without space: what an origin-form target may contain (RFC 3986 characters;
// anything else would have to be percent-encoded).
bool IsTargetChar(char c) { return c > 0x20 && c < 0x7F; }

// A field value: visible characters, SP, HTAB and obs-text (>= 0x80); no other controls.
bool IsFieldValueChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || u >= 0x80 || (u >= 0x20 && u != 0x7F);
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ParseResult Error(int status, std::string reason) {
  ParseResult r;
  r.state = ParseResult::State::kError;
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

// Splits off the line at `*pos` (without its CRLF / LF). nullopt if no LF yet.
std::optional<std::string_view> NextLine(std::string_view data, size_t* pos) {
  const size_t lf = data.find('\n', *pos);
  if (lf == std::string_view::npos) return std::nullopt;
  std::string_view line = data.substr(*pos, lf - *pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  *pos = lf + 1;
  return line;
}

ParseResult ParseRequestLine(std::string_view line, Request* request) {
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Error(400, "malformed request line");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) return Error(400, "malformed method");
  if (target.empty() || target.front() != '/') return Error(400, "only origin-form targets");
  for (char c : target) {
    if (!IsTargetChar(c)) return Error(400, "malformed request target");
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return Error(400, "malformed HTTP version");
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
    return Error(505, "only HTTP/1.0 and HTTP/1.1");
  }
  request->method = std::string(method);
  request->target = std::string(target);
  const size_t q = target.find('?');
  request->path = std::string(target.substr(0, q));
  request->query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
  // A fragment never travels in a request (RFC 9110 §4.2.4); '#' in a target is malformed.
  if (target.find('#') != std::string_view::npos) return Error(400, "fragment in target");
  request->version_minor = version[7] - '0';
  return ParseResult{ParseResult::State::kComplete, 0, 0, ""};
}

// Checks the framing fields: this endpoint takes no body.
ParseResult CheckBody(const Request& request) {
  bool seen_length = false;
  for (const auto& [name, value] : request.headers) {
    if (EqualsIgnoreCase(name, "Transfer-Encoding"))
      return Error(413, "request bodies are not accepted");
    if (!EqualsIgnoreCase(name, "Content-Length")) continue;
    uint64_t length = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || r.ec != std::errc() || r.ptr != value.data() + value.size()) {
      return Error(400, "malformed Content-Length");
    }
    if (seen_length) return Error(400, "repeated Content-Length");
    seen_length = true;
    if (length != 0) return Error(413, "request bodies are not accepted");
  }
  return ParseResult{ParseResult::State::kComplete, 0, 0, ""};
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

ParseResult ParseRequest(std::string_view data, const RequestLimits& limits, Request* request) {
  // RFC 9112 §2.2: ignore at least one empty line before the request line.
  size_t pos = 0;
  while (pos < data.size() && pos < 4 && (data[pos] == '\r' || data[pos] == '\n')) ++pos;

  const size_t line_start = pos;
  std::optional<std::string_view> line = NextLine(data, &pos);
  if (!line) {
    // +1: the line's CR may already be here without its LF.
    if (data.size() - line_start > limits.max_request_line + 1) {
      return Error(414, "request line too long");
    }
    return ParseResult{};
  }
  if (line->size() > limits.max_request_line) return Error(414, "request line too long");
  Request parsed;
  if (ParseResult r = ParseRequestLine(*line, &parsed); r.state == ParseResult::State::kError) {
    return r;
  }
  while (true) {
    line = NextLine(data, &pos);
    // The same verdict whether the bytes past the limit arrived with their LF or not yet.
    if (!line) {
      if (data.size() > limits.max_head_bytes) return Error(431, "request header fields too large");
      return ParseResult{};
    }
    if (pos > limits.max_head_bytes) return Error(431, "request header fields too large");
    if (line->empty()) break;
    if (line->front() == ' ' || line->front() == '\t') return Error(400, "obsolete line folding");
    const size_t colon = line->find(':');
    if (colon == std::string_view::npos) return Error(400, "malformed header field");
    const std::string_view name = line->substr(0, colon);
    if (!IsToken(name)) return Error(400, "malformed header field name");
    const std::string_view value = TrimWhitespace(line->substr(colon + 1));
    for (char c : value) {
      if (!IsFieldValueChar(c)) return Error(400, "malformed header field value");
    }
    if (parsed.headers.size() >= limits.max_headers) return Error(431, "too many header fields");
    parsed.headers.emplace_back(std::string(name), std::string(value));
  }
  if (ParseResult r = CheckBody(parsed); r.state == ParseResult::State::kError) return r;
  *request = std::move(parsed);
  ParseResult done;
  done.state = ParseResult::State::kComplete;
  done.consumed = pos;
  return done;
}

}  // namespace server::http
