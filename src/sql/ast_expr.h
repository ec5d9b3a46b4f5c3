// Expression and query (SELECT) nodes of the SQL abstract syntax tree.
//
// The tree is plain data built by sql::Parser (src/sql/parser.h) and read by the lock
// planner and the executor. Ownership: every node owns its children through std::unique_ptr /
// std::vector, so a tree is move-only and freed as a whole. Nodes are never mutated after the
// parser returns; a parsed statement may be executed many times (prepared statements) and by
// one thread at a time. Expressions and SELECT are mutually recursive (subqueries), which is
// why they share this header; statements are in ast.h.
//
// Conventions used by every node:
//   - `pos` is where the node's first token starts (SourcePos below).
//   - Identifiers keep the case the user wrote and are unquoted (`a``b` → a`b). Keywords and
//     function names are upper-cased. An empty `db` means "the current database".
//   - Optional sub-expressions are null ExprPtrs when absent.
#ifndef SQL_AST_EXPR_H_
#define SQL_AST_EXPR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storage/value.h"

namespace sql::ast {

// Where a token starts. `offset` is a byte offset into the whole text handed to the parser
// (the COM_QUERY / COM_STMT_PREPARE text), `line` is 1-based and counted from the start of
// the statement, as MySQL counts lines in its syntax errors.
struct SourcePos {
  uint32_t offset = 0;
  uint32_t line = 1;
};

struct Expr;
struct SelectStmt;
using ExprPtr = std::unique_ptr<Expr>;

// ---------------------------------------------------------------------------------------
// Leaf expressions
// ---------------------------------------------------------------------------------------

// How a literal was written; `value` holds the representation (storage::Value).
enum class LiteralType : uint8_t {
  kNull,      // NULL                       value: Null
  kBool,      // TRUE / FALSE               value: Int 1 / 0 (MySQL booleans are integers)
  kInt,       // 42                         value: Int, or UInt above INT64_MAX
  kDecimal,   // 1.50, or an integer too large for UInt64   value: Decimal canonical text
  kDouble,    // 1e3, 1.5E-2                value: Double
  kString,    // 'abc' "abc" 'a' 'b' (adjacent literals concatenated), _utf8mb4'x', N'x'
  kHex,       // 0x41, X'41', 0b1, b'1'     value: String with the raw bytes ("A")
  kDate,      // DATE '2024-01-02'          value: String with the text as written
  kTime,      // TIME '10:00:00'            value: String with the text as written
  kDateTime,  // TIMESTAMP '2024-01-02 10:00:00'   value: String with the text as written
};

// A constant.
struct Literal {
  LiteralType type = LiteralType::kNull;
  storage::Value value;
};

// `?` in a prepared statement. `index` is 0-based in order of appearance in the statement;
// Statement::param_count is the number of placeholders.
struct Param {
  uint32_t index = 0;
};

// [[db.]table.]column. `table` may be an alias. `column` is never "*" (see SelectItem).
struct ColumnRef {
  std::string db;
  std::string table;
  std::string column;
};

// @name. Names are case-insensitive in MySQL; the parser keeps the written case.
struct UserVar {
  std::string name;
};

// Scope keyword of a system variable reference or assignment.
enum class VarScope : uint8_t {
  kDefault,      // no keyword: @@x reads the session value if any, else global; SET x sets session
  kGlobal,       // GLOBAL / @@global.
  kSession,      // SESSION / LOCAL / @@session. / @@local.
  kPersist,      // PERSIST / @@persist.
  kPersistOnly,  // PERSIST_ONLY / @@persist_only.
};

// @@[scope.]name.
struct SystemVar {
  VarScope scope = VarScope::kDefault;
  std::string name;
};

// The DEFAULT keyword as a value: INSERT ... VALUES (DEFAULT), SET x = DEFAULT, UPDATE SET c =
// DEFAULT. Meaningless elsewhere (the parser only produces it in those positions).
struct DefaultValue {};

// ---------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------

enum class UnaryOp : uint8_t {
  kNeg,     // -x
  kPlus,    // +x (no-op, kept so that column naming and typing see it)
  kBitNot,  // ~x
  kNot,     // NOT x, !x
  kBinary,  // BINARY x (cast to a binary string)
};

struct Unary {
  UnaryOp op = UnaryOp::kNeg;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr,          // OR, ||  (PIPES_AS_CONCAT is not supported)
  kXor,         // XOR
  kAnd,         // AND, &&
  kEq,          // =
  kNullSafeEq,  // <=>
  kNe,          // <>, !=
  kLt,          // <
  kLe,          // <=
  kGt,          // >
  kGe,          // >=
  kBitOr,       // |
  kBitAnd,      // &
  kBitXor,      // ^
  kShiftLeft,   // <<
  kShiftRight,  // >>
  kAdd,         // +  (rhs or lhs may be an Interval: date arithmetic)
  kSub,         // -  (rhs may be an Interval)
  kMul,         // *
  kDiv,         // /
  kIntDiv,      // DIV
  kMod,         // %, MOD
};

struct Binary {
  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs;
  ExprPtr rhs;
};

// x IS [NOT] {NULL | TRUE | FALSE | UNKNOWN}.
enum class IsWhat : uint8_t { kNull, kTrue, kFalse, kUnknown };
struct IsTest {
  ExprPtr operand;
  IsWhat what = IsWhat::kNull;
  bool negated = false;
};

// x [NOT] BETWEEN low AND high.
struct Between {
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
};

// x [NOT] IN (e1, e2, ...). The list has at least one element.
struct InList {
  ExprPtr operand;
  std::vector<ExprPtr> list;
  bool negated = false;
};

// x [NOT] IN (SELECT ...).
struct InSubquery {
  ExprPtr operand;
  std::unique_ptr<SelectStmt> subquery;
  bool negated = false;
};

// x [NOT] LIKE pattern [ESCAPE escape]. `escape` is null when absent (MySQL default '\').
struct Like {
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;
  bool negated = false;
};

// x [NOT] {REGEXP | RLIKE} pattern.
struct Regexp {
  ExprPtr operand;
  ExprPtr pattern;
  bool negated = false;
};

// CASE [operand] WHEN w THEN t ... [ELSE e] END. `operand` null: searched CASE (each `when` is
// a condition); otherwise simple CASE (each `when` is compared with `operand`).
struct WhenClause {
  ExprPtr when;
  ExprPtr then;
};
struct Case {
  ExprPtr operand;
  std::vector<WhenClause> whens;  // at least one
  ExprPtr else_result;
};

// ORDER BY item (also used inside GROUP_CONCAT). An integer Literal here is a 1-based
// select-list ordinal, as MySQL treats `ORDER BY 2`.
struct OrderItem {
  ExprPtr expr;
  bool descending = false;
};

// name(args). Covers ordinary functions (DATABASE(), NOW(), CONCAT(...), VALUES(c) in
// ON DUPLICATE KEY UPDATE, CURRENT_TIMESTAMP written with or without parentheses, ...) and
// aggregates (COUNT, SUM, MIN, MAX, AVG, GROUP_CONCAT, BIT_AND, ...; IsAggregateFunction).
// Special call syntaxes are normalized to plain argument lists:
//   SUBSTRING(s FROM a [FOR b])        → SUBSTRING(s, a[, b])
//   EXTRACT(unit FROM d)               → EXTRACT('UNIT', d)  (unit as an upper-case string)
//   POSITION(a IN s)                   → POSITION(a, s)
//   TRIM([BOTH] [r] FROM s) / TRIM(s)  → TRIM(s[, r])
//   TRIM(LEADING|TRAILING [r] FROM s)  → TRIM_LEADING / TRIM_TRAILING(s[, r])
//   CURRENT_TIMESTAMP, CURRENT_DATE, ... without parentheses → a call with no arguments
struct FunctionCall {
  std::string db;    // db.f(...): a stored function reference; empty for built-ins
  std::string name;  // upper-cased: "COUNT", "DATABASE", "CURRENT_TIMESTAMP"
  std::vector<ExprPtr> args;
  bool star = false;      // COUNT(*): args is empty
  bool distinct = false;  // COUNT(DISTINCT x), SUM(DISTINCT x), GROUP_CONCAT(DISTINCT ...)
  // GROUP_CONCAT only: ORDER BY inside the call and SEPARATOR (nullopt: MySQL default ",").
  std::vector<OrderItem> order_by;
  std::optional<std::string> separator;
};

// True for the aggregate function names MySQL knows (name upper-cased as in FunctionCall).
bool IsAggregateFunction(const std::string& upper_name);

// Target of CAST(x AS type) / CONVERT(x, type) / CONVERT(x USING charset).
enum class CastKind : uint8_t {
  kChar,      // CHAR[(n)] [CHARACTER SET cs], NCHAR, or CONVERT(x USING cs)
  kBinary,    // BINARY[(n)]
  kSigned,    // SIGNED [INTEGER]
  kUnsigned,  // UNSIGNED [INTEGER]
  kDecimal,   // DECIMAL[(p[,s])]
  kDouble,    // DOUBLE, REAL
  kFloat,     // FLOAT
  kDate,      // DATE
  kTime,      // TIME[(fsp)]
  kDateTime,  // DATETIME[(fsp)]
  kJson,      // JSON
};
struct Cast {
  ExprPtr operand;
  CastKind kind = CastKind::kChar;
  std::optional<uint32_t> length;  // CHAR(n)/BINARY(n) length, DECIMAL precision, fsp
  std::optional<uint32_t> scale;   // DECIMAL(p,s) scale
  std::string charset;             // CHARACTER SET / USING charset, empty when absent
};

// INTERVAL value unit, only as an operand of + / - or an argument of DATE_ADD and friends.
enum class IntervalUnit : uint8_t {
  kMicrosecond, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear,
  kSecondMicrosecond, kMinuteMicrosecond, kMinuteSecond, kHourMicrosecond, kHourSecond,
  kHourMinute, kDayMicrosecond, kDaySecond, kDayMinute, kDayHour, kYearMonth,
};
struct Interval {
  ExprPtr value;
  IntervalUnit unit = IntervalUnit::kDay;
};

// (SELECT ...) used as a value (must return one column, at most one row).
struct Subquery {
  std::unique_ptr<SelectStmt> select;
};

// [NOT] EXISTS (SELECT ...). NOT EXISTS is Unary{kNot, Exists}.
struct Exists {
  std::unique_ptr<SelectStmt> select;
};

// (a, b, ...) or ROW(a, b, ...): a row constructor, for (a,b) = (1,2) and (a,b) IN (...).
// Has at least two elements; a parenthesized single expression is just that expression.
struct RowConstructor {
  std::vector<ExprPtr> items;
};

// One expression node: its position and exactly one of the alternatives above.
struct Expr {
  using Node = std::variant<Literal, Param, ColumnRef, UserVar, SystemVar, DefaultValue, Unary,
                            Binary, IsTest, Between, InList, InSubquery, Like, Regexp, Case,
                            FunctionCall, Cast, Interval, Subquery, Exists, RowConstructor>;
  SourcePos pos;
  Node node;

