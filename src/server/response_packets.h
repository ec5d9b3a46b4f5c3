// Builders for the server's generic response payloads: OK, ERR and EOF (protocol 4.1).
//
// Each returns one packet payload (without the 4-byte header); PacketChannel frames it.
#ifndef SERVER_RESPONSE_PACKETS_H_
#define SERVER_RESPONSE_PACKETS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "server/mysql_error.h"

namespace server {

struct OkFields {
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t status_flags = 0;
  uint16_t warnings = 0;
  std::string_view info;
};

// OK packet (header 0x00).
std::string OkPacket(const OkFields& ok);

// The OK packet that replaces EOF when CLIENT_DEPRECATE_EOF is negotiated (header 0xFE).
std::string OkAsEofPacket(uint16_t status_flags, uint16_t warnings);

// EOF packet (0xFE, warnings, status): ends column definitions and rows without DEPRECATE_EOF.
std::string EofPacket(uint16_t status_flags, uint16_t warnings);

// ERR packet: 0xFF, error number, '#', SQLSTATE, message.
std::string ErrPacket(const MysqlError& error);

// The terminator for a result-set block: OK-as-EOF or EOF depending on DEPRECATE_EOF.
std::string EndOfRowsPacket(bool deprecate_eof, uint16_t status_flags, uint16_t warnings);

}  // namespace server

#endif  // SERVER_RESPONSE_PACKETS_H_
