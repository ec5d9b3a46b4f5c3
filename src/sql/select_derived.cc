// Derived tables: `FROM (SELECT ...) AS alias` (declared in select_plan.h).
//
// A derived table is materialized when the enclosing query block is planned: its rows are
// computed once per statement (the block's plan is cached by the QueryRunner) and then read
// like the rows of a virtual table, so joins, WHERE, GROUP BY and ORDER BY over it work
// unchanged. MySQL merges simple derived tables into the outer block instead; the results are
// the same because a derived table here cannot see outer columns (no LATERAL): it is planned
// with no enclosing block, so an outer reference fails with kUnknownColumn, as it does in
// MySQL for a derived table of the outermost block.
//
// Metadata locks: the session's lock plan (lock_plan.cc, PlanBuilder::TableRef) takes
// SHARED_READ on every base table inside a derived table before the executor runs.
#include "sql/expr_value.h"
#include "sql/select_plan.h"

namespace sql {

Result<Source> OpenDerivedSource(const ast::TableRef& ref, StatementState& state) {
  if (!ref.derived) return Status(ErrorCode::kInternal, "derived table without a query");
  Source src;
  src.name = src.alias = ref.alias;
  if (state.subqueries) {
    auto rows = state.subqueries->RunDerived(*ref.derived, &src.columns);
    if (!rows.ok()) return rows.status();
    src.rows = std::move(*rows);
  } else {
    // DescribeSelect: columns only, nothing is read.
    auto plan = PlanQueryBlock(*ref.derived, nullptr, state);
    if (!plan.ok()) return plan.status();
    for (const OutputItem& item : (*plan)->items) src.columns.push_back(item.info);
  }
  for (size_t i = 0; i < src.columns.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (CollateCompare(src.columns[i].name, src.columns[j].name) == 0) {
        return Status(ErrorCode::kDuplicateColumn, "Duplicate column name '" + src.columns[i].name + "'");
      }
    }
  }
  // Columns keep their origin (org_table / org_name / schema of a base column, as MySQL
  // reports for a merged derived table) and are qualified by the derived table's alias.
  // Keys of the base table do not carry over: the derived rows are not indexed.
  for (ColumnInfo& c : src.columns) {
    c.table = src.alias;
    c.primary_key = c.unique_key = c.multiple_key = false;
  }
  return src;
}

}  // namespace sql
