// SELECT entry points and EvaluateConstant (executor.h).
#include "sql/executor.h"

#include "sql/select_exec.h"

namespace sql {
namespace {

// MySQL: an interrupted SLEEP() makes the statement fail unless SLEEP() was all it did.
Status SleepOutcome(const ast::SelectStmt& select, StatementState& state) {
  if (state.sleep_interrupted && !select.from.empty()) {
    return Status(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
  }
  return Status();
}

}  // namespace

Result<StatementResult> ExecuteSelect(const ast::SelectStmt& select, ExecContext& ctx, const Params& params) {
  StatementState state(ctx, params);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  QueryRunner runner(state);
  StatementResult result;
  result.has_result_set = true;
  auto rows = runner.RunSelect(select, nullptr, nullptr, 0, &result.result_set.columns);
  if (!rows.ok()) return rows.status();
  s = SleepOutcome(select, state);
  if (!s.ok()) return s;
  result.result_set.rows = std::move(*rows);
  result.warning_count = static_cast<uint16_t>(std::min<uint32_t>(state.warnings, 65535));
  ctx.OnRowsExamined(state.rows_examined);
  return result;
}

Result<std::vector<ColumnInfo>> DescribeSelect(const ast::SelectStmt& select, ExecContext& ctx) {
  Params none;
  StatementState state(ctx, none);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  auto plan = PlanQueryBlock(select, nullptr, state);
  if (!plan.ok()) return plan.status();
  std::vector<ColumnInfo> cols;
  for (const OutputItem& it : (*plan)->items) cols.push_back(it.info);
  return cols;
}

Result<Value> EvaluateConstant(const ast::Expr& expr, ExecContext& ctx, const Params& params) {
  StatementState state(ctx, params);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  QueryRunner runner(state);
  QueryBlock block;
  s = ResolveExpression(expr, block, "field list", state);
  if (!s.ok()) return s;
  runner.set_dml_block(&block);
  EvalEnv env;
  env.bindings = &block.bindings;
  return Eval(expr, env, state);
}

}  // namespace sql
