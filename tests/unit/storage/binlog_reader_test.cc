// The commit log read back as binlog events (storage/binlog_reader.h): the event mapping of
// each record type, byte positions, and insert/update classification across checkpoints.
#include "storage/binlog_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "storage/commit_log.h"
#include "storage_test_util.h"

namespace storage {
namespace {

using testing::EngineFixture;
using testing::K;
using testing::R;
using testing::SbTable;

std::vector<std::string> Lines(const std::vector<BinlogEvent>& events, size_t from = 0) {
  std::vector<std::string> out;
  for (size_t i = from; i < events.size(); ++i)
    out.push_back(events[i].type + " " + events[i].info);
  return out;
}

// Lines() with transaction ids (engine-assigned) replaced by '#'.
std::vector<std::string> LinesWithoutXid(const std::vector<BinlogEvent>& events, size_t from) {
  std::vector<std::string> out = Lines(events, from);
  for (std::string& line : out) {
    if (line.rfind("Xid COMMIT /* xid=", 0) == 0) line = "Xid COMMIT /* xid=# */";
  }
  return out;
}

uint64_t FileSize(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

TEST(BinlogEventMapperTest, CommitBecomesBeginTableMapRowsEventsXid) {
  BinlogEventMapper mapper;
  LogRecord create;
  create.type = RecordType::kCreateTable;
  create.def = SbTable("db", "t");
  create.def.id = 7;
  LogRecord rows;  // the table already holds id 1 and 2
  rows.type = RecordType::kTableRows;
  rows.table_id = 7;
  rows.ops = {RowOp{7, K(1), R(1, Value::Int(1), "a")}, RowOp{7, K(2), R(2, Value::Int(2), "b")}};
  mapper.Observe(create);
  mapper.Observe(rows);

  LogRecord commit;
  commit.type = RecordType::kTrxCommit;
  commit.trx_id = 42;
  commit.ops = {RowOp{7, K(3), R(3, Value::Int(3), "c")},   // new key: insert
                RowOp{7, K(1), R(1, Value::Int(9), "a")},   // existing key: update
                RowOp{7, K(2), std::nullopt},               // existing key: delete
                RowOp{9, K(1), R(1, Value::Int(1), "x")}};  // a table the reader never saw
  std::vector<BinlogEvent> events;
  mapper.Map(commit, 100, 180, &events);
  EXPECT_EQ(Lines(events), (std::vector<std::string>{
                               "Query BEGIN",
                               "Table_map table_id: 7 (`db`.`t`)",
                               "Write_rows table_id: 7",
                               "Update_rows table_id: 7",
                               "Delete_rows table_id: 7 flags: STMT_END_F",
                               "Table_map table_id: 9 (table_id 9)",
                               "Write_rows table_id: 9 flags: STMT_END_F",
                               "Xid COMMIT /* xid=42 */",
                           }));
  for (const BinlogEvent& e : events) {
    EXPECT_EQ(e.pos, 100u);
    EXPECT_EQ(e.end_pos, 180u);
  }

  // The mapper observed the commit: key 3 exists now, key 2 does not.
  LogRecord again;
  again.type = RecordType::kTrxCommit;
  again.trx_id = 43;
  again.ops = {RowOp{7, K(3), std::nullopt}, RowOp{7, K(2), R(2, Value::Int(2), "b")}};
  events.clear();
  mapper.Map(again, 180, 230, &events);
  EXPECT_EQ(Lines(events), (std::vector<std::string>{
                               "Query BEGIN",
                               "Table_map table_id: 7 (`db`.`t`)",
                               "Write_rows table_id: 7",
                               "Delete_rows table_id: 7 flags: STMT_END_F",
                               "Xid COMMIT /* xid=43 */",
                           }));
}

TEST(BinlogEventMapperTest, DdlRecordsBecomeQueryEvents) {
  BinlogEventMapper mapper;
  std::vector<BinlogEvent> events;
  LogRecord r;
  r.type = RecordType::kCreateDatabase;
  r.name = "db";
  mapper.Map(r, 0, 10, &events);
  r = LogRecord{};
  r.type = RecordType::kCreateTable;
  r.def = SbTable("db", "t");
  r.def.id = 3;
  mapper.Map(r, 10, 50, &events);
  r = LogRecord{};
  r.type = RecordType::kChangeMetadata;
  r.def = SbTable("db", "t");
  r.def.id = 3;
  mapper.Map(r, 50, 90, &events);
  r = LogRecord{};
  r.type = RecordType::kReplaceTable;
  r.def = SbTable("db", "t");
  r.def.id = 3;
  r.def.columns.pop_back();
  r.ops = {RowOp{3, K(1), R(1, Value::Int(1), "a")}};
  mapper.Map(r, 90, 140, &events);
  r = LogRecord{};
  r.type = RecordType::kDropIndex;
  r.table_id = 3;
  r.name = "k";
  mapper.Map(r, 140, 160, &events);
  r = LogRecord{};
  r.type = RecordType::kRenameTable;
  r.table_id = 3;
  r.db = "db";
  r.table = "t2";
  mapper.Map(r, 160, 180, &events);
  r = LogRecord{};
  r.type = RecordType::kTruncateTable;
  r.table_id = 3;
  mapper.Map(r, 180, 190, &events);
  r = LogRecord{};
  r.type = RecordType::kDropTable;
  r.table_id = 3;
  mapper.Map(r, 190, 200, &events);
  r = LogRecord{};
  r.type = RecordType::kDropDatabase;
  r.name = "db";
  mapper.Map(r, 200, 210, &events);
  EXPECT_EQ(
      Lines(events),
      (std::vector<std::string>{
          "Query CREATE DATABASE `db`",
          "Query use `db`; CREATE TABLE `t` /* 3 columns, table_id: 3 */",
          "Query use `db`; ALTER TABLE `t` /* metadata only (ALGORITHM=INSTANT): 3 columns */",
          "Query use `db`; ALTER TABLE `t` /* rebuilt (ALGORITHM=COPY): 2 columns, 1 rows */",
          "Query use `db`; ALTER TABLE `t` DROP INDEX `k`",
          "Query RENAME TABLE `db`.`t` TO `db`.`t2`",
          "Query use `db`; TRUNCATE TABLE `t2`",
          "Query use `db`; DROP TABLE `t2`",
          "Query DROP DATABASE `db`",
      }));
  EXPECT_EQ(events[1].pos, 10u);
  EXPECT_EQ(events[1].end_pos, 50u);
}

// Through a real engine: positions are the frames' byte offsets, and a checkpoint starts a new
// log whose updates are still told apart from inserts (the reader loads the snapshot's keys).
TEST_F(EngineFixture, BinlogEventsOfARealLogAcrossACheckpoint) {
  Fill(3);
  {
    auto trx = Begin();
    ASSERT_TRUE(*trx->Update(*table_, K(2), R(2, Value::Int(20), "x2")));
    ASSERT_TRUE(*trx->Delete(*table_, K(3)));
    ASSERT_OK(trx->Insert(*table_, R(4, Value::Int(4), "c4")));
    ASSERT_OK(trx->Commit());
  }
  auto files = ListBinlogFiles(dir_);
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_EQ(files->size(), 1u);
  const std::string first = (*files)[0].name;
  EXPECT_EQ(first, "mdld-log.000001");
  EXPECT_EQ((*files)[0].size, FileSize(dir_ + "/" + first));

  auto events = ReadBinlogEvents(dir_, "");
  ASSERT_TRUE(events.ok()) << events.status().message();
  // CREATE DATABASE, CREATE TABLE, then the two commits.
  ASSERT_GE(events->size(), 2u);
  EXPECT_EQ((*events)[0].pos, 0u);
  for (size_t i = 1; i < events->size(); ++i) {
    const BinlogEvent& prev = (*events)[i - 1];
    const BinlogEvent& e = (*events)[i];
    EXPECT_TRUE(e.pos == prev.pos || e.pos == prev.end_pos) << i;  // contiguous frames
    EXPECT_LT(e.pos, e.end_pos);
  }
  EXPECT_EQ(events->back().end_pos, (*files)[0].size);
  EXPECT_EQ(LinesWithoutXid(*events, 2), (std::vector<std::string>{
                                             "Query BEGIN",
                                             "Table_map table_id: 1 (`db`.`t`)",
                                             "Write_rows table_id: 1 flags: STMT_END_F",
                                             "Xid COMMIT /* xid=# */",
                                             "Query BEGIN",
                                             "Table_map table_id: 1 (`db`.`t`)",
                                             "Write_rows table_id: 1",
                                             "Update_rows table_id: 1",
                                             "Delete_rows table_id: 1 flags: STMT_END_F",
                                             "Xid COMMIT /* xid=# */",
                                         }));

  ASSERT_OK(engine_->Checkpoint());
  {
    auto trx = Begin();
    ASSERT_TRUE(*trx->Update(*table_, K(1), R(1, Value::Int(11), "x1")));
    ASSERT_OK(trx->Commit());
  }
  files = ListBinlogFiles(dir_);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);  // the covered file is gone from the list
  EXPECT_EQ((*files)[0].name, "mdld-log.000002");
  events = ReadBinlogEvents(dir_, "mdld-log.000002");
  ASSERT_TRUE(events.ok()) << events.status().message();
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[2].type, "Update_rows") << "row 1 came from the snapshot";
  EXPECT_EQ((*events)[0].pos, 0u);

  auto gone = ReadBinlogEvents(dir_, first);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().message(), "Could not find target log");
}

}  // namespace
}  // namespace storage
