#include "server/mysql_error.h"

#include <string>

namespace server {
namespace {

using sql::ErrorCode;

struct Mapping {
  uint16_t number;
  const char* sqlstate;
};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// MySQL 8.0 error reference (mysqld_error.h / errmsg-utf8.txt), one row per SQL-layer code.
Mapping MapCode(ErrorCode code, std::string_view message) {
  switch (code) {
    case ErrorCode::kParseError: return {1064, "42000"};
    case ErrorCode::kEmptyQuery: return {1065, "42000"};
    case ErrorCode::kAccessDenied: return {1045, "28000"};
    case ErrorCode::kDbAccessDenied: return {1044, "42000"};
    case ErrorCode::kSpecificAccessDenied: return {1227, "42000"};
    case ErrorCode::kNoDatabaseSelected: return {1046, "3D000"};
    case ErrorCode::kUnknownDatabase: return {1049, "42000"};
    case ErrorCode::kDatabaseExists: return {1007, "HY000"};
    case ErrorCode::kDropDatabaseMissing: return {1008, "HY000"};
    case ErrorCode::kTableExists: return {1050, "42S01"};
    case ErrorCode::kUnknownTable: return {1051, "42S02"};
    case ErrorCode::kNoSuchTable: return {1146, "42S02"};
    case ErrorCode::kUnknownColumn:
      // The storage engine reports a missing index column with this code and MySQL's 1072 text.
      if (StartsWith(message, "Key column '")) return {1072, "42000"};
      return {1054, "42S22"};
    case ErrorCode::kNonUniqueColumn: return {1052, "23000"};
    case ErrorCode::kDuplicateColumn: return {1060, "42S21"};
    case ErrorCode::kDuplicateKeyName: return {1061, "42000"};
    case ErrorCode::kDuplicateEntry: return {1062, "23000"};
    case ErrorCode::kMultiplePrimaryKey: return {1068, "42000"};
    case ErrorCode::kCantDropField: return {1091, "42000"};
    case ErrorCode::kBadNull: return {1048, "23000"};
    case ErrorCode::kNoDefaultForField: return {1364, "HY000"};
    case ErrorCode::kWrongValueCount: return {1136, "21S01"};
    case ErrorCode::kOperandColumns: return {1241, "21000"};
    case ErrorCode::kWrongFieldWithGroup: return {1055, "42000"};
    case ErrorCode::kInvalidGroupFunc: return {1111, "HY000"};
    case ErrorCode::kDataTooLong: return {1406, "22001"};
    case ErrorCode::kOutOfRange: return {1264, "22003"};
    case ErrorCode::kTruncatedWrongValue:
      // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (1366): "Incorrect integer value: 'x' for column ..."
      // for a non-temporal column; temporal values and "Truncated incorrect ..." are 1292.
      for (std::string_view kind : {"integer", "decimal", "double", "float", "string"}) {
        if (StartsWith(message, std::string("Incorrect ") + std::string(kind) + " value")) {
          return {1366, "HY000"};
        }
      }
      return {1292, "22007"};
    case ErrorCode::kDivisionByZero: return {1365, "22012"};
    case ErrorCode::kUnknownSystemVariable: return {1193, "HY000"};
    case ErrorCode::kWrongValueForVar: return {1231, "42000"};
    case ErrorCode::kIncorrectGlobalLocalVar:
      if (message.find("should be set with SET GLOBAL") != std::string_view::npos) {
        return {1229, "HY000"};  // ER_GLOBAL_VARIABLE
      }
      if (message.find("can't be used with SET GLOBAL") != std::string_view::npos) {
        return {1228, "HY000"};  // ER_LOCAL_VARIABLE
      }
      return {1238, "HY000"};  // ER_INCORRECT_GLOBAL_LOCAL_VAR ("is a read only variable")
    case ErrorCode::kWrongArguments: return {1210, "HY000"};
    case ErrorCode::kUnknownFunction: return {1305, "42000"};
    case ErrorCode::kWrongParamCount: return {1582, "42000"};
    case ErrorCode::kNotSupported: return {1235, "42000"};
    case ErrorCode::kUnknownStmtHandler: return {1243, "HY000"};
    case ErrorCode::kSpDoesNotExist: return {1305, "42000"};
    case ErrorCode::kLockWaitTimeout: return {1205, "HY000"};
    case ErrorCode::kDeadlock: return {1213, "40001"};
    case ErrorCode::kQueryInterrupted: return {1317, "70100"};
    case ErrorCode::kUnknownThread: return {1094, "HY000"};
    case ErrorCode::kKillDenied: return {1095, "HY000"};
    case ErrorCode::kTableNotLockedForWrite: return {1099, "HY000"};
    case ErrorCode::kTableNotLocked: return {1100, "HY000"};
    case ErrorCode::kLockOrActiveTransaction: return {1192, "HY000"};
    case ErrorCode::kCantUpdateWithReadLock: return {1223, "HY000"};
    case ErrorCode::kUserLockDeadlock: return {3058, "HY000"};
    case ErrorCode::kUserLockWrongName: return {3057, "42000"};
    case ErrorCode::kAlterOperationNotSupported: return {1846, "0A000"};
    case ErrorCode::kTooManyConnections: return {1040, "08004"};
    case ErrorCode::kPacketTooLarge: return {1153, "08S01"};
    case ErrorCode::kUnknownCommand: return {1047, "08S01"};
    case ErrorCode::kDiskFull:
      // ER_ERROR_ON_WRITE (3) when a write failed outright; ER_DISK_FULL (1021) otherwise.
      if (StartsWith(message, "Error writing file")) return {3, "HY000"};
      return {1021, "HY000"};
    case ErrorCode::kSubqueryNRows: return {1242, "21000"};
    case ErrorCode::kDataOutOfRange: return {1690, "22003"};
    case ErrorCode::kTableAccessDenied: return {1142, "42000"};
    case ErrorCode::kCannotUser: return {1396, "HY000"};
    case ErrorCode::kNoCreateUserWithGrant: return {1410, "42000"};
    case ErrorCode::kNonexistingGrant: return {1141, "42000"};
    case ErrorCode::kWrongUsage: return {1221, "HY000"};
    case ErrorCode::kWrongTypeForVar: return {1232, "42000"};
    case ErrorCode::kInvalidUseOfNull: return {1138, "22004"};
    case ErrorCode::kKeyColumnDoesNotExist: return {1072, "42000"};
    case ErrorCode::kUnknownStorageEngine: return {1286, "42000"};
    case ErrorCode::kErrorWhenExecutingCommand: return {1220, "HY000"};
    case ErrorCode::kLockDeadlockReadOnly:
    case ErrorCode::kInternal:
      return {1105, "HY000"};
  }
  return {1105, "HY000"};
}

MysqlError Make(uint16_t number, const char* sqlstate, std::string message) {
  return MysqlError{number, sqlstate, std::move(message)};
}

}  // namespace

MysqlError ToMysqlError(const sql::SqlError& error) {
  Mapping m = MapCode(error.code, error.message);
  return Make(m.number, m.sqlstate, error.message);
}

MysqlError AccessDeniedError(std::string_view user, std::string_view host, bool using_password) {
  return Make(1045, "28000",
              "Access denied for user '" + std::string(user) + "'@'" + std::string(host) +
                  "' (using password: " + (using_password ? "YES" : "NO") + ")");
}

MysqlError TooManyConnectionsError() { return Make(1040, "08004", "Too many connections"); }

MysqlError PacketTooLargeError() {
  return Make(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
}

MysqlError UnknownCommandError() { return Make(1047, "08S01", "Unknown command"); }

MysqlError PacketsOutOfOrderError() { return Make(1156, "08S01", "Got packets out of order"); }

MysqlError BadHandshakeError() { return Make(1043, "08S01", "Bad handshake"); }

MysqlError MalformedPacketError() { return Make(1835, "HY000", "Malformed communication packet."); }

MysqlError WrongArgumentsError(std::string_view where) {
  return Make(1210, "HY000", "Incorrect arguments to " + std::string(where));
}

MysqlError UnknownStmtHandlerError(uint32_t id, std::string_view where) {
  return Make(1243, "HY000",
              "Unknown prepared statement handler (" + std::to_string(id) + ") given to " +
                  std::string(where));
}

MysqlError NoOpenCursorError(uint32_t id) {
  return Make(1421, "HY000", "The statement (" + std::to_string(id) + ") has no open cursor.");
}

MysqlError NotSupportedAuthModeError() {
  return Make(1251, "08004",
              "Client does not support authentication protocol requested by server; consider "
              "upgrading MySQL client");
}

MysqlError ClientInactivityError() {
  return Make(4031, "HY000",
              "The client was disconnected by the server because of inactivity. See wait_timeout "
              "and interactive_timeout for configuring this behavior.");
}

MysqlError IdleBlockerDisconnectedError(uint64_t waiter, uint64_t timeout_seconds) {
  // Same number as ER_CLIENT_INTERACTION_TIMEOUT so that connectors that reconnect on it
  // (e.g. DBD::mysql) treat it alike; the text names the reason and the waiting session.
  return Make(4031, "HY000",
              "The client was disconnected by the server because its idle transaction held a "
              "metadata lock that session " +
                  std::to_string(waiter) + " waited for longer than mdl_idle_blocker_timeout (" +
                  std::to_string(timeout_seconds) + " s)");
}

}  // namespace server
