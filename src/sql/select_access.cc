// Access-path choice for one FROM source: primary-key point lookups, IN-list point lookups
// and index ranges from conjuncts `col op <expr>` whose other side is computable before the
// source is read. Every chosen path yields a superset of the matching rows: all conjuncts are
// re-checked on each row.
//
// Numeric key columns take points and ranges. String (CHAR/VARCHAR) key columns take only
// equality, through StringEqualityRanges: the engine orders strings bytewise while the
// collation (utf8mb4_0900_ai_ci as implemented here: ASCII case-insensitive, NO PAD) does
// not, so a collation range `name > 'm'` is not one byte range ('N' < 'a' < 'n') and is left
// to a scan; an equality is a small set of byte ranges. DATE/DATETIME keys are not used
// (a string compared with them is parsed as a date: '2024-1-2' equals '2024-01-02').
#include <algorithm>
#include <cctype>
#include <functional>

#include "sql/expr_interval.h"
#include "sql/select_plan.h"

namespace sql {
namespace {

bool IsNumericColumn(storage::ColumnType t) {
  using storage::ColumnType;
  return t == ColumnType::kTinyInt || t == ColumnType::kSmallInt || t == ColumnType::kMediumInt ||
         t == ColumnType::kInt || t == ColumnType::kBigInt || t == ColumnType::kDecimal ||
         t == ColumnType::kFloat || t == ColumnType::kDouble;
}

bool IsStringKeyColumn(const storage::ColumnDef& col, const storage::IndexColumn& key) {
  return (col.type == storage::ColumnType::kChar || col.type == storage::ColumnType::kVarchar) &&
         key.prefix_length == 0;
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
      if (f->name == "RAND" || f->name == "SLEEP" || f->name == "UUID" || f->name == "UUID_SHORT" ||
          f->name == "SYSDATE" || f->name == "GET_LOCK" || f->name == "RELEASE_LOCK" ||
          f->name == "LAST_INSERT_ID") {
        ok = false;
        return;
      }
      for (size_t i = 0; i < f->args.size(); ++i) {
        if (!IsUnitArgument(*f, i)) walk(*f->args[i]);
      }
      return;
    }
    using namespace ast;  // NOLINT
    auto v = [&](const ExprPtr& p) { if (p) walk(*p); };
    if (const auto* u = x.As<Unary>()) v(u->operand);
    else if (const auto* b = x.As<Binary>()) { v(b->lhs); v(b->rhs); }
    else if (const auto* c = x.As<Cast>()) v(c->operand);
    else if (const auto* i = x.As<Interval>()) v(i->value);
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
  // Best index range: numeric equality beats string equality beats a two-sided range beats
  // a one-sided one; primary beats secondary.
  int best_score = 0;
  for (const auto& index : def.indexes) {
    int idx = def.FindColumn(index.columns[0].name);
    if (idx < 0) continue;
    const bool numeric = IsNumericColumn(def.columns[static_cast<size_t>(idx)].type);
    const bool string = IsStringKeyColumn(def.columns[static_cast<size_t>(idx)], index.columns[0]);
    if (!numeric && !string) continue;
    const ColumnPredicates& p = preds[static_cast<size_t>(idx)];
    int score = 0;
    if (numeric) score = p.eq ? 8 : (p.lower && p.upper ? 6 : (p.lower || p.upper ? 4 : 0));
    else if (p.eq) score = 7;
    if (score == 0) continue;
    if (index.is_primary()) ++score;
    if (score <= best_score) continue;
    best_score = score;
    src.access = AccessPath();
    src.access.kind = AccessPath::Kind::kIndexRange;
    src.access.index = index.name;
    src.access.string_eq = string;
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

std::vector<std::pair<std::string, std::string>> StringEqualityRanges(const std::string& value) {
  constexpr int kMaxEnumeratedLetters = 4;  // at most 2^4 = 16 ranges
  auto upper = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  // The enumerated prefix ends after the kMaxEnumeratedLetters-th letter.
  size_t prefix_len = 0;
  std::vector<size_t> letters;
  while (prefix_len < value.size() && static_cast<int>(letters.size()) < kMaxEnumeratedLetters) {
    if (is_letter(value[prefix_len])) letters.push_back(prefix_len);
    ++prefix_len;
  }
  std::string rest_low = value.substr(prefix_len), rest_high = rest_low;
  std::transform(rest_low.begin(), rest_low.end(), rest_low.begin(), upper);
  std::transform(rest_high.begin(), rest_high.end(), rest_high.begin(), lower);
  std::vector<std::pair<std::string, std::string>> ranges;
  // Bit i set: letter i lower-case. Counting up from all-upper gives ascending prefixes
  // because the first letter is the most significant bit.
  const size_t n = letters.size();
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::string prefix = value.substr(0, prefix_len);
    for (size_t i = 0; i < n; ++i) {
      const bool low = (mask >> (n - 1 - i)) & 1u;
      prefix[letters[i]] = low ? lower(prefix[letters[i]]) : upper(prefix[letters[i]]);
    }
    ranges.emplace_back(prefix + rest_low, prefix + rest_high);
  }
  return ranges;
}

}  // namespace sql
