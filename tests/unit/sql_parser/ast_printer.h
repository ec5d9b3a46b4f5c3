// Test helper: prints expressions as compact S-expressions so that tests can state the parsed
// structure in one string, e.g. "(+ a (* b 2))".
#ifndef TESTS_UNIT_SQL_PARSER_AST_PRINTER_H_
#define TESTS_UNIT_SQL_PARSER_AST_PRINTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "sql/ast.h"
#include "sql/parser.h"

namespace sql::testing {

std::string ToSexpr(const ast::Expr& expr);
std::string ToSexpr(const ast::SelectStmt& select);

// Parses exactly one statement; fails the current test (and returns null) on any error.
std::unique_ptr<ast::Statement> MustParse(std::string_view text);
// The error for a text that must not parse; fails the current test if it parses.
SqlError MustFail(std::string_view text);

// Parses `text` as the single item of `SELECT <text>` and prints it.
std::string ExprOf(std::string_view text);

// The MySQL 1064 message for `near` on `line`.
std::string SyntaxMessage(std::string_view near, int line = 1);

}  // namespace sql::testing

#endif  // TESTS_UNIT_SQL_PARSER_AST_PRINTER_H_
