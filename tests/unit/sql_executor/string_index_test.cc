// Index use for equality on CHAR/VARCHAR keys under the case-insensitive collation: lookups
// read only the case-variant ranges of the value (Rows_examined), match every spelling, and
// fall back to a scan when the value is compared numerically.
#include "test_context.h"

namespace sql::testing {
namespace {

class StringIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.CreateUsers("u");
    ASSERT_TRUE(ctx_.Run("INSERT INTO u (name, team) VALUES ('alice','red'),('Bob','blue'),('carol','red'),"
                         "('ALICIA',NULL),('dave','blue'),('erin','green')")
                    .ok());
    ctx_.Commit();
  }
  TestContext ctx_;
};

TEST_F(StringIndexTest, UniqueKeyEqualityReadsOnlyCaseVariantRanges) {
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE name = 'alice'"), "1");
  // 'ALICIA' lies inside the byte range ['ALICE', 'ALICe'] and is dropped by the WHERE.
  EXPECT_EQ(ctx_.rows_examined, 2u);
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE name = 'bob'"), "2");
  EXPECT_EQ(ctx_.rows_examined, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE 'DAVE' = name"), "5");
  EXPECT_EQ(ctx_.rows_examined, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE name = 'nobody'"), "");
  EXPECT_EQ(ctx_.rows_examined, 0u);
}

TEST_F(StringIndexTest, ParameterAndSecondaryIndex) {
  auto r = ctx_.Run("SELECT id FROM u WHERE name = ?", {storage::Value::String("CAROL")});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->result_set.rows.size(), 1u);
  EXPECT_EQ(r->result_set.rows[0][0].ToString(), "3");
  EXPECT_EQ(ctx_.rows_examined, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE team = 'RED' ORDER BY id"), "1;3");
  EXPECT_EQ(ctx_.rows_examined, 2u);
}

TEST_F(StringIndexTest, NumericComparisonScansBecauseEveryStringMayMatch) {
  // MySQL compares a string column with a number as DOUBLE: every non-numeric name is 0.
  EXPECT_EQ(ctx_.Rows("SELECT id FROM u WHERE name = 0 ORDER BY id"), "1;2;3;4;5;6");
  EXPECT_EQ(ctx_.rows_examined, 6u);
}

TEST_F(StringIndexTest, JoinOnStringKeyUsesTheIndex) {
  EXPECT_EQ(ctx_.Rows("SELECT a.id, b.id FROM u a JOIN u b ON b.name = a.team WHERE a.id = 1"), "");
  EXPECT_EQ(ctx_.Rows("SELECT a.name, b.name FROM u a JOIN u b ON b.name = UPPER(a.name) WHERE a.id <= 2 "
                      "ORDER BY a.id"),
            "alice,alice;Bob,Bob");
  // a: 2 rows by PK range; b: 'ALICE' ranges hold alice and ALICIA, 'BOB' ranges hold Bob.
  EXPECT_EQ(ctx_.rows_examined, 5u);
}

TEST_F(StringIndexTest, UpdateAndDeleteThroughStringKey) {
  auto r = ctx_.Run("UPDATE u SET team = 'green' WHERE name = 'CAROL'");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 1u);
  r = ctx_.Run("DELETE FROM u WHERE name = 'bOb'");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 1u);
  EXPECT_EQ(ctx_.Rows("SELECT name FROM u WHERE team = 'green' ORDER BY name"), "carol;erin");
}

TEST_F(StringIndexTest, LockingReadLocksOnlyTheRangesItReads) {
  ASSERT_TRUE(ctx_.Run("SELECT id FROM u WHERE name = 'carol' FOR UPDATE").ok());
  storage::TransactionOptions opts;
  opts.lock_wait_timeout = std::chrono::milliseconds(1);
  auto other = ctx_.engine().Begin(opts);
  auto table = ctx_.engine().OpenTable("db", "u");
  ASSERT_TRUE(table.ok());
  auto free_row = other->Get(**table, {storage::Value::Int(5)}, storage::RowLockMode::kExclusive);
  EXPECT_TRUE(free_row.ok());
  auto locked_row = other->Get(**table, {storage::Value::Int(3)}, storage::RowLockMode::kExclusive);
  ASSERT_FALSE(locked_row.ok());
  EXPECT_EQ(locked_row.code(), ErrorCode::kLockWaitTimeout);
  other->Rollback();
}

}  // namespace
}  // namespace sql::testing
