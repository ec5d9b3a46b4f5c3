// Connection: the prepared-statement commands (COM_STMT_*), in the binary protocol.
#include <variant>

#include "server/column_definition.h"
#include "server/connection.h"
#include "server/protocol_constants.h"
#include "server/response_packets.h"
#include "server/stmt_execute_request.h"
#include "server/wire_codec.h"

namespace server {
namespace {

// The definition MySQL sends for each '?' parameter in a COM_STMT_PREPARE response.
sql::ColumnInfo ParameterColumn() {
  sql::ColumnInfo column;
  column.name = "?";
  column.type = storage::ColumnType::kVarchar;
  column.binary = true;
  return column;
}

}  // namespace

bool Connection::HandlePrepare(std::string_view text) {
  std::variant<PreparedStatementInfo, sql::SqlError> prepared = session_->Prepare(text);
  if (auto* error = std::get_if<sql::SqlError>(&prepared)) return SendError(ToMysqlError(*error));
  const PreparedStatementInfo& info = std::get<PreparedStatementInfo>(prepared);
  statements_.Add(info.statement_id, info.param_count);

  WireWriter ok;
  ok.U8(0x00);
  ok.U32(info.statement_id);
  ok.U16(static_cast<uint16_t>(info.columns.size()));
  ok.U16(info.param_count);
  ok.U8(0);
  ok.U16(0);  // warnings
  channel_.QueuePacket(ok.buffer());
  const bool deprecate_eof = (capabilities_ & cap::kDeprecateEof) != 0;
  const uint16_t flags = StatusFlags(session_->in_transaction(), session_->autocommit(), false);
  if (info.param_count > 0) {
    const std::string param = ColumnDefinitionPacket(ParameterColumn());
    for (uint16_t i = 0; i < info.param_count; ++i) channel_.QueuePacket(param);
    if (!deprecate_eof) channel_.QueuePacket(EofPacket(flags, 0));
  }
  if (!info.columns.empty()) {
    for (const sql::ColumnInfo& column : info.columns) {
      channel_.QueuePacket(ColumnDefinitionPacket(column));
    }
    if (!deprecate_eof) channel_.QueuePacket(EofPacket(flags, 0));
  }
  return true;
}

bool Connection::HandleExecute(std::string_view body) {
  env_.stats->questions.fetch_add(1, std::memory_order_relaxed);
  constexpr std::string_view kWhere = "mysqld_stmt_execute";
  std::optional<uint32_t> id = PeekStatementId(body);
  if (!id) return SendError(WrongArgumentsError(kWhere));
  PreparedStatementState* state = statements_.Find(*id);
  if (state == nullptr) return SendError(UnknownStmtHandlerError(*id, kWhere));
  if (state->long_data_error) {
    statements_.ResetLongData(*id);
    return SendError(WrongArgumentsError("mysqld_stmt_send_long_data"));
  }
  auto parsed = ParseStmtExecute(body, state->param_count, &state->bound_types, state->long_data);
  statements_.ResetLongData(*id);
  if (auto* error = std::get_if<MysqlError>(&parsed)) return SendError(*error);
  const StmtExecuteRequest& request = std::get<StmtExecuteRequest>(parsed);
  // A cursor (flags & CURSOR_TYPE_READ_ONLY) is never opened: the rows follow directly and
  // SERVER_STATUS_CURSOR_EXISTS stays clear, which clients handle by reading them as usual.
  return RunWithSink(RowFormat::kBinary, [&](ResultSink& s) {
    session_->ExecutePrepared(request.statement_id, request.params, s);
  });
}

void Connection::HandleSendLongData(std::string_view body) {
  WireReader r(body);
  std::optional<uint32_t> id = r.ReadU32();
  std::optional<uint16_t> param = r.ReadU16();
  if (!id || !param) return;  // COM_STMT_SEND_LONG_DATA never gets a reply
  statements_.AppendLongData(*id, *param, r.ReadRest());
}

void Connection::HandleStmtClose(std::string_view body) {
  std::optional<uint32_t> id = PeekStatementId(body);
  if (!id || statements_.Find(*id) == nullptr) return;  // no reply, even for unknown ids
  statements_.Remove(*id);
  session_->ClosePrepared(*id);
}

bool Connection::HandleStmtReset(std::string_view body) {
  constexpr std::string_view kWhere = "mysqld_stmt_reset";
  std::optional<uint32_t> id = PeekStatementId(body);
  if (!id) return SendError(WrongArgumentsError(kWhere));
  if (statements_.Find(*id) == nullptr || !session_->ResetPrepared(*id)) {
    return SendError(UnknownStmtHandlerError(*id, kWhere));
  }
  statements_.ResetLongData(*id);
  return SendOk();
}

bool Connection::HandleStmtFetch(std::string_view body) {
  std::optional<uint32_t> id = PeekStatementId(body);
  if (!id) return SendError(WrongArgumentsError("mysqld_stmt_fetch"));
  if (statements_.Find(*id) == nullptr) {
    return SendError(UnknownStmtHandlerError(*id, "mysqld_stmt_fetch"));
  }
  // Executions never open cursors, so there is never anything to fetch.
  return SendError(NoOpenCursorError(*id));
}

}  // namespace server
