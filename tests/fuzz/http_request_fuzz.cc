// libFuzzer target for the HTTP request parser (src/server/http/http_request.h): any bytes
// must parse, ask for more, or fail with one of the documented statuses, never crash or
// overread. Also checks that parsing is consistent as bytes arrive, as the server feeds it:
//   - a complete head of n bytes parses the same from exactly its first n bytes;
//   - a shorter prefix never completes, and fails only with the status the whole input
//     fails with (an error is never caused by bytes not yet received).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/http/http_request.h"

using server::http::ParseRequest;
using server::http::ParseResult;
using server::http::Request;
using server::http::RequestLimits;

namespace {

bool KnownStatus(int status) {
  return status == 400 || status == 413 || status == 414 || status == 431 || status == 505;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Small limits, so that the fuzzer reaches every limit branch with short inputs.
  RequestLimits limits;
  limits.max_request_line = 64;
  limits.max_head_bytes = 256;
  limits.max_headers = 8;

  Request full;
  const ParseResult whole = ParseRequest(text, limits, &full);
  switch (whole.state) {
    case ParseResult::State::kComplete:
      if (whole.consumed == 0 || whole.consumed > size) abort();
      if (whole.consumed > limits.max_head_bytes) abort();
      if (full.method.empty() || full.path.empty() || full.path[0] != '/') abort();
      if (full.headers.size() > limits.max_headers) abort();
      if (full.target.size() > limits.max_request_line) abort();
      break;
    case ParseResult::State::kError:
      if (!KnownStatus(whole.status) || whole.reason.empty()) abort();
      break;
    case ParseResult::State::kIncomplete:
      if (size > limits.max_head_bytes + 4) abort();  // the limits bound what is buffered
      break;
  }

  const size_t end = whole.state == ParseResult::State::kComplete ? whole.consumed : size;
  if (whole.state == ParseResult::State::kComplete) {
    Request again;
    const ParseResult exact = ParseRequest(text.substr(0, end), limits, &again);
    if (exact.state != ParseResult::State::kComplete || exact.consumed != whole.consumed) abort();
    if (again.target != full.target || again.headers != full.headers) abort();
  }
  for (size_t n = 0; n < end; ++n) {
    Request partial;
    const ParseResult p = ParseRequest(text.substr(0, n), limits, &partial);
    if (p.state == ParseResult::State::kComplete) abort();
    if (p.state == ParseResult::State::kError &&
        (whole.state != ParseResult::State::kError || whole.status != p.status)) {
      abort();
    }
  }
  return 0;
}
