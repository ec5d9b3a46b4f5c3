// CREATE / DROP / ALTER / RENAME / TRUNCATE, column types and options.
#include <gtest/gtest.h>

#include "ast_printer.h"

namespace sql {
namespace {

using storage::ColumnType;
using testing::MustFail;
using testing::MustParse;
using testing::ToSexpr;

template <typename T>
const T& As(const std::unique_ptr<ast::Statement>& st) {
  static const T kEmpty{};
  if (!st || !st->Is<T>()) {
    ADD_FAILURE() << "wrong statement kind";
    return kEmpty;
  }
  return *st->As<T>();
}

TEST(CreateTableTest, SysbenchTable) {
  auto st = MustParse(
      "CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, "
      "c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id)) "
      "/*! ENGINE = innodb */");
  const auto& create = As<ast::CreateTableStmt>(st);
  EXPECT_EQ(create.table.name, "sbtest1");
  ASSERT_EQ(create.columns.size(), 4u);
  EXPECT_EQ(create.columns[0].type.type, ColumnType::kInt);
  EXPECT_EQ(create.columns[0].type.name, "INTEGER");
  EXPECT_TRUE(create.columns[0].not_null);
  EXPECT_TRUE(create.columns[0].auto_increment);
  EXPECT_EQ(ToSexpr(*create.columns[1].default_value), "'0'");
  EXPECT_EQ(create.columns[2].type.type, ColumnType::kChar);
  EXPECT_EQ(create.columns[2].type.length, 120u);
  ASSERT_EQ(create.indexes.size(), 1u);
  EXPECT_EQ(create.indexes[0].kind, ast::IndexKind::kPrimary);
  EXPECT_EQ(create.indexes[0].columns[0].name, "id");
  EXPECT_EQ(create.options.engine, "innodb");
}

struct TypeCase {
  const char* text;
  ColumnType type;
  std::optional<uint32_t> length;
  bool is_unsigned;
  bool binary;
};

class DataTypeTest : public ::testing::TestWithParam<TypeCase> {};

TEST_P(DataTypeTest, MapsToColumnType) {
  auto st = MustParse(std::string("CREATE TABLE t (c ") + GetParam().text + ")");
  const auto& create = As<ast::CreateTableStmt>(st);
  ASSERT_EQ(create.columns.size(), 1u);
  const ast::DataType& type = create.columns[0].type;
  EXPECT_EQ(type.type, GetParam().type);
  EXPECT_EQ(type.length, GetParam().length);
  EXPECT_EQ(type.is_unsigned, GetParam().is_unsigned);
  EXPECT_EQ(type.binary, GetParam().binary);
}

INSTANTIATE_TEST_SUITE_P(
    Types, DataTypeTest,
    ::testing::Values(
        TypeCase{"TINYINT", ColumnType::kTinyInt, std::nullopt, false, false},
        TypeCase{"SMALLINT(5) UNSIGNED", ColumnType::kSmallInt, 5, true, false},
        TypeCase{"MEDIUMINT ZEROFILL", ColumnType::kMediumInt, std::nullopt, true, false},
        TypeCase{"INT(11)", ColumnType::kInt, 11, false, false},
        TypeCase{"BIGINT UNSIGNED", ColumnType::kBigInt, std::nullopt, true, false},
        TypeCase{"BOOL", ColumnType::kTinyInt, 1, false, false},
        TypeCase{"BOOLEAN", ColumnType::kTinyInt, 1, false, false},
        TypeCase{"DECIMAL(10,2)", ColumnType::kDecimal, std::nullopt, false, false},
        TypeCase{"NUMERIC", ColumnType::kDecimal, std::nullopt, false, false},
        TypeCase{"FLOAT", ColumnType::kFloat, std::nullopt, false, false},
        TypeCase{"DOUBLE PRECISION", ColumnType::kDouble, std::nullopt, false, false},
        TypeCase{"REAL", ColumnType::kDouble, std::nullopt, false, false},
        TypeCase{"CHAR", ColumnType::kChar, 1, false, false},
        TypeCase{"VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", ColumnType::kVarchar,
                 255, false, false},
        TypeCase{"BINARY(16)", ColumnType::kChar, 16, false, true},
        TypeCase{"VARBINARY(200)", ColumnType::kVarchar, 200, false, true},
        TypeCase{"TINYTEXT", ColumnType::kText, 255, false, false},
        TypeCase{"TEXT", ColumnType::kText, 65535, false, false},
        TypeCase{"MEDIUMTEXT", ColumnType::kText, 16777215, false, false},
        TypeCase{"LONGTEXT", ColumnType::kText, 4294967295u, false, false},
        TypeCase{"BLOB", ColumnType::kBlob, 65535, false, true},
        TypeCase{"LONGBLOB", ColumnType::kBlob, 4294967295u, false, true},
        TypeCase{"DATE", ColumnType::kDate, std::nullopt, false, false},
        TypeCase{"TIME(3)", ColumnType::kTime, 3, false, false},
        TypeCase{"DATETIME(6)", ColumnType::kDateTime, 6, false, false},
        TypeCase{"TIMESTAMP", ColumnType::kTimestamp, std::nullopt, false, false}));

TEST(CreateTableTest, DecimalPrecisionAndScale) {
  auto st = MustParse("CREATE TABLE t (a DECIMAL(12,3), b DECIMAL)");
  const auto& create = As<ast::CreateTableStmt>(st);
  EXPECT_EQ(create.columns[0].type.precision, 12u);
  EXPECT_EQ(create.columns[0].type.scale, 3u);
  EXPECT_EQ(create.columns[1].type.precision, 10u);  // MySQL's defaults
  EXPECT_EQ(create.columns[1].type.scale, 0u);
}

TEST(CreateTableTest, UnsupportedTypeIsASyntaxError) {
  EXPECT_EQ(MustFail("CREATE TABLE t (a JSON)").message, testing::SyntaxMessage("JSON)"));
}

TEST(CreateTableTest, ColumnAttributes) {
  auto st = MustParse(
      "CREATE TABLE IF NOT EXISTS db.t (id BIGINT UNSIGNED PRIMARY KEY, "
      "u VARCHAR(10) NULL UNIQUE KEY COMMENT 'the u', "
      "ts TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), "
      "n INT DEFAULT -1, d DATETIME DEFAULT NOW(), e INT DEFAULT (1 + 1), f INT KEY)");
  const auto& create = As<ast::CreateTableStmt>(st);
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.table.db, "db");
  EXPECT_EQ(create.columns[0].key, ast::ColumnKey::kPrimary);
  EXPECT_TRUE(create.columns[1].explicit_null);
  EXPECT_EQ(create.columns[1].key, ast::ColumnKey::kUnique);
  EXPECT_EQ(create.columns[1].comment, "the u");
  EXPECT_EQ(ToSexpr(*create.columns[2].default_value), "(CURRENT_TIMESTAMP 6)");
  EXPECT_TRUE(create.columns[2].on_update_current_timestamp);
  EXPECT_EQ(ToSexpr(*create.columns[3].default_value), "(neg 1)");
  EXPECT_EQ(ToSexpr(*create.columns[4].default_value), "(CURRENT_TIMESTAMP)");
  EXPECT_EQ(ToSexpr(*create.columns[5].default_value), "(+ 1 1)");
  EXPECT_EQ(create.columns[6].key, ast::ColumnKey::kPrimary);
}

TEST(CreateTableTest, DefaultMustBeALiteral) {
  EXPECT_EQ(MustFail("CREATE TABLE t (a INT DEFAULT b)").message, testing::SyntaxMessage("b)"));
}

TEST(CreateTableTest, TableLevelKeysAndForeignKeys) {
  auto st = MustParse(
      "CREATE TABLE t (a INT, b INT, c VARCHAR(100), PRIMARY KEY (a, b), UNIQUE KEY uk (c(10)), "
      "KEY k_b (b DESC), INDEX (c), CONSTRAINT fk1 FOREIGN KEY (b) REFERENCES p (id) "
      "ON DELETE CASCADE ON UPDATE SET NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
      "COLLATE=utf8mb4_0900_ai_ci AUTO_INCREMENT=100 COMMENT='tbl' ROW_FORMAT=DYNAMIC");
  const auto& create = As<ast::CreateTableStmt>(st);
  ASSERT_EQ(create.indexes.size(), 4u);
  EXPECT_EQ(create.indexes[0].columns.size(), 2u);
  EXPECT_EQ(create.indexes[1].kind, ast::IndexKind::kUnique);
  EXPECT_EQ(create.indexes[1].name, "uk");
  EXPECT_EQ(create.indexes[1].columns[0].prefix_length, 10u);
  EXPECT_TRUE(create.indexes[2].columns[0].descending);
  EXPECT_EQ(create.indexes[3].name, "");
  ASSERT_EQ(create.foreign_keys.size(), 1u);
  EXPECT_EQ(create.foreign_keys[0].constraint_name, "fk1");
  EXPECT_EQ(create.foreign_keys[0].ref_table.name, "p");
  EXPECT_EQ(create.foreign_keys[0].on_delete, ast::ReferenceAction::kCascade);
  EXPECT_EQ(create.foreign_keys[0].on_update, ast::ReferenceAction::kSetNull);
  EXPECT_EQ(create.options.engine, "InnoDB");
  EXPECT_EQ(create.options.charset, "utf8mb4");
  EXPECT_EQ(create.options.collation, "utf8mb4_0900_ai_ci");
  EXPECT_EQ(create.options.auto_increment, 100u);
  EXPECT_EQ(create.options.comment, "tbl");
}

TEST(CreateTableTest, Like) {
  auto st = MustParse("CREATE TABLE t2 LIKE t1");
  EXPECT_EQ(As<ast::CreateTableStmt>(st).like->name, "t1");
  auto st2 = MustParse("CREATE TABLE t2 (LIKE db.t1)");
  EXPECT_EQ(As<ast::CreateTableStmt>(st2).like->db, "db");
}

TEST(DatabaseTest, CreateDropUse) {
  auto st = MustParse("CREATE SCHEMA IF NOT EXISTS d1 DEFAULT CHARACTER SET utf8mb4 COLLATE "
                      "utf8mb4_bin");
  const auto& create = As<ast::CreateDatabaseStmt>(st);
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.name, "d1");
  EXPECT_EQ(create.charset, "utf8mb4");
  EXPECT_EQ(create.collation, "utf8mb4_bin");
  auto drop = MustParse("DROP DATABASE IF EXISTS `d-1`");
  EXPECT_TRUE(As<ast::DropDatabaseStmt>(drop).if_exists);
  EXPECT_EQ(As<ast::DropDatabaseStmt>(drop).name, "d-1");
  auto use = MustParse("USE d1");
  EXPECT_EQ(As<ast::UseStmt>(use).db, "d1");
}

