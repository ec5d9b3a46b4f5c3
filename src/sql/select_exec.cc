#include "sql/select_exec.h"

#include <algorithm>

#include "sql/expr_value.h"
#include "sql/select_aggregate.h"
#include "storage/engine.h"

namespace sql {
namespace {

bool RowLess(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = CompareForSort(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

struct RowSetLess {
  bool operator()(const Row& a, const Row& b) const { return RowLess(a, b); }
};

Result<uint64_t> LimitValue(const ast::Expr* e, StatementState& state) {
  if (!e) return uint64_t{0};
  auto v = Eval(*e, EvalEnv{}, state);
  if (!v.ok()) return v.status();
  if (v->is_null() || (v->kind() == ValueKind::kInt && v->int_value() < 0)) {
    return Status(ErrorCode::kWrongArguments, "Incorrect arguments to LIMIT");
  }
  return v->ToUInt();
}

// Checks all conditions of one join level.
Result<bool> LevelConditions(const std::vector<const ast::Expr*>& conds, const EvalEnv& env,
                             StatementState& state) {
  for (const ast::Expr* c : conds) {
    auto ok = EvalCondition(*c, env, state);
    if (!ok.ok() || !*ok) return ok;
  }
  return true;
}

}  // namespace

Value IndexKeyValue(const Value& v) {
  if (v.kind() == ValueKind::kString || v.kind() == ValueKind::kDate || v.kind() == ValueKind::kDateTime) {
    double d = v.ToDouble();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return Value::Int(static_cast<int64_t>(d));
    return Value::Double(d);
  }
  return v;
}

Status QueryRunner::Enumerate(QueryBlock& block, EvalEnv& env, const std::function<Result<bool>()>& emit) {
  for (const ast::Expr* c : block.constant_where) {
    auto ok = EvalCondition(*c, env, state_);
    if (!ok.ok()) return ok.status();
    if (!*ok) return Status();
  }
  bool stop = false;
  if (block.sources.empty()) {
    auto r = emit();
    return r.status();
  }
  return EnumerateLevel(block, 0, env, emit, &stop);
}

Status QueryRunner::EnumerateLevel(QueryBlock& block, size_t level, EvalEnv& env,
                                   const std::function<Result<bool>()>& emit, bool* stop) {
  if (level == block.sources.size()) {
    auto r = emit();
    if (!r.ok()) return r.status();
    if (!*r) *stop = true;
    return Status();
  }
  Source& src = block.sources[level];
  bool matched = false;
  // One candidate row: ON/USING, then WHERE conjuncts of this level, then deeper levels.
  auto visit = [&](const Row& row) -> Status {
    ++state_.rows_examined;
    if ((state_.rows_examined & 1023) == 0) {
      Status k = state_.CheckKilled();
      if (!k.ok()) return k;
    }
    env.rows[level] = &row;
    for (const auto& up : src.using_pairs) {
      const Row* l = env.rows[static_cast<size_t>(up.left_source)];
      if (!l) return Status();
      const Value& a = (*l)[static_cast<size_t>(up.left_column)];
      const Value& b = row[static_cast<size_t>(up.right_column)];
      if (a.is_null() || b.is_null() || CompareForSql(a, b) != 0) return Status();
    }
    auto on = LevelConditions(src.on, env, state_);
    if (!on.ok()) return on.status();
    if (!*on) return Status();
    matched = true;
    auto where = LevelConditions(src.where, env, state_);
    if (!where.ok()) return where.status();
    if (!*where) return Status();
    return EnumerateLevel(block, level + 1, env, emit, stop);
  };
  // Locking reads lock the row, re-read it and re-check it (the committed version may differ).
  storage::Transaction* trx = src.table ? &state_.ctx.Transaction() : nullptr;
  if (current_pk_.size() < block.sources.size()) current_pk_.resize(block.sources.size());
  const storage::RowLockMode lock = src.lock != storage::RowLockMode::kNone ? src.lock : block.lock;
  auto visit_storage = [&](const storage::Key& pk, const Row& row) -> Status {
    current_pk_[level] = pk;
    if (lock == storage::RowLockMode::kNone) return visit(row);
    auto locked = trx->Get(*src.table, pk, lock);
    if (!locked.ok()) return locked.status();
    if (!locked->has_value()) return Status();
    return visit(**locked);
  };
  if (!src.table) {
    for (const Row& row : src.rows) {
      Status s = visit(row);
      if (!s.ok() || *stop) return s;
    }
  } else {
    const AccessPath& ap = src.access;
    // Visits the rows `spec` selects; stops early on an error or *stop.
    auto scan = [&](const storage::ScanSpec& spec) -> Status {
      auto cursor = trx->Scan(*src.table, spec);
      if (!cursor.ok()) return cursor.status();
      while (true) {
        auto more = (*cursor)->Next();
        if (!more.ok()) return more.status();
        if (!*more) return Status();
        Status s = visit_storage((*cursor)->primary_key(), (*cursor)->row());
        if (!s.ok() || *stop) return s;
      }
    };
    if (ap.kind == AccessPath::Kind::kPrimaryPoint || ap.kind == AccessPath::Kind::kPointList) {
      std::vector<storage::Key> keys;
      if (ap.kind == AccessPath::Kind::kPrimaryPoint) {
        storage::Key key;
        bool null_key = false;
        for (const ast::Expr* e : ap.eq) {
          auto v = Eval(*e, env, state_);
          if (!v.ok()) return v.status();
          null_key |= v->is_null();
          key.push_back(IndexKeyValue(*v));
        }
        if (!null_key) keys.push_back(std::move(key));
      } else {
        for (const ast::Expr* e : ap.in_list) {
          auto v = Eval(*e, env, state_);
          if (!v.ok()) return v.status();
          if (!v->is_null()) keys.push_back({IndexKeyValue(*v)});
        }
        std::sort(keys.begin(), keys.end(), [](const storage::Key& a, const storage::Key& b) { return RowLess(a, b); });
        keys.erase(std::unique(keys.begin(), keys.end(),
                               [](const storage::Key& a, const storage::Key& b) { return !RowLess(a, b) && !RowLess(b, a); }),
                   keys.end());
      }
      for (const storage::Key& key : keys) {
        auto row = trx->Get(*src.table, key, lock);
        if (!row.ok()) return row.status();
        if (!row->has_value()) continue;
        current_pk_[level] = key;
        Status s = visit(**row);
        if (!s.ok() || *stop) return s;
      }
    } else if (ap.kind == AccessPath::Kind::kIndexRange && ap.string_eq) {
      auto v = Eval(*ap.lower, env, state_);
      if (!v.ok()) return v.status();
      std::vector<storage::ScanSpec> specs;
      if (v->kind() == ValueKind::kString) {
        for (auto& [lo, hi] : StringEqualityRanges(v->text())) {
          storage::ScanSpec spec;
          spec.index = ap.index;
          spec.lower = storage::KeyBound{{Value::String(std::move(lo))}, true};
          spec.upper = storage::KeyBound{{Value::String(std::move(hi))}, true};
          specs.push_back(std::move(spec));
        }
      } else if (!v->is_null()) {
        // Compared numerically (or as a date): any string may match; scan the whole index.
        storage::ScanSpec spec;
        spec.index = ap.index;
        specs.push_back(std::move(spec));
      }
      for (const storage::ScanSpec& spec : specs) {
        Status s = scan(spec);
        if (!s.ok() || *stop) return s;
      }
    } else {
      storage::ScanSpec spec;
      bool empty = false;
      if (ap.kind == AccessPath::Kind::kIndexRange) {
        spec.index = ap.index;
        if (ap.lower) {
          auto v = Eval(*ap.lower, env, state_);
          if (!v.ok()) return v.status();
          empty |= v->is_null();
          spec.lower = storage::KeyBound{{IndexKeyValue(*v)}, ap.lower_inclusive};
        }
        if (ap.upper) {
          auto v = Eval(*ap.upper, env, state_);
          if (!v.ok()) return v.status();
          empty |= v->is_null();
          spec.upper = storage::KeyBound{{IndexKeyValue(*v)}, ap.upper_inclusive};
        }
      }
      if (!empty) {
        Status s = scan(spec);
        if (!s.ok() || *stop) return s;
      }
    }
  }
  if (!matched && src.left_join && !*stop) {
    env.rows[level] = nullptr;
    auto where = LevelConditions(src.where, env, state_);
    if (!where.ok()) return where.status();
    if (*where) return EnumerateLevel(block, level + 1, env, emit, stop);
  }
  return Status();
}

Result<std::vector<Row>> QueryRunner::RunBlock(QueryBlock& block, const EvalEnv* outer, size_t max_rows) {
  const ast::SelectStmt& st = *block.stmt;
  uint64_t limit = UINT64_MAX, offset = 0;
  if (st.limit) {
    auto c = LimitValue(st.limit->count.get(), state_);
    if (!c.ok()) return c.status();
    limit = *c;
    auto o = LimitValue(st.limit->offset.get(), state_);
    if (!o.ok()) return o.status();
    offset = *o;
  }
  EvalEnv env;
  env.bindings = &block.bindings;
  env.rows.assign(block.sources.size(), nullptr);
  env.outer = outer;
  struct OutRow {
    Row values;
    Row keys;
  };
  std::vector<OutRow> out;
  const bool sorted = !block.order_by.empty();
  auto compute = [&](EvalEnv& e, std::vector<Value>& items) -> Result<bool> {
    items.clear();
    for (const OutputItem& it : block.items) {
      if (!it.expr) {
        const Row* r = e.rows[static_cast<size_t>(it.star_source)];
        items.push_back(r ? (*r)[static_cast<size_t>(it.star_column)] : Value::Null());
        continue;
      }
      auto v = Eval(*it.expr, e, state_);
      if (!v.ok()) return v.status();
      items.push_back(std::move(*v));
    }
    e.items = &items;
    if (st.having) {
      auto h = EvalCondition(*st.having, e, state_);
      if (!h.ok() || !*h) return h;
    }
    OutRow row;
    for (size_t k = 0; k < block.order_by.size(); ++k) {
      if (block.order_item[k] >= 0) {
        row.keys.push_back(items[static_cast<size_t>(block.order_item[k])]);
        continue;
      }
      auto v = Eval(*block.order_by[k], e, state_);
      if (!v.ok()) return v.status();
      row.keys.push_back(std::move(*v));
    }
    row.values = items;
    out.push_back(std::move(row));
    return true;
  };
  std::vector<Value> items;
  if (!block.aggregated) {
    const uint64_t want = (sorted || st.distinct) ? UINT64_MAX : (limit == UINT64_MAX ? UINT64_MAX : limit + offset);
    Status s = Enumerate(block, env, [&]() -> Result<bool> {
      auto r = compute(env, items);
      if (!r.ok()) return r;
      if (max_rows && !sorted && !st.distinct && out.size() >= max_rows) return false;
      return out.size() < want;
    });
    if (!s.ok()) return s;
  } else {
    struct Group {
      std::vector<Row> rows;  // representative source rows
      std::vector<bool> null_rows;
      std::vector<Aggregator> aggs;
    };
    std::map<Row, Group, RowSetLess> groups;
    Status s = Enumerate(block, env, [&]() -> Result<bool> {
      Row key;
      for (const ast::Expr* g : block.group_by) {
        auto v = Eval(*g, env, state_);
        if (!v.ok()) return v.status();
        key.push_back(std::move(*v));
      }
      auto it = groups.find(key);
      if (it == groups.end()) {
        Group g;
        for (const Row* r : env.rows) {
          g.rows.push_back(r ? *r : Row());
          g.null_rows.push_back(r == nullptr);
        }
        for (const ast::Expr* a : block.aggregates) g.aggs.emplace_back(*a->As<ast::FunctionCall>());
        it = groups.emplace(std::move(key), std::move(g)).first;
      }
      for (size_t i = 0; i < block.aggregates.size(); ++i) {
        const auto& call = *block.aggregates[i]->As<ast::FunctionCall>();
        std::vector<Value> args;
        for (const auto& a : call.args) {
          auto v = Eval(*a, env, state_);
          if (!v.ok()) return v.status();
          args.push_back(std::move(*v));
        }
        for (const auto& o : call.order_by) {
          auto v = Eval(*o.expr, env, state_);
          if (!v.ok()) return v.status();
          args.push_back(std::move(*v));
        }
        it->second.aggs[i].Add(args, state_);
      }
      return true;
    });
    if (!s.ok()) return s;
    if (groups.empty() && block.group_by.empty()) {
      Group g;
      g.rows.assign(block.sources.size(), Row());
      g.null_rows.assign(block.sources.size(), true);
      for (const ast::Expr* a : block.aggregates) g.aggs.emplace_back(*a->As<ast::FunctionCall>());
      groups.emplace(Row(), std::move(g));
    }
    for (auto& [key, g] : groups) {
      std::vector<Value> agg_values;
      for (const Aggregator& a : g.aggs) agg_values.push_back(a.Result());
      EvalEnv ge = env;
      for (size_t i = 0; i < g.rows.size(); ++i) ge.rows[i] = g.null_rows[i] ? nullptr : &g.rows[i];
      ge.aggregates = &agg_values;
      auto r = compute(ge, items);
      if (!r.ok()) return r.status();
    }
  }
  if (sorted) {
    std::stable_sort(out.begin(), out.end(), [&](const OutRow& a, const OutRow& b) {
      for (size_t k = 0; k < a.keys.size(); ++k) {
        int c = CompareForSort(a.keys[k], b.keys[k]);
        if (c != 0) return block.order_desc[k] ? c > 0 : c < 0;
      }
      return false;
    });
  }
  std::vector<Row> rows;
  std::set<Row, RowSetLess> seen;
  uint64_t skipped = 0;
  for (OutRow& r : out) {
    if (st.distinct && !seen.insert(r.values).second) continue;
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    if (rows.size() >= limit) break;
    if (max_rows && rows.size() >= max_rows) break;
    rows.push_back(std::move(r.values));
  }
  if (!outer && derived_depth_ == 0) state_.ctx.set_found_rows(st.calc_found_rows ? out.size() : rows.size());
  return rows;
}

Result<std::vector<Row>> QueryRunner::RunSelect(const ast::SelectStmt& select, const QueryBlock* parent,
                                                const EvalEnv* outer, size_t max_rows,
                                                std::vector<ColumnInfo>* columns) {
  auto& plan = plans_[&select];
  if (!plan) {
    auto p = PlanQueryBlock(select, parent, state_);
    if (!p.ok()) return p.status();
    plan = std::move(*p);
  }
  if (columns) {
    columns->clear();
    for (const OutputItem& it : plan->items) columns->push_back(it.info);
  }
  if (select.unions.empty()) return RunBlock(*plan, outer, max_rows);
  auto rows = RunBlock(*plan, outer, 0);
  if (!rows.ok()) return rows;
  std::vector<Row> all = std::move(*rows);
  bool distinct_all = false;
  for (const ast::UnionTerm& term : select.unions) {
    std::vector<ColumnInfo> cols;
    auto more = RunSelect(*term.select, parent, outer, 0, &cols);
    if (!more.ok()) return more;
    if (cols.size() != plan->items.size()) {
      return Status(ErrorCode::kWrongValueCount,
                    "The used SELECT statements have a different number of columns");
    }
    if (columns) {
      for (size_t i = 0; i < cols.size(); ++i) {
        (*columns)[i].length = std::max((*columns)[i].length, cols[i].length);
        (*columns)[i].not_null = (*columns)[i].not_null && cols[i].not_null;
      }
    }
    for (Row& r : *more) all.push_back(std::move(r));
    distinct_all |= !term.all;
  }
  if (distinct_all) {
    std::set<Row, RowSetLess> seen;
    std::vector<Row> unique;
    for (Row& r : all) if (seen.insert(r).second) unique.push_back(std::move(r));
    all = std::move(unique);
  }
  if (!select.union_order_by.empty()) {
    std::vector<std::pair<int, bool>> keys;
    for (const auto& o : select.union_order_by) {
      int idx = -1;
      if (const auto* lit = o.expr->As<ast::Literal>(); lit && lit->type == ast::LiteralType::kInt) {
        idx = static_cast<int>(lit->value.ToInt()) - 1;
      } else if (const auto* c = o.expr->As<ast::ColumnRef>()) {
        for (size_t i = 0; i < plan->items.size(); ++i) {
          if (CollateCompare(plan->items[i].info.name, c->column) == 0) idx = static_cast<int>(i);
        }
      }
      if (idx < 0 || idx >= static_cast<int>(plan->items.size())) {
        return Status(ErrorCode::kUnknownColumn, "Unknown column '" + ExprToString(*o.expr) + "' in 'order clause'");
      }
      keys.emplace_back(idx, o.descending);
    }
    std::stable_sort(all.begin(), all.end(), [&](const Row& a, const Row& b) {
      for (auto [i, desc] : keys) {
        int c = CompareForSort(a[static_cast<size_t>(i)], b[static_cast<size_t>(i)]);
        if (c != 0) return desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  if (select.union_limit) {
    auto c = LimitValue(select.union_limit->count.get(), state_);
    if (!c.ok()) return c.status();
    auto o = LimitValue(select.union_limit->offset.get(), state_);
    if (!o.ok()) return o.status();
    std::vector<Row> limited;
    for (uint64_t i = *o; i < all.size() && limited.size() < *c; ++i) limited.push_back(std::move(all[i]));
    all = std::move(limited);
  }
  if (max_rows && all.size() > max_rows) all.resize(max_rows);
  return all;
}

Result<std::vector<Row>> QueryRunner::RunDerived(const ast::SelectStmt& select,
                                                 std::vector<ColumnInfo>* columns) {
  ++derived_depth_;
  auto rows = RunSelect(select, nullptr, nullptr, 0, columns);
  --derived_depth_;
  return rows;
}

Result<std::vector<Row>> QueryRunner::RunSubquery(const ast::SelectStmt& select, const EvalEnv& outer,
                                                  size_t max_rows) {
  auto cached = cached_.find(&select);
  if (cached != cached_.end()) {
    std::vector<Row> rows = cached->second;
    if (max_rows && rows.size() > max_rows) rows.resize(max_rows);
    return rows;
  }
  // The enclosing block's plan is found through the bindings of `outer`.
  const QueryBlock* parent = nullptr;
  for (const auto& [stmt, plan] : plans_) {
    if (&plan->bindings == outer.bindings) parent = plan.get();
  }
  if (!parent && outer_block_) parent = outer_block_;
  auto rows = RunSelect(select, parent, &outer, 0, nullptr);
  if (!rows.ok()) return rows;
  if (!plans_[&select]->correlated) cached_[&select] = *rows;
  if (max_rows && rows->size() > max_rows) rows->resize(max_rows);
  return rows;
}

}  // namespace sql
