// Multi-table UPDATE (declared in dml_common.h). The FROM part is planned like a SELECT's
// (joins, derived tables, access paths); every joined row combination that passes WHERE
// yields new values for the rows of the updated tables it contains. Changes are collected
// first and applied after the join finished, so the scans never see their own updates; each
// target row is updated at most once, with the values of the first combination that matched
// it (MySQL's multi-update does the same).
#include <map>
#include <set>

#include "sql/dml_common.h"
#include "sql/executor.h"
#include "sql/expr_value.h"
#include "sql/select_exec.h"
#include "storage/key.h"

namespace sql {
namespace {

struct Assignment {
  int source = 0;
  size_t column = 0;
  const ast::Expr* value = nullptr;
};

struct PendingUpdate {
  int source = 0;
  storage::Key pk;
  Row old_row;
  Row new_row;
};

std::string Shown(const ast::ColumnRef& c) { return (c.table.empty() ? "" : c.table + ".") + c.column; }

// Resolves the SET target `col` to (source, column) among the block's sources.
Result<Assignment> ResolveTarget(const ast::ColumnRef& col, const QueryBlock& block) {
  Assignment a;
  int matches = 0;
  for (size_t s = 0; s < block.sources.size(); ++s) {
    const Source& src = block.sources[s];
    if (!col.table.empty() && src.alias != col.table) continue;
    if (!col.db.empty() && src.db != col.db) continue;
    for (size_t c = 0; c < src.columns.size(); ++c) {
      if (CollateCompare(src.columns[c].name, col.column) != 0) continue;
      ++matches;
      a.source = static_cast<int>(s);
      a.column = c;
    }
  }
  if (matches == 0) return Status(ErrorCode::kUnknownColumn, "Unknown column '" + Shown(col) + "' in 'field list'");
  if (matches > 1) return Status(ErrorCode::kNonUniqueColumn, "Column '" + Shown(col) + "' in field list is ambiguous");
  const Source& src = block.sources[static_cast<size_t>(a.source)];
  if (!src.table) {
    if (src.db.empty()) {
      return Status(ErrorCode::kNotSupported, "This version of MySQL doesn't yet support 'UPDATE of a derived table'");
    }
    return Status(ErrorCode::kSpecificAccessDenied,
                  "Access denied; you need (at least one of) the SUPER privilege(s) for this operation");
  }
  return a;
}

}  // namespace

Result<StatementResult> ExecuteMultiTableUpdate(const ast::UpdateStmt& update, StatementState& state) {
  ExecContext& ctx = state.ctx;
  QueryRunner runner(state);
  QueryBlock block;
  Status s = AddFromClause(update.tables, block, state);
  if (!s.ok()) return s;
  std::vector<Assignment> sets;
  std::vector<int> targets;  // updated sources, in first-assignment order
  for (const auto& a : update.set) {
    auto t = ResolveTarget(a.column, block);
    if (!t.ok()) return t.status();
    t->value = a.value.get();
    if (!a.value->Is<ast::DefaultValue>()) {
      s = ResolveExpression(*a.value, block, "field list", state);
      if (!s.ok()) return s;
    }
    if (std::find(targets.begin(), targets.end(), t->source) == targets.end()) targets.push_back(t->source);
    sets.push_back(*t);
  }
  std::vector<const ast::Expr*> where;
  SplitConjuncts(update.where.get(), &where);
  for (const ast::Expr* w : where) {
    s = ResolveExpression(*w, block, "where clause", state);
    if (!s.ok()) return s;
  }
  PlaceConditions(block, where);
  for (size_t i = 0; i < block.sources.size(); ++i) {
    if (!block.sources[i].table) continue;
    const bool target = std::find(targets.begin(), targets.end(), static_cast<int>(i)) != targets.end();
    block.sources[i].lock = target ? storage::RowLockMode::kExclusive : storage::RowLockMode::kShared;
  }
  runner.set_dml_block(&block);

  storage::Transaction& trx = ctx.Transaction();
  StatementSavepoint sp(trx);
  uint64_t matched = 0, changed = 0;
  Status result = [&]() -> Status {
    std::map<int, std::set<storage::Key, storage::KeyLess>> seen;
    std::vector<PendingUpdate> pending;
    EvalEnv env;
    env.bindings = &block.bindings;
    env.rows.assign(block.sources.size(), nullptr);
    Status e = runner.Enumerate(block, env, [&]() -> Result<bool> {
      for (int t : targets) {
        const Row* row = env.rows[static_cast<size_t>(t)];
        if (!row) continue;  // NULL-extended side of an outer join: nothing to update
        const storage::Key& pk = runner.current_pk(static_cast<size_t>(t));
        if (!seen[t].insert(pk).second) continue;
        PendingUpdate p{t, pk, *row, *row};
        const storage::TableDef& def = *block.sources[static_cast<size_t>(t)].def;
        state.storing = true;
        for (const Assignment& a : sets) {
          if (a.source != t) continue;
          auto v = EvalAssignment(def.columns[a.column], *a.value, env, pending.size() + 1, state);
          if (!v.ok()) {
            state.storing = false;
            return v.status();
          }
          p.new_row[a.column] = std::move(*v);
        }
        state.storing = false;
        pending.push_back(std::move(p));
      }
      return true;
    });
    if (!e.ok()) return e;
    matched = pending.size();
    for (PendingUpdate& p : pending) {
      if (SameValues(p.new_row, p.old_row)) continue;
      const Source& src = block.sources[static_cast<size_t>(p.source)];
      std::vector<size_t> assigned;
      for (const Assignment& a : sets) {
        if (a.source == p.source) assigned.push_back(a.column);
      }
      TouchOnUpdateColumns(*src.def, assigned, p.new_row, state);
      auto up = UpdateRowOrWarn(trx, *src.table, p.pk, std::move(p.new_row), update.ignore, state);
      if (!up.ok()) return up.status();
      if (*up) ++changed;
    }
    return Status();
  }();
  result = sp.Finish(std::move(result));
  if (!result.ok()) return result;
  return UpdateResult(matched, changed, state, ctx);
}

}  // namespace sql