TEST(DropTableTest, ListAndIfExists) {
  auto st = MustParse("DROP TABLE IF EXISTS sbtest1, db.t2 CASCADE");
  const auto& drop = As<ast::DropTableStmt>(st);
  EXPECT_TRUE(drop.if_exists);
  ASSERT_EQ(drop.tables.size(), 2u);
  EXPECT_EQ(drop.tables[1].db, "db");
}

TEST(TableTest, TruncateAndRename) {
  EXPECT_EQ(As<ast::TruncateStmt>(MustParse("TRUNCATE TABLE t")).table.name, "t");
  EXPECT_EQ(As<ast::TruncateStmt>(MustParse("TRUNCATE t")).table.name, "t");
  auto st = MustParse("RENAME TABLE a TO b, db.c TO db.d");
  const auto& rename = As<ast::RenameTableStmt>(st);
  ASSERT_EQ(rename.renames.size(), 2u);
  EXPECT_EQ(rename.renames[1].to.db, "db");
}

TEST(IndexTest, CreateAndDropIndex) {
  auto st = MustParse("CREATE INDEX k_1 ON sbtest1(k)");
  const auto& create = As<ast::CreateIndexStmt>(st);
  EXPECT_EQ(create.index.name, "k_1");
  EXPECT_EQ(create.index.kind, ast::IndexKind::kIndex);
  EXPECT_EQ(create.table.name, "sbtest1");
  auto st2 = MustParse("CREATE UNIQUE INDEX u ON t (a, b) ALGORITHM=INPLACE LOCK=NONE");
  const auto& unique = As<ast::CreateIndexStmt>(st2);
  EXPECT_EQ(unique.index.kind, ast::IndexKind::kUnique);
  EXPECT_EQ(unique.algorithm, ast::AlterAlgorithm::kInplace);
  EXPECT_EQ(unique.lock, ast::AlterLock::kNone);
  auto st3 = MustParse("DROP INDEX k_1 ON sbtest1 LOCK = SHARED ALGORITHM = COPY");
  const auto& drop = As<ast::DropIndexStmt>(st3);
  EXPECT_EQ(drop.name, "k_1");
  EXPECT_EQ(drop.lock, ast::AlterLock::kShared);
  EXPECT_EQ(drop.algorithm, ast::AlterAlgorithm::kCopy);
}

