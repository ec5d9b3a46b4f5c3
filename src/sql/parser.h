// SQL text → ast::Statement: the entry points of the recursive-descent parser.
//
// A COM_QUERY text may hold several statements separated by ';'. MySQL executes each statement
// before parsing the next (a syntax error in the third statement does not stop the first two),
// so the session drives the split itself:
//
//   size_t offset = 0;
//   for (bool first = true;; first = false) {
//     auto next = sql::ParseNext(text, offset);
//     if (auto* err = std::get_if<sql::SqlError>(&next)) { sink.OnError(*err); break; }
//     auto& parsed = std::get<sql::ParsedStatement>(next);
//     if (!parsed.statement) {                 // nothing but blanks/comments/';' left
//       if (parsed.empty_statement) ... answer OK  // MySQL's SQLCOM_EMPTY_QUERY
//       else if (first) sink.OnError(sql::EmptyQueryError());
//       break;
//     }
//     ... execute *parsed.statement; more_results = sql::HasMoreStatements(text, parsed.end_offset)
//         (with CLIENT_MULTI_STATEMENTS also OnlyCommentsRemain: one more, empty, statement)
//     offset = parsed.end_offset;
//   }
//
// Syntax errors are SqlError{kParseError, "You have an error in your SQL syntax; check the
// manual that corresponds to your MySQL server version for the right syntax to use near
// '<text from the offending token, at most 80 bytes>' at line N"}, worded exactly as MySQL 8.0.
// As in MySQL the quoted text runs from the offending token to the end of the whole text (so
// it may include later statements), and N counts lines from the statement's first token.
//
// Thread safety: the functions are pure; any thread may call them concurrently.
#ifndef SQL_PARSER_H_
#define SQL_PARSER_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <variant>

#include "sql/ast.h"
#include "sql/sql_error.h"

namespace sql {

// The statement found by ParseNext and where scanning should resume.
struct ParsedStatement {
  // Null when only blanks, comments and empty statements (';') remain from the offset.
  std::unique_ptr<ast::Statement> statement;
  // With a null `statement`: true if what remained held a comment. MySQL parses such a text
  // ("/* c */", "-- c", "# c") to the empty statement SQLCOM_EMPTY_QUERY, which succeeds
  // (statement/sql/empty_query); a text of only blanks and ';' is ER_EMPTY_QUERY (1065).
  bool empty_statement = false;
  // Offset just past the statement's terminating ';', or text.size() if it had none.
  size_t end_offset = 0;
};

// Parses the first statement at or after `offset` in `text`, skipping blanks, comments and
// empty statements. Positions in the returned tree are offsets into `text`.
// REQUIRES: offset <= text.size().
std::variant<ParsedStatement, SqlError> ParseNext(std::string_view text, size_t offset = 0);

// True if `text` from `offset` holds anything besides blanks, comments and ';'. The session
// uses it to set SERVER_MORE_RESULTS_EXISTS on a statement's result.
bool HasMoreStatements(std::string_view text, size_t offset);

// True if `text` from `offset` holds comments but no statement. Without
// CLIENT_MULTI_STATEMENTS MySQL ignores such a tail ("SELECT 1; /* c */" is one statement);
// with it, the tail is an empty statement of its own and gets an OK packet.
bool OnlyCommentsRemain(std::string_view text, size_t offset);

// Parses exactly one statement, as COM_STMT_PREPARE and PREPARE ... FROM need: an optional
// trailing ';' is allowed, anything after it is a syntax error, and an empty text is
// kEmptyQuery.
std::variant<std::unique_ptr<ast::Statement>, SqlError> ParseSingle(std::string_view text);

// SqlError{kEmptyQuery, "Query was empty"}.
SqlError EmptyQueryError();

}  // namespace sql

#endif  // SQL_PARSER_H_
