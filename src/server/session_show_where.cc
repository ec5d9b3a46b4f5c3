// SqlSession: SHOW ... WHERE condition.
//
// MySQL evaluates the condition over the SHOW's result columns (SHOW VARIABLES WHERE
// Variable_name LIKE 'lock%' AND Value > 5). mdld materializes the SHOW result as a virtual
// table and runs `SELECT * FROM <it> WHERE <condition>` through the executor, so the condition
// has the full expression language (functions, subqueries, comparisons with MySQL's type
// rules). The condition's text is cut from the statement text after its WHERE keyword: the
// parser keeps no copyable expression, and re-parsing the same text gives the same tree.
#include "server/sql_session.h"
#include "sql/executor.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace server {

using sql::ErrorCode;
using sql::SqlError;

namespace {

// The name the materialized SHOW result has for the duration of the filtering SELECT. A '#'
// cannot start an unquoted identifier, and the table exists only while the filter runs.
constexpr const char* kShowResultTable = "#show_result";

// The text after the SHOW statement's WHERE keyword (the first WHERE token: every form of
// SHOW ... WHERE has it as its last clause), or nullopt if there is none.
std::optional<std::string> WhereConditionText(const std::string& text) {
  sql::Lexer lexer(text, 0);
  for (;;) {
    sql::Token t = lexer.Next();
    if (t.kind == sql::TokenKind::kEnd || t.kind == sql::TokenKind::kError) return std::nullopt;
    if (t.IsWord("WHERE")) return text.substr(t.end);
  }
}

}  // namespace

std::optional<sql::VirtualTable> SqlSession::ShowResultTable(const std::string& db,
                                                             const std::string& name) const {
  if (!show_where_source_ || db != "information_schema" || name != kShowResultTable) {
    return std::nullopt;
  }
  return show_where_source_;
}

SqlSession::StatementOutcome SqlSession::FilterShowWhere(const std::string& statement_text,
                                                         sql::StatementResult shown) {
  auto condition = WhereConditionText(statement_text);
  if (!condition) return SqlError(ErrorCode::kInternal, "SHOW ... WHERE without its condition");
  auto parsed = sql::ParseSingle(std::string("SELECT * FROM information_schema.`") +
                                 kShowResultTable + "` WHERE " + *condition);
  if (auto* err = std::get_if<SqlError>(&parsed)) return *err;
  const auto& select_stmt = *std::get<std::unique_ptr<sql::ast::Statement>>(parsed);
  const auto* select = select_stmt.As<sql::ast::SelectStmt>();
  if (select == nullptr) return SqlError(ErrorCode::kInternal, "SHOW ... WHERE did not parse");

  sql::VirtualTable table;
  table.columns = shown.result_set.columns;
  table.rows = std::move(shown.result_set.rows);
  show_where_source_ = std::move(table);
  auto filtered = sql::ExecuteSelect(*select, *this, {});
  show_where_source_.reset();
  if (!filtered.ok()) return filtered.status();
  // The rows come back in the SHOW's column order (SELECT *); the column metadata stays the
  // SHOW's own.
  shown.result_set.rows = std::move(filtered->result_set.rows);
  return shown;
}

}  // namespace server
