#include "server/wire_codec.h"

#include <gtest/gtest.h>

#include "test_hex.h"

namespace server {
namespace {

using testing::FromHex;
using testing::ToHex;

TEST(WireCodecTest, LenencIntBoundaries) {
  struct Case {
    uint64_t value;
    const char* hex;
  } cases[] = {
      {0, "00"},
      {250, "fa"},
      {251, "fcfb00"},
      {0xFFFF, "fcffff"},
      {0x10000, "fd000001"},
      {0xFFFFFF, "fdffffff"},
      {0x1000000, "fe0000000100000000"},
      {~0ull, "feffffffffffffffff"},
  };
  for (const Case& c : cases) {
    WireWriter w;
    w.LenencInt(c.value);
    EXPECT_EQ(ToHex(w.buffer()), c.hex) << c.value;
    EXPECT_EQ(LenencIntSize(c.value), w.buffer().size());
    WireReader r(w.buffer());
    EXPECT_EQ(r.ReadLenencInt(), c.value);
    EXPECT_TRUE(r.empty());
  }
}

TEST(WireCodecTest, LenencIntRejectsNullAndErrMarkers) {
  const std::string fb = FromHex("fb"), ff = FromHex("ff");
  WireReader null_marker(fb);
  EXPECT_FALSE(null_marker.ReadLenencInt().has_value());
  EXPECT_FALSE(null_marker.ok());
  WireReader err_marker(ff);
  EXPECT_FALSE(err_marker.ReadLenencInt().has_value());
}

TEST(WireCodecTest, TruncatedReadsFailAndStayFailed) {
  const std::string bytes = FromHex("fd0100");  // claims a 3-byte integer, has 2
  WireReader r(bytes);
  EXPECT_FALSE(r.ReadLenencInt().has_value());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.ReadU8().has_value());  // a failed reader never reads again
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireCodecTest, LenencStringLongerThanPayloadFails) {
  const std::string bytes = FromHex("fc1027") + "abc";  // claims 10000 bytes
  WireReader r(bytes);
  EXPECT_FALSE(r.ReadLenencString().has_value());
}

TEST(WireCodecTest, FixedWidthIntegersAreLittleEndian) {
  WireWriter w;
  w.U16(0x0102);
  w.U24(0x030405);
  w.U32(0x06070809);
  w.U64(0x0a0b0c0d0e0f1011ull);
  EXPECT_EQ(ToHex(w.buffer()), "020105040309080706" "11100f0e0d0c0b0a");
  WireReader r(w.buffer());
  EXPECT_EQ(r.ReadU16(), 0x0102);
  EXPECT_EQ(r.ReadU24(), 0x030405u);
  EXPECT_EQ(r.ReadU32(), 0x06070809u);
  EXPECT_EQ(r.ReadU64(), 0x0a0b0c0d0e0f1011ull);
}

TEST(WireCodecTest, NulStrings) {
  WireWriter w;
  w.NulString("root");
  w.Bytes("tail");
  WireReader r(w.buffer());
  EXPECT_EQ(r.ReadNulString(), "root");
  EXPECT_FALSE(WireReader("tail").ReadNulString().has_value());
  EXPECT_EQ(r.ReadNulStringOrRest(), "tail");
  EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace server
