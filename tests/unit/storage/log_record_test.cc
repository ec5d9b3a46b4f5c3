#include "storage/log_record.h"

#include <gtest/gtest.h>

#include "storage_test_util.h"

namespace storage::testing {
namespace {

TEST(LogRecordTest, TrxCommitRoundTrips) {
  LogRecord r;
  r.type = RecordType::kTrxCommit;
  r.trx_id = 42;
  r.ops.push_back(RowOp{3, K(1), Row{Value::Int(-5), Value::UInt(7), Value::Double(1.5), Value::Decimal("-1.20"),
                                     Value::String(std::string("a\0b", 3)), Value::Date("2024-01-02"), Value()}});
  r.ops.push_back(RowOp{3, K(2), std::nullopt});
  auto d = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->trx_id, 42u);
  ASSERT_EQ(d->ops.size(), 2u);
  EXPECT_EQ(*d->ops[0].row, *r.ops[0].row);
  EXPECT_EQ((*d->ops[0].row)[4].text(), std::string("a\0b", 3));
  EXPECT_FALSE(d->ops[1].row.has_value());
}

TEST(LogRecordTest, TableDefRoundTrips) {
  LogRecord r;
  r.type = RecordType::kCreateTable;
  r.def = SbTable();
  r.def.columns[1].default_value = ColumnDefault::Of(Value::Int(3));
  r.def.columns[1].comment = "note";
  r.def.id = 9;
  auto d = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->def, r.def);
}

TEST(LogRecordTest, ReadFrameDetectsTruncationAndCorruption) {
  std::string data;
  AppendFrame("hello", &data);
  size_t pos = 0;
  std::string_view payload;
  for (size_t cut = 1; cut < data.size(); ++cut) {
    pos = 0;
    EXPECT_EQ(ReadFrame(std::string_view(data).substr(0, cut), &pos, &payload), FrameStatus::kTorn);
  }
  std::string flipped = data;
  flipped.back() ^= 1;
  pos = 0;
  EXPECT_EQ(ReadFrame(flipped, &pos, &payload), FrameStatus::kTorn);
  pos = 0;
  EXPECT_EQ(ReadFrame(data, &pos, &payload), FrameStatus::kOk);
  EXPECT_EQ(payload, "hello");
  EXPECT_EQ(ReadFrame(data, &pos, &payload), FrameStatus::kEnd);
}

TEST(LogRecordTest, GarbageDecodesToAnError) {
  EXPECT_FALSE(DecodeRecord("").ok());
  EXPECT_FALSE(DecodeRecord(std::string("\x0b\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)).ok());
  EXPECT_FALSE(DecodeRecord(std::string("\x63", 1)).ok());
}

}  // namespace
}  // namespace storage::testing
