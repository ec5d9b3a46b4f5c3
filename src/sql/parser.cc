// Entry points (parser.h), token handling, identifiers and statement dispatch.
#include "sql/parser.h"

#include <algorithm>
#include <array>
#include <limits>

#include "sql/parser_impl.h"

namespace sql {

bool IsReservedWord(std::string_view word) {
  // MySQL 8.0 keywords marked (R) in "Keywords and Reserved Words", sorted for binary search.
  static constexpr std::array<std::string_view, 262> kReserved = {
      "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE",
      "BEFORE", "BETWEEN", "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE",
      "CHANGE", "CHAR", "CHARACTER", "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT",
      "CONTINUE", "CONVERT", "CREATE", "CROSS", "CUBE", "CUME_DIST", "CURRENT_DATE",
      "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE", "DATABASES",
      "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL", "DECLARE",
      "DEFAULT", "DELAYED", "DELETE", "DENSE_RANK", "DESC", "DESCRIBE", "DETERMINISTIC",
      "DISTINCT", "DISTINCTROW", "DIV", "DOUBLE", "DROP", "DUAL", "EACH", "ELSE", "ELSEIF",
      "EMPTY", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE", "FETCH",
      "FIRST_VALUE", "FLOAT", "FLOAT4", "FLOAT8", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT",
      "FUNCTION", "GENERATED", "GET", "GRANT", "GROUP", "GROUPING", "GROUPS", "HAVING",
      "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IN",
      "INDEX", "INFILE", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INT", "INT1", "INT2",
      "INT3", "INT4", "INT8", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IO_AFTER_GTIDS",
      "IO_BEFORE_GTIDS", "IS", "ITERATE", "JOIN", "JSON_TABLE", "KEY", "KEYS", "KILL", "LAG",
      "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR",
      "LINES", "LOAD", "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LONGBLOB", "LONGTEXT",
      "LOOP", "LOW_PRIORITY", "MASTER_BIND", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH",
      "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT", "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND",
      "MINUTE_SECOND", "MOD", "MODIFIES", "NATURAL", "NOT", "NO_WRITE_TO_BINLOG", "NTH_VALUE",
      "NTILE", "NULL", "NUMERIC", "OF", "ON", "OPTIMIZE", "OPTIMIZER_COSTS", "OPTION",
      "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER", "PARTITION",
      "PERCENT_RANK", "PRECISION", "PRIMARY", "PROCEDURE", "PURGE", "RANGE", "RANK", "READ",
      "READS", "READ_WRITE", "REAL", "RECURSIVE", "REFERENCES", "REGEXP", "RELEASE", "RENAME",
      "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESTRICT", "RETURN", "REVOKE", "RIGHT",
      "RLIKE", "ROW", "ROWS", "ROW_NUMBER", "SCHEMA", "SCHEMAS", "SECOND_MICROSECOND", "SELECT",
      "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SIGNAL", "SMALLINT", "SPATIAL", "SPECIFIC",
      "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS",
      "SQL_SMALL_RESULT", "SSL", "STARTING", "STORED", "STRAIGHT_JOIN", "SYSTEM", "TABLE",
      "TERMINATED", "THEN", "TINYBLOB", "TINYINT", "TINYTEXT", "TO", "TRAILING", "TRIGGER",
      "TRUE", "UNDO", "UNION", "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE",
      "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR",
      "VARCHARACTER", "VARYING", "VIRTUAL", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE",
      "XOR", "YEAR_MONTH", "ZEROFILL"};
  static_assert(std::is_sorted(kReserved.begin(), kReserved.end()));
  if (word.size() > 40) return false;
  std::string upper = base::AsciiUpper(word);
  return std::binary_search(kReserved.begin(), kReserved.end(), std::string_view(upper));
}

SqlError SyntaxErrorAt(std::string_view text, size_t offset, uint32_t line) {
  // MySQL prints the rest of the query with "%-.80s": at most 80 characters. Count UTF-8
  // characters (continuation bytes do not start one) so that none is cut in half.
  std::string_view rest = offset < text.size() ? text.substr(offset) : std::string_view();
  size_t chars = 0;
  size_t cut = 0;
  while (cut < rest.size()) {
    if ((static_cast<unsigned char>(rest[cut]) & 0xC0) != 0x80) {
      if (chars == 80) break;
      ++chars;
    }
    ++cut;
  }
  std::string message =
      "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
      "server version for the right syntax to use near '";
  message.append(rest.substr(0, cut));
  message.append("' at line ");
  message.append(std::to_string(line));
  return SqlError(ErrorCode::kParseError, std::move(message));
}

SqlError EmptyQueryError() { return SqlError(ErrorCode::kEmptyQuery, "Query was empty"); }

std::variant<ParsedStatement, SqlError> ParseNext(std::string_view text, size_t offset) {
  ParsedStatement result;
  if (offset > text.size()) offset = text.size();
  Parser parser(text, offset);
  try {
    if (!parser.SkipEmptyStatements()) {
      result.end_offset = text.size();
      result.empty_statement = parser.saw_comment();
      return result;
    }
    result.statement = parser.ParseStatement();
    result.end_offset = parser.end_offset();
    return result;
  } catch (const ParseFailure& failure) {
    return failure.error;
  }
}

bool HasMoreStatements(std::string_view text, size_t offset) {
  if (offset > text.size()) return false;
  Parser parser(text, offset);
  try {
    return parser.SkipEmptyStatements();
  } catch (const ParseFailure&) {
    return true;  // something malformed follows: it is a statement that will fail
  }
}

bool OnlyCommentsRemain(std::string_view text, size_t offset) {
  if (offset > text.size()) return false;
  Parser parser(text, offset);
  try {
    return !parser.SkipEmptyStatements() && parser.saw_comment();
  } catch (const ParseFailure&) {
    return false;  // an unterminated comment: HasMoreStatements reports it as a statement
  }
}

std::variant<std::unique_ptr<ast::Statement>, SqlError> ParseSingle(std::string_view text) {
  Parser parser(text, 0);
  try {
    if (!parser.SkipEmptyStatements()) return EmptyQueryError();
    std::unique_ptr<ast::Statement> statement = parser.ParseStatement();
    Parser rest(text, parser.end_offset());
    if (rest.SkipEmptyStatements()) rest.FailHere();
    return statement;
  } catch (const ParseFailure& failure) {
    return failure.error;
  }
}

Parser::Parser(std::string_view text, size_t offset)
    : text_(text), lexer_(text, offset), end_offset_(offset) {}

const Token& Parser::Peek(size_t k) {
  while (lookahead_.size() <= k) lookahead_.push_back(lexer_.Next());
  return lookahead_[k];
}

Token Parser::Take() {
  Peek();
  Token t = std::move(lookahead_.front());
  lookahead_.pop_front();
  if (t.kind != TokenKind::kEnd && t.kind != TokenKind::kError) prev_end_ = t.end;
  return t;
}

bool Parser::TryWord(std::string_view kw) {
  if (!PeekWord(kw)) return false;
  Take();
  return true;
}

bool Parser::TryPunct(std::string_view op) {
  if (!PeekPunct(op)) return false;
  Take();
  return true;
}

void Parser::ExpectWord(std::string_view kw) {
  if (!TryWord(kw)) FailHere();
}

void Parser::ExpectPunct(std::string_view op) {
  if (!TryPunct(op)) FailHere();
}

void Parser::Fail(const Token& at) {
  uint32_t line = at.line >= base_line_ ? at.line - base_line_ + 1 : 1;
  throw ParseFailure{SyntaxErrorAt(text_, at.begin, line)};
}

void Parser::FailHere() { Fail(Peek()); }

bool Parser::AtStatementEnd() {
  const Token& t = Peek();
  return t.kind == TokenKind::kEnd || t.IsPunct(";");
}

ast::SourcePos Parser::PosOf(const Token& t) const {
  ast::SourcePos pos;
  pos.offset = t.begin;
  pos.line = t.line >= base_line_ ? t.line - base_line_ + 1 : 1;
  return pos;
}

bool Parser::IsIdentToken(const Token& t) {
  if (t.kind == TokenKind::kQuotedIdent) return true;
  return t.kind == TokenKind::kWord && !IsReservedWord(t.value);
}

std::string Parser::ParseIdent() {
  if (!IsIdentToken(Peek())) FailHere();
  return Take().value;
}

std::string Parser::ParseIdentOrString() {
  if (Peek().kind == TokenKind::kString) return ParseStringLiteral();
  // Charset and engine names may be reserved-looking words such as BINARY.
  if (Peek().kind == TokenKind::kWord && Peek().IsWord("BINARY")) return Take().value;
  return ParseIdent();
}

ast::TableName Parser::ParseTableName() {
  ast::TableName name;
  name.pos = PeekPos();
  name.name = ParseIdent();
  if (PeekPunct(".")) {
    Take();
    name.db = std::move(name.name);
    // After "db." any word is a name, even a reserved one (MySQL: db.select is valid).
    const Token& t = Peek();
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedIdent) FailHere();
    name.name = Take().value;
  }
  return name;
}

