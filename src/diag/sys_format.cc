#include "diag/sys_format.h"

#include <time.h>

#include <vector>

namespace diag {

namespace {

constexpr size_t kStatementTruncateLen = 64;  // sys_config statement_truncate_len default

// Byte offsets at which UTF-8 characters start (continuation bytes are 10xxxxxx).
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

}  // namespace

std::string FormatStatement(std::string_view statement) {
  std::string out;
  const std::vector<size_t> starts = CharStarts(statement);
  if (starts.size() > kStatementTruncateLen) {
    // LEFT(s, 64/2 - 2), ' ... ', RIGHT(s, 64/2 - 2)
    const size_t keep = kStatementTruncateLen / 2 - 2;
    out = std::string(statement.substr(0, starts[keep]));
    out += " ... ";
    out += statement.substr(starts[starts.size() - keep]);
  } else {
    out = std::string(statement);
  }
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

std::string ThreadHost(const SessionSnapshot& s) {
  const size_t colon = s.host.rfind(':');
  if (colon == std::string::npos || s.host == "localhost") return s.host;
  return s.host.substr(0, colon);
}

std::string ThreadAccount(const SessionSnapshot& s) { return s.user + "@" + ThreadHost(s); }

std::string LocalDateTime(std::chrono::system_clock::time_point t) {
  const time_t secs = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::seconds>(t));
  tm parts{};
  localtime_r(&secs, &parts);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &parts);
  return buf;
}

uint64_t Picoseconds(std::chrono::steady_clock::time_point t,
                     std::chrono::steady_clock::time_point origin) {
  if (t <= origin) return 0;
  return static_cast<uint64_t>(
             std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin).count()) *
         1000;
}

}  // namespace diag
