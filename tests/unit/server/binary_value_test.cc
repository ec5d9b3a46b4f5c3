#include "server/binary_value.h"

#include <gtest/gtest.h>

#include <cstring>

#include "server/protocol_constants.h"
#include "server/stmt_execute_request.h"
#include "test_hex.h"

namespace server {
namespace {

using storage::ColumnType;
using storage::Value;
using storage::ValueKind;
using testing::FromHex;
using testing::ToHex;

Value Decode(uint8_t type, const std::string& bytes, bool is_unsigned = false) {
  WireReader r(bytes);
  std::optional<Value> v = DecodeBinaryValue(r, type, is_unsigned);
  EXPECT_TRUE(v.has_value()) << "type " << int{type};
  EXPECT_TRUE(r.empty()) << "type " << int{type} << " left bytes";
  return v.value_or(Value::String("<decode failed>"));
}

TEST(BinaryValueTest, DecodesIntegersSignedAndUnsigned) {
  EXPECT_EQ(Decode(field_type::kTiny, FromHex("ff")).int_value(), -1);
  EXPECT_EQ(Decode(field_type::kTiny, FromHex("ff"), true).int_value(), 255);
  EXPECT_EQ(Decode(field_type::kShort, FromHex("feff")).int_value(), -2);
  EXPECT_EQ(Decode(field_type::kShort, FromHex("feff"), true).int_value(), 65534);
  EXPECT_EQ(Decode(field_type::kYear, FromHex("e507")).int_value(), 2021);
  EXPECT_EQ(Decode(field_type::kLong, FromHex("fdffffff")).int_value(), -3);
  EXPECT_EQ(Decode(field_type::kInt24, FromHex("40420f00")).int_value(), 1000000);
  EXPECT_EQ(Decode(field_type::kLong, FromHex("ffffffff"), true).int_value(), 4294967295);
  EXPECT_EQ(Decode(field_type::kLongLong, FromHex("fcffffffffffffff")).int_value(), -4);
  Value big = Decode(field_type::kLongLong, FromHex("ffffffffffffffff"), true);
  EXPECT_EQ(big.kind(), ValueKind::kUInt);
  EXPECT_EQ(big.uint_value(), ~0ull);
}

TEST(BinaryValueTest, DecodesFloatingPoint) {
  float f = 1.5f;
  std::string fb(4, '\0');
  std::memcpy(fb.data(), &f, 4);
  EXPECT_EQ(Decode(field_type::kFloat, fb).double_value(), 1.5);
  double d = -2.25;
  std::string db(8, '\0');
  std::memcpy(db.data(), &d, 8);
  EXPECT_EQ(Decode(field_type::kDouble, db).double_value(), -2.25);
}

TEST(BinaryValueTest, DecodesDecimalsCanonically) {
  Value v = Decode(field_type::kNewDecimal, "\x06" "012.50");
  EXPECT_EQ(v.kind(), ValueKind::kDecimal);
  EXPECT_EQ(v.text(), "12.50");
  EXPECT_EQ(Decode(field_type::kDecimal, "\x02" "-7").text(), "-7");
  Value odd = Decode(field_type::kNewDecimal, "\x03" "1e3");
  EXPECT_EQ(odd.kind(), ValueKind::kString);  // not a plain decimal: left to the SQL layer
}

TEST(BinaryValueTest, DecodesStringsAndBlobs) {
  for (uint8_t t : {field_type::kString, field_type::kVarString, field_type::kVarchar,
                    field_type::kBlob, field_type::kTinyBlob, field_type::kMediumBlob,
                    field_type::kLongBlob, field_type::kEnum, field_type::kSet, field_type::kJson}) {
    Value v = Decode(t, std::string("\x03" "a\0b", 4));
    EXPECT_EQ(v.kind(), ValueKind::kString);
    EXPECT_EQ(v.text(), std::string("a\0b", 3));
  }
}

TEST(BinaryValueTest, DecodesTemporals) {
  EXPECT_EQ(Decode(field_type::kDate, FromHex("04e507030f")).text(), "2021-03-15");
  EXPECT_EQ(Decode(field_type::kDate, FromHex("00")).text(), "0000-00-00");
  Value dt = Decode(field_type::kDateTime, FromHex("07e507030f0d2a09"));
  EXPECT_EQ(dt.kind(), ValueKind::kDateTime);
  EXPECT_EQ(dt.text(), "2021-03-15 13:42:09");
  EXPECT_EQ(Decode(field_type::kTimestamp, FromHex("0be507030f0d2a0940e20100")).text(),
            "2021-03-15 13:42:09.123456");
  EXPECT_EQ(Decode(field_type::kDateTime, FromHex("04e507030f")).text(), "2021-03-15 00:00:00");
  EXPECT_EQ(Decode(field_type::kTime, FromHex("080101000000020304")).text(), "-26:03:04");
  EXPECT_EQ(Decode(field_type::kTime, FromHex("0c000000000001020340e20100")).text(),
            "01:02:03.123456");
  EXPECT_EQ(Decode(field_type::kTime, FromHex("00")).text(), "00:00:00");
}

TEST(BinaryValueTest, NullTypeDecodesToNull) {
  EXPECT_TRUE(Decode(field_type::kNull, "").is_null());
}

TEST(BinaryValueTest, TruncatedOrUnknownInputFails) {
  struct Case {
    uint8_t type;
    std::string bytes;
  } cases[] = {
      {field_type::kLong, FromHex("0102")},
      {field_type::kLongLong, FromHex("01")},
      {field_type::kDouble, ""},
      {field_type::kString, FromHex("05") + "ab"},
      {field_type::kDateTime, FromHex("07e507")},
      {field_type::kDateTime, FromHex("05e507030f00")},  // invalid length byte
      {field_type::kTime, FromHex("0c00")},
      {200, FromHex("00")},  // not a MySQL type
  };
  for (const Case& c : cases) {
    WireReader r(c.bytes);
    EXPECT_FALSE(DecodeBinaryValue(r, c.type, false).has_value()) << int{c.type};
  }
}

std::string Encode(ColumnType type, const Value& v) {
  WireWriter w;
  AppendBinaryValue(w, type, v);
  return ToHex(w.buffer());
}

TEST(BinaryValueTest, EncodesEveryColumnType) {
  EXPECT_EQ(Encode(ColumnType::kTinyInt, Value::Int(-1)), "ff");
  EXPECT_EQ(Encode(ColumnType::kSmallInt, Value::Int(258)), "0201");
  EXPECT_EQ(Encode(ColumnType::kMediumInt, Value::Int(1)), "01000000");
  EXPECT_EQ(Encode(ColumnType::kInt, Value::Int(-2)), "feffffff");
  EXPECT_EQ(Encode(ColumnType::kBigInt, Value::UInt(~0ull)), "ffffffffffffffff");
  EXPECT_EQ(Encode(ColumnType::kBigInt, Value::Int(5)), "0500000000000000");
  EXPECT_EQ(Encode(ColumnType::kFloat, Value::Double(1.5)), "0000c03f");
  EXPECT_EQ(Encode(ColumnType::kDouble, Value::Double(1.5)), "000000000000f83f");
  EXPECT_EQ(Encode(ColumnType::kDecimal, Value::Decimal("12.50")), "0531322e3530");
  EXPECT_EQ(Encode(ColumnType::kVarchar, Value::String("ab")), "026162");
  EXPECT_EQ(Encode(ColumnType::kChar, Value::String("")), "00");
  EXPECT_EQ(Encode(ColumnType::kText, Value::String("t")), "0174");
  EXPECT_EQ(Encode(ColumnType::kBlob, Value::String("b")), "0162");
  EXPECT_EQ(Encode(ColumnType::kDate, Value::Date("2021-03-15")), "04e507030f");
  EXPECT_EQ(Encode(ColumnType::kDate, Value::Date("0000-00-00")), "00");
  EXPECT_EQ(Encode(ColumnType::kDateTime, Value::DateTime("2021-03-15 13:42:09")),
            "07e507030f0d2a09");
  EXPECT_EQ(Encode(ColumnType::kTimestamp, Value::DateTime("2021-03-15 13:42:09.123456")),
            "0be507030f0d2a0940e20100");
  EXPECT_EQ(Encode(ColumnType::kDateTime, Value::DateTime("2021-03-15 00:00:00")), "04e507030f");
  EXPECT_EQ(Encode(ColumnType::kTime, Value::String("-26:03:04")), "080101000000020304");
  EXPECT_EQ(Encode(ColumnType::kTime, Value::String("01:02:03.123456")), "0c000000000001020340e20100");
  EXPECT_EQ(Encode(ColumnType::kTime, Value::String("00:00:00")), "00");
  EXPECT_EQ(Encode(ColumnType::kDate, Value::String("garbage")), "00");
}

TEST(BinaryValueTest, EncodeDecodeRoundTripForTemporals) {
  WireWriter w;
  AppendBinaryValue(w, ColumnType::kDateTime, Value::DateTime("1999-12-31 23:59:59.000001"));
  WireReader r(w.buffer());
  EXPECT_EQ(DecodeBinaryValue(r, field_type::kDateTime, false)->text(), "1999-12-31 23:59:59.000001");
}

TEST(BinaryValueTest, BinaryRowHasNullBitmapAtOffsetTwo) {
  std::vector<sql::ColumnInfo> cols(3);
  cols[0].type = ColumnType::kInt;
  cols[1].type = ColumnType::kVarchar;
  cols[2].type = ColumnType::kTinyInt;
  storage::Row row{Value::Int(7), Value::Null(), Value::Int(1)};
  // header 00, bitmap: column 1 → bit 3 → 0x08, then 07000000 and 01.
  EXPECT_EQ(ToHex(BinaryRowPacket(cols, row)), "00" "08" "07000000" "01");
}

TEST(BinaryValueTest, CanonicalDecimal) {
  EXPECT_EQ(CanonicalDecimal("+001.10"), "1.10");
  EXPECT_EQ(CanonicalDecimal("-0"), "-0");
  EXPECT_EQ(CanonicalDecimal(".5"), "0.5");
  EXPECT_FALSE(CanonicalDecimal("").has_value());
  EXPECT_FALSE(CanonicalDecimal("-").has_value());
  EXPECT_FALSE(CanonicalDecimal("1.2.3").has_value());
}

// COM_STMT_EXECUTE body: id 1, flags 0, iterations 1, then the parameter block.
std::string ExecuteBody(const std::string& params_block) {
  return FromHex("01000000" "00" "01000000") + params_block;
}

TEST(StmtExecuteRequestTest, DecodesBoundParametersAndNulls) {
  std::vector<ParamType> types;
  // 3 params: bitmap 0b010 (param 1 NULL), new-params-bound 1,
  // types LONGLONG unsigned, VAR_STRING, TINY; values for params 0 and 2.
  auto parsed = ParseStmtExecute(
      ExecuteBody(FromHex("02" "01" "0880" "fd00" "0100" "2a00000000000000" "ff")), 3, &types,
      {});
  ASSERT_TRUE(std::holds_alternative<StmtExecuteRequest>(parsed));
  const auto& req = std::get<StmtExecuteRequest>(parsed);
  EXPECT_EQ(req.statement_id, 1u);
  ASSERT_EQ(req.params.size(), 3u);
  EXPECT_EQ(req.params[0].kind(), ValueKind::kUInt);
  EXPECT_EQ(req.params[0].uint_value(), 42u);
  EXPECT_TRUE(req.params[1].is_null());
  EXPECT_EQ(req.params[2].int_value(), -1);
  ASSERT_EQ(types.size(), 3u);
  EXPECT_TRUE(types[0].is_unsigned);
}

TEST(StmtExecuteRequestTest, ReusesTypesWhenNotRebound) {
  std::vector<ParamType> types = {{field_type::kLong, false}};
  auto parsed = ParseStmtExecute(ExecuteBody(FromHex("00" "00" "05000000")), 1, &types, {});
  ASSERT_TRUE(std::holds_alternative<StmtExecuteRequest>(parsed));
  EXPECT_EQ(std::get<StmtExecuteRequest>(parsed).params[0].int_value(), 5);
}

TEST(StmtExecuteRequestTest, UnboundTypesAreAnError) {
  std::vector<ParamType> types;
  auto parsed = ParseStmtExecute(ExecuteBody(FromHex("00" "00" "05000000")), 1, &types, {});
  ASSERT_TRUE(std::holds_alternative<MysqlError>(parsed));
  EXPECT_EQ(std::get<MysqlError>(parsed).number, 1210);
  EXPECT_EQ(std::get<MysqlError>(parsed).message, "Incorrect arguments to mysqld_stmt_execute");
}

TEST(StmtExecuteRequestTest, LongDataReplacesTheValueAndTakesNoBytes) {
  std::vector<ParamType> types;
  std::vector<std::optional<std::string>> long_data = {std::string("big blob"), std::nullopt};
  auto parsed = ParseStmtExecute(
      ExecuteBody(FromHex("00" "01" "fc00" "0300" "09000000")), 2, &types, long_data);
  ASSERT_TRUE(std::holds_alternative<StmtExecuteRequest>(parsed));
  const auto& req = std::get<StmtExecuteRequest>(parsed);
  EXPECT_EQ(req.params[0].text(), "big blob");
  EXPECT_EQ(req.params[1].int_value(), 9);
}

TEST(StmtExecuteRequestTest, EveryTruncationIsAnErrorNotACrash) {
  const std::string full = ExecuteBody(FromHex("00" "01" "0300" "fd00" "07000000" "03616263"));
  std::vector<ParamType> types;
  ASSERT_TRUE(std::holds_alternative<StmtExecuteRequest>(ParseStmtExecute(full, 2, &types, {})));
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<ParamType> fresh;
    auto parsed = ParseStmtExecute(full.substr(0, n), 2, &fresh, {});
    EXPECT_TRUE(std::holds_alternative<MysqlError>(parsed)) << "length " << n;
  }
}

}  // namespace
}  // namespace server
