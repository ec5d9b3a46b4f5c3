#include "sql/system_variables.h"

#include <gtest/gtest.h>

namespace sql {
namespace {

TEST(SystemVariablesTest, DefaultsFollowMysql80) {
  GlobalVariables g;
  SessionVariables s(&g);
  EXPECT_EQ(s.lock_wait_timeout(), 31536000u);
  EXPECT_EQ(s.innodb_lock_wait_timeout(), 50u);
  EXPECT_TRUE(s.autocommit());
  EXPECT_EQ(s.Get(*FindSysVar("sql_mode")).ToString(),
            "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
  EXPECT_EQ(s.Get(*FindSysVar("version")).ToString(), "8.0.36-mdld");
  EXPECT_EQ(s.Get(*FindSysVar("tx_isolation")).ToString(), "REPEATABLE-READ");
}

TEST(SystemVariablesTest, LookupIsCaseInsensitiveAndUnknownIsNull) {
  EXPECT_NE(FindSysVar("Lock_Wait_Timeout"), nullptr);
  EXPECT_EQ(FindSysVar("no_such_variable"), nullptr);
}

TEST(SystemVariablesTest, NewSessionCopiesGlobalAndIgnoresLaterGlobalChanges) {
  GlobalVariables g(std::map<std::string, std::string>{{"lock_wait_timeout", "5"}});
  SessionVariables s(&g);
  EXPECT_EQ(s.lock_wait_timeout(), 5u);
  g.Set(*FindSysVar("lock_wait_timeout"), storage::Value::UInt(7));
  EXPECT_EQ(s.lock_wait_timeout(), 5u);
  EXPECT_EQ(SessionVariables(&g).lock_wait_timeout(), 7u);
}

TEST(SystemVariablesTest, OutOfRangeNumberIsClampedWithWarning) {
  auto r = CheckSysVarValue(*FindSysVar("lock_wait_timeout"), storage::Value::Int(0));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value.ToUInt(), 1u);
  ASSERT_TRUE(r->warning.has_value());
  EXPECT_EQ(*r->warning, "Truncated incorrect lock_wait_timeout value: '0'");
}

TEST(SystemVariablesTest, NonIntegerForIntegerVariableIsWrongType) {
  for (const storage::Value& v : {storage::Value::String("5"), storage::Value(),
                                  storage::Value::Double(1.5)}) {
    auto r = CheckSysVarValue(*FindSysVar("lock_wait_timeout"), v);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), ErrorCode::kWrongTypeForVar);
    EXPECT_EQ(r.status().message(), "Incorrect argument type to variable 'lock_wait_timeout'");
  }
}

TEST(SystemVariablesTest, BadBooleanIsWrongValue) {
  auto r = CheckSysVarValue(*FindSysVar("autocommit"), storage::Value::String("maybe"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kWrongValueForVar);
  EXPECT_EQ(r.status().message(), "Variable 'autocommit' can't be set to the value of 'maybe'");
  auto on = CheckSysVarValue(*FindSysVar("autocommit"), storage::Value::String("on"));
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(on->value.ToInt(), 1);
  EXPECT_EQ(DisplayValue(*FindSysVar("autocommit"), on->value), "ON");
}

TEST(SystemVariablesTest, SqlModeSetIsNormalisedToDefinitionOrder) {
  auto r = CheckSysVarValue(*FindSysVar("sql_mode"),
                            storage::Value::String("strict_trans_tables,ansi_quotes"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value.ToString(), "ANSI_QUOTES,STRICT_TRANS_TABLES");
  EXPECT_FALSE(CheckSysVarValue(*FindSysVar("sql_mode"), storage::Value::String("BOGUS")).ok());
}

TEST(SystemVariablesTest, IsolationEnumAcceptsMysqlSpellings) {
  auto r = CheckSysVarValue(*FindSysVar("transaction_isolation"),
                            storage::Value::String("read-committed"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value.ToString(), "READ-COMMITTED");
}

}  // namespace
}  // namespace sql
