// The recursive-descent parser behind parser.h. Internal to the sql_parser library: its
// methods are spread over parser_*.cc by statement family.
//
// Error handling: a syntax error anywhere throws ParseFailure, which ParseNext/ParseSingle
// catch and turn into a SqlError. Unwinding is the natural early exit for a recursive-descent
// parser (every level would otherwise check a flag), the tree under construction is owned by
// unique_ptrs so nothing leaks, and the exception never leaves the library.
//
// Depth: nesting (parentheses, subqueries, unary operators, CASE) is bounded by kMaxDepth so
// that hostile input cannot overflow the stack; exceeding it is a syntax error at that token.
#ifndef SQL_PARSER_IMPL_H_
#define SQL_PARSER_IMPL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "sql/ast.h"
#include "sql/lexer.h"
#include "sql/sql_error.h"
#include "sql/token.h"

namespace sql {

// Thrown by Parser::Fail; carries the complete MySQL-worded error.
struct ParseFailure {
  SqlError error;
};

// MySQL 8.0 reserved words (upper-case): they cannot be unquoted identifiers or aliases.
bool IsReservedWord(std::string_view word);

// The syntax error MySQL reports for a token starting at `offset` of `text` on `line`.
SqlError SyntaxErrorAt(std::string_view text, size_t offset, uint32_t line);

class Parser {
 public:
  // Deepest nesting accepted. 128 levels use well under 256 KiB of stack even with ASan.
  static constexpr int kMaxDepth = 128;

  // Parses from `offset` of `text`.
  Parser(std::string_view text, size_t offset);

  // Skips blanks, comments and empty statements. Returns false if nothing else remains.
  bool SkipEmptyStatements();
  // Parses one statement and its terminator (';' or end). Throws ParseFailure.
  // REQUIRES: SkipEmptyStatements() returned true.
  std::unique_ptr<ast::Statement> ParseStatement();
  // Offset just past the consumed terminator.
  size_t end_offset() const { return end_offset_; }
  // True if the text read so far held a comment (Lexer::saw_comment).
  bool saw_comment() const { return lexer_.saw_comment(); }
  // The error for the current token (used to reject text after a single statement).
  [[noreturn]] void FailHere();

 private:
  friend class DepthGuard;

  // ---- tokens (parser.cc) ----
  const Token& Peek(size_t k = 0);
  Token Take();
  bool PeekWord(std::string_view kw, size_t k = 0) { return Peek(k).IsWord(kw); }
  bool PeekPunct(std::string_view op, size_t k = 0) { return Peek(k).IsPunct(op); }
  bool TryWord(std::string_view kw);
  bool TryPunct(std::string_view op);
  void ExpectWord(std::string_view kw);
  void ExpectPunct(std::string_view op);
  [[noreturn]] void Fail(const Token& at);
  // True at ';' or the end of input.
  bool AtStatementEnd();
  ast::SourcePos PosOf(const Token& t) const;
  ast::SourcePos PeekPos() { return PosOf(Peek()); }
  std::string SourceText(size_t begin, size_t end) const {
    return std::string(text_.substr(begin, end - begin));
  }
  // True if the token can be an identifier: quoted, or an unquoted non-reserved word.
  static bool IsIdentToken(const Token& t);
  // An identifier; fails otherwise.
  std::string ParseIdent();
  // An identifier or a string literal (charset, engine, collation names, savepoints...).
  std::string ParseIdentOrString();
  // [db.]name.
  ast::TableName ParseTableName();
  // ( ident, ident, ... ).
  std::vector<std::string> ParseParenIdentList();
  // An unsigned integer literal that fits in uint32 (lengths, precisions).
  uint32_t ParseUInt32();
  uint64_t ParseUInt64();
  // A string literal, adjacent literals concatenated.
  std::string ParseStringLiteral();
  // `=` if present (ENGINE [=] x).
  void SkipOptionalEquals() { TryPunct("="); }

