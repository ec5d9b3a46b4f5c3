#include "sql/expr_eval.h"

#include <cmath>

#include "sql/expr_arith.h"
#include "sql/expr_functions.h"
#include "sql/expr_interval.h"
#include "sql/expr_value.h"
#include "sql/std_regex.h"

namespace sql {
namespace {

using ast::BinaryOp;

Result<Value> EvalColumn(const ast::Expr& expr, const EvalEnv& env) {
  const EvalEnv* e = &env;
  auto it = env.bindings ? env.bindings->columns.find(&expr) : decltype(env.bindings->columns.end()){};
  if (!env.bindings || it == env.bindings->columns.end()) {
    const auto* ref = expr.As<ast::ColumnRef>();
    return Status(ErrorCode::kUnknownColumn,
                  "Unknown column '" + (ref ? ref->column : std::string("?")) + "' in 'field list'");
  }
  const ColumnBinding& b = it->second;
  for (int d = 0; d < b.depth && e; ++d) e = e->outer;
  if (!e) return Status(ErrorCode::kInternal, "unbound outer reference");
  if (b.kind == ColumnBinding::Kind::kSelectItem) {
    if (!e->items || b.index >= static_cast<int>(e->items->size())) {
      return Status(ErrorCode::kInternal, "select item value unavailable");
    }
    return (*e->items)[static_cast<size_t>(b.index)];
  }
  if (b.source >= static_cast<int>(e->rows.size())) return Status(ErrorCode::kInternal, "bad source");
  const Row* row = e->rows[static_cast<size_t>(b.source)];
  if (!row) return Value::Null();
  return (*row)[static_cast<size_t>(b.index)];
}

// Three-valued comparison result: nullopt for NULL.
std::optional<int> CompareNullable(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  return CompareForSql(a, b);
}

Value BoolValue(bool b) { return Value::Int(b ? 1 : 0); }
Value TriValue(std::optional<bool> b) { return b ? BoolValue(*b) : Value::Null(); }

bool ApplyCompare(BinaryOp op, int c) {
  switch (op) {
    case BinaryOp::kEq: return c == 0;
    case BinaryOp::kNe: return c != 0;
    case BinaryOp::kLt: return c < 0;
    case BinaryOp::kLe: return c <= 0;
    case BinaryOp::kGt: return c > 0;
    default: return c >= 0;
  }
}

bool IsComparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNe || op == BinaryOp::kLt || op == BinaryOp::kLe ||
         op == BinaryOp::kGt || op == BinaryOp::kGe;
}

// Row constructor values; a scalar counts as a one-element row.
Result<std::vector<Value>> EvalRow(const ast::Expr& expr, const EvalEnv& env, StatementState& state) {
  std::vector<Value> out;
  if (const auto* r = expr.As<ast::RowConstructor>()) {
    for (const auto& item : r->items) {
      auto v = Eval(*item, env, state);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
    return out;
  }
  if (const auto* sq = expr.As<ast::Subquery>()) {
    if (!state.subqueries) return Status(ErrorCode::kInternal, "no subquery runner");
    auto rows = state.subqueries->RunSubquery(*sq->select, env, 2);
    if (!rows.ok()) return rows.status();
    if (rows->size() > 1) return Status(ErrorCode::kSubqueryNRows, "Subquery returns more than 1 row");
    if (rows->empty()) return out;  // caller treats an empty row as NULLs
    return std::move((*rows)[0]);
  }
  auto v = Eval(expr, env, state);
  if (!v.ok()) return v.status();
  out.push_back(std::move(*v));
  return out;
}

// (a, b) op (c, d) for = <> <=> and ordering operators, as MySQL compares rows.
Result<Value> CompareRows(BinaryOp op, const ast::Expr& lhs, const ast::Expr& rhs,
                          const EvalEnv& env, StatementState& state) {
  auto l = EvalRow(lhs, env, state);
  if (!l.ok()) return l.status();
  auto r = EvalRow(rhs, env, state);
  if (!r.ok()) return r.status();
  if (l->empty() || r->empty()) return Value::Null();
  if (l->size() != r->size()) {
    return Status(ErrorCode::kOperandColumns,
                  "Operand should contain " + std::to_string(l->size()) + " column(s)");
  }
  bool saw_null = false;
  for (size_t i = 0; i < l->size(); ++i) {
    const Value& a = (*l)[i];
    const Value& b = (*r)[i];
    if (op == BinaryOp::kNullSafeEq) {
      if (a.is_null() != b.is_null() || (!a.is_null() && CompareForSql(a, b) != 0)) return BoolValue(false);
      continue;
    }
    auto c = CompareNullable(a, b);
    if (!c) {
      saw_null = true;
      if (op == BinaryOp::kEq || op == BinaryOp::kNe) continue;
      return Value::Null();
    }
    if (*c != 0) {
      if (op == BinaryOp::kEq) return BoolValue(false);
      if (op == BinaryOp::kNe) return BoolValue(true);
      return BoolValue(ApplyCompare(op, *c));
    }
  }
  if (op == BinaryOp::kNullSafeEq) return BoolValue(true);
  if (saw_null) return Value::Null();
  return BoolValue(op == BinaryOp::kEq || op == BinaryOp::kLe || op == BinaryOp::kGe);
}

uint64_t BitOperand(const Value& v) {
  if (v.kind() == ValueKind::kUInt) return v.uint_value();
  if (v.kind() == ValueKind::kDouble) return static_cast<uint64_t>(static_cast<int64_t>(std::llround(v.double_value())));
  return static_cast<uint64_t>(v.ToInt());
}

Result<Value> EvalBinary(const ast::Expr& expr, const ast::Binary& b, const EvalEnv& env,
                         StatementState& state) {
  const BinaryOp op = b.op;
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr) {
    auto l = Eval(*b.lhs, env, state);
    if (!l.ok()) return l;
    std::optional<bool> lt = Truth(*l);
    if (op == BinaryOp::kAnd && lt == false) return BoolValue(false);
    if (op == BinaryOp::kOr && lt == true) return BoolValue(true);
    auto r = Eval(*b.rhs, env, state);
    if (!r.ok()) return r;
    std::optional<bool> rt = Truth(*r);
    if (op == BinaryOp::kAnd) {
      if (rt == false) return BoolValue(false);
      if (!lt || !rt) return Value::Null();
      return BoolValue(true);
    }
    if (rt == true) return BoolValue(true);
    if (!lt || !rt) return Value::Null();
    return BoolValue(false);
  }
  if ((IsComparison(op) || op == BinaryOp::kNullSafeEq) &&
      (b.lhs->Is<ast::RowConstructor>() || b.rhs->Is<ast::RowConstructor>())) {
    return CompareRows(op, *b.lhs, *b.rhs, env, state);
  }
  // date ± INTERVAL
  if (op == BinaryOp::kAdd || op == BinaryOp::kSub) {
    const ast::Interval* iv = b.rhs->As<ast::Interval>();
    const ast::Expr* date_expr = b.lhs.get();
    if (!iv && op == BinaryOp::kAdd && b.lhs->Is<ast::Interval>()) {
      iv = b.lhs->As<ast::Interval>();
      date_expr = b.rhs.get();
    }
    if (iv) {
      auto d = Eval(*date_expr, env, state);
      if (!d.ok()) return d;
      auto n = Eval(*iv->value, env, state);
      if (!n.ok()) return n;
      return AddInterval(*d, *n, iv->unit, op == BinaryOp::kSub ? -1 : 1, state);
    }
  }
  auto l = Eval(*b.lhs, env, state);
  if (!l.ok()) return l;
  auto r = Eval(*b.rhs, env, state);
  if (!r.ok()) return r;
  const Value& x = *l;
  const Value& y = *r;
  switch (op) {
    case BinaryOp::kXor: {
      auto a = Truth(x), c = Truth(y);
      if (!a || !c) return Value::Null();
      return BoolValue(*a != *c);
    }
    case BinaryOp::kNullSafeEq:
      if (x.is_null() || y.is_null()) return BoolValue(x.is_null() && y.is_null());
      return BoolValue(CompareForSql(x, y) == 0);
    case BinaryOp::kEq: case BinaryOp::kNe: case BinaryOp::kLt:
    case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe: {
      auto c = CompareNullable(x, y);
      if (!c) return Value::Null();
      return BoolValue(ApplyCompare(op, *c));
    }
    case BinaryOp::kBitOr: case BinaryOp::kBitAnd: case BinaryOp::kBitXor:
    case BinaryOp::kShiftLeft: case BinaryOp::kShiftRight: {
      if (x.is_null() || y.is_null()) return Value::Null();
      uint64_t a = BitOperand(x), c = BitOperand(y);
      switch (op) {
        case BinaryOp::kBitOr: return Value::UInt(a | c);
        case BinaryOp::kBitAnd: return Value::UInt(a & c);
        case BinaryOp::kBitXor: return Value::UInt(a ^ c);
        case BinaryOp::kShiftLeft: return Value::UInt(c >= 64 ? 0 : a << c);
        default: return Value::UInt(c >= 64 ? 0 : a >> c);
      }
    }
    default:
      return Arithmetic(op, x, y, state, ExprToString(expr));
  }
}

// LIKE matching with the collation's case folding; `_` matches one UTF-8 character.
bool LikeMatch(std::string_view s, std::string_view p, char escape) {
  size_t si = 0, pi = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  auto char_len = [](std::string_view t, size_t i) -> size_t {
    unsigned char c = static_cast<unsigned char>(t[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return std::min(n, t.size() - i);
  };
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star_p = ++pi;
      star_s = si;
      continue;
    }
    if (pi < p.size()) {
      bool escaped = p[pi] == escape && pi + 1 < p.size();
      size_t pc = escaped ? pi + 1 : pi;
      if (!escaped && p[pc] == '_') {
        si += char_len(s, si);
        pi = pc + 1;
        continue;
      }
      size_t plen = char_len(p, pc), slen = char_len(s, si);
      if (plen == slen && CollateCompare(s.substr(si, slen), p.substr(pc, plen)) == 0) {
        si += slen;
        pi = pc + plen;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    star_s += char_len(s, star_s);
    si = star_s;
    pi = star_p;
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

Result<Value> EvalInList(const ast::InList& in, const EvalEnv& env, StatementState& state) {
  if (in.operand->Is<ast::RowConstructor>()) {
    bool saw_null = false;
    for (const auto& item : in.list) {
      auto r = CompareRows(BinaryOp::kEq, *in.operand, *item, env, state);
      if (!r.ok()) return r;
      if (r->is_null()) saw_null = true;
      else if (r->ToInt() == 1) return BoolValue(!in.negated);
    }
    if (saw_null) return Value::Null();
    return BoolValue(in.negated);
  }
  auto v = Eval(*in.operand, env, state);
  if (!v.ok()) return v;
  if (v->is_null()) return Value::Null();
  bool saw_null = false;
  for (const auto& item : in.list) {
    auto x = Eval(*item, env, state);
    if (!x.ok()) return x;
    if (x->is_null()) {
      saw_null = true;
      continue;
    }
    if (CompareForSql(*v, *x) == 0) return BoolValue(!in.negated);
  }
  if (saw_null) return Value::Null();
  return BoolValue(in.negated);
}

Result<Value> EvalInSubquery(const ast::InSubquery& in, const EvalEnv& env, StatementState& state) {
  auto v = EvalRow(*in.operand, env, state);
  if (!v.ok()) return v.status();
  if (!state.subqueries) return Status(ErrorCode::kInternal, "no subquery runner");
  auto rows = state.subqueries->RunSubquery(*in.subquery, env, 0);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return BoolValue(in.negated);
  if ((*rows)[0].size() != v->size()) {
    return Status(ErrorCode::kOperandColumns,
                  "Operand should contain " + std::to_string(v->size()) + " column(s)");
  }
  for (const Value& x : *v) {
    if (x.is_null()) return Value::Null();
  }
  bool saw_null = false;
  for (const Row& row : *rows) {
    bool all_eq = true, has_null = false;
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i].is_null()) {
        has_null = true;
        continue;
      }
      if (CompareForSql((*v)[i], row[i]) != 0) {
        all_eq = false;
        break;
      }
    }
    if (all_eq && !has_null) return BoolValue(!in.negated);
    if (all_eq && has_null) saw_null = true;
  }
  if (saw_null) return Value::Null();
  return BoolValue(in.negated);
}

Result<Value> EvalCase(const ast::Case& c, const EvalEnv& env, StatementState& state) {
  Value operand;
  if (c.operand) {
    auto v = Eval(*c.operand, env, state);
    if (!v.ok()) return v;
    operand = std::move(*v);
  }
  for (const auto& w : c.whens) {
    auto v = Eval(*w.when, env, state);
    if (!v.ok()) return v;
    bool hit = c.operand ? (!operand.is_null() && !v->is_null() && CompareForSql(operand, *v) == 0)
                         : Truth(*v) == true;
    if (hit) return Eval(*w.then, env, state);
  }
  if (c.else_result) return Eval(*c.else_result, env, state);
  return Value::Null();
}

// Functions whose arguments are evaluated lazily or that need the environment.
std::optional<Result<Value>> EvalSpecialFunction(const ast::Expr& expr, const ast::FunctionCall& f,
                                                 const EvalEnv& env, StatementState& state) {
  const std::string& n = f.name;
  if (f.db.empty() && ast::IsAggregateFunction(n)) {
    const EvalEnv* e = &env;
    auto it = env.bindings ? env.bindings->aggregates.find(&expr) : decltype(env.bindings->aggregates.end()){};
    if (!env.bindings || it == env.bindings->aggregates.end() || !e->aggregates) {
      return Result<Value>(Status(ErrorCode::kInvalidGroupFunc, "Invalid use of group function"));
    }
    return Result<Value>((*e->aggregates)[static_cast<size_t>(it->second)]);
  }
  if (f.db.empty() && IsIntervalFunction(n)) return EvalIntervalFunction(f, env, state);
  if (n == "IF") {
    if (f.args.size() != 3) return Result<Value>(WrongParamCount(n));
    auto c = Eval(*f.args[0], env, state);
    if (!c.ok()) return c;
    return Eval(Truth(*c) == true ? *f.args[1] : *f.args[2], env, state);
  }
  if (n == "IFNULL" || n == "COALESCE") {
    if ((n == "IFNULL" && f.args.size() != 2) || f.args.empty()) return Result<Value>(WrongParamCount(n));
    for (const auto& a : f.args) {
      auto v = Eval(*a, env, state);
      if (!v.ok() || !v->is_null()) return v;
    }
    return Result<Value>(Value::Null());
  }
  if (n == "VALUES" && f.args.size() == 1) {
    if (!env.insert_values) return Result<Value>(Value::Null());  // MySQL: NULL outside ODKU
    auto it = env.bindings ? env.bindings->columns.find(f.args[0].get()) : decltype(env.bindings->columns.end()){};
    if (!env.bindings || it == env.bindings->columns.end()) {
      return Result<Value>(Status(ErrorCode::kUnknownColumn, "Unknown column in 'field list'"));
    }
    return Result<Value>((*env.insert_values)[static_cast<size_t>(it->second.index)]);
  }
  return std::nullopt;
}

}  // namespace

Result<Value> Eval(const ast::Expr& expr, const EvalEnv& env, StatementState& state) {
  using namespace ast;  // NOLINT: node names only
  const auto& node = expr.node;
  if (const auto* lit = std::get_if<Literal>(&node)) {
    switch (lit->type) {
      case LiteralType::kDate:
        if (auto p = ParseDateTime(lit->value.ToString())) return Value::Date(FormatDate(*p));
        return Status(ErrorCode::kTruncatedWrongValue, "Incorrect DATE value: '" + lit->value.ToString() + "'");
      case LiteralType::kDateTime:
        if (auto p = ParseDateTime(lit->value.ToString())) {
          return Value::DateTime(FormatDateTime(*p, p->micro ? 6 : 0));
        }
        return Status(ErrorCode::kTruncatedWrongValue,
                      "Incorrect DATETIME value: '" + lit->value.ToString() + "'");
      default:
        return lit->value;
    }
  }
  if (const auto* p = std::get_if<Param>(&node)) {
    if (p->index >= state.params.size()) {
      return Status(ErrorCode::kWrongArguments, "Incorrect arguments to EXECUTE");
    }
    return state.params[p->index];
  }
  if (std::holds_alternative<ColumnRef>(node)) return EvalColumn(expr, env);
  if (const auto* u = std::get_if<UserVar>(&node)) return state.ctx.GetUserVariable(u->name);
  if (const auto* s = std::get_if<SystemVar>(&node)) return state.ctx.GetSystemVariable(s->scope, s->name);
  if (std::holds_alternative<DefaultValue>(node)) {
    return Status(ErrorCode::kParseError,
                  "You have an error in your SQL syntax; check the manual that corresponds to your "
                  "MySQL server version for the right syntax to use near 'DEFAULT' at line 1");
  }
  if (const auto* u = std::get_if<Unary>(&node)) {
    auto v = Eval(*u->operand, env, state);
    if (!v.ok()) return v;
    switch (u->op) {
      case UnaryOp::kNeg: return Negate(NumericOperand(*v, state), ExprToString(expr));
      case UnaryOp::kPlus: return v;
      case UnaryOp::kBitNot: return v->is_null() ? Value::Null() : Value::UInt(~BitOperand(*v));
      case UnaryOp::kNot: {
        auto t = Truth(*v);
        return t ? BoolValue(!*t) : Value::Null();
      }
      case UnaryOp::kBinary: return v->is_null() ? Value::Null() : Value::String(v->ToString());
    }
  }
  if (const auto* b = std::get_if<Binary>(&node)) return EvalBinary(expr, *b, env, state);
  if (const auto* t = std::get_if<IsTest>(&node)) {
    auto v = Eval(*t->operand, env, state);
    if (!v.ok()) return v;
    bool r = false;
    auto tv = Truth(*v);
    switch (t->what) {
      case IsWhat::kNull: case IsWhat::kUnknown: r = v->is_null(); break;
      case IsWhat::kTrue: r = tv == true; break;
      case IsWhat::kFalse: r = tv == false; break;
    }
    return BoolValue(r != t->negated);
  }
  if (const auto* bt = std::get_if<Between>(&node)) {
    auto v = Eval(*bt->operand, env, state);
    if (!v.ok()) return v;
    auto lo = Eval(*bt->low, env, state);
    if (!lo.ok()) return lo;
    auto hi = Eval(*bt->high, env, state);
    if (!hi.ok()) return hi;
    auto c1 = CompareNullable(*v, *lo), c2 = CompareNullable(*v, *hi);
    std::optional<bool> a = c1 ? std::optional<bool>(*c1 >= 0) : std::nullopt;
    std::optional<bool> c = c2 ? std::optional<bool>(*c2 <= 0) : std::nullopt;
    std::optional<bool> r;
    if (a == false || c == false) r = false;
    else if (a && c) r = true;
    if (r && bt->negated) r = !*r;
    return TriValue(r);
  }
  if (const auto* in = std::get_if<InList>(&node)) return EvalInList(*in, env, state);
  if (const auto* in = std::get_if<InSubquery>(&node)) return EvalInSubquery(*in, env, state);
  if (const auto* lk = std::get_if<Like>(&node)) {
    auto v = Eval(*lk->operand, env, state);
    if (!v.ok()) return v;
    auto p = Eval(*lk->pattern, env, state);
    if (!p.ok()) return p;
    char esc = '\\';
    if (lk->escape) {
      auto e = Eval(*lk->escape, env, state);
      if (!e.ok()) return e;
      std::string es = e->ToString();
      esc = es.empty() ? '\0' : es[0];
    }
    if (v->is_null() || p->is_null()) return Value::Null();
    return BoolValue(LikeMatch(v->ToString(), p->ToString(), esc) != lk->negated);
  }
  if (const auto* rx = std::get_if<Regexp>(&node)) {
    auto v = Eval(*rx->operand, env, state);
    if (!v.ok()) return v;
    auto p = Eval(*rx->pattern, env, state);
    if (!p.ok()) return p;
    if (v->is_null() || p->is_null()) return Value::Null();
    try {
      // ECMAScript: the std::regex grammar closest to MySQL 8.0's ICU syntax (as REGEXP_LIKE).
      std::regex re(p->ToString(), std::regex::ECMAScript | std::regex::icase);
      return BoolValue(std::regex_search(v->ToString(), re) != rx->negated);
    } catch (const std::regex_error&) {
      return Status(ErrorCode::kWrongArguments, "Incorrect arguments to regexp");
    }
  }
  if (const auto* c = std::get_if<Case>(&node)) return EvalCase(*c, env, state);
  if (const auto* f = std::get_if<FunctionCall>(&node)) {
    if (auto special = EvalSpecialFunction(expr, *f, env, state)) return std::move(*special);
    std::vector<Value> args;
    args.reserve(f->args.size());
    for (const auto& a : f->args) {
      auto v = Eval(*a, env, state);
      if (!v.ok()) return v;
      args.push_back(std::move(*v));
    }
    return CallBuiltinFunction(*f, args, state);
  }
  if (const auto* c = std::get_if<Cast>(&node)) {
    auto v = Eval(*c->operand, env, state);
    if (!v.ok()) return v;
    return CastValue(*v, *c, state);
  }
  if (std::holds_alternative<Interval>(node)) {
    return Status(ErrorCode::kParseError,
                  "You have an error in your SQL syntax; check the manual that corresponds to your "
                  "MySQL server version for the right syntax to use near 'INTERVAL' at line 1");
  }
  if (std::holds_alternative<Subquery>(node)) {
    auto row = EvalRow(expr, env, state);
    if (!row.ok()) return row.status();
    if (row->empty()) return Value::Null();
    if (row->size() != 1) return Status(ErrorCode::kOperandColumns, "Operand should contain 1 column(s)");
    return (*row)[0];
  }
  if (const auto* ex = std::get_if<Exists>(&node)) {
    if (!state.subqueries) return Status(ErrorCode::kInternal, "no subquery runner");
    auto rows = state.subqueries->RunSubquery(*ex->select, env, 1);
    if (!rows.ok()) return rows.status();
    return BoolValue(!rows->empty());
  }
  if (const auto* r = std::get_if<RowConstructor>(&node)) {
    return Status(ErrorCode::kOperandColumns, "Operand should contain 1 column(s)");
    (void)r;
  }
  return Status(ErrorCode::kInternal, "unhandled expression");
}

Result<bool> EvalCondition(const ast::Expr& expr, const EvalEnv& env, StatementState& state) {
  auto v = Eval(expr, env, state);
  if (!v.ok()) return v.status();
  return Truth(*v) == true;
}

Result<Value> DivisionByZero(StatementState& state) {
  if (state.storing && state.strict && state.error_for_division_by_zero) {
    return Status(ErrorCode::kDivisionByZero, "Division by 0");
  }
  if (state.error_for_division_by_zero) state.Warn(ErrorCode::kDivisionByZero, "Division by 0");
  return Value::Null();
}

Status StatementState::ReadSqlMode() {
  auto mode = ctx.GetSystemVariable(ast::VarScope::kSession, "sql_mode");
  if (!mode.ok()) return Status();  // a context without sql_mode keeps MySQL's defaults
  std::string m = mode->ToString();
  auto has = [&](const char* flag) {
    size_t pos = 0, len = std::string_view(flag).size();
    while ((pos = m.find(flag, pos)) != std::string::npos) {
      bool start = pos == 0 || m[pos - 1] == ',';
      bool end = pos + len == m.size() || m[pos + len] == ',';
      if (start && end) return true;
      pos += len;
    }
    return false;
  };
  strict = has("STRICT_TRANS_TABLES") || has("STRICT_ALL_TABLES");
  only_full_group_by = has("ONLY_FULL_GROUP_BY");
  error_for_division_by_zero = has("ERROR_FOR_DIVISION_BY_ZERO");
  return Status();
}

void StatementState::Warn(ErrorCode code, std::string message, WarningLevel level) {
  ++warnings;
  ctx.PushWarning(level, SqlError(code, std::move(message)));
}

Status StatementState::CheckKilled() const {
  if (ctx.Killed()) return Status(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
  return Status();
}

std::string ExprToString(const ast::Expr& expr) {
  using namespace ast;  // NOLINT
  if (const auto* lit = expr.As<Literal>()) {
    if (lit->type == LiteralType::kString) return "'" + lit->value.ToString() + "'";
    return lit->value.ToString();
  }
  if (const auto* c = expr.As<ColumnRef>()) {
    std::string s;
    if (!c->db.empty()) s += "`" + c->db + "`.";
    if (!c->table.empty()) s += "`" + c->table + "`.";
    return s + "`" + c->column + "`";
  }
  if (expr.Is<Param>()) return "?";
  if (const auto* u = expr.As<UserVar>()) return "(@`" + u->name + "`)";
  if (const auto* u = expr.As<Unary>()) {
    if (u->op == UnaryOp::kNeg) return "-(" + ExprToString(*u->operand) + ")";
    return ExprToString(*u->operand);
  }
  if (const auto* b = expr.As<Binary>()) {
    static const char* kOps[] = {"or", "xor", "and", "=", "<=>", "<>", "<", "<=", ">", ">=", "|", "&",
                                 "^", "<<", ">>", "+", "-", "*", "/", "DIV", "%"};
    return "(" + ExprToString(*b->lhs) + " " + kOps[static_cast<int>(b->op)] + " " +
           ExprToString(*b->rhs) + ")";
  }
  if (const auto* f = expr.As<FunctionCall>()) {
    std::string s = f->name + "(";
    for (size_t i = 0; i < f->args.size(); ++i) s += (i ? "," : "") + ExprToString(*f->args[i]);
    return s + ")";
  }
  return "expression";
}

}  // namespace sql
