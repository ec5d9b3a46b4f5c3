// sys.innodb_lock_waits and sys.x$innodb_lock_waits (MySQL 8.0's sys schema 2.x): one row per
// (waiting row lock, lock that blocks it), i.e. MySQL's join of
// performance_schema.data_lock_waits with data_locks (both locks) and
// information_schema.INNODB_TRX (both transactions), ordered by wait_started.
//
// Pure functions; thread-safe.
#ifndef DIAG_INNODB_LOCK_WAITS_H_
#define DIAG_INNODB_LOCK_WAITS_H_

#include <chrono>
#include <string>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/virtual_table.h"
#include "storage/data_locks.h"
#include "storage/transaction.h"

namespace diag {

// `raw` = the x$ form: waiting_query / blocking_query are the full trx_query instead of
// sys.format_statement()'s abbreviation. Rows whose transactions are missing from `trxs` are
// dropped (the view's inner joins). NOW() is `wall_now`; wait_age / *_trx_age are TIMEDIFF
// values ("HH:MM:SS"), wait_age_secs TIMESTAMPDIFF(SECOND, ...), all on whole seconds as the
// DATETIME columns they come from.
sql::VirtualTable InnodbLockWaits(const storage::DataLockSnapshot& locks,
                                  const std::vector<storage::TrxInfo>& trxs,
                                  const std::vector<SessionSnapshot>& sessions,
                                  std::chrono::system_clock::time_point wall_now, bool raw);

// TIMEDIFF(to, from) of two DATETIMEs `seconds` apart: "[-]HH:MM:SS", hours not wrapped.
std::string TimeDiffText(int64_t seconds);

}  // namespace diag

#endif  // DIAG_INNODB_LOCK_WAITS_H_
