#include "sql/select_plan.h"

#include <algorithm>
#include <functional>

#include "sql/expr_interval.h"
#include "sql/expr_type.h"
#include "sql/expr_value.h"
#include "storage/engine.h"

namespace sql {
namespace {

std::string Qualified(const ast::ColumnRef& r) {
  std::string s;
  if (!r.table.empty()) s = r.table + ".";
  return s + r.column;
}

// Name resolution of one clause.
class Resolver {
 public:
  Resolver(QueryBlock& block, StatementState& state, std::string clause, bool allow_aggregates,
           bool aliases_first)
      : block_(block), state_(state), clause_(std::move(clause)), allow_aggregates_(allow_aggregates),
        aliases_first_(aliases_first) {}

  Status Walk(const ast::Expr& e) {
    using namespace ast;  // NOLINT
    if (const auto* c = e.As<ColumnRef>()) return ResolveColumn(e, *c);
    if (const auto* f = e.As<FunctionCall>()) {
      if (f->db.empty() && IsAggregateFunction(f->name)) {
        if (!allow_aggregates_ || in_aggregate_) {
          return Status(ErrorCode::kInvalidGroupFunc, "Invalid use of group function");
        }
        block_.bindings.aggregates[&e] = static_cast<int>(block_.aggregates.size());
        block_.aggregates.push_back(&e);
        in_aggregate_ = true;
        for (const auto& a : f->args) {
          Status s = Walk(*a);
          if (!s.ok()) return s;
        }
        for (const auto& o : f->order_by) {
          Status s = Walk(*o.expr);
          if (!s.ok()) return s;
        }
        in_aggregate_ = false;
        return Status();
      }
      for (size_t i = 0; i < f->args.size(); ++i) {
        if (IsUnitArgument(*f, i)) continue;  // TIMESTAMPDIFF(MINUTE, ...): a keyword
        Status s = Walk(*f->args[i]);
        if (!s.ok()) return s;
      }
      return Status();
    }
    if (e.Is<Subquery>() || e.Is<Exists>()) return Status();  // planned when run
    if (const auto* in = e.As<InSubquery>()) return Walk(*in->operand);
    Status result;
    VisitChildren(e, [&](const Expr& child) {
      if (result.ok()) result = Walk(child);
    });
    return result;
  }

  static void VisitChildren(const ast::Expr& e, const std::function<void(const ast::Expr&)>& fn) {
    using namespace ast;  // NOLINT
    auto v = [&](const ExprPtr& p) { if (p) fn(*p); };
    if (const auto* u = e.As<Unary>()) v(u->operand);
    else if (const auto* b = e.As<Binary>()) { v(b->lhs); v(b->rhs); }
    else if (const auto* t = e.As<IsTest>()) v(t->operand);
    else if (const auto* bt = e.As<Between>()) { v(bt->operand); v(bt->low); v(bt->high); }
    else if (const auto* in = e.As<InList>()) { v(in->operand); for (const auto& x : in->list) v(x); }
    else if (const auto* lk = e.As<Like>()) { v(lk->operand); v(lk->pattern); v(lk->escape); }
    else if (const auto* rx = e.As<Regexp>()) { v(rx->operand); v(rx->pattern); }
    else if (const auto* c = e.As<Case>()) {
      v(c->operand);
      for (const auto& w : c->whens) { v(w.when); v(w.then); }
      v(c->else_result);
    } else if (const auto* f = e.As<FunctionCall>()) { for (const auto& a : f->args) v(a); }
    else if (const auto* c = e.As<Cast>()) v(c->operand);
    else if (const auto* i = e.As<Interval>()) v(i->value);
    else if (const auto* r = e.As<RowConstructor>()) { for (const auto& x : r->items) v(x); }
    else if (const auto* in = e.As<InSubquery>()) v(in->operand);
  }

