// Expressions, with MySQL 8.0's operator precedence (lowest first):
//   OR ||  <  XOR  <  AND &&  <  NOT  <  comparisons, IS, LIKE, REGEXP, IN, BETWEEN
//   <  |  <  &  <  << >>  <  + -  <  * / DIV % MOD  <  ^  <  unary - + ~  <  !  <  BINARY, COLLATE
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sql/parser_impl.h"

namespace sql {
namespace {

using ast::BinaryOp;
using ast::ExprPtr;

// Binary operators of bit_expr and their precedence (higher binds tighter).
bool BitOperator(const Token& t, BinaryOp* op, int* precedence) {
  struct Entry {
    std::string_view text;
    bool word;
    BinaryOp op;
    int precedence;
  };
  static constexpr Entry kOps[] = {
      {"|", false, BinaryOp::kBitOr, 1},       {"&", false, BinaryOp::kBitAnd, 2},
      {"<<", false, BinaryOp::kShiftLeft, 3},  {">>", false, BinaryOp::kShiftRight, 3},
      {"+", false, BinaryOp::kAdd, 4},         {"-", false, BinaryOp::kSub, 4},
      {"*", false, BinaryOp::kMul, 5},         {"/", false, BinaryOp::kDiv, 5},
      {"%", false, BinaryOp::kMod, 5},         {"DIV", true, BinaryOp::kIntDiv, 5},
      {"MOD", true, BinaryOp::kMod, 5},        {"^", false, BinaryOp::kBitXor, 6},
  };
  for (const Entry& e : kOps) {
    if (e.word ? t.IsWord(e.text) : t.IsPunct(e.text)) {
      *op = e.op;
      *precedence = e.precedence;
      return true;
    }
  }
  return false;
}

bool ComparisonOperator(const Token& t, BinaryOp* op) {
  static constexpr std::pair<std::string_view, BinaryOp> kOps[] = {
      {"=", BinaryOp::kEq},  {"<=>", BinaryOp::kNullSafeEq}, {"<>", BinaryOp::kNe},
      {"!=", BinaryOp::kNe}, {"<", BinaryOp::kLt},           {"<=", BinaryOp::kLe},
      {">", BinaryOp::kGt},  {">=", BinaryOp::kGe},
  };
  for (const auto& [text, value] : kOps) {
    if (t.IsPunct(text)) {
      *op = value;
      return true;
    }
  }
  return false;
}

// Reserved words that are nevertheless function names when followed by '('.
bool IsCallableReservedWord(std::string_view upper) {
  static constexpr std::string_view kCallable[] = {
      "IF",          "LEFT",         "RIGHT",          "REPLACE",   "INSERT",
      "MOD",         "CHAR",         "DATABASE",       "SCHEMA",    "VALUES",
      "REPEAT",      "CURRENT_USER", "CURRENT_DATE",   "CURRENT_TIME", "CURRENT_TIMESTAMP",
      "LOCALTIME",   "LOCALTIMESTAMP", "UTC_DATE",     "UTC_TIME",  "UTC_TIMESTAMP",
      "GROUPING"};
  for (std::string_view w : kCallable) {
    if (w == upper) return true;
  }
  return false;
}

// Reserved words that are niladic functions when written without parentheses.
bool IsNiladicFunction(std::string_view upper) {
  static constexpr std::string_view kNiladic[] = {
      "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "LOCALTIME",
      "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP"};
  for (std::string_view w : kNiladic) {
    if (w == upper) return true;
  }
  return false;
}

// "007.50" → "7.50", ".5" → "0.5", "1." → "1": storage::Value::Decimal's canonical form.
std::string CanonicalDecimal(std::string_view text) {
  std::string_view int_part = text;
  std::string_view frac_part;
  size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    int_part = text.substr(0, dot);
    frac_part = text.substr(dot + 1);
  }
  while (int_part.size() > 1 && int_part[0] == '0') int_part.remove_prefix(1);
  std::string out = int_part.empty() ? "0" : std::string(int_part);
  if (!frac_part.empty()) out += "." + std::string(frac_part);
  return out;
}

}  // namespace

