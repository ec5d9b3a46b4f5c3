// MySQL error numbers and SQLSTATEs: the only place in the server that knows them.
//
// The SQL layer reports sql::SqlError (a code plus MySQL's message text); the protocol layer
// turns it into an ERR packet with ToMysqlError(). Errors that only the protocol layer
// raises (bad handshake, packets out of order, ...) have their own constructors here.
//
// Thread safety: all functions are reentrant.
#ifndef SERVER_MYSQL_ERROR_H_
#define SERVER_MYSQL_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sql/sql_error.h"

namespace server {

struct MysqlError {
  uint16_t number = 1105;
  std::string sqlstate = "HY000";  // always 5 characters
  std::string message;
};

// Number and SQLSTATE for `code`. Where one code covers several MySQL errors (kTruncatedWrongValue:
// 1292/1366, kIncorrectGlobalLocalVar: 1228/1229/1238, kDiskFull: 3/1021), `message` decides, as
// MySQL's wording differs between them.
MysqlError ToMysqlError(const sql::SqlError& error);

// Protocol-layer errors, worded as MySQL words them.
MysqlError AccessDeniedError(std::string_view user, std::string_view host, bool using_password);
MysqlError TooManyConnectionsError();                // 1040 08004
MysqlError PacketTooLargeError();                    // 1153 08S01
MysqlError UnknownCommandError();                    // 1047 08S01
MysqlError PacketsOutOfOrderError();                 // 1156 08S01
MysqlError BadHandshakeError();                      // 1043 08S01
MysqlError MalformedPacketError();                   // 1835 HY000
MysqlError WrongArgumentsError(std::string_view where);  // 1210 HY000
MysqlError UnknownStmtHandlerError(uint32_t id, std::string_view where);  // 1243 HY000
MysqlError NoOpenCursorError(uint32_t id);           // 1421 HY000
MysqlError NotSupportedAuthModeError();              // 1251 08004
// ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+): sent before closing a connection that was
// idle longer than its wait_timeout.
MysqlError ClientInactivityError();                  // 4031 HY000
// mdld's own reason in 4031's shape: the session was idle inside a transaction (or with
// explicit locks) while its metadata locks kept `waiter` waiting for `timeout_seconds`
// (mdl_idle_blocker_timeout).
MysqlError IdleBlockerDisconnectedError(uint64_t waiter, uint64_t timeout_seconds);  // 4031 HY000

}  // namespace server

#endif  // SERVER_MYSQL_ERROR_H_
