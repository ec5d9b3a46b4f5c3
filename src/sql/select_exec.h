// Execution of planned SELECT query blocks (nested-loop joins over access paths, grouping,
// HAVING, ORDER BY, DISTINCT, LIMIT, UNION) and the SubqueryRunner used by expressions.
#ifndef SQL_SELECT_EXEC_H_
#define SQL_SELECT_EXEC_H_

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <vector>

#include "sql/select_plan.h"

namespace sql {

class QueryRunner : public SubqueryRunner {
 public:
  explicit QueryRunner(StatementState& state) : state_(state) { state.subqueries = this; }
  ~QueryRunner() override { state_.subqueries = nullptr; }

  // Rows of the whole SELECT (with UNION), and its column metadata in *columns if non-null.
  Result<std::vector<Row>> RunSelect(const ast::SelectStmt& select, const QueryBlock* parent,
                                     const EvalEnv* outer, size_t max_rows, std::vector<ColumnInfo>* columns);

  Result<std::vector<Row>> RunSubquery(const ast::SelectStmt& select, const EvalEnv& outer,
                                       size_t max_rows) override;
  Result<std::vector<Row>> RunDerived(const ast::SelectStmt& select,
                                      std::vector<ColumnInfo>* columns) override;

  // Calls `emit` for every combination of source rows of `block` that satisfies its join and
  // WHERE conditions; `emit` returns false to stop. `env.rows` is sized by the caller.
  Status Enumerate(QueryBlock& block, EvalEnv& env, const std::function<Result<bool>()>& emit);

  // The block of a DML statement, the enclosing block of subqueries in its WHERE/SET.
  void set_dml_block(const QueryBlock* block) { outer_block_ = block; }
  // Primary key of the row currently visited at `level` of the running Enumerate (storage
  // sources only).
  const storage::Key& current_pk(size_t level) const { return current_pk_[level]; }

 private:
  Status EnumerateLevel(QueryBlock& block, size_t level, EvalEnv& env,
                        const std::function<Result<bool>()>& emit, bool* stop);
  Result<std::vector<Row>> RunBlock(QueryBlock& block, const EvalEnv* outer, size_t max_rows);

  StatementState& state_;
  // Plans of subqueries, built once per statement; results of uncorrelated ones are cached.
  std::map<const ast::SelectStmt*, std::unique_ptr<QueryBlock>> plans_;
  std::map<const ast::SelectStmt*, std::vector<Row>> cached_;
  const QueryBlock* outer_block_ = nullptr;
  // > 0 while a derived table is materialized: its blocks must not set FOUND_ROWS().
  int derived_depth_ = 0;
  std::vector<storage::Key> current_pk_;
};

// Evaluates a key bound for an index on a numeric column: strings become numbers.
Value IndexKeyValue(const Value& v);

}  // namespace sql

#endif  // SQL_SELECT_EXEC_H_
