#include "server/response_packets.h"

#include "server/wire_codec.h"

namespace server {

std::string OkPacket(const OkFields& ok) {
  WireWriter w;
  w.U8(0x00);
  w.LenencInt(ok.affected_rows);
  w.LenencInt(ok.last_insert_id);
  w.U16(ok.status_flags);
  w.U16(ok.warnings);
  // The protocol documentation calls the info string<EOF> without CLIENT_SESSION_TRACK, but
  // mysqld writes it length-encoded (net_store_data) and both libmysqlclient and libmariadb
  // read it length-encoded: an unprefixed "Records: 2 ..." is a malformed packet to them.
  if (!ok.info.empty()) w.LenencString(ok.info);
  return std::move(w.buffer());
}

std::string OkAsEofPacket(uint16_t status_flags, uint16_t warnings) {
  WireWriter w;
  w.U8(0xFE);
  w.LenencInt(0);
  w.LenencInt(0);
  w.U16(status_flags);
  w.U16(warnings);
  return std::move(w.buffer());
}

std::string EofPacket(uint16_t status_flags, uint16_t warnings) {
  WireWriter w;
  w.U8(0xFE);
  w.U16(warnings);
  w.U16(status_flags);
  return std::move(w.buffer());
}

std::string ErrPacket(const MysqlError& error) {
  WireWriter w;
  w.U8(0xFF);
  w.U16(error.number);
  w.U8('#');
  std::string state = error.sqlstate;
  state.resize(5, '0');
  w.Bytes(state);
  w.Bytes(error.message);
  return std::move(w.buffer());
}

std::string EndOfRowsPacket(bool deprecate_eof, uint16_t status_flags, uint16_t warnings) {
  return deprecate_eof ? OkAsEofPacket(status_flags, warnings) : EofPacket(status_flags, warnings);
}

}  // namespace server