  // The alternative if it is a T, else nullptr: `if (auto* c = e.As<ColumnRef>()) ...`.
  template <typename T>
  const T* As() const { return std::get_if<T>(&node); }
  template <typename T>
  T* As() { return std::get_if<T>(&node); }
  template <typename T>
  bool Is() const { return std::holds_alternative<T>(node); }
};

// ---------------------------------------------------------------------------------------
// SELECT
// ---------------------------------------------------------------------------------------

// [db.]name of a table (or a view / information_schema table: the parser cannot tell).
struct TableName {
  SourcePos pos;
  std::string db;  // empty: the current database
  std::string name;
};

// One entry of a FROM clause. Kind-tagged rather than a variant: all kinds share alias/pos,
// and a join is a binary tree of TableRefs (left-deep for `a JOIN b JOIN c`).
enum class TableRefKind : uint8_t { kTable, kJoin, kDerived };
enum class JoinType : uint8_t {
  kInner,     // [INNER] JOIN, and CROSS JOIN (without ON it is a cross product)
  kLeft,      // LEFT [OUTER] JOIN
  kRight,     // RIGHT [OUTER] JOIN
  kStraight,  // STRAIGHT_JOIN (an inner join with a fixed order)
};
struct TableRef {
  TableRefKind kind = TableRefKind::kTable;
  SourcePos pos;
  // kTable: the table; kDerived: unused.
  TableName table;
  // kTable and kDerived: [AS] alias; empty when none (always set for kDerived: MySQL requires it).
  std::string alias;
  // kJoin.
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<TableRef> left;
  std::unique_ptr<TableRef> right;
  ExprPtr on;                              // ON condition, null if none
  std::vector<std::string> using_columns;  // USING (a, b); empty if none
  // kDerived: (SELECT ...) AS alias.
  std::unique_ptr<SelectStmt> derived;
};

// One select-list entry.
struct SelectItem {
  SourcePos pos;
  // `*` or `t.*` / `db.t.*`: star is true, expr is null, star_table / star_db name the
  // qualifier (empty for a bare `*`).
  bool star = false;
  std::string star_db;
  std::string star_table;
  ExprPtr expr;
  std::string alias;  // [AS] alias as written; empty when none
  // The result column name MySQL shows: the alias if any; for a plain column reference its
  // column name as written ("a" for `t.a`); for a string literal its value; otherwise the
  // expression's source text as written ("1+1", "COUNT(*)", "@@version").
  std::string name;
};

// LIMIT count [OFFSET offset] / LIMIT offset, count. Each is an integer Literal or a Param.
struct Limit {
  ExprPtr count;
  ExprPtr offset;  // null: 0
};

// Row-locking clause at the end of a SELECT.
enum class RowLockMode : uint8_t {
  kNone,
  kForUpdate,  // FOR UPDATE
  kForShare,   // FOR SHARE, LOCK IN SHARE MODE
};
enum class RowLockWait : uint8_t { kWait, kNoWait, kSkipLocked };

// UNION [ALL|DISTINCT] <select>. See SelectStmt::unions.
struct UnionTerm {
  bool all = false;
  std::unique_ptr<SelectStmt> select;
};

// A SELECT query block, optionally followed by UNION terms.
//
// `SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 3` parses as: the fields
// below describe `SELECT a FROM t`; `unions` holds `SELECT b FROM u`; the trailing ORDER BY /
// LIMIT go to union_order_by / union_limit because they apply to the whole union. A query
// block written in parentheses keeps its own ORDER BY / LIMIT.
struct SelectStmt {
  SourcePos pos;
  bool distinct = false;  // DISTINCT / DISTINCTROW (ALL is the default)
  bool calc_found_rows = false;  // SQL_CALC_FOUND_ROWS (recorded; FOUND_ROWS() may use it)
  std::vector<SelectItem> items;
  std::vector<TableRef> from;  // comma-separated entries; empty without FROM (or FROM DUAL)
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  std::optional<Limit> limit;
  RowLockMode lock_mode = RowLockMode::kNone;
  RowLockWait lock_wait = RowLockWait::kWait;
  std::vector<UnionTerm> unions;
  std::vector<OrderItem> union_order_by;
  std::optional<Limit> union_limit;
};

}  // namespace sql::ast

#endif  // SQL_AST_EXPR_H_
