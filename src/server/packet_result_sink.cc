#include "server/packet_result_sink.h"

#include "server/binary_value.h"
#include "server/column_definition.h"
#include "server/mysql_error.h"
#include "server/protocol_constants.h"
#include "server/response_packets.h"
#include "server/wire_codec.h"

namespace server {
namespace {
// Flush threshold while streaming rows: bounds the memory a large result holds.
constexpr size_t kFlushThreshold = 1 << 20;
}  // namespace

uint16_t StatusFlags(bool in_transaction, bool autocommit, bool more_results) {
  uint16_t flags = 0;
  if (in_transaction) flags |= status::kInTrans;
  if (autocommit) flags |= status::kAutocommit;
  if (more_results) flags |= status::kMoreResultsExist;
  return flags;
}

PacketResultSink::PacketResultSink(PacketChannel* channel, uint32_t capabilities, RowFormat format)
    : channel_(channel), capabilities_(capabilities), format_(format) {}

void PacketResultSink::Queue(std::string_view payload) {
  if (!io_ok_) return;
  channel_->QueuePacket(payload);
  if (channel_->queued_bytes() >= kFlushThreshold && !channel_->Flush()) io_ok_ = false;
}

void PacketResultSink::OnResult(const sql::StatementResult& result, bool more_results) {
  if (finished_) return;  // a session must not report after its final outcome
  const uint16_t flags = StatusFlags(result.in_transaction, result.autocommit, more_results);
  if (result.has_result_set) {
    SendResultSet(result, flags);
  } else {
    Queue(OkPacket(OkFields{result.affected_rows, result.last_insert_id, flags,
                            result.warning_count, result.info}));
  }
  if (!more_results) finished_ = true;
}

void PacketResultSink::SendResultSet(const sql::StatementResult& result, uint16_t flags) {
  const bool deprecate_eof = (capabilities_ & cap::kDeprecateEof) != 0;
  const auto& columns = result.result_set.columns;
  WireWriter count;
  count.LenencInt(columns.size());
  Queue(count.buffer());
  for (const sql::ColumnInfo& column : columns) Queue(ColumnDefinitionPacket(column));
  if (!deprecate_eof) Queue(EofPacket(flags, result.warning_count));
  for (const storage::Row& row : result.result_set.rows) {
    Queue(format_ == RowFormat::kText ? TextRowPacket(columns, row) : BinaryRowPacket(columns, row));
  }
  Queue(EndOfRowsPacket(deprecate_eof, flags, result.warning_count));
}

void PacketResultSink::OnError(const sql::SqlError& error) {
  if (finished_) return;
  Queue(ErrPacket(ToMysqlError(error)));
  finished_ = true;
}

}  // namespace server
