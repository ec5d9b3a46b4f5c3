#include "sql/expr_type.h"

#include <algorithm>

#include "sql/expr_functions.h"
#include "sql/expr_interval.h"
#include "sql/system_variables.h"

namespace sql {
namespace {

using storage::ColumnType;

ColumnInfo Make(ColumnType t, uint32_t length, uint8_t decimals = 0, bool not_null = false) {
  ColumnInfo c;
  c.type = t;
  c.length = length;
  c.decimals = decimals;
  c.not_null = not_null;
  c.binary = t != ColumnType::kVarchar && t != ColumnType::kChar && t != ColumnType::kText;
  return c;
}

bool IsStringType(ColumnType t) {
  return t == ColumnType::kVarchar || t == ColumnType::kChar || t == ColumnType::kText ||
         t == ColumnType::kBlob;
}

ColumnInfo Varchar(uint32_t chars) { return Make(ColumnType::kVarchar, chars); }

// @@x: MySQL 8.0's Item_func_get_system_var types the column by the variable's type, so
// clients see numbers, not text: integer variables are BIGINT UNSIGNED(21), booleans BIGINT(1)
// (0/1, as MariaDB 10.11 also reports), everything else (strings, enums, sets such as
// sql_mode) VARCHAR. All are nullable. Unknown names never get here at run time (evaluation
// fails with 1193 first); they type as VARCHAR.
ColumnInfo TypeOfSystemVar(const ast::SystemVar& var) {
  const SysVarDef* def = FindSysVar(var.name);
  if (def == nullptr) return Varchar(255);
  switch (def->type) {
    case SysVarType::kBool: return Make(ColumnType::kBigInt, 1);
    case SysVarType::kUInt: {
      ColumnInfo c = Make(ColumnType::kBigInt, 21);
      c.is_unsigned = true;
      return c;
    }
    case SysVarType::kString:
    case SysVarType::kEnum:
    case SysVarType::kSet: break;
  }
  return Varchar(255);
}

ColumnInfo TypeOfLiteral(const ast::Literal& lit) {
  using L = ast::LiteralType;
  std::string text = lit.value.ToString();
  switch (lit.type) {
    case L::kNull: return Make(ColumnType::kNull, 0);
    case L::kBool:
    case L::kInt: {
      bool neg = !text.empty() && text[0] == '-';
      ColumnInfo c = Make(ColumnType::kBigInt, static_cast<uint32_t>(text.size()), 0, true);
      c.is_unsigned = lit.value.kind() == storage::ValueKind::kUInt && !neg;
      return c;
    }
    case L::kDecimal: {
      size_t dot = text.find('.');
      uint8_t scale = dot == std::string::npos ? 0 : static_cast<uint8_t>(text.size() - dot - 1);
      return Make(ColumnType::kDecimal, static_cast<uint32_t>(text.size()), scale, true);
    }
    case L::kDouble: return Make(ColumnType::kDouble, static_cast<uint32_t>(text.size()), 31, true);
    case L::kString: {
      ColumnInfo c = Varchar(static_cast<uint32_t>(text.size()));
      c.not_null = true;
      return c;
    }
    case L::kHex: {
      ColumnInfo c = Make(ColumnType::kBlob, static_cast<uint32_t>(text.size()), 0, true);
      c.type = ColumnType::kVarchar;
      c.binary = true;
      return c;
    }
    case L::kDate: return Make(ColumnType::kDate, 10, 0, true);
    case L::kTime: return Make(ColumnType::kTime, 10, 0, true);
    case L::kDateTime: return Make(ColumnType::kDateTime, 19, 0, true);
  }
  return Make(ColumnType::kNull, 0);
}

// Numeric combination for + - *.
ColumnInfo Arith(const ColumnInfo& a, const ColumnInfo& b, ast::BinaryOp op) {
  bool nn = a.not_null && b.not_null;
  if (a.type == ColumnType::kNull || b.type == ColumnType::kNull) return Make(ColumnType::kNull, 0);
  auto is_double = [](const ColumnInfo& c) {
    return c.type == ColumnType::kDouble || c.type == ColumnType::kFloat || IsStringType(c.type);
  };
  if (is_double(a) || is_double(b)) return Make(ColumnType::kDouble, 23, 31, nn);
  if (op == ast::BinaryOp::kDiv) {
    uint8_t scale = static_cast<uint8_t>(std::min(30, a.decimals + 4));
    return Make(ColumnType::kDecimal, a.length + 4 + scale, scale, false);
  }
  if (op == ast::BinaryOp::kIntDiv) return Make(ColumnType::kBigInt, std::max(a.length, 1u), 0, false);
  if (a.type == ColumnType::kDecimal || b.type == ColumnType::kDecimal) {
    uint8_t scale = op == ast::BinaryOp::kMul ? static_cast<uint8_t>(std::min(30, a.decimals + b.decimals))
                                              : std::max(a.decimals, b.decimals);
    return Make(ColumnType::kDecimal, std::max(a.length, b.length) + 2, scale, nn);
  }
  ColumnInfo c = Make(ColumnType::kBigInt,
                      op == ast::BinaryOp::kMul ? a.length + b.length : std::max(a.length, b.length) + 1, 0,
                      nn && op != ast::BinaryOp::kMod);
  c.is_unsigned = a.is_unsigned || b.is_unsigned;
  return c;
}

ColumnInfo Function(const ast::FunctionCall& f, const ColumnInfoLookup& cols) {
  const std::string& n = f.name;
  auto arg = [&](size_t i) { return i < f.args.size() ? InferType(*f.args[i], cols) : Make(ColumnType::kNull, 0); };
  if (IsIntervalFunction(n)) return IntervalFunctionType(f, arg);
  if (n == "COUNT") return Make(ColumnType::kBigInt, 21, 0, true);
  if (n == "SUM" || n == "AVG") {
    ColumnInfo a = arg(0);
    if (a.type == ColumnType::kDouble || a.type == ColumnType::kFloat || IsStringType(a.type)) {
      return Make(ColumnType::kDouble, 23, 31);
    }
    uint8_t scale = n == "AVG" ? static_cast<uint8_t>(std::min(30, a.decimals + 4)) : a.decimals;
    return Make(ColumnType::kDecimal, a.length + 22 + scale, scale);
  }
  if (n == "MIN" || n == "MAX" || n == "ANY_VALUE") {
    ColumnInfo a = arg(0);
    a.not_null = false;
    a.primary_key = a.unique_key = a.multiple_key = a.auto_increment = false;
    return a;
  }
  if (n == "GROUP_CONCAT") return Varchar(1024);
  if (n == "BIT_AND" || n == "BIT_OR" || n == "BIT_XOR") {
    ColumnInfo c = Make(ColumnType::kBigInt, 21, 0, true);
    c.is_unsigned = true;
    return c;
  }
  if (n == "CONNECTION_ID" || n == "LAST_INSERT_ID" || n == "FOUND_ROWS" || n == "RELEASE_ALL_LOCKS" ||
      n == "IS_USED_LOCK") {
    ColumnInfo c = Make(ColumnType::kBigInt, 21, 0, n == "CONNECTION_ID" || n == "FOUND_ROWS");
    c.is_unsigned = true;
    return c;
  }
  if (n == "GET_LOCK" || n == "RELEASE_LOCK" || n == "IS_FREE_LOCK" || n == "SLEEP" || n == "ROW_COUNT" ||
      n == "LENGTH" || n == "CHAR_LENGTH" || n == "CHARACTER_LENGTH" || n == "OCTET_LENGTH" ||
      n == "YEAR" || n == "MONTH" || n == "DAY" || n == "DAYOFMONTH" || n == "HOUR" || n == "MINUTE" ||
      n == "SECOND" || n == "UNIX_TIMESTAMP" || n == "DATEDIFF" || n == "TO_DAYS" || n == "LOCATE" ||
      n == "INSTR" || n == "ASCII" || n == "STRCMP" || n == "FIELD" || n == "SIGN" || n == "ISNULL") {
    return Make(ColumnType::kBigInt, 21);
  }
  if (n == "NOW" || n == "CURRENT_TIMESTAMP" || n == "LOCALTIME" || n == "LOCALTIMESTAMP" || n == "SYSDATE" ||
      n == "UTC_TIMESTAMP" || n == "FROM_UNIXTIME") {
    return Make(ColumnType::kDateTime, 19, 0, n != "FROM_UNIXTIME");
  }
  if (n == "CURDATE" || n == "CURRENT_DATE" || n == "UTC_DATE" || n == "DATE" || n == "LAST_DAY") {
    return Make(ColumnType::kDate, 10);
  }
  if (n == "CURTIME" || n == "CURRENT_TIME") return Make(ColumnType::kTime, 8, 0, true);
  if (n == "RAND" || n == "POW" || n == "POWER" || n == "SQRT") return Make(ColumnType::kDouble, 23, 31);
  if (n == "ABS" || n == "FLOOR" || n == "CEIL" || n == "CEILING" || n == "ROUND" || n == "TRUNCATE" || n == "MOD") {
    ColumnInfo a = arg(0);
    if (IsStringType(a.type)) return Make(ColumnType::kDouble, 23, 31);
    if ((n == "FLOOR" || n == "CEIL" || n == "CEILING") && a.type == ColumnType::kDecimal) {
      return Make(ColumnType::kBigInt, a.length);
    }
    a.not_null = false;
    a.primary_key = a.unique_key = a.multiple_key = a.auto_increment = false;
    return a;
  }
  if (n == "IF" || n == "IFNULL" || n == "COALESCE" || n == "NULLIF" || n == "GREATEST" || n == "LEAST") {
    size_t first = n == "IF" ? 1 : 0;
    ColumnInfo r = arg(first);
    for (size_t i = first + 1; i < f.args.size(); ++i) {
      ColumnInfo b = arg(i);
      if (r.type == ColumnType::kNull) { r = b; continue; }
      if (b.type == ColumnType::kNull) continue;
      if (IsStringType(r.type) || IsStringType(b.type)) r = Varchar(std::max(r.length, b.length));
      else if (r.type != b.type) r = Arith(r, b, ast::BinaryOp::kAdd);
      r.length = std::max(r.length, b.length);
    }
    r.not_null = false;
    r.primary_key = r.unique_key = r.multiple_key = r.auto_increment = false;
    return r;
  }
  if (n == "WEEKDAY" || n == "DAYOFYEAR" || n == "QUARTER" || n == "MICROSECOND" || n == "EXTRACT" ||
      n == "POSITION" || n == "BIT_LENGTH" || n == "REGEXP_LIKE" || n == "REGEXP_INSTR") {
    return Make(ColumnType::kBigInt, 21);
  }
  if (n == "TIME" || n == "SEC_TO_TIME" || n == "TIMEDIFF" || n == "UTC_TIME") return Make(ColumnType::kTime, 10);
  if (n == "MAKEDATE" || n == "FROM_DAYS") return Make(ColumnType::kDate, 10);
  if (n == "CONVERT_TZ") return Make(ColumnType::kDateTime, 19);
  if (n == "TIME_TO_SEC" || n == "WEEK" || n == "YEARWEEK") return Make(ColumnType::kBigInt, 21);
  if (n == "CRC32" || n == "INET_ATON" || n == "UUID_SHORT") {
    ColumnInfo c = Make(ColumnType::kBigInt, 21, 0, n == "UUID_SHORT");
    c.is_unsigned = true;
    return c;
  }
  if (n == "STR_TO_DATE") return Make(ColumnType::kDateTime, 19);
  if (n == "LN" || n == "LOG" || n == "LOG2" || n == "LOG10" || n == "EXP" || n == "PI") {
    return Make(ColumnType::kDouble, 23, n == "PI" ? 6 : 31, n == "PI");
  }
  if (n == "MD5") return Varchar(32);
  if (n == "SHA1" || n == "SHA") return Varchar(40);
  if (n == "SHA2") return Varchar(128);
  if (n == "USER" || n == "CURRENT_USER" || n == "SESSION_USER" || n == "SYSTEM_USER") return Varchar(288);
  if (n == "DATABASE" || n == "SCHEMA") return Varchar(64);
  if (n == "VERSION") { ColumnInfo c = Varchar(64); c.not_null = true; return c; }
  if (n == "UUID") return Varchar(36);
  // String functions: a VARCHAR as long as the sum of the arguments (MySQL's max_length).
  uint32_t len = 0;
  for (size_t i = 0; i < f.args.size(); ++i) len += std::max(arg(i).length, 1u);
  return Varchar(std::max(len, 1u));
}

}  // namespace

ColumnInfo InferType(const ast::Expr& expr, const ColumnInfoLookup& cols) {
  using namespace ast;  // NOLINT
  if (const auto* lit = expr.As<Literal>()) return TypeOfLiteral(*lit);
  if (expr.Is<ColumnRef>()) {
    if (const ColumnInfo* c = cols(expr)) return *c;
    return Varchar(255);
  }
  if (expr.Is<Param>() || expr.Is<UserVar>()) return Make(ColumnType::kVarchar, 255);
  if (const auto* s = expr.As<SystemVar>()) return TypeOfSystemVar(*s);
  if (const auto* u = expr.As<Unary>()) {
    ColumnInfo a = InferType(*u->operand, cols);
    switch (u->op) {
      case UnaryOp::kNeg: {
        ColumnInfo r = IsStringType(a.type) ? Make(ColumnType::kDouble, 23, 31) : a;
        r.is_unsigned = false;
        r.length = a.length + 1;
        r.primary_key = r.auto_increment = r.unique_key = r.multiple_key = false;
        return r;
      }
      case UnaryOp::kPlus: return a;
      case UnaryOp::kBitNot: { ColumnInfo c = Make(ColumnType::kBigInt, 21); c.is_unsigned = true; return c; }
      case UnaryOp::kNot: return Make(ColumnType::kBigInt, 1);
      case UnaryOp::kBinary: { ColumnInfo c = a; c.binary = true; return c; }
    }
  }
  if (const auto* b = expr.As<Binary>()) {
    switch (b->op) {
      case BinaryOp::kAdd: case BinaryOp::kSub:
        if (const auto* iv = b->rhs->As<Interval>()) return DateArithType(InferType(*b->lhs, cols), iv->unit);
        if (const auto* iv = b->lhs->As<Interval>()) return DateArithType(InferType(*b->rhs, cols), iv->unit);
        [[fallthrough]];
      case BinaryOp::kMul: case BinaryOp::kDiv: case BinaryOp::kIntDiv: case BinaryOp::kMod:
        return Arith(InferType(*b->lhs, cols), InferType(*b->rhs, cols), b->op);
      case BinaryOp::kBitOr: case BinaryOp::kBitAnd: case BinaryOp::kBitXor:
      case BinaryOp::kShiftLeft: case BinaryOp::kShiftRight: {
        ColumnInfo c = Make(ColumnType::kBigInt, 21);
        c.is_unsigned = true;
        return c;
      }
      default: {
        ColumnInfo c = Make(ColumnType::kBigInt, 1);
        return c;
      }
    }
  }
  if (expr.Is<IsTest>()) return Make(ColumnType::kBigInt, 1, 0, true);
  if (expr.Is<Between>() || expr.Is<InList>() || expr.Is<InSubquery>() || expr.Is<Like>() ||
      expr.Is<Regexp>() || expr.Is<Exists>()) {
    return Make(ColumnType::kBigInt, 1);
  }
  if (const auto* c = expr.As<Case>()) {
    ColumnInfo r = Make(ColumnType::kNull, 0);
    auto merge = [&](const Expr& e) {
      ColumnInfo x = InferType(e, cols);
      if (r.type == ColumnType::kNull) { r = x; return; }
      if (x.type == ColumnType::kNull) return;
      if (IsStringType(r.type) || IsStringType(x.type)) r = Varchar(std::max(r.length, x.length));
      else if (r.type != x.type) r = Arith(r, x, BinaryOp::kAdd);
      r.length = std::max(r.length, x.length);
    };
    for (const auto& w : c->whens) merge(*w.then);
    if (c->else_result) merge(*c->else_result);
    r.not_null = false;
    return r;
  }
  if (const auto* f = expr.As<FunctionCall>()) return Function(*f, cols);
  if (const auto* c = expr.As<Cast>()) {
    switch (c->kind) {
      case CastKind::kChar: case CastKind::kJson:
        return Varchar(c->length.value_or(InferType(*c->operand, cols).length));
      case CastKind::kBinary: { ColumnInfo r = Make(ColumnType::kVarchar, c->length.value_or(255)); r.binary = true; return r; }
      case CastKind::kSigned: return Make(ColumnType::kBigInt, 21);
      case CastKind::kUnsigned: { ColumnInfo r = Make(ColumnType::kBigInt, 21); r.is_unsigned = true; return r; }
      case CastKind::kDecimal: {
        uint32_t p = c->length.value_or(10);
        uint8_t s = static_cast<uint8_t>(c->scale.value_or(0));
        return Make(ColumnType::kDecimal, p + (s ? 2 : 1), s);
      }
      case CastKind::kDouble: return Make(ColumnType::kDouble, 22, 31);
      case CastKind::kFloat: return Make(ColumnType::kFloat, 12, 31);
      case CastKind::kDate: return Make(ColumnType::kDate, 10);
      case CastKind::kTime: return Make(ColumnType::kTime, 10);
      case CastKind::kDateTime: return Make(ColumnType::kDateTime, 19 + (c->length.value_or(0) ? c->length.value_or(0) + 1 : 0));
    }
  }
  return Varchar(255);
}

}  // namespace sql