std::vector<std::string> Parser::ParseParenIdentList() {
  ExpectPunct("(");
  std::vector<std::string> names;
  do {
    names.push_back(ParseIdent());
  } while (TryPunct(","));
  ExpectPunct(")");
  return names;
}

uint64_t Parser::ParseUInt64() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kInt) FailHere();
  uint64_t value = 0;
  for (char c : t.value) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) FailHere();
    value = value * 10 + digit;
  }
  Take();
  return value;
}

uint32_t Parser::ParseUInt32() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kInt || t.value.size() > 10) FailHere();
  uint64_t value = std::stoull(t.value);
  if (value > std::numeric_limits<uint32_t>::max()) FailHere();
  Take();
  return static_cast<uint32_t>(value);
}

std::string Parser::ParseStringLiteral() {
  if (Peek().kind != TokenKind::kString) FailHere();
  std::string value = Take().value;
  while (Peek().kind == TokenKind::kString) value += Take().value;
  return value;
}

bool Parser::SkipEmptyStatements() {
  while (true) {
    lexer_.SkipBlanks();
    statement_begin_ = lexer_.position();
    base_line_ = lexer_.line();
    const Token& t = Peek();
    if (t.kind == TokenKind::kError) Fail(t);
    if (t.kind == TokenKind::kEnd) {
      end_offset_ = text_.size();
      return false;
    }
    if (!t.IsPunct(";")) return true;
    Take();
    end_offset_ = prev_end_;
  }
}

