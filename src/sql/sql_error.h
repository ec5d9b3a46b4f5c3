// Errors a statement can end with, in SQL-layer terms.
//
// The SQL layer (parser, lock plan, executor, session) reports failures as SqlError: a code from
// the list below and the complete message text, worded exactly as MySQL 8.0 words it (for
// example "Unknown column 'x' in 'field list'"). The MySQL error number and SQLSTATE for each
// code are known only at the protocol edge, in src/server/mysql_error.cc.
#ifndef SQL_SQL_ERROR_H_
#define SQL_SQL_ERROR_H_

#include <string>
#include <utility>

namespace sql {

enum class ErrorCode {
  kParseError,             // 1064 You have an error in your SQL syntax; ... near '...' at line N
  kEmptyQuery,             // 1065 Query was empty
  kAccessDenied,           // 1045 Access denied for user 'u'@'h' (using password: YES)
  kDbAccessDenied,         // 1044 Access denied for user 'u'@'h' to database 'd'
  kSpecificAccessDenied,   // 1227 Access denied; you need (at least one of) the %s privilege(s) ...
  kNoDatabaseSelected,     // 1046 No database selected
  kUnknownDatabase,        // 1049 Unknown database 'd'
  kDatabaseExists,         // 1007 Can't create database 'd'; database exists
  kDropDatabaseMissing,    // 1008 Can't drop database 'd'; database doesn't exist
  kTableExists,            // 1050 Table 't' already exists
  kUnknownTable,           // 1051 Unknown table 'db.t'
  kNoSuchTable,            // 1146 Table 'db.t' doesn't exist
  kUnknownColumn,          // 1054 Unknown column 'c' in 'field list'
  kNonUniqueColumn,        // 1052 Column 'c' in field list is ambiguous
  kDuplicateColumn,        // 1060 Duplicate column name 'c'
  kDuplicateKeyName,       // 1061 Duplicate key name 'k'
  kDuplicateEntry,         // 1062 Duplicate entry 'v' for key 't.PRIMARY'
  kMultiplePrimaryKey,     // 1068 Multiple primary key defined
  kCantDropField,          // 1091 Can't DROP 'x'; check that column/key exists
  kBadNull,                // 1048 Column 'c' cannot be null
  kNoDefaultForField,      // 1364 Field 'c' doesn't have a default value
  kWrongValueCount,        // 1136 Column count doesn't match value count at row N
  kOperandColumns,         // 1241 Operand should contain N column(s)
  kWrongFieldWithGroup,    // 1055 ... isn't in GROUP BY
  kInvalidGroupFunc,       // 1111 Invalid use of group function
  kDataTooLong,            // 1406 Data too long for column 'c' at row N
  kOutOfRange,             // 1264 Out of range value for column 'c' at row N
  kTruncatedWrongValue,    // 1292 / 1366 Incorrect ... value
  kDivisionByZero,         // 1365 Division by 0
  kUnknownSystemVariable,  // 1193 Unknown system variable 'v'
  kWrongValueForVar,       // 1231 Variable 'v' can't be set to the value of 'x'
  kIncorrectGlobalLocalVar,// 1229/1238 Variable 'v' is a GLOBAL variable / read only
  kWrongArguments,         // 1210 Incorrect arguments to ...
  kUnknownFunction,        // 1305 FUNCTION db.f does not exist
  kWrongParamCount,        // 1582 Incorrect parameter count in the call to native function 'f'
  kNotSupported,           // 1235 This version of MySQL doesn't yet support '...'
  kUnknownStmtHandler,     // 1243 Unknown prepared statement handler (N) given to ...
  kSpDoesNotExist,         // 1305 SAVEPOINT sp does not exist
  kLockWaitTimeout,        // 1205 Lock wait timeout exceeded; try restarting transaction
  kDeadlock,               // 1213 Deadlock found when trying to get lock; try restarting transaction
  kQueryInterrupted,       // 1317 Query execution was interrupted
  kUnknownThread,          // 1094 Unknown thread id: N
  kKillDenied,             // 1095 You are not owner of thread N
  kTableNotLockedForWrite, // 1099 Table 't' was locked with a READ lock and can't be updated
  kTableNotLocked,         // 1100 Table 't' was not locked with LOCK TABLES
  kLockOrActiveTransaction,// 1192 Can't execute the given command because you have active locked tables or an active transaction
  kCantUpdateWithReadLock, // 1223 Can't execute the query because you have a conflicting read lock
  kUserLockDeadlock,       // 3058 Deadlock found when trying to get user-level lock; ...
  kUserLockWrongName,      // 3057 Incorrect user-level lock name '...'
  kAlterOperationNotSupported,  // 1846 ALGORITHM=INSTANT is not supported ... Try ALGORITHM=COPY
  kTooManyConnections,     // 1040 Too many connections
  kPacketTooLarge,         // 1153 Got a packet bigger than 'max_allowed_packet' bytes
  kUnknownCommand,         // 1047 Unknown command
  kDiskFull,               // 1021 / 3 Error writing file (commit could not be made durable)
  kLockDeadlockReadOnly,   // reserved
  kSubqueryNRows,          // 1242 Subquery returns more than 1 row (SQLSTATE 21000)
  kDataOutOfRange,         // 1690 BIGINT value is out of range in '(a + b)' (SQLSTATE 22003)
  kTableAccessDenied,      // 1142 SELECT command denied to user 'u'@'h' for table 't'
  kCannotUser,             // 1396 Operation CREATE USER failed for 'u'@'h'
  kNoCreateUserWithGrant,  // 1410 You are not allowed to create a user with GRANT
  kNonexistingGrant,       // 1141 There is no such grant defined for user 'u' on host 'h'
  kWrongUsage,             // 1221 Incorrect usage of DB GRANT and GLOBAL PRIVILEGES
  kWrongTypeForVar,        // 1232 Incorrect argument type to variable 'v'
  kInvalidUseOfNull,       // 1138 Invalid use of NULL value
  kKeyColumnDoesNotExist,  // 1072 Key column 'c' doesn't exist in table
  kUnknownStorageEngine,   // 1286 Unknown storage engine 'e'
  kErrorWhenExecutingCommand,  // 1220 Error when executing command SHOW BINLOG EVENTS: ...
  kInternal,               // 1105 Unknown error
};

struct SqlError {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // complete text, MySQL's wording

  SqlError() = default;
  SqlError(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
};

}  // namespace sql

#endif  // SQL_SQL_ERROR_H_