ExprPtr Parser::ParseExpr() {
  DepthGuard guard(this);
  ExprPtr lhs = ParseXor();
  while (PeekWord("OR") || PeekPunct("||")) {
    ast::SourcePos pos = lhs->pos;
    Take();
    lhs = MakeExpr(pos, ast::Binary{BinaryOp::kOr, std::move(lhs), ParseXor()});
  }
  return lhs;
}

ExprPtr Parser::ParseXor() {
  ExprPtr lhs = ParseAnd();
  while (PeekWord("XOR")) {
    ast::SourcePos pos = lhs->pos;
    Take();
    lhs = MakeExpr(pos, ast::Binary{BinaryOp::kXor, std::move(lhs), ParseAnd()});
  }
  return lhs;
}

ExprPtr Parser::ParseAnd() {
  ExprPtr lhs = ParseNot();
  while (PeekWord("AND") || PeekPunct("&&")) {
    ast::SourcePos pos = lhs->pos;
    Take();
    lhs = MakeExpr(pos, ast::Binary{BinaryOp::kAnd, std::move(lhs), ParseNot()});
  }
  return lhs;
}

ExprPtr Parser::ParseNot() {
  if (PeekWord("NOT")) {
    DepthGuard guard(this);
    ast::SourcePos pos = PeekPos();
    Take();
    return MakeExpr(pos, ast::Unary{ast::UnaryOp::kNot, ParseNot()});
  }
  return ParseBoolPrimary();
}

// bool_pri: predicate { comp_op predicate | IS [NOT] {NULL|TRUE|FALSE|UNKNOWN} }, left-assoc.
ExprPtr Parser::ParseBoolPrimary() {
  ExprPtr lhs = ParsePredicate();
  while (true) {
    ast::SourcePos pos = lhs->pos;
    BinaryOp op;
    if (ComparisonOperator(Peek(), &op)) {
      Take();
      lhs = MakeExpr(pos, ast::Binary{op, std::move(lhs), ParsePredicate()});
      continue;
    }
    if (PeekWord("IS")) {
      Take();
      ast::IsTest test;
      test.negated = TryWord("NOT");
      if (TryWord("NULL")) {
        test.what = ast::IsWhat::kNull;
      } else if (TryWord("TRUE")) {
        test.what = ast::IsWhat::kTrue;
      } else if (TryWord("FALSE")) {
        test.what = ast::IsWhat::kFalse;
      } else if (TryWord("UNKNOWN")) {
        test.what = ast::IsWhat::kUnknown;
      } else {
        FailHere();
      }
      test.operand = std::move(lhs);
      lhs = MakeExpr(pos, std::move(test));
      continue;
    }
    return lhs;
  }
}

// predicate: bit_expr [[NOT] {IN | BETWEEN | LIKE | REGEXP | RLIKE} ...].
ExprPtr Parser::ParsePredicate() {
  ExprPtr lhs = ParseBitExpr(1);
  ast::SourcePos pos = lhs->pos;
  bool negated = false;
  if (PeekWord("NOT") && (PeekWord("IN", 1) || PeekWord("BETWEEN", 1) || PeekWord("LIKE", 1) ||
                          PeekWord("REGEXP", 1) || PeekWord("RLIKE", 1))) {
    Take();
    negated = true;
  }
  if (TryWord("IN")) {
    ExpectPunct("(");
    if (PeekWord("SELECT") || PeekWord("WITH")) {
      DepthGuard guard(this);
      ast::InSubquery in{std::move(lhs), ParseSelect(), negated};
      ExpectPunct(")");
      return MakeExpr(pos, std::move(in));
    }
    ast::InList in{std::move(lhs), ParseExprList(), negated};
    ExpectPunct(")");
    return MakeExpr(pos, std::move(in));
  }
  if (TryWord("BETWEEN")) {
    ast::Between between;
    between.operand = std::move(lhs);
    between.low = ParseBitExpr(1);
    ExpectWord("AND");
    between.high = ParsePredicate();
    between.negated = negated;
    return MakeExpr(pos, std::move(between));
  }
  if (TryWord("LIKE")) {
    ast::Like like;
    like.operand = std::move(lhs);
    like.pattern = ParseBitExpr(1);
    if (TryWord("ESCAPE")) like.escape = ParseBitExpr(1);
    like.negated = negated;
    return MakeExpr(pos, std::move(like));
  }
  if (TryWord("REGEXP") || TryWord("RLIKE")) {
    ast::Regexp regexp{std::move(lhs), ParseBitExpr(1), negated};
    return MakeExpr(pos, std::move(regexp));
  }
  if (negated) FailHere();
  return lhs;
}

