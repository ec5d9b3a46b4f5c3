#include "server/column_definition.h"

#include <gtest/gtest.h>

#include "server/protocol_constants.h"
#include "server/response_packets.h"
#include "server/wire_codec.h"
#include "test_hex.h"

namespace server {
namespace {

using storage::ColumnType;
using storage::Value;
using testing::ToHex;

TEST(ColumnDefinitionTest, FieldTypeForEveryColumnType) {
  struct Case {
    ColumnType type;
    uint8_t expected;
  } cases[] = {
      {ColumnType::kNull, 6},      {ColumnType::kTinyInt, 1},   {ColumnType::kSmallInt, 2},
      {ColumnType::kMediumInt, 9}, {ColumnType::kInt, 3},       {ColumnType::kBigInt, 8},
      {ColumnType::kDecimal, 246}, {ColumnType::kFloat, 4},     {ColumnType::kDouble, 5},
      {ColumnType::kChar, 254},    {ColumnType::kVarchar, 253}, {ColumnType::kText, 252},
      {ColumnType::kBlob, 252},    {ColumnType::kDate, 10},     {ColumnType::kTime, 11},
      {ColumnType::kDateTime, 12}, {ColumnType::kTimestamp, 7},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MysqlFieldType(c.type), c.expected) << static_cast<int>(c.type);
  }
}

TEST(ColumnDefinitionTest, PacketLayoutForVarcharPrimaryKey) {
  sql::ColumnInfo c;
  c.name = "n";
  c.org_name = "name";
  c.table = "t";
  c.org_table = "users";
  c.schema = "db";
  c.type = ColumnType::kVarchar;
  c.length = 10;
  c.not_null = true;
  c.primary_key = true;
  const std::string packet = ColumnDefinitionPacket(c);
  WireReader r(packet);
  EXPECT_EQ(r.ReadLenencString(), "def");
  EXPECT_EQ(r.ReadLenencString(), "db");
  EXPECT_EQ(r.ReadLenencString(), "t");
  EXPECT_EQ(r.ReadLenencString(), "users");
  EXPECT_EQ(r.ReadLenencString(), "n");
  EXPECT_EQ(r.ReadLenencString(), "name");
  EXPECT_EQ(r.ReadLenencInt(), 0x0Cu);
  EXPECT_EQ(r.ReadU16(), 45);
  EXPECT_EQ(r.ReadU32(), 40u);  // 10 characters × 4 bytes (utf8mb4)
  EXPECT_EQ(r.ReadU8(), 253);
  EXPECT_EQ(r.ReadU16(), column_flag::kNotNull | column_flag::kPriKey);
  EXPECT_EQ(r.ReadU8(), 0);
  EXPECT_EQ(r.ReadU16(), 0);
  EXPECT_TRUE(r.empty());
}

TEST(ColumnDefinitionTest, NumbersAreBinaryAndNumericWithUnsignedAndAutoIncrement) {
  sql::ColumnInfo c;
  c.type = ColumnType::kBigInt;
  c.is_unsigned = true;
  c.auto_increment = true;
  EXPECT_EQ(ColumnCharset(c), 63);
  EXPECT_EQ(ColumnFlags(c), column_flag::kUnsigned | column_flag::kAutoIncrement |
                                column_flag::kBinary | column_flag::kNum);
}

TEST(ColumnDefinitionTest, BlobAndTextFlags) {
  sql::ColumnInfo text;
  text.type = ColumnType::kText;
  EXPECT_EQ(ColumnCharset(text), 45);
  EXPECT_EQ(ColumnFlags(text), column_flag::kBlob);
  sql::ColumnInfo blob;
  blob.type = ColumnType::kBlob;
  blob.multiple_key = true;
  blob.unique_key = true;
  EXPECT_EQ(ColumnCharset(blob), 63);
  EXPECT_EQ(ColumnFlags(blob),
            column_flag::kBlob | column_flag::kBinary | column_flag::kMultipleKey |
                column_flag::kUniqueKey);
}

TEST(ColumnDefinitionTest, FieldListVariantAppendsNullDefault) {
  sql::ColumnInfo c;
  EXPECT_EQ(ColumnDefinitionPacket(c, true), ColumnDefinitionPacket(c) + "\xfb");
}

TEST(ColumnDefinitionTest, TextRowUsesNullMarker) {
  std::vector<sql::ColumnInfo> cols(3);
  cols[0].type = ColumnType::kBigInt;
  cols[1].type = ColumnType::kVarchar;
  cols[2].type = ColumnType::kFloat;
  storage::Row row{Value::Int(1), Value::Null(), Value::Double(0.1f)};
  EXPECT_EQ(ToHex(TextRowPacket(cols, row)), "0131" "fb" "03302e31");
}

TEST(ResponsePacketsTest, OkErrEofLayouts) {
  EXPECT_EQ(ToHex(OkPacket(OkFields{300, 5, 0x0002, 1, "info"})),
            "00" "fc2c01" "05" "0200" "0100" "04" "696e666f");
  EXPECT_EQ(ToHex(OkPacket(OkFields{1, 0, 0x0002, 0, ""})), "00" "01" "00" "0200" "0000");
  EXPECT_EQ(ToHex(OkAsEofPacket(0x0003, 0)), "fe" "00" "00" "0300" "0000");
  EXPECT_EQ(ToHex(EofPacket(0x000a, 2)), "fe" "0200" "0a00");
  EXPECT_EQ(ErrPacket(MysqlError{1146, "42S02", "Table 'db.t' doesn't exist"}),
            std::string("\xff\x7a\x04#42S02Table 'db.t' doesn't exist"));
  EXPECT_EQ(EndOfRowsPacket(true, 2, 0), OkAsEofPacket(2, 0));
  EXPECT_EQ(EndOfRowsPacket(false, 2, 0), EofPacket(2, 0));
}

}  // namespace
}  // namespace server
