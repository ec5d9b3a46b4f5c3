// Expression evaluation over rows, with MySQL 8.0 semantics (NULL three-valued logic,
// coercion, integer/decimal/double arithmetic).
//
// Evaluation is a tree walk over the immutable AST. Names are resolved beforehand by the
// query planner (select_plan.h), which records for each ColumnRef node where its value comes
// from (BlockBindings); evaluation then only looks the binding up. One EvalEnv describes the
// current row of one query block, chained to the enclosing block's for correlated
// subqueries.
//
// Thread safety: everything here is used by one statement on one thread.
#ifndef SQL_EXPR_EVAL_H_
#define SQL_EXPR_EVAL_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/exec_context.h"
#include "sql/sql_error.h"
#include "sql/statement_result.h"
#include "storage/status.h"
#include "storage/value.h"

namespace sql {

using storage::Result;
using storage::Row;
using storage::Status;
using storage::Value;

// Where a resolved ColumnRef (or an ORDER BY / HAVING alias) takes its value from.
struct ColumnBinding {
  enum class Kind : uint8_t {
    kColumn,      // column `index` of FROM source `source`
    kSelectItem,  // the value of select-list item `index` (alias / ordinal references)
  };
  Kind kind = Kind::kColumn;
  int depth = 0;  // 0: this query block; 1: the enclosing block (correlated subquery); ...
  int source = 0;
  int index = 0;
};

// Name-resolution results of one query block (or one DML statement).
struct BlockBindings {
  std::unordered_map<const ast::Expr*, ColumnBinding> columns;
  // Aggregate calls (FunctionCall nodes) → slot in EvalEnv::aggregates.
  std::unordered_map<const ast::Expr*, int> aggregates;
};

struct EvalEnv;

// Runs subqueries for the evaluator (implemented by the SELECT engine).
class SubqueryRunner {
 public:
  virtual ~SubqueryRunner() = default;
  // Rows of `select` evaluated with `outer` as its enclosing row; at most `max_rows` rows
  // (0: all). Each row has the subquery's column count.
  virtual Result<std::vector<Row>> RunSubquery(const ast::SelectStmt& select, const EvalEnv& outer,
                                               size_t max_rows) = 0;
  // Materializes the derived table `(select) AS x`: all its rows, and its result columns in
  // *columns. Derived tables are not correlated (no LATERAL), so they run without an outer
  // row, once per statement, and do not change FOUND_ROWS().
  virtual Result<std::vector<Row>> RunDerived(const ast::SelectStmt& select,
                                              std::vector<ColumnInfo>* columns) = 0;
};

// Per-statement evaluation state.
struct StatementState {
  StatementState(ExecContext& c, const std::vector<Value>& p) : ctx(c), params(p) {}

  ExecContext& ctx;
  const std::vector<Value>& params;
  // From @@sql_mode (ReadSqlMode).
  bool strict = true;
  bool only_full_group_by = true;
  bool error_for_division_by_zero = true;
  // True while computing values stored by INSERT/UPDATE: in strict mode division by zero is
  // then an error (kDivisionByZero) instead of NULL with a warning.
  bool storing = false;
  // True once SLEEP() was interrupted by KILL (see ExecContext::Sleep).
  bool sleep_interrupted = false;
  uint32_t warnings = 0;
  uint64_t rows_examined = 0;
  SubqueryRunner* subqueries = nullptr;

  // Reads @@sql_mode into the flags above.
  Status ReadSqlMode();
  void Warn(ErrorCode code, std::string message, WarningLevel level = WarningLevel::kWarning);
  // kQueryInterrupted if the statement was killed.
  Status CheckKilled() const;
};

// The current row of one query block.
struct EvalEnv {
  const BlockBindings* bindings = nullptr;
  // One entry per FROM source; nullptr stands for the NULL-extended row of an outer join.
  std::vector<const Row*> rows;
  // Values of the select-list items (for alias references in ORDER BY / HAVING).
  const std::vector<Value>* items = nullptr;
  // Aggregate results of the current group, indexed by BlockBindings::aggregates slots.
  const std::vector<Value>* aggregates = nullptr;
  // INSERT ... ON DUPLICATE KEY UPDATE: the row that was to be inserted (VALUES(c)).
  const Row* insert_values = nullptr;
  const EvalEnv* outer = nullptr;
};

// Evaluates `expr` for the current row.
Result<Value> Eval(const ast::Expr& expr, const EvalEnv& env, StatementState& state);

// Evaluates a condition: true only for a non-NULL true value (WHERE / ON / HAVING).
Result<bool> EvalCondition(const ast::Expr& expr, const EvalEnv& env, StatementState& state);

// A short SQL rendering of an expression for error messages ("(`a` + 1)").
std::string ExprToString(const ast::Expr& expr);

// Division-by-zero handling shared with functions: NULL plus warning 1365 (or the error in
// strict INSERT/UPDATE).
Result<Value> DivisionByZero(StatementState& state);

}  // namespace sql

#endif  // SQL_EXPR_EVAL_H_
