// A ResultSink that encodes each statement outcome as protocol packets on a PacketChannel:
// an OK packet, an ERR packet, or a result set (column count, column definitions, rows in
// the text or binary protocol, terminator), chaining statements of one command with
// SERVER_MORE_RESULTS_EXISTS.
//
// Thread safety: used by the connection thread only.
#ifndef SERVER_PACKET_RESULT_SINK_H_
#define SERVER_PACKET_RESULT_SINK_H_

#include <cstdint>

#include "server/packet_channel.h"
#include "server/session.h"

namespace server {

enum class RowFormat { kText, kBinary };

class PacketResultSink : public ResultSink {
 public:
  // `capabilities`: the negotiated CLIENT_* flags (DEPRECATE_EOF decides terminators).
  PacketResultSink(PacketChannel* channel, uint32_t capabilities, RowFormat format);

  void OnResult(const sql::StatementResult& result, bool more_results) override;
  void OnError(const sql::SqlError& error) override;

  // True once a final outcome (a result without more_results, or an error) was sent.
  bool finished() const { return finished_; }
  // False if writing to the client failed; the connection should close.
  bool io_ok() const { return io_ok_; }

 private:
  void Queue(std::string_view payload);
  void SendResultSet(const sql::StatementResult& result, uint16_t status_flags);

  PacketChannel* const channel_;
  const uint32_t capabilities_;
  const RowFormat format_;
  bool finished_ = false;
  bool io_ok_ = true;
};

// SERVER_STATUS_* flags describing session state after a statement.
uint16_t StatusFlags(bool in_transaction, bool autocommit, bool more_results);

}  // namespace server

#endif  // SERVER_PACKET_RESULT_SINK_H_