 private:
  Status ResolveColumn(const ast::Expr& e, const ast::ColumnRef& ref) {
    if (aliases_first_ && ref.table.empty()) {
      static const std::vector<ast::SelectItem> kNone;
      const auto& items = block_.stmt ? block_.stmt->items : kNone;
      for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].alias.empty() && CollateCompare(items[i].alias, ref.column) == 0) {
          block_.bindings.columns[&e] = {ColumnBinding::Kind::kSelectItem, 0, 0, static_cast<int>(ItemIndex(i))};
          return Status();
        }
      }
    }
    int depth = 0;
    for (const QueryBlock* b = &block_; b; b = b->parent, ++depth) {
      int found_source = -1, found_col = -1, matches = 0;
      for (size_t s = 0; s < b->sources.size(); ++s) {
        const Source& src = b->sources[s];
        if (!ref.table.empty() && src.alias != ref.table) continue;
        if (!ref.db.empty() && src.db != ref.db) continue;
        for (size_t c = 0; c < src.columns.size(); ++c) {
          if (CollateCompare(src.columns[c].name, ref.column) == 0) {
            // USING columns appear once: the later duplicate is not ambiguous.
            bool using_dup = false;
            for (const auto& up : src.using_pairs) {
              if (up.right_column == static_cast<int>(c) && found_source == up.left_source) using_dup = true;
            }
            if (using_dup) continue;
            ++matches;
            found_source = static_cast<int>(s);
            found_col = static_cast<int>(c);
          }
        }
      }
      if (matches > 1) {
        return Status(ErrorCode::kNonUniqueColumn,
                      "Column '" + Qualified(ref) + "' in " + clause_ + " is ambiguous");
      }
      if (matches == 1) {
        block_.bindings.columns[&e] = {ColumnBinding::Kind::kColumn, depth, found_source, found_col};
        if (depth > 0) block_.correlated = true;
        return Status();
      }
    }
    if (ref.table.empty() && !aliases_first_ && block_.stmt && allow_aggregates_) {
      // HAVING / GROUP BY may name a select alias when no column matches.
      const auto& items = block_.stmt->items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].alias.empty() && CollateCompare(items[i].alias, ref.column) == 0) {
          block_.bindings.columns[&e] = {ColumnBinding::Kind::kSelectItem, 0, 0, static_cast<int>(ItemIndex(i))};
          return Status();
        }
      }
    }
    std::string shown = ref.column;
    if (!ref.table.empty()) shown = (ref.db.empty() ? "" : ref.db + ".") + ref.table + "." + ref.column;
    return Status(ErrorCode::kUnknownColumn, "Unknown column '" + shown + "' in '" + clause_ + "'");
  }

  // Output position of select item i (stars expand to several outputs).
  size_t ItemIndex(size_t select_item) const {
    for (size_t k = 0; k < block_.items.size(); ++k) {
      if (block_.item_origin.size() > k && block_.item_origin[k] == static_cast<int>(select_item)) return k;
    }
    return select_item;
  }

  QueryBlock& block_;
  StatementState& state_;
  std::string clause_;
  bool allow_aggregates_;
  bool aliases_first_;
  bool in_aggregate_ = false;
};

// Flattens a FROM entry into block.sources (left-deep), attaching ON conditions.
Status AddTableRef(const ast::TableRef& ref, QueryBlock& block, StatementState& state, bool left_join,
                   const ast::Expr* on, const std::vector<std::string>* using_columns) {
  if (ref.kind == ast::TableRefKind::kTable || ref.kind == ast::TableRefKind::kDerived) {
    auto src = ref.kind == ast::TableRefKind::kTable ? OpenSource(ref.table, ref.alias, state)
                                                      : OpenDerivedSource(ref, state);
    if (!src.ok()) return src.status();
    for (const Source& s : block.sources) {
      if (s.alias == src->alias) {
        return Status(ErrorCode::kNonUniqueColumn, "Not unique table/alias: '" + src->alias + "'");
      }
    }
    src->left_join = left_join;
    SplitConjuncts(on, &src->on);
    if (using_columns) {
      for (const std::string& col : *using_columns) {
        int right = -1;
        for (size_t c = 0; c < src->columns.size(); ++c) {
          if (CollateCompare(src->columns[c].name, col) == 0) right = static_cast<int>(c);
        }
        int left_source = -1, left_col = -1;
        for (size_t s = 0; s < block.sources.size() && left_source < 0; ++s) {
          for (size_t c = 0; c < block.sources[s].columns.size(); ++c) {
            if (CollateCompare(block.sources[s].columns[c].name, col) == 0) {
              left_source = static_cast<int>(s);
              left_col = static_cast<int>(c);
              break;
            }
          }
        }
        if (right < 0 || left_source < 0) {
          return Status(ErrorCode::kUnknownColumn, "Unknown column '" + col + "' in 'from clause'");
        }
        src->using_pairs.push_back({left_source, left_col, right});
      }
    }
    block.sources.push_back(std::move(*src));
    return Status();
  }
  // A join: the left side keeps its own kind; the right side must be a single source (table
  // or derived table) for outer joins.
  const ast::TableRef* left = ref.left.get();
  const ast::TableRef* right = ref.right.get();
  bool outer = ref.join_type == ast::JoinType::kLeft || ref.join_type == ast::JoinType::kRight;
  if (ref.join_type == ast::JoinType::kRight) {
    if (left->kind == ast::TableRefKind::kJoin) {
      return Status(ErrorCode::kNotSupported,
                    "This version of MySQL doesn't yet support 'RIGHT JOIN with a nested left operand'");
    }
    std::swap(left, right);
  }
  Status s = AddTableRef(*left, block, state, left_join, on, using_columns);
  if (!s.ok()) return s;
  if (outer && right->kind == ast::TableRefKind::kJoin) {
    return Status(ErrorCode::kNotSupported,
                  "This version of MySQL doesn't yet support 'outer join with a nested right operand'");
  }
  return AddTableRef(*right, block, state, outer, ref.on.get(),
                     ref.using_columns.empty() ? nullptr : &ref.using_columns);
}