TEST(AlterTableTest, ColumnSpecs) {
  auto st = MustParse(
      "ALTER TABLE t ADD COLUMN x INT NOT NULL AFTER a, ADD y INT FIRST, ADD (p INT, q INT), "
      "DROP COLUMN z, DROP w, MODIFY c VARCHAR(20), CHANGE COLUMN old new INT AFTER b, "
      "RENAME COLUMN a TO b, ALTER COLUMN c SET DEFAULT 'x', ALTER d DROP DEFAULT");
  const auto& alter = As<ast::AlterTableStmt>(st);
  ASSERT_EQ(alter.specs.size(), 11u);
  using K = ast::AlterSpecKind;
  EXPECT_EQ(alter.specs[0].kind, K::kAddColumn);
  EXPECT_EQ(alter.specs[0].column.name, "x");
  EXPECT_EQ(alter.specs[0].placement, ast::ColumnPlacement::kAfter);
  EXPECT_EQ(alter.specs[0].after_column, "a");
  EXPECT_EQ(alter.specs[1].placement, ast::ColumnPlacement::kFirst);
  EXPECT_EQ(alter.specs[2].column.name, "p");
  EXPECT_EQ(alter.specs[3].column.name, "q");
  EXPECT_EQ(alter.specs[4].kind, K::kDropColumn);
  EXPECT_EQ(alter.specs[5].name, "w");
  EXPECT_EQ(alter.specs[6].kind, K::kModifyColumn);
  EXPECT_EQ(alter.specs[7].kind, K::kChangeColumn);
  EXPECT_EQ(alter.specs[7].name, "old");
  EXPECT_EQ(alter.specs[7].column.name, "new");
  EXPECT_EQ(alter.specs[8].kind, K::kRenameColumn);
  EXPECT_EQ(alter.specs[8].new_name, "b");
  EXPECT_EQ(alter.specs[9].kind, K::kAlterColumnSetDefault);
  EXPECT_EQ(alter.specs[10].kind, K::kAlterColumnDropDefault);
}

