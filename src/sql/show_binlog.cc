#include "sql/show_binlog.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "storage/binlog_reader.h"

namespace sql {
namespace {

using storage::Value;

ColumnInfo Text(std::string name, uint32_t chars) {
  ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = storage::ColumnType::kVarchar;
  c.length = chars * 4;
  c.not_null = true;
  return c;
}

ColumnInfo Number(std::string name, storage::ColumnType type, uint32_t digits) {
  ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = type;
  c.length = digits;
  c.is_unsigned = true;
  c.not_null = true;
  c.binary = true;
  return c;
}

StatementResult Rows(std::vector<ColumnInfo> columns, std::vector<storage::Row> rows) {
  StatementResult r;
  r.has_result_set = true;
  r.result_set.columns = std::move(columns);
  r.result_set.rows = std::move(rows);
  return r;
}

SqlError CommandError(const std::string& why) {
  return SqlError(ErrorCode::kErrorWhenExecutingCommand,
                  "Error when executing command SHOW BINLOG EVENTS: " + why);
}

}  // namespace

storage::Result<StatementResult> ShowBinaryLogs(const std::string& datadir) {
  STORAGE_ASSIGN_OR_RETURN(std::vector<storage::BinlogFile> files,
                           storage::ListBinlogFiles(datadir));
  std::vector<storage::Row> rows;
  for (const storage::BinlogFile& f : files) {
    rows.push_back({Value::String(f.name), Value::UInt(f.size), Value::String("No")});
  }
  return Rows({Text("Log_name", 255), Number("File_size", storage::ColumnType::kBigInt, 20),
               Text("Encrypted", 3)},
              std::move(rows));
}

storage::Result<StatementResult> ShowMasterStatus(const std::string& datadir) {
  STORAGE_ASSIGN_OR_RETURN(std::vector<storage::BinlogFile> files,
                           storage::ListBinlogFiles(datadir));
  std::vector<storage::Row> rows;
  if (!files.empty()) {
    rows.push_back({Value::String(files.back().name), Value::UInt(files.back().size),
                    Value::String(""), Value::String(""), Value::String("")});
  }
  return Rows(
      {Text("File", 255), Number("Position", storage::ColumnType::kBigInt, 20),
       Text("Binlog_Do_DB", 255), Text("Binlog_Ignore_DB", 255), Text("Executed_Gtid_Set", 255)},
      std::move(rows));
}

storage::Result<StatementResult> ShowBinlogEvents(const std::string& datadir,
                                                  const BinlogEventsRequest& request) {
  std::string log_name = request.log_name;
  if (log_name.empty()) {
    STORAGE_ASSIGN_OR_RETURN(std::vector<storage::BinlogFile> files,
                             storage::ListBinlogFiles(datadir));
    if (files.empty()) return CommandError("Could not find target log");
    log_name = files.front().name;
  }
  storage::Result<std::vector<storage::BinlogEvent>> events =
      storage::ReadBinlogEvents(datadir, log_name);
  if (!events.ok()) return CommandError(events.status().message());
  size_t first = 0;
  if (request.from_pos && *request.from_pos != 0) {
    // MySQL reads from the given offset and fails unless an event starts there.
    auto it = std::find_if(events->begin(), events->end(), [&](const storage::BinlogEvent& e) {
      return e.pos >= *request.from_pos;
    });
    const bool at_end =
        it == events->end() && (events->empty() || events->back().end_pos == *request.from_pos);
    if (!at_end && (it == events->end() || it->pos != *request.from_pos)) {
      return CommandError("Wrong offset or I/O error");
    }
    first = static_cast<size_t>(it - events->begin());
  }
  std::vector<storage::Row> rows;
  for (size_t i = first + request.offset; i < events->size(); ++i) {
    if (request.count && rows.size() >= *request.count) break;
    const storage::BinlogEvent& e = (*events)[i];
    rows.push_back({Value::String(log_name), Value::UInt(e.pos), Value::String(e.type),
                    Value::UInt(request.server_id), Value::UInt(e.end_pos), Value::String(e.info)});
  }
  return Rows({Text("Log_name", 255), Number("Pos", storage::ColumnType::kBigInt, 20),
               Text("Event_type", 64), Number("Server_id", storage::ColumnType::kInt, 10),
               Number("End_log_pos", storage::ColumnType::kBigInt, 20), Text("Info", 255)},
              std::move(rows));
}

}  // namespace sql