// Highest source index of this block that `e` references; -1 for none. Subqueries count as
// referencing every source (they may be correlated).
int MaxSourceLevel(const ast::Expr& e, const QueryBlock& block) {
  int level = -1;
  std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& x) {
    if (x.Is<ast::ColumnRef>()) {
      auto it = block.bindings.columns.find(&x);
      if (it != block.bindings.columns.end() && it->second.depth == 0 &&
          it->second.kind == ColumnBinding::Kind::kColumn) {
        level = std::max(level, it->second.source);
      }
      return;
    }
    if (x.Is<ast::Subquery>() || x.Is<ast::Exists>() || x.Is<ast::InSubquery>()) {
      level = static_cast<int>(block.sources.size()) - 1;
      if (const auto* in = x.As<ast::InSubquery>()) walk(*in->operand);
      return;
    }
    Resolver::VisitChildren(x, walk);
  };
  walk(e);
  return level;
}

}  // namespace

void SplitConjuncts(const ast::Expr* expr, std::vector<const ast::Expr*>* out) {
  if (!expr) return;
  if (const auto* b = expr->As<ast::Binary>(); b && b->op == ast::BinaryOp::kAnd) {
    SplitConjuncts(b->lhs.get(), out);
    SplitConjuncts(b->rhs.get(), out);
    return;
  }
  out->push_back(expr);
}

Status AddFromClause(const std::vector<ast::TableRef>& from, QueryBlock& block, StatementState& state) {
  for (const ast::TableRef& ref : from) {
    Status s = AddTableRef(ref, block, state, false, nullptr, nullptr);
    if (!s.ok()) return s;
  }
  for (Source& src : block.sources) {
    for (const ast::Expr* on : src.on) {
      Status s = ResolveExpression(*on, block, "on clause", state);
      if (!s.ok()) return s;
    }
  }
  return Status();
}

void PlaceConditions(QueryBlock& block, const std::vector<const ast::Expr*>& where) {
  for (const ast::Expr* w : where) {
    int level = MaxSourceLevel(*w, block);
    if (level < 0) block.constant_where.push_back(w);
    else block.sources[static_cast<size_t>(level)].where.push_back(w);
  }
  for (size_t i = 0; i < block.sources.size(); ++i) ChooseAccessPath(block, static_cast<int>(i));
}

Status ResolveExpression(const ast::Expr& expr, QueryBlock& block, const std::string& clause,
                         StatementState& state) {
  Resolver r(block, state, clause, false, false);
  return r.Walk(expr);
}