TEST(AlterTableTest, IndexSpecsAlgorithmLockAndOptions) {
  auto st = MustParse(
      "ALTER TABLE db.t ADD INDEX k (a), ADD UNIQUE KEY u (b), ADD PRIMARY KEY (id), "
      "DROP INDEX k2, DROP KEY k3, DROP PRIMARY KEY, RENAME INDEX a TO b, "
      "ALGORITHM=INSTANT, LOCK=EXCLUSIVE, ENGINE=InnoDB");
  const auto& alter = As<ast::AlterTableStmt>(st);
  using K = ast::AlterSpecKind;
  ASSERT_EQ(alter.specs.size(), 7u);
  EXPECT_EQ(alter.specs[0].kind, K::kAddIndex);
  EXPECT_EQ(alter.specs[0].index.name, "k");
  EXPECT_EQ(alter.specs[1].index.kind, ast::IndexKind::kUnique);
  EXPECT_EQ(alter.specs[2].index.kind, ast::IndexKind::kPrimary);
  EXPECT_EQ(alter.specs[3].kind, K::kDropIndex);
  EXPECT_EQ(alter.specs[4].name, "k3");
  EXPECT_EQ(alter.specs[5].kind, K::kDropPrimaryKey);
  EXPECT_EQ(alter.specs[6].kind, K::kRenameIndex);
  EXPECT_EQ(alter.algorithm, ast::AlterAlgorithm::kInstant);
  EXPECT_EQ(alter.lock, ast::AlterLock::kExclusive);
  EXPECT_EQ(alter.options.engine, "InnoDB");
}

TEST(AlterTableTest, RenameForceAndEmpty) {
  auto st = MustParse("ALTER TABLE a RENAME TO b");
  EXPECT_EQ(As<ast::AlterTableStmt>(st).specs[0].new_table.name, "b");
  auto st2 = MustParse("ALTER TABLE a RENAME AS db.b");
  EXPECT_EQ(As<ast::AlterTableStmt>(st2).specs[0].new_table.db, "db");
  auto st3 = MustParse("ALTER TABLE a FORCE, ALGORITHM=COPY");
  EXPECT_TRUE(As<ast::AlterTableStmt>(st3).force);
  EXPECT_TRUE(As<ast::AlterTableStmt>(st3).specs.empty());
  auto st4 = MustParse("ALTER TABLE a ENGINE=InnoDB");
  EXPECT_TRUE(As<ast::AlterTableStmt>(st4).specs.empty());
  auto st5 = MustParse("ALTER TABLE a ADD c INT ALGORITHM=INPLACE LOCK=NONE");
  EXPECT_EQ(As<ast::AlterTableStmt>(st5).lock, ast::AlterLock::kNone);
}

TEST(AlterTableTest, BadAlgorithmIsASyntaxError) {
  EXPECT_EQ(MustFail("ALTER TABLE t ALGORITHM=FAST").message, testing::SyntaxMessage("FAST"));
}

}  // namespace
}  // namespace sql
