#include "base/ascii.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(AsciiTest, MapsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("SELECT @@Lock_Wait_Timeout"), "select @@lock_wait_timeout");
  EXPECT_EQ(AsciiUpper("show create table t1_[x]"), "SHOW CREATE TABLE T1_[X]");
  // UTF-8 bytes (here "É" and "é") and other non-letters stay as they are.
  EXPECT_EQ(AsciiLower("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9");
  EXPECT_EQ(AsciiUpper("\xc3\xa9t\xc3\xa9"), "\xc3\xa9T\xc3\xa9");
  EXPECT_EQ(AsciiLower(""), "");
}

}  // namespace
}  // namespace base
