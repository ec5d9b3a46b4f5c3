// SHOW ENGINE INNODB STATUS: one row (Type 'InnoDB', Name '', Status text). The Status text
// has InnoDB's monitor header and TRANSACTIONS section, listing every active storage
// transaction the way InnoDB does, so that scripts that grep it ("---TRANSACTION",
// "MySQL thread id", "TRX HAS BEEN WAITING") work. Sections about pages, buffers and I/O
// are left out: mdld has none of those structures.
//
// Pure function; thread-safe.
#ifndef DIAG_INNODB_STATUS_H_
#define DIAG_INNODB_STATUS_H_

#include <chrono>
#include <vector>

#include "diag/session_snapshot.h"
#include "sql/statement_result.h"
#include "storage/transaction.h"

namespace diag {

// Per transaction (newest first, as InnoDB lists them):
//   ---TRANSACTION <id>, ACTIVE <n> sec[ starting index read]
//   [mysql tables in use N, locked M]                          (while a statement runs)
//   [LOCK WAIT ]<s> lock struct(s), heap size <b>, <r> row lock(s)[, undo log entries <u>]
//   MySQL thread id <id>, OS thread handle <tid>, query id <event id> <host> <user>[ <state>]
//   [<running statement>]
//   [------- TRX HAS BEEN WAITING <n> SEC FOR THIS LOCK TO BE GRANTED:
//    RECORD LOCKS lock id <requested lock id> trx id <id> lock_mode X waiting
//    ------------------]
sql::ResultSet ShowEngineInnodbStatus(const std::vector<storage::TrxInfo>& trxs,
                                      const std::vector<SessionSnapshot>& sessions,
                                      std::chrono::system_clock::time_point wall_now);

}  // namespace diag

#endif  // DIAG_INNODB_STATUS_H_
