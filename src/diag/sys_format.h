// Formatting helpers shared by the diagnostic tables: what MySQL's sys schema functions
// (sys.format_statement, sys.ps_thread_account) and performance_schema print.
//
// Pure functions; thread-safe.
#ifndef DIAG_SYS_FORMAT_H_
#define DIAG_SYS_FORMAT_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "diag/session_snapshot.h"

namespace diag {

// sys.format_statement() with the default statement_truncate_len = 64: statements longer than
// 64 characters become their first 30 characters, " ... ", and their last 30; newlines become
// spaces. Counts UTF-8 characters, not bytes.
std::string FormatStatement(std::string_view statement);

// performance_schema.threads.PROCESSLIST_HOST: the client host without the ":port" that
// PROCESSLIST.Host carries for remote TCP clients ("10.0.0.7:5123" -> "10.0.0.7").
std::string ThreadHost(const SessionSnapshot& s);

// sys.ps_thread_account(): "user@host" of a foreground thread.
std::string ThreadAccount(const SessionSnapshot& s);

// `t` in the server's local time zone as DATETIME text "YYYY-MM-DD HH:MM:SS" (INNODB_TRX and
// NOW() use the same zone, @@time_zone = SYSTEM).
std::string LocalDateTime(std::chrono::system_clock::time_point t);

// performance_schema timer value (picoseconds) of `t`, counted from `origin` (server start),
// never negative.
uint64_t Picoseconds(std::chrono::steady_clock::time_point t,
                     std::chrono::steady_clock::time_point origin);

}  // namespace diag

#endif  // DIAG_SYS_FORMAT_H_