ExprPtr Parser::ParseBitExpr(int min_precedence) {
  ExprPtr lhs = ParseUnary();
  while (true) {
    BinaryOp op;
    int precedence;
    if (!BitOperator(Peek(), &op, &precedence) || precedence < min_precedence) return lhs;
    ast::SourcePos pos = lhs->pos;
    Take();
    ExprPtr rhs;
    if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && PeekWord("INTERVAL")) {
      ast::SourcePos interval_pos = PeekPos();
      Take();
      rhs = ParseInterval(interval_pos);
    } else {
      rhs = ParseBitExpr(precedence + 1);
    }
    lhs = MakeExpr(pos, ast::Binary{op, std::move(lhs), std::move(rhs)});
  }
}

ExprPtr Parser::ParseUnary() {
  DepthGuard guard(this);
  ast::SourcePos pos = PeekPos();
  ExprPtr result;
  if (TryPunct("-")) {
    result = MakeExpr(pos, ast::Unary{ast::UnaryOp::kNeg, ParseUnary()});
  } else if (TryPunct("+")) {
    result = MakeExpr(pos, ast::Unary{ast::UnaryOp::kPlus, ParseUnary()});
  } else if (TryPunct("~")) {
    result = MakeExpr(pos, ast::Unary{ast::UnaryOp::kBitNot, ParseUnary()});
  } else if (TryPunct("!")) {
    result = MakeExpr(pos, ast::Unary{ast::UnaryOp::kNot, ParseUnary()});
  } else if (PeekWord("BINARY")) {
    Take();
    result = MakeExpr(pos, ast::Unary{ast::UnaryOp::kBinary, ParseUnary()});
  } else {
    result = ParsePrimary();
  }
  // COLLATE only changes comparison rules, which this server does not vary: parsed, ignored.
  while (TryWord("COLLATE")) ParseIdentOrString();
  return result;
}

ExprPtr Parser::ParsePrimary() {
  const Token& t = Peek();
  ast::SourcePos pos = PosOf(t);
  switch (t.kind) {
    case TokenKind::kInt:
    case TokenKind::kDecimal:
    case TokenKind::kFloat: {
      Token number = Take();
      return ParseNumber(number, pos);
    }
    case TokenKind::kString:
      return MakeExpr(pos, ast::Literal{ast::LiteralType::kString,
                                        storage::Value::String(ParseStringLiteral())});
    case TokenKind::kHex:
    case TokenKind::kBit:
      return MakeExpr(pos,
                      ast::Literal{ast::LiteralType::kHex, storage::Value::String(Take().value)});
    case TokenKind::kParam:
      Take();
      return MakeExpr(pos, ast::Param{param_count_++});
    case TokenKind::kUserVar:
      return MakeExpr(pos, ast::UserVar{Take().value});
    case TokenKind::kAtAt: {
      Take();
      ast::SystemVar var;
      auto name_part = [&]() -> std::string {
        const Token& n = Peek();
        if (n.kind != TokenKind::kWord && n.kind != TokenKind::kQuotedIdent) FailHere();
        return Take().value;
      };
      std::string first = name_part();
      if (PeekPunct(".")) {
        std::string scope = base::AsciiUpper(first);
        if (scope == "GLOBAL") {
          var.scope = ast::VarScope::kGlobal;
        } else if (scope == "SESSION" || scope == "LOCAL") {
          var.scope = ast::VarScope::kSession;
        } else if (scope == "PERSIST") {
          var.scope = ast::VarScope::kPersist;
        } else if (scope == "PERSIST_ONLY") {
          var.scope = ast::VarScope::kPersistOnly;
        } else {
          FailHere();
        }
        Take();
        first = name_part();
      }
      var.name = std::move(first);
      return MakeExpr(pos, std::move(var));
    }
    case TokenKind::kPunct:
      if (t.IsPunct("(")) return ParseParenthesized(pos);
      FailHere();
    case TokenKind::kWord:
    case TokenKind::kQuotedIdent: {
      Token word = Take();
      return ParsePrimaryWord(word);
    }
    default:
      FailHere();
  }
}

