#include "storage/log_record.h"

#include "storage/byte_codec.h"
#include "storage/crc32c.h"

namespace storage {
namespace {

// Frames larger than this are rejected as garbage (a snapshot chunk or a rebuild of a large
// table stays far below).
constexpr uint32_t kMaxPayload = 1u << 30;

void PutOps(const std::vector<RowOp>& ops, Encoder* e) {
  e->PutVarint(ops.size());
  for (const RowOp& op : ops) {
    e->PutVarint(op.table_id);
    e->PutValues(op.pk);
    e->PutU8(op.row.has_value());
    if (op.row) e->PutValues(*op.row);
  }
}

std::vector<RowOp> GetOps(Decoder* d) {
  std::vector<RowOp> ops;
  uint64_t n = d->GetVarint();
  for (uint64_t i = 0; i < n && d->ok(); ++i) {
    RowOp op;
    op.table_id = d->GetVarint();
    op.pk = d->GetValues();
    if (d->GetBool()) op.row = d->GetValues();
    if (d->at_end() && i + 1 < n) d->Fail();  // counts cannot exceed what is left
    ops.push_back(std::move(op));
  }
  return ops;
}

}  // namespace

std::string EncodeRecord(const LogRecord& r) {
  Encoder e;
  e.PutU8(static_cast<uint8_t>(r.type));
  switch (r.type) {
    case RecordType::kCreateDatabase:
    case RecordType::kDropDatabase:
      e.PutString(r.name);
      break;
    case RecordType::kCreateTable:
    case RecordType::kChangeMetadata:
      e.PutTableDef(r.def);
      break;
    case RecordType::kDropTable:
    case RecordType::kTruncateTable:
      e.PutVarint(r.table_id);
      break;
    case RecordType::kRenameTable:
      e.PutVarint(r.table_id);
      e.PutString(r.db);
      e.PutString(r.table);
      break;
    case RecordType::kReplaceTable:
      e.PutTableDef(r.def);
      PutOps(r.ops, &e);
      break;
    case RecordType::kCreateIndex:
      e.PutVarint(r.table_id);
      e.PutIndexDef(r.index);
      break;
    case RecordType::kDropIndex:
      e.PutVarint(r.table_id);
      e.PutString(r.name);
      break;
    case RecordType::kTrxCommit:
      e.PutVarint(r.trx_id);
      PutOps(r.ops, &e);
      break;
    case RecordType::kSnapshotHeader:
      e.PutVarint(r.next_log_seq);
      e.PutVarint(r.next_table_id);
      e.PutVarint(r.next_trx_id);
      break;
    case RecordType::kTableRows:
      e.PutVarint(r.table_id);
      e.PutVarint(r.auto_increment);
      e.PutVarint(r.next_row_id);
      PutOps(r.ops, &e);
      break;
  }
  return e.Take();
}

Result<LogRecord> DecodeRecord(std::string_view payload) {
  Decoder d(payload);
  LogRecord r;
  const uint8_t type = d.GetU8();
  if (type < static_cast<uint8_t>(RecordType::kCreateDatabase) ||
      type > static_cast<uint8_t>(RecordType::kTableRows)) {
    return Status(sql::ErrorCode::kInternal, "Corrupt log record");
  }
  r.type = static_cast<RecordType>(type);
  switch (r.type) {
    case RecordType::kCreateDatabase:
    case RecordType::kDropDatabase:
      r.name = d.GetString();
      break;
    case RecordType::kCreateTable:
    case RecordType::kChangeMetadata:
      r.def = d.GetTableDef();
      break;
    case RecordType::kDropTable:
    case RecordType::kTruncateTable:
      r.table_id = d.GetVarint();
      break;
    case RecordType::kRenameTable:
      r.table_id = d.GetVarint();
      r.db = d.GetString();
      r.table = d.GetString();
      break;
    case RecordType::kReplaceTable:
      r.def = d.GetTableDef();
      r.ops = GetOps(&d);
      break;
    case RecordType::kCreateIndex:
      r.table_id = d.GetVarint();
      r.index = d.GetIndexDef();
      break;
    case RecordType::kDropIndex:
      r.table_id = d.GetVarint();
      r.name = d.GetString();
      break;
    case RecordType::kTrxCommit:
      r.trx_id = d.GetVarint();
      r.ops = GetOps(&d);
      break;
    case RecordType::kSnapshotHeader:
      r.next_log_seq = d.GetVarint();
      r.next_table_id = d.GetVarint();
      r.next_trx_id = d.GetVarint();
      break;
    case RecordType::kTableRows:
      r.table_id = d.GetVarint();
      r.auto_increment = d.GetVarint();
      r.next_row_id = d.GetVarint();
      r.ops = GetOps(&d);
      break;
  }
  if (!d.ok() || !d.at_end()) return Status(sql::ErrorCode::kInternal, "Corrupt log record");
  return r;
}

void AppendFrame(std::string_view payload, std::string* out) {
  Encoder e;
  e.PutFixed32(static_cast<uint32_t>(payload.size()));
  e.PutFixed32(Crc32c(payload));
  out->append(e.buffer());
  out->append(payload);
}

FrameStatus ReadFrame(std::string_view data, size_t* pos, std::string_view* payload) {
  if (*pos == data.size()) return FrameStatus::kEnd;
  if (data.size() - *pos < kFrameHeaderSize) return FrameStatus::kTorn;
  const uint32_t length = DecodeFixed32(data.data() + *pos);
  const uint32_t crc = DecodeFixed32(data.data() + *pos + 4);
  if (length > kMaxPayload || data.size() - *pos - kFrameHeaderSize < length) return FrameStatus::kTorn;
  std::string_view body = data.substr(*pos + kFrameHeaderSize, length);
  if (Crc32c(body) != crc) return FrameStatus::kTorn;
  *payload = body;
  *pos += kFrameHeaderSize + length;
  return FrameStatus::kOk;
}

}  // namespace storage
