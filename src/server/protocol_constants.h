// Numeric constants of the MySQL client/server protocol (include/mysql_com.h, field_types.h),
// spelled once here.
#ifndef SERVER_PROTOCOL_CONSTANTS_H_
#define SERVER_PROTOCOL_CONSTANTS_H_

#include <cstdint>
#include <string_view>

namespace server {

inline constexpr std::string_view kServerVersion = "8.0.36-mdld";

// Capability flags (CLIENT_*).
namespace cap {
inline constexpr uint32_t kLongPassword = 1u << 0;
inline constexpr uint32_t kFoundRows = 1u << 1;
inline constexpr uint32_t kLongFlag = 1u << 2;
inline constexpr uint32_t kConnectWithDb = 1u << 3;
inline constexpr uint32_t kNoSchema = 1u << 4;
inline constexpr uint32_t kCompress = 1u << 5;
inline constexpr uint32_t kLocalFiles = 1u << 7;
inline constexpr uint32_t kIgnoreSpace = 1u << 8;
inline constexpr uint32_t kProtocol41 = 1u << 9;
inline constexpr uint32_t kInteractive = 1u << 10;
inline constexpr uint32_t kSsl = 1u << 11;
inline constexpr uint32_t kIgnoreSigpipe = 1u << 12;
inline constexpr uint32_t kTransactions = 1u << 13;
inline constexpr uint32_t kSecureConnection = 1u << 15;
inline constexpr uint32_t kMultiStatements = 1u << 16;
inline constexpr uint32_t kMultiResults = 1u << 17;
inline constexpr uint32_t kPsMultiResults = 1u << 18;
inline constexpr uint32_t kPluginAuth = 1u << 19;
inline constexpr uint32_t kConnectAttrs = 1u << 20;
inline constexpr uint32_t kPluginAuthLenencClientData = 1u << 21;
inline constexpr uint32_t kSessionTrack = 1u << 23;
inline constexpr uint32_t kDeprecateEof = 1u << 24;
}  // namespace cap

// What this server offers. No SSL (clients fall back to plain TCP), no compression, no
// LOCAL INFILE, no session tracking, no query attributes.
inline constexpr uint32_t kServerCapabilities =
    cap::kLongPassword | cap::kFoundRows | cap::kLongFlag | cap::kConnectWithDb |
    cap::kNoSchema | cap::kIgnoreSpace | cap::kProtocol41 | cap::kInteractive |
    cap::kIgnoreSigpipe | cap::kTransactions | cap::kSecureConnection |
    cap::kMultiStatements | cap::kMultiResults | cap::kPsMultiResults | cap::kPluginAuth |
    cap::kConnectAttrs | cap::kPluginAuthLenencClientData | cap::kDeprecateEof;

// Server status flags (SERVER_STATUS_*).
namespace status {
inline constexpr uint16_t kInTrans = 1;
inline constexpr uint16_t kAutocommit = 2;
inline constexpr uint16_t kMoreResultsExist = 8;
}  // namespace status

// utf8mb4_general_ci: known to every client we serve (libmariadb 3.x maps 255 too, but 45
// has been understood by all connectors for a decade).
inline constexpr uint8_t kDefaultCharset = 45;
inline constexpr uint16_t kBinaryCharset = 63;

// Commands (COM_*).
enum class Command : uint8_t {
  kSleep = 0x00,
  kQuit = 0x01,
  kInitDb = 0x02,
  kQuery = 0x03,
  kFieldList = 0x04,
  kCreateDb = 0x05,
  kDropDb = 0x06,
  kRefresh = 0x07,
  kShutdown = 0x08,
  kStatistics = 0x09,
  kProcessInfo = 0x0A,
  kConnect = 0x0B,
  kProcessKill = 0x0C,
  kDebug = 0x0D,
  kPing = 0x0E,
  kTime = 0x0F,
  kDelayedInsert = 0x10,
  kChangeUser = 0x11,
  kBinlogDump = 0x12,
  kTableDump = 0x13,
  kConnectOut = 0x14,
  kRegisterSlave = 0x15,
  kStmtPrepare = 0x16,
  kStmtExecute = 0x17,
  kStmtSendLongData = 0x18,
  kStmtClose = 0x19,
  kStmtReset = 0x1A,
  kSetOption = 0x1B,
  kStmtFetch = 0x1C,
  kDaemon = 0x1D,
  kBinlogDumpGtid = 0x1E,
  kResetConnection = 0x1F,
};

// Field types (MYSQL_TYPE_*).
namespace field_type {
inline constexpr uint8_t kDecimal = 0;
inline constexpr uint8_t kTiny = 1;
inline constexpr uint8_t kShort = 2;
inline constexpr uint8_t kLong = 3;
inline constexpr uint8_t kFloat = 4;
inline constexpr uint8_t kDouble = 5;
inline constexpr uint8_t kNull = 6;
inline constexpr uint8_t kTimestamp = 7;
inline constexpr uint8_t kLongLong = 8;
inline constexpr uint8_t kInt24 = 9;
inline constexpr uint8_t kDate = 10;
inline constexpr uint8_t kTime = 11;
inline constexpr uint8_t kDateTime = 12;
inline constexpr uint8_t kYear = 13;
inline constexpr uint8_t kNewDate = 14;
inline constexpr uint8_t kVarchar = 15;
inline constexpr uint8_t kBit = 16;
inline constexpr uint8_t kTimestamp2 = 17;
inline constexpr uint8_t kDateTime2 = 18;
inline constexpr uint8_t kTime2 = 19;
inline constexpr uint8_t kJson = 245;
inline constexpr uint8_t kNewDecimal = 246;
inline constexpr uint8_t kEnum = 247;
inline constexpr uint8_t kSet = 248;
inline constexpr uint8_t kTinyBlob = 249;
inline constexpr uint8_t kMediumBlob = 250;
inline constexpr uint8_t kLongBlob = 251;
inline constexpr uint8_t kBlob = 252;
inline constexpr uint8_t kVarString = 253;
inline constexpr uint8_t kString = 254;
inline constexpr uint8_t kGeometry = 255;
}  // namespace field_type

// Column flags (*_FLAG).
namespace column_flag {
inline constexpr uint16_t kNotNull = 1;
inline constexpr uint16_t kPriKey = 2;
inline constexpr uint16_t kUniqueKey = 4;
inline constexpr uint16_t kMultipleKey = 8;
inline constexpr uint16_t kBlob = 16;
inline constexpr uint16_t kUnsigned = 32;
inline constexpr uint16_t kBinary = 128;
inline constexpr uint16_t kAutoIncrement = 512;
inline constexpr uint16_t kNum = 32768;
}  // namespace column_flag

// Largest payload of one physical packet; a payload this long continues in the next packet.
inline constexpr uint32_t kMaxPacketChunk = 0xFFFFFF;

}  // namespace server

#endif  // SERVER_PROTOCOL_CONSTANTS_H_
