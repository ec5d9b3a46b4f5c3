#include "server/mysql_error.h"

#include <gtest/gtest.h>

#include <map>

namespace server {
namespace {

using sql::ErrorCode;

struct Expected {
  uint16_t number;
  const char* sqlstate;
};

// Every sql::ErrorCode with its MySQL 8.0 error number and SQLSTATE (mysqld_error.h).
const std::map<ErrorCode, Expected>& Table() {
  static const auto* table = new std::map<ErrorCode, Expected>{
      {ErrorCode::kParseError, {1064, "42000"}},
      {ErrorCode::kEmptyQuery, {1065, "42000"}},
      {ErrorCode::kAccessDenied, {1045, "28000"}},
      {ErrorCode::kDbAccessDenied, {1044, "42000"}},
      {ErrorCode::kSpecificAccessDenied, {1227, "42000"}},
      {ErrorCode::kNoDatabaseSelected, {1046, "3D000"}},
      {ErrorCode::kUnknownDatabase, {1049, "42000"}},
      {ErrorCode::kDatabaseExists, {1007, "HY000"}},
      {ErrorCode::kDropDatabaseMissing, {1008, "HY000"}},
      {ErrorCode::kTableExists, {1050, "42S01"}},
      {ErrorCode::kUnknownTable, {1051, "42S02"}},
      {ErrorCode::kNoSuchTable, {1146, "42S02"}},
      {ErrorCode::kUnknownColumn, {1054, "42S22"}},
      {ErrorCode::kNonUniqueColumn, {1052, "23000"}},
      {ErrorCode::kDuplicateColumn, {1060, "42S21"}},
      {ErrorCode::kDuplicateKeyName, {1061, "42000"}},
      {ErrorCode::kDuplicateEntry, {1062, "23000"}},
      {ErrorCode::kMultiplePrimaryKey, {1068, "42000"}},
      {ErrorCode::kCantDropField, {1091, "42000"}},
      {ErrorCode::kBadNull, {1048, "23000"}},
      {ErrorCode::kNoDefaultForField, {1364, "HY000"}},
      {ErrorCode::kWrongValueCount, {1136, "21S01"}},
      {ErrorCode::kOperandColumns, {1241, "21000"}},
      {ErrorCode::kWrongFieldWithGroup, {1055, "42000"}},
      {ErrorCode::kInvalidGroupFunc, {1111, "HY000"}},
      {ErrorCode::kDataTooLong, {1406, "22001"}},
      {ErrorCode::kOutOfRange, {1264, "22003"}},
      {ErrorCode::kTruncatedWrongValue, {1292, "22007"}},
      {ErrorCode::kDivisionByZero, {1365, "22012"}},
      {ErrorCode::kUnknownSystemVariable, {1193, "HY000"}},
      {ErrorCode::kWrongValueForVar, {1231, "42000"}},
      {ErrorCode::kIncorrectGlobalLocalVar, {1238, "HY000"}},
      {ErrorCode::kWrongArguments, {1210, "HY000"}},
      {ErrorCode::kUnknownFunction, {1305, "42000"}},
      {ErrorCode::kWrongParamCount, {1582, "42000"}},
      {ErrorCode::kNotSupported, {1235, "42000"}},
      {ErrorCode::kUnknownStmtHandler, {1243, "HY000"}},
      {ErrorCode::kSpDoesNotExist, {1305, "42000"}},
      {ErrorCode::kLockWaitTimeout, {1205, "HY000"}},
      {ErrorCode::kDeadlock, {1213, "40001"}},
      {ErrorCode::kQueryInterrupted, {1317, "70100"}},
      {ErrorCode::kUnknownThread, {1094, "HY000"}},
      {ErrorCode::kKillDenied, {1095, "HY000"}},
      {ErrorCode::kTableNotLockedForWrite, {1099, "HY000"}},
      {ErrorCode::kTableNotLocked, {1100, "HY000"}},
      {ErrorCode::kLockOrActiveTransaction, {1192, "HY000"}},
      {ErrorCode::kCantUpdateWithReadLock, {1223, "HY000"}},
      {ErrorCode::kUserLockDeadlock, {3058, "HY000"}},
      {ErrorCode::kUserLockWrongName, {3057, "42000"}},
      {ErrorCode::kAlterOperationNotSupported, {1846, "0A000"}},
      {ErrorCode::kTooManyConnections, {1040, "08004"}},
      {ErrorCode::kPacketTooLarge, {1153, "08S01"}},
      {ErrorCode::kUnknownCommand, {1047, "08S01"}},
      {ErrorCode::kDiskFull, {1021, "HY000"}},
      {ErrorCode::kLockDeadlockReadOnly, {1105, "HY000"}},
      {ErrorCode::kSubqueryNRows, {1242, "21000"}},
      {ErrorCode::kDataOutOfRange, {1690, "22003"}},
      {ErrorCode::kTableAccessDenied, {1142, "42000"}},
      {ErrorCode::kCannotUser, {1396, "HY000"}},
      {ErrorCode::kNoCreateUserWithGrant, {1410, "42000"}},
      {ErrorCode::kNonexistingGrant, {1141, "42000"}},
      {ErrorCode::kWrongUsage, {1221, "HY000"}},
      {ErrorCode::kWrongTypeForVar, {1232, "42000"}},
      {ErrorCode::kInvalidUseOfNull, {1138, "22004"}},
      {ErrorCode::kKeyColumnDoesNotExist, {1072, "42000"}},
      {ErrorCode::kUnknownStorageEngine, {1286, "42000"}},
      {ErrorCode::kErrorWhenExecutingCommand, {1220, "HY000"}},
      {ErrorCode::kInternal, {1105, "HY000"}},
  };
  return *table;
}

TEST(MysqlErrorTest, EveryCodeMapsToItsMysqlNumberAndSqlstate) {
  // Walks the enum from its first to its last value, so a code added to sql_error.h without
  // a row here fails this test.
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    auto it = Table().find(code);
    ASSERT_NE(it, Table().end()) << "ErrorCode #" << i << " has no expected mapping";
    MysqlError e = ToMysqlError(sql::SqlError(code, "message text"));
    EXPECT_EQ(e.number, it->second.number) << "ErrorCode #" << i;
    EXPECT_EQ(e.sqlstate, it->second.sqlstate) << "ErrorCode #" << i;
    EXPECT_EQ(e.message, "message text");
  }
}

TEST(MysqlErrorTest, TruncatedWrongValueSplitsByWording) {
  auto number = [](const char* msg) {
    return ToMysqlError(sql::SqlError(ErrorCode::kTruncatedWrongValue, msg)).number;
  };
  EXPECT_EQ(number("Incorrect integer value: 'abc' for column 'a' at row 1"), 1366);
  EXPECT_EQ(number("Incorrect decimal value: 'x' for column 'd' at row 1"), 1366);
  EXPECT_EQ(number("Incorrect datetime value: 'x' for column 'd' at row 1"), 1292);
  EXPECT_EQ(number("Truncated incorrect DOUBLE value: 'x'"), 1292);
  EXPECT_EQ(ToMysqlError(sql::SqlError(ErrorCode::kTruncatedWrongValue, "Incorrect integer value: 'a'"))
                .sqlstate,
            "HY000");
}

TEST(MysqlErrorTest, GlobalLocalVariableSplitsByWording) {
  auto number = [](const char* msg) {
    return ToMysqlError(sql::SqlError(ErrorCode::kIncorrectGlobalLocalVar, msg)).number;
  };
  EXPECT_EQ(number("Variable 'max_connections' is a GLOBAL variable and should be set with SET GLOBAL"), 1229);
  EXPECT_EQ(number("Variable 'autocommit' is a SESSION variable and can't be used with SET GLOBAL"), 1228);
  EXPECT_EQ(number("Variable 'version' is a read only variable"), 1238);
}

TEST(MysqlErrorTest, StorageKeyColumnErrorIs1072) {
  MysqlError e = ToMysqlError(sql::SqlError(ErrorCode::kUnknownColumn,
                                            "Key column 'x' doesn't exist in table"));
  EXPECT_EQ(e.number, 1072);
  EXPECT_EQ(std::string(e.sqlstate), "42000");
  EXPECT_EQ(ToMysqlError(sql::SqlError(ErrorCode::kUnknownColumn, "Unknown column 'x' in 'field list'"))
                .number,
            1054);
}

TEST(MysqlErrorTest, DiskFullSplitsByWording) {
  EXPECT_EQ(ToMysqlError(sql::SqlError(ErrorCode::kDiskFull, "Error writing file 'log' (errno: 28 - No space left on device)")).number, 3);
}

TEST(MysqlErrorTest, ProtocolErrorsUseMysqlWording) {
  MysqlError denied = AccessDeniedError("bob", "localhost", true);
  EXPECT_EQ(denied.number, 1045);
  EXPECT_EQ(denied.sqlstate, "28000");
  EXPECT_EQ(denied.message, "Access denied for user 'bob'@'localhost' (using password: YES)");
  EXPECT_EQ(AccessDeniedError("bob", "10.0.0.1", false).message,
            "Access denied for user 'bob'@'10.0.0.1' (using password: NO)");
  EXPECT_EQ(PacketTooLargeError().message, "Got a packet bigger than 'max_allowed_packet' bytes");
  EXPECT_EQ(PacketTooLargeError().number, 1153);
  EXPECT_EQ(TooManyConnectionsError().number, 1040);
  EXPECT_EQ(TooManyConnectionsError().sqlstate, "08004");
  EXPECT_EQ(UnknownCommandError().number, 1047);
  EXPECT_EQ(UnknownCommandError().sqlstate, "08S01");
  EXPECT_EQ(PacketsOutOfOrderError().number, 1156);
  EXPECT_EQ(UnknownStmtHandlerError(7, "mysqld_stmt_execute").message,
            "Unknown prepared statement handler (7) given to mysqld_stmt_execute");
  EXPECT_EQ(NoOpenCursorError(3).message, "The statement (3) has no open cursor.");
  EXPECT_EQ(NoOpenCursorError(3).number, 1421);
}

TEST(MysqlErrorTest, InactivityDisconnectsUse4031) {
  const MysqlError idle = ClientInactivityError();
  EXPECT_EQ(idle.number, 4031);
  EXPECT_EQ(idle.sqlstate, "HY000");
  EXPECT_EQ(idle.message,
            "The client was disconnected by the server because of inactivity. See wait_timeout "
            "and interactive_timeout for configuring this behavior.");
  const MysqlError blocker = IdleBlockerDisconnectedError(12, 5);
  EXPECT_EQ(blocker.number, 4031);
  EXPECT_EQ(blocker.sqlstate, "HY000");
  EXPECT_NE(blocker.message.find("session 12 waited"), std::string::npos) << blocker.message;
  EXPECT_NE(blocker.message.find("mdl_idle_blocker_timeout (5 s)"), std::string::npos);
}

}  // namespace
}  // namespace server