  ast::Statement::Node ParseStatementBody();

  // ---- expressions (parser_expr.cc) ----
  ast::ExprPtr ParseExpr();
  ast::ExprPtr ParseXor();
  ast::ExprPtr ParseAnd();
  ast::ExprPtr ParseNot();
  ast::ExprPtr ParseBoolPrimary();
  ast::ExprPtr ParsePredicate();
  ast::ExprPtr ParseBitExpr(int min_precedence);
  ast::ExprPtr ParseUnary();
  ast::ExprPtr ParsePrimary();
  ast::ExprPtr ParsePrimaryWord(const Token& word);
  ast::ExprPtr ParseFunctionArgs(ast::SourcePos pos, std::string db, std::string name);
  ast::ExprPtr ParseCase(ast::SourcePos pos);
  ast::ExprPtr ParseCastTarget(ast::SourcePos pos, ast::ExprPtr operand);
  // INTERVAL expr unit, the INTERVAL keyword already taken.
  ast::ExprPtr ParseInterval(ast::SourcePos pos);
  ast::ExprPtr ParseParenthesized(ast::SourcePos pos);
  ast::ExprPtr ParseNumber(const Token& t, ast::SourcePos pos);
  ast::IntervalUnit ParseIntervalUnit();
  std::vector<ast::ExprPtr> ParseExprList();
  // An expression, or the DEFAULT keyword standing alone (VALUES lists, SET, UPDATE SET).
  ast::ExprPtr ParseExprOrDefault();
  // True if a '(' at Peek(k) opens a subquery: ( [(...] SELECT|WITH.
  bool PeekSubqueryStart(size_t k = 0);

  // ---- SELECT (parser_select.cc) ----
  // A query expression: block [UNION [ALL|DISTINCT] block ...] [ORDER BY] [LIMIT].
  std::unique_ptr<ast::SelectStmt> ParseSelect();
  // One SELECT block or a parenthesized query expression.
  std::unique_ptr<ast::SelectStmt> ParseQueryPrimary();
  std::unique_ptr<ast::SelectStmt> ParseQueryBlock();
  ast::SelectItem ParseSelectItem();
  std::vector<ast::TableRef> ParseTableRefList();
  ast::TableRef ParseJoinedTable();
  ast::TableRef ParseTableFactor();
  void SkipIndexHints();
  std::vector<ast::OrderItem> ParseOrderByList();
  std::optional<ast::Limit> ParseLimitClause(bool allow_offset);
  ast::ExprPtr ParseLimitValue();
  void ParseLockingClause(ast::SelectStmt* select);
  // [AS] alias for select items and tables; empty if none.
  std::string ParseOptionalAlias(bool allow_string);

  // ---- INSERT / UPDATE / DELETE (parser_dml.cc) ----
  ast::InsertStmt ParseInsert(bool replace);
  ast::UpdateStmt ParseUpdate();
  ast::DeleteStmt ParseDelete();
  ast::Assignment ParseAssignment();
  ast::ColumnRef ParseColumnName();