namespace {

// ONLY_FULL_GROUP_BY: every column outside aggregates must be grouped (or the group key holds
// its table's whole primary key: functional dependence, as MySQL 8.0 detects).
Status CheckFullGroupBy(const QueryBlock& block, const ast::Expr& e, const std::string& where,
                        size_t item_no) {
  std::vector<std::string> group_texts;
  std::vector<std::pair<int, int>> group_cols;
  for (const ast::Expr* g : block.group_by) {
    group_texts.push_back(ExprToString(*g));
    auto it = block.bindings.columns.find(g);
    if (it != block.bindings.columns.end() && it->second.kind == ColumnBinding::Kind::kColumn &&
        it->second.depth == 0) {
      group_cols.emplace_back(it->second.source, it->second.index);
    }
  }
  auto pk_grouped = [&](int source) {
    const Source& s = block.sources[static_cast<size_t>(source)];
    if (!s.def || !s.def->primary_key()) return false;
    for (const auto& col : s.def->primary_key()->columns) {
      int idx = s.def->FindColumn(col.name);
      if (std::find(group_cols.begin(), group_cols.end(), std::make_pair(source, idx)) == group_cols.end()) {
        return false;
      }
    }
    return true;
  };
  Status result;
  std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& x) {
    if (!result.ok()) return;
    if (block.bindings.aggregates.count(&x)) return;
    if (x.Is<ast::Subquery>() || x.Is<ast::Exists>()) return;
    if (!group_texts.empty() && std::find(group_texts.begin(), group_texts.end(), ExprToString(x)) != group_texts.end()) {
      return;
    }
    if (x.Is<ast::ColumnRef>()) {
      auto it = block.bindings.columns.find(&x);
      if (it == block.bindings.columns.end() || it->second.depth != 0 ||
          it->second.kind != ColumnBinding::Kind::kColumn) {
        return;
      }
      auto key = std::make_pair(it->second.source, it->second.index);
      if (std::find(group_cols.begin(), group_cols.end(), key) != group_cols.end()) return;
      if (pk_grouped(key.first)) return;
      const Source& s = block.sources[static_cast<size_t>(key.first)];
      std::string col = s.db + "." + s.alias + "." + s.columns[static_cast<size_t>(key.second)].name;
      if (block.group_by.empty()) {
        result = Status(ErrorCode::kWrongFieldWithGroup,
                        "In aggregated query without GROUP BY, expression #" + std::to_string(item_no) +
                            " of " + where + " contains nonaggregated column '" + col +
                            "'; this is incompatible with sql_mode=only_full_group_by");
      } else {
        result = Status(ErrorCode::kWrongFieldWithGroup,
                        "Expression #" + std::to_string(item_no) + " of " + where +
                            " is not in GROUP BY clause and contains nonaggregated column '" + col +
                            "' which is not functionally dependent on columns in GROUP BY clause; this "
                            "is incompatible with sql_mode=only_full_group_by");
      }
      return;
    }
    Resolver::VisitChildren(x, walk);
  };
  walk(e);
  return result;
}

const ast::Expr* ItemExprForName(const QueryBlock& block, const std::string& name) {
  for (size_t k = 0; k < block.items.size(); ++k) {
    const ast::SelectItem& si = block.stmt->items[static_cast<size_t>(block.item_origin[k])];
    if (!si.alias.empty() && CollateCompare(si.alias, name) == 0) return block.items[k].expr;
  }
  return nullptr;
}

bool NameIsSourceColumn(const QueryBlock& block, const std::string& name) {
  for (const Source& s : block.sources) {
    for (const ColumnInfo& c : s.columns) {
      if (CollateCompare(c.name, name) == 0) return true;
    }
  }
  return false;
}

// The type of a scalar subquery `(SELECT x ...)`: x's type, nullable (no row gives NULL).
// Planning the subquery here only reads its metadata (derived tables inside it are
// materialized); it is planned again when it runs. nullopt when `e` is no subquery or its
// plan fails (the error then surfaces when it runs).
std::optional<ColumnInfo> ScalarSubqueryType(const ast::Expr& e, const QueryBlock& block, StatementState& state) {
  const auto* sq = e.As<ast::Subquery>();
  if (!sq || !sq->select) return std::nullopt;
  auto plan = PlanQueryBlock(*sq->select, &block, state);
  if (!plan.ok() || (*plan)->items.empty()) return std::nullopt;
  ColumnInfo info = (*plan)->items[0].info;
  info.not_null = false;
  info.primary_key = info.unique_key = info.multiple_key = info.auto_increment = false;
  info.table = info.org_table = info.org_name = info.schema = "";
  return info;
}

}  // namespace

