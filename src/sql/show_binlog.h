// Result sets of SHOW BINARY LOGS, SHOW MASTER STATUS and SHOW BINLOG EVENTS over mdld's commit
// log (storage/binlog_reader.h explains the mapping). Column names and types are MySQL 8.0's.
// Pure functions over the datadir's files; thread-safe.
#ifndef SQL_SHOW_BINLOG_H_
#define SQL_SHOW_BINLOG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "sql/statement_result.h"
#include "storage/status.h"

namespace sql {

// Log_name, File_size, Encrypted.
storage::Result<StatementResult> ShowBinaryLogs(const std::string& datadir);

// File, Position, Binlog_Do_DB, Binlog_Ignore_DB, Executed_Gtid_Set: the newest log file and
// its size (where the next commit will be written).
storage::Result<StatementResult> ShowMasterStatus(const std::string& datadir);

struct BinlogEventsRequest {
  std::string log_name;              // IN 'log'; empty: the first log
  std::optional<uint64_t> from_pos;  // FROM pos: must be an event's Pos (or 0)
  uint64_t offset = 0;               // LIMIT offset, count
  std::optional<uint64_t> count;
  uint32_t server_id = 1;  // @@server_id, shown in every event
};

// Log_name, Pos, Event_type, Server_id, End_log_pos, Info. Errors (1220 as in MySQL): "Error when
// executing command SHOW BINLOG EVENTS: Could not find target log" / "Wrong offset or I/O error".
storage::Result<StatementResult> ShowBinlogEvents(const std::string& datadir,
                                                  const BinlogEventsRequest& request);

}  // namespace sql

#endif  // SQL_SHOW_BINLOG_H_
