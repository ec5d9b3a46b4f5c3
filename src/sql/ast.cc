// Out-of-line parts of the AST: what needs a complete ast::Statement, and name tables.
#include "sql/ast.h"

#include <string>

namespace sql::ast {

ExplainStmt::ExplainStmt() = default;
ExplainStmt::~ExplainStmt() = default;
ExplainStmt::ExplainStmt(ExplainStmt&&) noexcept = default;
ExplainStmt& ExplainStmt::operator=(ExplainStmt&&) noexcept = default;

bool IsAggregateFunction(const std::string& upper_name) {
  // MySQL 8.0's set functions (sql/item_sum.h), excluding window-only functions.
  static constexpr const char* kAggregates[] = {
      "COUNT",   "SUM",     "MIN",        "MAX",         "AVG",         "GROUP_CONCAT",
      "BIT_AND", "BIT_OR",  "BIT_XOR",    "STD",         "STDDEV",      "STDDEV_POP",
      "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP",  "JSON_ARRAYAGG", "JSON_OBJECTAGG",
      "ANY_VALUE"};
  for (const char* name : kAggregates) {
    if (upper_name == name) return true;
  }
  return false;
}

}  // namespace sql::ast
