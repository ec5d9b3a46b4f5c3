#include "storage_test_util.h"

namespace storage::testing {
namespace {

using sql::ErrorCode;

TEST_F(EngineFixture, PointLookupByPrimaryKey) {
  Fill(10);
  auto trx = Begin();
  auto row = trx->Get(*table_, K(7), RowLockMode::kNone);
  ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((**row)[2].text(), "c7");
  EXPECT_FALSE(trx->Get(*table_, K(70), RowLockMode::kNone)->has_value());
}

TEST_F(EngineFixture, PrimaryRangeScansHonourBoundsAndDirection) {
  Fill(10);
  auto trx = Begin();
  ScanSpec between{.lower = KeyBound{K(3), true}, .upper = KeyBound{K(6), true}};
  EXPECT_EQ(ScanIds(*trx, between), (std::vector<int64_t>{3, 4, 5, 6}));
  ScanSpec exclusive{.lower = KeyBound{K(3), false}, .upper = KeyBound{K(6), false}};
  EXPECT_EQ(ScanIds(*trx, exclusive), (std::vector<int64_t>{4, 5}));
  ScanSpec desc{.lower = KeyBound{K(3), true}, .upper = KeyBound{K(6), true}, .descending = true};
  EXPECT_EQ(ScanIds(*trx, desc), (std::vector<int64_t>{6, 5, 4, 3}));
  EXPECT_EQ(ScanIds(*trx, ScanSpec{.descending = true}).size(), 10u);
}

TEST_F(EngineFixture, FullScanCrossesBatchBoundaries) {
  Fill(200);
  auto trx = Begin();
  std::vector<int64_t> ids = ScanIds(*trx, ScanSpec{});
  ASSERT_EQ(ids.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(ids[static_cast<size_t>(i)], i + 1);
}

TEST_F(EngineFixture, SecondaryIndexLookupOrdersTiesByPrimaryKey) {
  Fill(30);
  auto trx = Begin();
  ScanSpec eq{.index = "k", .lower = KeyBound{{Value::Int(3)}, true}, .upper = KeyBound{{Value::Int(3)}, true}};
  EXPECT_EQ(ScanIds(*trx, eq), (std::vector<int64_t>{3, 13, 23}));
  eq.descending = true;
  EXPECT_EQ(ScanIds(*trx, eq), (std::vector<int64_t>{23, 13, 3}));
  EXPECT_EQ(trx->Scan(*table_, ScanSpec{.index = "nope"}).code(), ErrorCode::kInternal);
}

TEST_F(EngineFixture, DuplicatePrimaryAndUniqueKeysAreRejected) {
  Fill(3);
  auto trx = Begin();
  auto dup = trx->Insert(*table_, R(2, Value::Int(0), "new"));
  EXPECT_EQ(dup.code(), ErrorCode::kDuplicateEntry);
  EXPECT_EQ(dup.status().message(), "Duplicate entry '2' for key 't.PRIMARY'");
  auto uniq = trx->Insert(*table_, R(9, Value::Int(0), "c1"));
  EXPECT_EQ(uniq.code(), ErrorCode::kDuplicateEntry);
  EXPECT_EQ(uniq.status().message(), "Duplicate entry 'c1' for key 't.uc'");
  auto found = trx->FindDuplicate(*table_, R(9, Value::Int(0), "c1"));
  ASSERT_OK(found);
  EXPECT_EQ(**found, K(1));
}

TEST_F(EngineFixture, UniqueIndexTreatsNullsAsDistinct) {
  TableDef def = SbTable("db", "n");
  def.columns[2].nullable = true;
  ASSERT_OK(engine_->CreateTable(def));
  auto t = engine_->OpenTable("db", "n").value();
  auto trx = Begin();
  EXPECT_OK(trx->Insert(*t, R(1, Value::Int(1), "x")));
  Row a{Value::Int(2), Value::Int(1), Value()}, b{Value::Int(3), Value::Int(1), Value()};
  EXPECT_OK(trx->Insert(*t, a));
  EXPECT_OK(trx->Insert(*t, b));
}

TEST_F(EngineFixture, NotNullColumnRejectsNull) {
  auto trx = Begin();
  auto r = trx->Insert(*table_, Row{Value::Int(1), Value::Int(1), Value()});
  EXPECT_EQ(r.code(), ErrorCode::kBadNull);
  EXPECT_EQ(r.status().message(), "Column 'c' cannot be null");
}

TEST_F(EngineFixture, AutoIncrementGeneratesAndExplicitValuesPushTheCounter) {
  auto trx = Begin();
  EXPECT_EQ(trx->Insert(*table_, R(0, Value::Int(1), "a"))->generated_id, 1u);
  EXPECT_EQ(trx->Insert(*table_, Row{Value(), Value::Int(1), Value::String("b")})->generated_id, 2u);
  auto explicit_row = trx->Insert(*table_, R(10, Value::Int(1), "c"));
  EXPECT_EQ(explicit_row->generated_id, 0u);
  EXPECT_EQ(trx->Insert(*table_, R(0, Value::Int(1), "d"))->generated_id, 11u);
  trx->Rollback();
  // Not given back on rollback, as InnoDB.
  EXPECT_EQ(table_->def()->auto_increment, 12u);
}

TEST_F(EngineFixture, UpdateChangingSecondaryKeyMovesTheIndexEntry) {
  Fill(5);
  auto trx = Begin();
  ASSERT_TRUE(*trx->Update(*table_, K(2), R(2, Value::Int(42), "c2")));
  ScanSpec eq{.index = "k", .lower = KeyBound{{Value::Int(42)}, true}, .upper = KeyBound{{Value::Int(42)}, true}};
  EXPECT_EQ(ScanIds(*trx, eq), (std::vector<int64_t>{2}));
  ScanSpec old{.index = "k", .lower = KeyBound{{Value::Int(2)}, true}, .upper = KeyBound{{Value::Int(2)}, true}};
  EXPECT_TRUE(ScanIds(*trx, old).empty());
  ASSERT_OK(trx->Commit());
  auto reader = Begin();
  EXPECT_EQ(ScanIds(*reader, eq), (std::vector<int64_t>{2}));
  EXPECT_TRUE(ScanIds(*reader, old).empty());
}

TEST_F(EngineFixture, UpdateCanChangeThePrimaryKey) {
  Fill(3);
  auto trx = Begin();
  ASSERT_TRUE(*trx->Update(*table_, K(1), R(100, Value::Int(1), "c1")));
  EXPECT_EQ(trx->Update(*table_, K(2), R(3, Value::Int(1), "c2")).code(), ErrorCode::kDuplicateEntry);
  ASSERT_OK(trx->Commit());
  auto reader = Begin();
  EXPECT_EQ(ScanIds(*reader, ScanSpec{}), (std::vector<int64_t>{2, 3, 100}));
}

TEST_F(EngineFixture, DeleteOfMissingRowReturnsFalse) {
  Fill(2);
  auto trx = Begin();
  EXPECT_TRUE(*trx->Delete(*table_, K(1)));
  EXPECT_FALSE(*trx->Delete(*table_, K(1)));
  EXPECT_FALSE(*trx->Update(*table_, K(1), R(1, Value::Int(1), "z")));
}

TEST_F(EngineFixture, TableWithoutPrimaryKeyUsesHiddenRowIds) {
  TableDef def = SbTable("db", "h");
  def.indexes.clear();
  def.columns[0].auto_increment = false;
  ASSERT_OK(engine_->CreateTable(def));
  auto t = engine_->OpenTable("db", "h").value();
  auto trx = Begin();
  auto a = trx->Insert(*t, R(5, Value::Int(1), "x"));
  auto b = trx->Insert(*t, R(5, Value::Int(1), "x"));
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(a->primary_key, Key{Value::UInt(1)});
  EXPECT_EQ(b->primary_key, Key{Value::UInt(2)});
}

}  // namespace
}  // namespace storage::testing
