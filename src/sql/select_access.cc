// Access-path choice for one FROM source: primary-key point lookups, IN-list point lookups
// and index ranges from conjuncts `col op <expr>` whose other side is computable before the
// source is read. Only numeric columns are used (string keys are ordered bytewise by the
// engine but compared with the case-insensitive collation, so an index range could miss
// rows). Every chosen path yields a superset of the matching rows: all conjuncts are
// re-checked on each row.
#include <functional>

#include "sql/select_plan.h"

namespace sql {
namespace {

bool IsNumericColumn(storage::ColumnType t) {
  using storage::ColumnType;
  return t == ColumnType::kTinyInt || t == ColumnType::kSmallInt || t == ColumnType::kMediumInt ||
         t == ColumnType::kInt || t == ColumnType::kBigInt || t == ColumnType::kDecimal ||
         t == ColumnType::kFloat || t == ColumnType::kDouble;
}

// True if `e` can be evaluated before source `level` is read.
bool Available(const ast::Expr& e, const QueryBlock& block, int level) {
  bool ok = true;
  std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& x) {
    if (!ok) return;
    if (x.Is<ast::ColumnRef>()) {
      auto it = block.bindings.columns.find(&x);
      if (it == block.bindings.columns.end()) { ok = false; return; }
      const ColumnBinding& b = it->second;
      if (b.depth == 0 && (b.kind != ColumnBinding::Kind::kColumn || b.source >= level)) ok = false;
      return;
    }
    if (x.Is<ast::Subquery>() || x.Is<ast::Exists>() || x.Is<ast::InSubquery>() ||
        block.bindings.aggregates.count(&x)) {
      ok = false;
      return;
    }
    if (const auto* f = x.As<ast::FunctionCall>()) {
      // Non-deterministic or side-effecting functions must run once per row.
      if (f->name == "RAND" || f->name == "SLEEP" || f->name == "UUID" || f->name == "GET_LOCK" ||
          f->name == "RELEASE_LOCK" || f->name == "LAST_INSERT_ID") {
        ok = false;
        return;
      }
      for (const auto& a : f->args) walk(*a);
      return;
    }
    using namespace ast;  // NOLINT
    auto v = [&](const ExprPtr& p) { if (p) walk(*p); };
    if (const auto* u = x.As<Unary>()) v(u->operand);
    else if (const auto* b = x.As<Binary>()) { v(b->lhs); v(b->rhs); }
    else if (const auto* c = x.As<Cast>()) v(c->operand);
    else if (!(x.Is<Literal>() || x.Is<Param>() || x.Is<UserVar>() || x.Is<SystemVar>())) ok = false;
  };
  walk(e);
  return ok;
}

// Column index of `e` if it is a column of source `level` at depth 0, else -1.
int ColumnOf(const ast::Expr& e, const QueryBlock& block, int level) {
  if (!e.Is<ast::ColumnRef>()) return -1;
  auto it = block.bindings.columns.find(&e);
  if (it == block.bindings.columns.end()) return -1;
  const ColumnBinding& b = it->second;
  if (b.depth != 0 || b.kind != ColumnBinding::Kind::kColumn || b.source != level) return -1;
  return b.index;
}

struct ColumnPredicates {
  const ast::Expr* eq = nullptr;
  const std::vector<ast::ExprPtr>* in = nullptr;
  const ast::Expr* lower = nullptr;
  bool lower_inclusive = true;
  const ast::Expr* upper = nullptr;
  bool upper_inclusive = true;
};

}  // namespace