std::unique_ptr<ast::Statement> Parser::ParseStatement() {
  auto statement = std::make_unique<ast::Statement>();
  statement->pos = PeekPos();
  param_count_ = 0;
  statement->node = ParseStatementBody();
  const Token& terminator = Peek();
  if (!AtStatementEnd()) Fail(terminator);
  // The text runs to the terminator, so that trailing comments (and the "*/" of an executable
  // comment the statement ends in) are kept, minus trailing blanks.
  size_t text_end = terminator.kind == TokenKind::kEnd ? text_.size() : terminator.begin;
  while (text_end > statement_begin_ &&
         (text_[text_end - 1] == ' ' || text_[text_end - 1] == '\t' ||
          text_[text_end - 1] == '\n' || text_[text_end - 1] == '\r')) {
    --text_end;
  }
  statement->text = SourceText(statement_begin_, text_end);
  statement->param_count = param_count_;
  if (terminator.kind == TokenKind::kEnd) {
    end_offset_ = text_.size();
  } else {
    end_offset_ = terminator.end;
  }
  return statement;
}

ast::Statement::Node Parser::ParseStatementBody() {
  const Token& t = Peek();
  if (t.kind == TokenKind::kError) Fail(t);
  if (t.IsPunct("(") || t.IsWord("SELECT")) return std::move(*ParseSelect());
  if (t.kind != TokenKind::kWord) FailHere();
  if (t.IsWord("INSERT")) return ParseInsert(/*replace=*/false);
  if (t.IsWord("REPLACE")) return ParseInsert(/*replace=*/true);
  if (t.IsWord("UPDATE")) return ParseUpdate();
  if (t.IsWord("DELETE")) return ParseDelete();
  if (t.IsWord("CREATE")) return ParseCreate();
  if (t.IsWord("DROP")) return ParseDrop();
  if (t.IsWord("ALTER")) return ParseAlter();
  if (t.IsWord("RENAME")) return ParseRenameTable();
  if (t.IsWord("TRUNCATE")) return ParseTruncate();
  if (t.IsWord("USE")) {
    Take();
    return ast::UseStmt{ParseIdent()};
  }
  if (t.IsWord("SET")) return ParseSet();
  if (t.IsWord("SHOW")) return ParseShow();
  if (t.IsWord("DESCRIBE") || t.IsWord("DESC") || t.IsWord("EXPLAIN")) return ParseDescribe();
  if (t.IsWord("BEGIN")) {
    Take();
    TryWord("WORK");
    return ast::TransactionStmt{};
  }
  if (t.IsWord("START")) return ParseStartTransaction();
  if (t.IsWord("COMMIT")) return ParseCommitOrRollback(/*commit=*/true);
  if (t.IsWord("ROLLBACK")) return ParseCommitOrRollback(/*commit=*/false);
  if (t.IsWord("SAVEPOINT")) {
    Take();
    ast::TransactionStmt txn;
    txn.action = ast::TransactionAction::kSavepoint;
    txn.savepoint = ParseIdent();
    return txn;
  }
  if (t.IsWord("RELEASE")) {
    Take();
    ExpectWord("SAVEPOINT");
    ast::TransactionStmt txn;
    txn.action = ast::TransactionAction::kReleaseSavepoint;
    txn.savepoint = ParseIdent();
    return txn;
  }
  if (t.IsWord("LOCK")) {
    Take();
    if (TryWord("INSTANCE")) {
      ExpectWord("FOR");
      ExpectWord("BACKUP");
      return ast::LockInstanceStmt{};
    }
    return ParseLockTables();
  }
  if (t.IsWord("UNLOCK")) {
    Take();
    if (TryWord("INSTANCE")) return ast::UnlockInstanceStmt{};
    if (!TryWord("TABLES")) ExpectWord("TABLE");
    return ast::UnlockTablesStmt{};
  }
  if (t.IsWord("FLUSH")) return ParseFlush();
  if (t.IsWord("KILL")) return ParseKill();
  if (t.IsWord("PREPARE")) return ParsePrepare();
  if (t.IsWord("EXECUTE")) return ParseExecute();
  if (t.IsWord("DEALLOCATE")) {
    Take();
    ExpectWord("PREPARE");
    return ast::DeallocatePrepareStmt{ParseIdent()};
  }
  if (t.IsWord("DO")) {
    Take();
    ast::DoStmt stmt;
    stmt.exprs = ParseExprList();
    return stmt;
  }
  if (t.IsWord("GRANT")) return ParseGrant();
  if (t.IsWord("REVOKE")) return ParseRevoke();
  FailHere();
}

}  // namespace sql