  // ---- DDL (parser_ddl.cc) ----
  ast::Statement::Node ParseCreate();
  ast::Statement::Node ParseDrop();
  ast::Statement::Node ParseAlter();
  ast::CreateTableStmt ParseCreateTable();
  ast::AlterTableStmt ParseAlterTable();
  ast::RenameTableStmt ParseRenameTable();
  ast::TruncateStmt ParseTruncate();
  void ParseCreateTableElement(ast::CreateTableStmt* create);
  ast::ColumnDef ParseColumnDef();
  ast::DataType ParseDataType();
  void ParseCharsetAndCollation(ast::DataType* type);
  std::vector<ast::IndexColumn> ParseIndexColumns();
  // {INDEX|KEY|UNIQUE [INDEX|KEY]|PRIMARY KEY|FULLTEXT ..} [name] (cols) [index options]; the
  // leading keyword(s) are consumed by the caller and given as `kind`.
  ast::IndexDef ParseIndexBody(ast::SourcePos pos, ast::IndexKind kind);
  ast::ForeignKeyDef ParseForeignKey(ast::SourcePos pos, std::string constraint_name);
  ast::ReferenceAction ParseReferenceAction();
  // One table option at Peek(); false if the token does not start one.
  bool TryParseTableOption(ast::TableOptions* options);
  // ALGORITHM [=] x or LOCK [=] x at Peek(); false if neither.
  bool TryParseAlgorithmOrLock(ast::AlterAlgorithm* algorithm, ast::AlterLock* lock);
  // One comma-separated item of ALTER TABLE: a spec (appended to alter->specs; ADD (a, b)
  // appends several), ALGORITHM, LOCK, FORCE or a table option.
  void ParseAlterItem(ast::AlterTableStmt* alter);
  // [DEFAULT literal | DEFAULT (expr) | DEFAULT CURRENT_TIMESTAMP[(n)]] value after DEFAULT.
  ast::ExprPtr ParseColumnDefault();
  void ParseColumnPlacement(ast::AlterSpec* spec);
  ast::CreateIndexStmt ParseCreateIndex(ast::IndexKind kind);
  ast::DropIndexStmt ParseDropIndex();

  // ---- session, admin, accounts (parser_admin.cc) ----
  ast::Statement::Node ParseSet();
  ast::SetItem ParseSetItem(ast::VarScope* scope);
  ast::ExprPtr ParseSetValue();
  ast::SetTransactionStmt ParseSetTransaction(ast::VarScope scope);
  ast::IsolationLevel ParseIsolationLevel();
  ast::ShowStmt ParseShow();
  void ParseShowFilter(ast::ShowStmt* show, bool allow_where);
  std::string ParseShowFromDb();
  ast::Statement::Node ParseDescribe();
  ast::TransactionStmt ParseStartTransaction();
  ast::TransactionStmt ParseCommitOrRollback(bool commit);
  ast::LockTablesStmt ParseLockTables();
  ast::FlushStmt ParseFlush();
  ast::KillStmt ParseKill();
  ast::PrepareStmt ParsePrepare();
  ast::ExecuteStmt ParseExecute();
  ast::UserName ParseUserName();
  ast::UserSpec ParseUserSpec();
  ast::CreateUserStmt ParseCreateUser();
  ast::AlterUserStmt ParseAlterUser();
  ast::DropUserStmt ParseDropUser();
  std::vector<ast::Privilege> ParsePrivileges();
  ast::PrivilegeLevel ParsePrivilegeLevel();
  ast::GrantStmt ParseGrant();
  ast::RevokeStmt ParseRevoke();

  std::string_view text_;
  Lexer lexer_;
  std::deque<Token> lookahead_;
  uint32_t prev_end_ = 0;        // end offset of the last taken token
  uint32_t base_line_ = 1;       // lexer line where the current statement starts
  size_t statement_begin_ = 0;   // offset where the current statement's text starts
  size_t end_offset_ = 0;
  uint32_t param_count_ = 0;
  int depth_ = 0;
};

// Counts one nesting level for its lifetime; fails the parse past Parser::kMaxDepth.
class DepthGuard {
 public:
  explicit DepthGuard(Parser* parser) : parser_(parser) {
    if (++parser_->depth_ > Parser::kMaxDepth) parser_->FailHere();
  }
  ~DepthGuard() { --parser_->depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  Parser* parser_;
};

// Builds an expression node.
template <typename T>
ast::ExprPtr MakeExpr(ast::SourcePos pos, T node) {
  auto e = std::make_unique<ast::Expr>();
  e->pos = pos;
  e->node = std::move(node);
  return e;
}

}  // namespace sql

#endif  // SQL_PARSER_IMPL_H_