void ChooseAccessPath(QueryBlock& block, int level) {
  Source& src = block.sources[static_cast<size_t>(level)];
  src.access = AccessPath();
  if (!src.table || !src.def) return;
  std::vector<const ast::Expr*> conjuncts = src.on;
  if (!src.left_join) conjuncts.insert(conjuncts.end(), src.where.begin(), src.where.end());
  std::vector<ColumnPredicates> preds(src.columns.size());
  for (const ast::Expr* c : conjuncts) {
    if (const auto* b = c->As<ast::Binary>()) {
      ast::BinaryOp op = b->op;
      const ast::Expr* col = b->lhs.get();
      const ast::Expr* other = b->rhs.get();
      int idx = ColumnOf(*col, block, level);
      if (idx < 0) {
        std::swap(col, other);
        idx = ColumnOf(*col, block, level);
        // Mirror the operator: 5 < col is col > 5.
        switch (op) {
          case ast::BinaryOp::kLt: op = ast::BinaryOp::kGt; break;
          case ast::BinaryOp::kLe: op = ast::BinaryOp::kGe; break;
          case ast::BinaryOp::kGt: op = ast::BinaryOp::kLt; break;
          case ast::BinaryOp::kGe: op = ast::BinaryOp::kLe; break;
          default: break;
        }
      }
      if (idx < 0 || !Available(*other, block, level)) continue;
      ColumnPredicates& p = preds[static_cast<size_t>(idx)];
      switch (op) {
        case ast::BinaryOp::kEq: p.eq = other; break;
        case ast::BinaryOp::kGt: p.lower = other; p.lower_inclusive = false; break;
        case ast::BinaryOp::kGe: p.lower = other; p.lower_inclusive = true; break;
        case ast::BinaryOp::kLt: p.upper = other; p.upper_inclusive = false; break;
        case ast::BinaryOp::kLe: p.upper = other; p.upper_inclusive = true; break;
        default: break;
      }
    } else if (const auto* bt = c->As<ast::Between>(); bt && !bt->negated) {
      int idx = ColumnOf(*bt->operand, block, level);
      if (idx < 0 || !Available(*bt->low, block, level) || !Available(*bt->high, block, level)) continue;
      ColumnPredicates& p = preds[static_cast<size_t>(idx)];
      p.lower = bt->low.get();
      p.upper = bt->high.get();
      p.lower_inclusive = p.upper_inclusive = true;
    } else if (const auto* in = c->As<ast::InList>(); in && !in->negated) {
      int idx = ColumnOf(*in->operand, block, level);
      if (idx < 0) continue;
      bool all = true;
      for (const auto& x : in->list) all &= Available(*x, block, level);
      if (all) preds[static_cast<size_t>(idx)].in = &in->list;
    }
  }
  const storage::TableDef& def = *src.def;
  const storage::IndexDef* pk = def.primary_key();
  if (pk) {
    bool all_eq = true;
    std::vector<const ast::Expr*> eq;
    for (const auto& col : pk->columns) {
      int idx = def.FindColumn(col.name);
      if (idx < 0 || !preds[static_cast<size_t>(idx)].eq || !IsNumericColumn(def.columns[static_cast<size_t>(idx)].type)) {
        all_eq = false;
        break;
      }
      eq.push_back(preds[static_cast<size_t>(idx)].eq);
    }
    if (all_eq) {
      src.access.kind = AccessPath::Kind::kPrimaryPoint;
      src.access.eq = std::move(eq);
      return;
    }
    if (pk->columns.size() == 1) {
      int idx = def.FindColumn(pk->columns[0].name);
      if (idx >= 0 && preds[static_cast<size_t>(idx)].in && IsNumericColumn(def.columns[static_cast<size_t>(idx)].type)) {
        src.access.kind = AccessPath::Kind::kPointList;
        for (const auto& x : *preds[static_cast<size_t>(idx)].in) src.access.in_list.push_back(x.get());
        return;
      }
    }
  }
  // Best index range: equality beats a range; primary beats secondary.
  int best_score = 0;
  for (const auto& index : def.indexes) {
    int idx = def.FindColumn(index.columns[0].name);
    if (idx < 0 || !IsNumericColumn(def.columns[static_cast<size_t>(idx)].type)) continue;
    const ColumnPredicates& p = preds[static_cast<size_t>(idx)];
    int score = p.eq ? 4 : (p.lower && p.upper ? 3 : (p.lower || p.upper ? 2 : 0));
    if (score == 0) continue;
    if (index.is_primary()) ++score;
    if (score <= best_score) continue;
    best_score = score;
    src.access = AccessPath();
    src.access.kind = AccessPath::Kind::kIndexRange;
    src.access.index = index.name;
    if (p.eq) {
      src.access.lower = src.access.upper = p.eq;
    } else {
      src.access.lower = p.lower;
      src.access.lower_inclusive = p.lower_inclusive;
      src.access.upper = p.upper;
      src.access.upper_inclusive = p.upper_inclusive;
    }
  }
}

}  // namespace sql