ExprPtr Parser::ParseParenthesized(ast::SourcePos pos) {
  DepthGuard guard(this);
  ExpectPunct("(");
  if (PeekWord("SELECT") || PeekWord("WITH")) {
    ast::Subquery sub{ParseSelect()};
    ExpectPunct(")");
    return MakeExpr(pos, std::move(sub));
  }
  ExprPtr first = ParseExpr();
  if (!PeekPunct(",")) {
    ExpectPunct(")");
    return first;
  }
  ast::RowConstructor row;
  row.items.push_back(std::move(first));
  while (TryPunct(",")) row.items.push_back(ParseExpr());
  ExpectPunct(")");
  return MakeExpr(pos, std::move(row));
}

ExprPtr Parser::ParsePrimaryWord(const Token& word) {
  ast::SourcePos pos = PosOf(word);
  if (word.kind == TokenKind::kWord) {
    std::string upper = base::AsciiUpper(word.value);
    if (upper == "NULL") return MakeExpr(pos, ast::Literal{});
    if (upper == "TRUE" || upper == "FALSE") {
      return MakeExpr(pos, ast::Literal{ast::LiteralType::kBool,
                                        storage::Value::Int(upper == "TRUE" ? 1 : 0)});
    }
    if ((upper == "DATE" || upper == "TIME" || upper == "TIMESTAMP") &&
        Peek().kind == TokenKind::kString) {
      ast::LiteralType type = upper == "DATE"   ? ast::LiteralType::kDate
                              : upper == "TIME" ? ast::LiteralType::kTime
                                                : ast::LiteralType::kDateTime;
      return MakeExpr(pos, ast::Literal{type, storage::Value::String(ParseStringLiteral())});
    }
    // A charset introducer: _utf8mb4'text', _binary 'bytes'.
    if (upper.size() > 1 && upper[0] == '_' &&
        (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kHex)) {
      if (Peek().kind == TokenKind::kHex) {
        return MakeExpr(pos, ast::Literal{ast::LiteralType::kHex,
                                          storage::Value::String(Take().value)});
      }
      return MakeExpr(pos, ast::Literal{ast::LiteralType::kString,
                                        storage::Value::String(ParseStringLiteral())});
    }
    if (upper == "CASE") return ParseCase(pos);
    if (upper == "INTERVAL") return ParseInterval(pos);
    if (upper == "EXISTS") {
      DepthGuard guard(this);
      ExpectPunct("(");
      ast::Exists exists{ParseSelect()};
      ExpectPunct(")");
      return MakeExpr(pos, std::move(exists));
    }
    if (upper == "CAST" && PeekPunct("(")) {
      DepthGuard guard(this);
      Take();
      ExprPtr operand = ParseExpr();
      ExpectWord("AS");
      ExprPtr cast = ParseCastTarget(pos, std::move(operand));
      ExpectPunct(")");
      return cast;
    }
    if (upper == "CONVERT" && PeekPunct("(")) {
      DepthGuard guard(this);
      Take();
      ExprPtr operand = ParseExpr();
      if (TryWord("USING")) {
        ast::Cast cast;
        cast.operand = std::move(operand);
        cast.kind = ast::CastKind::kChar;
        cast.charset = ParseIdentOrString();
        ExpectPunct(")");
        return MakeExpr(pos, std::move(cast));
      }
      ExpectPunct(",");
      ExprPtr cast = ParseCastTarget(pos, std::move(operand));
      ExpectPunct(")");
      return cast;
    }
    if (upper == "ROW" && PeekPunct("(")) {
      DepthGuard guard(this);
      Take();
      ast::RowConstructor row;
      row.items = ParseExprList();
      ExpectPunct(")");
      if (row.items.size() < 2) FailHere();
      return MakeExpr(pos, std::move(row));
    }
    if (IsReservedWord(upper)) {
      if (PeekPunct("(") && (IsCallableReservedWord(upper) || upper == "DEFAULT")) {
        return ParseFunctionArgs(pos, "", upper);
      }
      if (IsNiladicFunction(upper)) {
        ast::FunctionCall call;
        call.name = upper;
        return MakeExpr(pos, std::move(call));
      }
      Fail(word);
    }
    if (PeekPunct("(")) return ParseFunctionArgs(pos, "", upper);
  }
  // [[db.]table.]column, or db.function(...).
  std::vector<std::string> parts{word.value};
  while (parts.size() < 3 && PeekPunct(".")) {
    Take();
    const Token& n = Peek();
    if (n.kind != TokenKind::kWord && n.kind != TokenKind::kQuotedIdent) FailHere();
    parts.push_back(Take().value);
    if (parts.size() == 2 && PeekPunct("(")) {
      return ParseFunctionArgs(pos, std::move(parts[0]), base::AsciiUpper(parts[1]));
    }
  }
  ast::ColumnRef ref;
  ref.column = std::move(parts.back());
  if (parts.size() >= 2) ref.table = std::move(parts[parts.size() - 2]);
  if (parts.size() == 3) ref.db = std::move(parts[0]);
  return MakeExpr(pos, std::move(ref));
}

