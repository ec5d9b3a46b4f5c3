// UPDATE and DELETE (single table; executor.h). Rows are found through the same access paths
// as SELECT (PK point / index range / scan) with exclusive row locks taken as rows are read
// (each read row is locked, re-read and re-checked against WHERE), sorted by ORDER BY, cut by
// LIMIT, then changed. Any error undoes the statement's own changes.
#include <algorithm>

#include "sql/dml_common.h"
#include "sql/executor.h"
#include "sql/expr_value.h"
#include "sql/select_exec.h"

namespace sql {
namespace {

struct Target {
  storage::Key pk;
  Row row;
  Row order_keys;
};

// Plans the single-table block and collects the matching rows.
Result<std::vector<Target>> FindTargets(QueryBlock& block, const ast::Expr* where,
                                        const std::vector<ast::OrderItem>& order_by,
                                        const std::optional<ast::Limit>& limit, StatementState& state,
                                        QueryRunner& runner) {
  std::vector<const ast::Expr*> conjuncts;
  SplitConjuncts(where, &conjuncts);
  for (const ast::Expr* c : conjuncts) {
    Status s = ResolveExpression(*c, block, "where clause", state);
    if (!s.ok()) return s;
    block.sources[0].where.push_back(c);
  }
  for (const auto& o : order_by) {
    Status s = ResolveExpression(*o.expr, block, "order clause", state);
    if (!s.ok()) return s;
  }
  ChooseAccessPath(block, 0);
  block.lock = storage::RowLockMode::kExclusive;
  runner.set_dml_block(&block);
  uint64_t max = UINT64_MAX;
  if (limit && limit->count) {
    auto v = Eval(*limit->count, EvalEnv{}, state);
    if (!v.ok()) return v.status();
    max = v->ToUInt();
  }
  std::vector<Target> targets;
  EvalEnv env;
  env.bindings = &block.bindings;
  env.rows.assign(1, nullptr);
  Status s = runner.Enumerate(block, env, [&]() -> Result<bool> {
    Target t;
    t.pk = runner.current_pk(0);
    t.row = *env.rows[0];
    for (const auto& o : order_by) {
      auto v = Eval(*o.expr, env, state);
      if (!v.ok()) return v.status();
      t.order_keys.push_back(std::move(*v));
    }
    targets.push_back(std::move(t));
    return order_by.empty() ? targets.size() < max : true;
  });
  if (!s.ok()) return s;
  if (!order_by.empty()) {
    std::stable_sort(targets.begin(), targets.end(), [&](const Target& a, const Target& b) {
      for (size_t k = 0; k < order_by.size(); ++k) {
        int c = CompareForSort(a.order_keys[k], b.order_keys[k]);
        if (c != 0) return order_by[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
    if (targets.size() > max) targets.resize(max);
  }
  return targets;
}


Result<Source> OpenWritableSource(const ast::TableName& name, const std::string& alias, StatementState& state) {
  auto src = OpenSource(name, alias, state);
  if (!src.ok()) return src;
  if (!src->table) {
    return Status(ErrorCode::kSpecificAccessDenied,
                  "Access denied; you need (at least one of) the SUPER privilege(s) for this operation");
  }
  return src;
}

}  // namespace

Result<StatementResult> ExecuteUpdate(const ast::UpdateStmt& update, ExecContext& ctx, const Params& params) {
  StatementState state(ctx, params);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  if (update.tables.size() != 1 || update.tables[0].kind != ast::TableRefKind::kTable) {
    return ExecuteMultiTableUpdate(update, state);
  }
  QueryRunner runner(state);
  QueryBlock block;
  auto src = OpenWritableSource(update.tables[0].table, update.tables[0].alias, state);
  if (!src.ok()) return src.status();
  block.sources.push_back(std::move(*src));
  const storage::TableDef& def = *block.sources[0].def;
  std::vector<size_t> set_columns;
  for (const auto& a : update.set) {
    int idx = def.FindColumn(a.column.column);
    if (idx < 0 || (!a.column.table.empty() && a.column.table != block.sources[0].alias)) {
      std::string shown = (a.column.table.empty() ? "" : a.column.table + ".") + a.column.column;
      return Status(ErrorCode::kUnknownColumn, "Unknown column '" + shown + "' in 'field list'");
    }
    set_columns.push_back(static_cast<size_t>(idx));
    Status r = ResolveExpression(*a.value, block, "field list", state);
    if (!r.ok()) return r;
  }
  storage::Transaction& trx = ctx.Transaction();
  StatementSavepoint sp(trx);
  uint64_t matched = 0, changed = 0;
  Status result = [&]() -> Status {
    auto targets = FindTargets(block, update.where.get(), update.order_by, update.limit, state, runner);
    if (!targets.ok()) return targets.status();
    EvalEnv env;
    env.bindings = &block.bindings;
    uint64_t row_no = 0;
    for (Target& t : *targets) {
      ++row_no;
      ++matched;
      Row row = t.row;
      env.rows = {&row};
      state.storing = true;
      for (size_t i = 0; i < update.set.size(); ++i) {
        auto v = EvalAssignment(def.columns[set_columns[i]], *update.set[i].value, env, row_no, state);
        if (!v.ok()) return v.status();
        row[set_columns[i]] = std::move(*v);
      }
      state.storing = false;
      if (SameValues(row, t.row)) continue;
      TouchOnUpdateColumns(def, set_columns, row, state);
      auto up = UpdateRowOrWarn(trx, *block.sources[0].table, t.pk, std::move(row), update.ignore, state);
      if (!up.ok()) return up.status();
      if (*up) ++changed;
    }
    return Status();
  }();
  result = sp.Finish(std::move(result));
  if (!result.ok()) return result;
  return UpdateResult(matched, changed, state, ctx);
}

Result<StatementResult> ExecuteDelete(const ast::DeleteStmt& del, ExecContext& ctx, const Params& params) {
  StatementState state(ctx, params);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  QueryRunner runner(state);
  QueryBlock block;
  auto src = OpenWritableSource(del.table, del.alias, state);
  if (!src.ok()) return src.status();
  block.sources.push_back(std::move(*src));
  storage::Transaction& trx = ctx.Transaction();
  StatementSavepoint sp(trx);
  uint64_t deleted = 0;
  Status result = [&]() -> Status {
    auto targets = FindTargets(block, del.where.get(), del.order_by, del.limit, state, runner);
    if (!targets.ok()) return targets.status();
    for (const Target& t : *targets) {
      auto d = trx.Delete(*block.sources[0].table, t.pk);
      if (!d.ok()) return d.status();
      if (*d) ++deleted;
    }
    return Status();
  }();
  result = sp.Finish(std::move(result));
  if (!result.ok()) return result;
  ctx.OnRowsExamined(state.rows_examined);
  StatementResult r;
  r.affected_rows = deleted;
  r.warning_count = static_cast<uint16_t>(std::min<uint32_t>(state.warnings, 65535));
  return r;
}

}  // namespace sql
