// Lock plans per statement kind (src/sql/lock_plan.h), table-driven.
#include "sql/lock_plan.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace sql {
namespace {

std::vector<std::string> Plan(const std::string& text, const std::string& db = "d") {
  auto parsed = ParseSingle(text);
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<ast::Statement>>(parsed)) << text;
  auto plan = PlanLocks(*std::get<std::unique_ptr<ast::Statement>>(parsed), db);
  EXPECT_TRUE(plan.ok()) << text;
  std::vector<std::string> out;
  for (const auto& r : plan->requests) {
    std::string key(mdl::ToString(r.key.name_space()));
    if (!r.key.schema_name().empty()) key += " " + std::string(r.key.schema_name());
    if (!r.key.object_name().empty()) key += "." + std::string(r.key.object_name());
    out.push_back(key + " " + std::string(mdl::ShortName(r.type)) + " " +
                  std::string(mdl::ToString(r.duration)));
  }
  return out;
}

struct Case {
  const char* sql;
  std::vector<std::string> expected;  // in acquisition order
};

TEST(LockPlanTest, StatementKinds) {
  const std::vector<Case> cases = {
      {"SELECT * FROM t", {"TABLE d.t SR TRANSACTION"}},
      {"SELECT * FROM t JOIN e.u ON 1", {"TABLE d.t SR TRANSACTION", "TABLE e.u SR TRANSACTION"}},
      {"SELECT (SELECT MAX(a) FROM s) FROM t WHERE x IN (SELECT y FROM u)",
       {"TABLE d.s SR TRANSACTION", "TABLE d.t SR TRANSACTION", "TABLE d.u SR TRANSACTION"}},
      {"SELECT * FROM t FOR UPDATE", {"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION"}},
      {"SELECT * FROM t FOR SHARE", {"TABLE d.t SR TRANSACTION"}},
      {"INSERT INTO t VALUES (1)", {"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION"}},
      {"INSERT LOW_PRIORITY INTO t VALUES (1)", {"GLOBAL IX STATEMENT", "TABLE d.t SWLP TRANSACTION"}},
      {"INSERT INTO t SELECT * FROM s",
       {"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION", "TABLE d.s SR TRANSACTION"}},
      {"UPDATE t SET a = 1", {"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION"}},
      {"DELETE FROM t WHERE a IN (SELECT b FROM s)",
       {"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION", "TABLE d.s SR TRANSACTION"}},
      {"SELECT * FROM information_schema.tables", {}},
      {"SELECT * FROM performance_schema.metadata_locks", {}},
      {"CREATE TABLE t (a INT)",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "TABLE d.t X TRANSACTION"}},
      {"DROP TABLE t, e.u",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "SCHEMA e IX TRANSACTION", "TABLE d.t X TRANSACTION", "TABLE e.u X TRANSACTION"}},
      {"TRUNCATE t",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "TABLE d.t X TRANSACTION"}},
      {"RENAME TABLE t TO t2",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "TABLE d.t X TRANSACTION", "TABLE d.t2 X TRANSACTION"}},
      {"ALTER TABLE t ADD COLUMN b INT",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "TABLE d.t SU TRANSACTION"}},
      {"CREATE INDEX i ON t (a)",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA d IX TRANSACTION",
        "TABLE d.t SU TRANSACTION"}},
      {"CREATE DATABASE x",
       {"GLOBAL IX STATEMENT", "BACKUP LOCK IX TRANSACTION", "SCHEMA x X TRANSACTION"}},
      {"LOCK TABLES t READ", {"TABLE d.t SRO TRANSACTION"}},
      {"LOCK TABLES t WRITE",
       {"GLOBAL IX STATEMENT", "SCHEMA d IX TRANSACTION", "TABLE d.t SNRW TRANSACTION"}},
      {"LOCK INSTANCE FOR BACKUP", {"BACKUP LOCK S EXPLICIT"}},
      {"SHOW CREATE TABLE t", {"TABLE d.t SH STATEMENT"}},
      {"SET @a = (SELECT COUNT(*) FROM t)", {"TABLE d.t SR TRANSACTION"}},
      {"SELECT 1", {}},
      {"BEGIN", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Plan(c.sql), c.expected) << c.sql;
  }
}

TEST(LockPlanTest, RepeatedTableIsLockedOnceWithTheStrongestType) {
  EXPECT_EQ(Plan("INSERT INTO t SELECT * FROM t"),
            (std::vector<std::string>{"GLOBAL IX STATEMENT", "TABLE d.t SW TRANSACTION"}));
}

TEST(LockPlanTest, UnqualifiedTableWithoutDatabaseIsNoDatabaseSelected) {
  auto parsed = ParseSingle("SELECT * FROM t");
  auto plan = PlanLocks(*std::get<std::unique_ptr<ast::Statement>>(parsed), "");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.code(), ErrorCode::kNoDatabaseSelected);
}

TEST(LockPlanTest, TablesRecordWhetherTheyAreWritten) {
  auto parsed = ParseSingle("INSERT INTO t SELECT * FROM s");
  auto plan = PlanLocks(*std::get<std::unique_ptr<ast::Statement>>(parsed), "d");
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->tables.size(), 2u);
  EXPECT_TRUE(plan->tables[0].write);
  EXPECT_FALSE(plan->tables[1].write);
  EXPECT_FALSE(plan->batch);
}

}  // namespace
}  // namespace sql