Result<std::unique_ptr<QueryBlock>> PlanQueryBlock(const ast::SelectStmt& select, const QueryBlock* parent,
                                                   StatementState& state) {
  auto block = std::make_unique<QueryBlock>();
  block->stmt = &select;
  block->parent = parent;
  switch (select.lock_mode) {
    case ast::RowLockMode::kNone: break;
    case ast::RowLockMode::kForUpdate: block->lock = storage::RowLockMode::kExclusive; break;
    case ast::RowLockMode::kForShare: block->lock = storage::RowLockMode::kShared; break;
  }
  for (const ast::TableRef& ref : select.from) {
    Status s = AddTableRef(ref, *block, state, false, nullptr, nullptr);
    if (!s.ok()) return s;
  }
  // Select list: expand stars, resolve expressions.
  for (size_t i = 0; i < select.items.size(); ++i) {
    const ast::SelectItem& item = select.items[i];
    if (item.star) {
      bool any = false;
      for (size_t s = 0; s < block->sources.size(); ++s) {
        const Source& src = block->sources[s];
        if (!item.star_table.empty() && src.alias != item.star_table) continue;
        any = true;
        for (size_t c = 0; c < src.columns.size(); ++c) {
          bool using_dup = false;
          for (const auto& up : src.using_pairs) using_dup |= up.right_column == static_cast<int>(c);
          if (using_dup && item.star_table.empty()) continue;
          OutputItem out;
          out.star_source = static_cast<int>(s);
          out.star_column = static_cast<int>(c);
          out.info = src.columns[c];
          block->items.push_back(std::move(out));
          block->item_origin.push_back(static_cast<int>(i));
        }
      }
      if (!any) {
        if (item.star_table.empty()) return Status(ErrorCode::kNoSuchTable, "No tables used");
        return Status(ErrorCode::kUnknownTable, "Unknown table '" + item.star_table + "'");
      }
      continue;
    }
    OutputItem out;
    out.expr = item.expr.get();
    block->items.push_back(std::move(out));
    block->item_origin.push_back(static_cast<int>(i));
  }
  for (OutputItem& out : block->items) {
    if (!out.expr) continue;
    Resolver r(*block, state, "field list", true, false);
    Status s = r.Walk(*out.expr);
    if (!s.ok()) return s;
  }
  // WHERE (no aggregates).
  std::vector<const ast::Expr*> where;
  SplitConjuncts(select.where.get(), &where);
  for (const ast::Expr* w : where) {
    Resolver r(*block, state, "where clause", false, false);
    Status s = r.Walk(*w);
    if (!s.ok()) return s;
  }
  for (Source& src : block->sources) {
    for (const ast::Expr* on : src.on) {
      Resolver r(*block, state, "on clause", false, false);
      Status s = r.Walk(*on);
      if (!s.ok()) return s;
    }
  }
  // GROUP BY: column, alias or ordinal.
  for (const auto& g : select.group_by) {
    const ast::Expr* target = g.get();
    if (const auto* lit = g->As<ast::Literal>(); lit && lit->type == ast::LiteralType::kInt) {
      int64_t n = lit->value.ToInt();
      if (n < 1 || n > static_cast<int64_t>(block->items.size())) {
        return Status(ErrorCode::kUnknownColumn, "Unknown column '" + std::to_string(n) + "' in 'group statement'");
      }
      target = block->items[static_cast<size_t>(n - 1)].expr;
      if (!target) return Status(ErrorCode::kNotSupported, "This version of MySQL doesn't yet support 'GROUP BY *'");
    } else if (const auto* c = g->As<ast::ColumnRef>(); c && c->table.empty() && !NameIsSourceColumn(*block, c->column)) {
      if (const ast::Expr* e = ItemExprForName(*block, c->column)) target = e;
    }
    if (target == g.get()) {
      Resolver r(*block, state, "group statement", false, false);
      Status s = r.Walk(*g);
      if (!s.ok()) return s;
    } else if (block->bindings.aggregates.count(target)) {
      return Status(ErrorCode::kWrongFieldWithGroup, "Can't group on '" + ExprToString(*target) + "'");
    }
    block->group_by.push_back(target);
  }
  if (select.having) {
    Resolver r(*block, state, "having clause", true, false);
    Status s = r.Walk(*select.having);
    if (!s.ok()) return s;
  }
  // ORDER BY: ordinal, alias, or expression.
  for (const auto& o : select.order_by) {
    int item = -1;
    if (const auto* lit = o.expr->As<ast::Literal>(); lit && lit->type == ast::LiteralType::kInt) {
      int64_t n = lit->value.ToInt();
      if (n < 1 || n > static_cast<int64_t>(block->items.size())) {
        return Status(ErrorCode::kUnknownColumn, "Unknown column '" + std::to_string(n) + "' in 'order clause'");
      }
      item = static_cast<int>(n - 1);
    } else if (const auto* c = o.expr->As<ast::ColumnRef>(); c && c->table.empty()) {
      for (size_t k = 0; k < block->items.size() && item < 0; ++k) {
        const ast::SelectItem& si = select.items[static_cast<size_t>(block->item_origin[k])];
        if (!si.alias.empty() && CollateCompare(si.alias, c->column) == 0) item = static_cast<int>(k);
      }
    }
    if (item < 0) {
      Resolver r(*block, state, "order clause", true, false);
      Status s = r.Walk(*o.expr);
      if (!s.ok()) return s;
    }
    block->order_by.push_back(item < 0 ? o.expr.get() : nullptr);
    block->order_item.push_back(item);
    block->order_desc.push_back(o.descending);
  }
  block->aggregated = !block->group_by.empty() || !block->aggregates.empty();
  if (block->aggregated && state.only_full_group_by) {
    for (size_t k = 0; k < block->items.size(); ++k) {
      const OutputItem& out = block->items[k];
      if (!out.expr) {
        {
          const Source& src = block->sources[static_cast<size_t>(out.star_source)];
          bool grouped = false;
          for (const ast::Expr* g : block->group_by) {
            auto it = block->bindings.columns.find(g);
            if (it != block->bindings.columns.end() && it->second.source == out.star_source &&
                it->second.index == out.star_column && it->second.depth == 0) {
              grouped = true;
            }
          }
          bool pk = src.def && src.def->primary_key();
          if (pk) {
            for (const auto& col : src.def->primary_key()->columns) {
              int idx = src.def->FindColumn(col.name);
              bool found = false;
              for (const ast::Expr* g : block->group_by) {
                auto it = block->bindings.columns.find(g);
                if (it != block->bindings.columns.end() && it->second.source == out.star_source &&
                    it->second.index == idx) {
                  found = true;
                }
              }
              pk &= found;
            }
          }
          if (!grouped && !pk) {
            std::string col = src.db + "." + src.alias + "." + src.columns[static_cast<size_t>(out.star_column)].name;
            return Status(ErrorCode::kWrongFieldWithGroup,
                          block->group_by.empty()
                              ? "In aggregated query without GROUP BY, expression #" + std::to_string(k + 1) +
                                    " of SELECT list contains nonaggregated column '" + col +
                                    "'; this is incompatible with sql_mode=only_full_group_by"
                              : "Expression #" + std::to_string(k + 1) +
                                    " of SELECT list is not in GROUP BY clause and contains nonaggregated column '" +
                                    col + "' which is not functionally dependent on columns in GROUP BY clause; "
                                    "this is incompatible with sql_mode=only_full_group_by");
          }
        }
        continue;
      }
      Status s = CheckFullGroupBy(*block, *out.expr, "SELECT list", k + 1);
      if (!s.ok()) return s;
    }
    for (size_t k = 0; k < block->order_by.size(); ++k) {
      if (!block->order_by[k]) continue;
      Status s = CheckFullGroupBy(*block, *block->order_by[k], "ORDER BY clause", k + 1);
      if (!s.ok()) return s;
    }
  }
  PlaceConditions(*block, where);
  // Result metadata.
  auto lookup = [&](const ast::Expr& e) -> const ColumnInfo* {
    auto it = block->bindings.columns.find(&e);
    if (it == block->bindings.columns.end() || it->second.kind != ColumnBinding::Kind::kColumn) return nullptr;
    const QueryBlock* b = block.get();
    for (int d = 0; d < it->second.depth && b; ++d) b = b->parent;
    if (!b) return nullptr;
    return &b->sources[static_cast<size_t>(it->second.source)].columns[static_cast<size_t>(it->second.index)];
  };
  for (size_t k = 0; k < block->items.size(); ++k) {
    OutputItem& out = block->items[k];
    if (!out.expr) continue;
    const ast::SelectItem& si = select.items[static_cast<size_t>(block->item_origin[k])];
    if (out.expr->Is<ast::ColumnRef>() && lookup(*out.expr)) {
      out.info = *lookup(*out.expr);
    } else if (auto sub = ScalarSubqueryType(*out.expr, *block, state)) {
      out.info = *sub;
    } else {
      out.info = InferType(*out.expr, lookup);
      if (block->aggregated && !block->bindings.aggregates.count(out.expr)) out.info.not_null = false;
    }
    out.info.name = si.name.empty() ? si.alias : si.name;
    if (!si.alias.empty()) out.info.name = si.alias;
  }
  return block;
}

}  // namespace sql
