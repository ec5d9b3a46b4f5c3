// Records of the commit log and the checkpoint snapshot, and their framing.
//
// Frame: [u32 payload length][u32 CRC32C of payload][payload], little-endian. A frame whose
// header or payload runs past the end of the file, or whose CRC does not match, is a torn
// write: recovery stops there (only the last frame of the last log file can legitimately be
// torn, since it was never acknowledged).
//
// Payload: [u8 RecordType][fields...], see byte_codec.h for the field encodings.
#ifndef STORAGE_LOG_RECORD_H_
#define STORAGE_LOG_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/schema.h"
#include "storage/status.h"
#include "storage/transaction.h"

namespace storage {

enum class RecordType : uint8_t {
  kCreateDatabase = 1,  // name
  kDropDatabase,        // name (drops its tables too)
  kCreateTable,         // def (with id, auto_increment, create_time)
  kDropTable,           // table_id
  kRenameTable,         // table_id, db, table
  kTruncateTable,       // table_id
  kReplaceTable,        // def, ops (all rows of the rebuilt table)
  kCreateIndex,         // table_id, index (rebuilt from rows at replay)
  kDropIndex,           // table_id, index.name
  kChangeMetadata,      // def
  kTrxCommit,           // trx_id, ops
  kSnapshotHeader,      // next_log_seq, next_table_id, next_trx_id (first record of a snapshot)
  kTableRows,           // table_id, auto_increment, next_row_id, ops (a chunk of a snapshot)
};

// One row change: `row` set = the row now has this image; nullopt = deleted.
struct RowOp {
  uint64_t table_id = 0;
  Key pk;
  std::optional<Row> row;
};

// A decoded record; only the fields of its type are meaningful.
struct LogRecord {
  RecordType type = RecordType::kTrxCommit;
  std::string name;   // database name; index name for kDropIndex
  std::string db;     // rename target
  std::string table;  // rename target
  uint64_t table_id = 0;
  TableDef def;
  IndexDef index;
  uint64_t trx_id = 0;
  std::vector<RowOp> ops;
  uint64_t next_log_seq = 0;
  uint64_t next_table_id = 0;
  uint64_t next_trx_id = 0;
  uint64_t auto_increment = 0;
  uint64_t next_row_id = 0;
};

std::string EncodeRecord(const LogRecord& record);
// Error: kInternal "Corrupt log record" for anything malformed. Never crashes on garbage.
Result<LogRecord> DecodeRecord(std::string_view payload);

constexpr size_t kFrameHeaderSize = 8;
// Appends a frame holding `payload` to *out.
void AppendFrame(std::string_view payload, std::string* out);

enum class FrameStatus : uint8_t { kOk, kEnd, kTorn };
// Reads the frame at *pos of `data`. kOk: *payload set and *pos advanced past the frame.
// kEnd: *pos is exactly the end. kTorn: truncated or checksum mismatch (*pos unchanged).
FrameStatus ReadFrame(std::string_view data, size_t* pos, std::string_view* payload);

}  // namespace storage

#endif  // STORAGE_LOG_RECORD_H_