ExprPtr Parser::ParseNumber(const Token& t, ast::SourcePos pos) {
  if (t.kind == TokenKind::kFloat) {
    errno = 0;
    double value = std::strtod(t.value.c_str(), nullptr);
    // MySQL rejects float literals that overflow a double (1e400) as a syntax error.
    if (errno == ERANGE && (value == HUGE_VAL || value == -HUGE_VAL)) Fail(t);
    return MakeExpr(pos, ast::Literal{ast::LiteralType::kDouble, storage::Value::Double(value)});
  }
  if (t.kind == TokenKind::kDecimal) {
    return MakeExpr(pos, ast::Literal{ast::LiteralType::kDecimal,
                                      storage::Value::Decimal(CanonicalDecimal(t.value))});
  }
  // Integer: int64 if it fits, else uint64, else an exact decimal (as MySQL does).
  uint64_t value = 0;
  bool overflow = false;
  for (char c : t.value) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      overflow = true;
      break;
    }
    value = value * 10 + digit;
  }
  if (overflow) {
    return MakeExpr(pos, ast::Literal{ast::LiteralType::kDecimal,
                                      storage::Value::Decimal(CanonicalDecimal(t.value))});
  }
  if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return MakeExpr(pos, ast::Literal{ast::LiteralType::kInt,
                                      storage::Value::Int(static_cast<int64_t>(value))});
  }
  return MakeExpr(pos, ast::Literal{ast::LiteralType::kInt, storage::Value::UInt(value)});
}

std::vector<ExprPtr> Parser::ParseExprList() {
  std::vector<ExprPtr> list;
  do {
    list.push_back(ParseExpr());
  } while (TryPunct(","));
  return list;
}

ExprPtr Parser::ParseExprOrDefault() {
  if (PeekWord("DEFAULT") && !PeekPunct("(", 1)) {
    ast::SourcePos pos = PeekPos();
    Take();
    return MakeExpr(pos, ast::DefaultValue{});
  }
  return ParseExpr();
}

bool Parser::PeekSubqueryStart(size_t k) {
  for (size_t i = k; i < k + 64; ++i) {
    if (PeekWord("SELECT", i) || PeekWord("WITH", i)) return true;
    if (!PeekPunct("(", i)) return false;
  }
  return false;
}

}  // namespace sql
