// Planning of one SELECT query block: opening its FROM sources (storage tables, virtual
// tables, derived tables — materialized when opened), flattening joins into a left-deep sequence, resolving every name,
// collecting aggregates, checking ONLY_FULL_GROUP_BY, distributing WHERE conjuncts over join
// levels and choosing index access paths.
//
// A QueryBlock is built per execution (and per subquery execution context); it points into
// the AST, which must outlive it. Single-threaded.
#ifndef SQL_SELECT_PLAN_H_
#define SQL_SELECT_PLAN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/expr_eval.h"
#include "sql/statement_result.h"
#include "storage/schema.h"
#include "storage/table.h"
#include "storage/transaction.h"

namespace sql {

// How rows of one storage source are fetched.
struct AccessPath {
  enum class Kind : uint8_t {
    kFullScan,
    kPrimaryPoint,  // Get() by the full primary key; `eq` holds one expression per PK column
    kPointList,     // Get() for each expression of `in_list` (single-column primary key)
    kIndexRange,    // Scan(index) between `lower` and `upper` (first index column)
  };
  Kind kind = Kind::kFullScan;
  std::string index;  // kIndexRange: "PRIMARY" or a secondary index name
  std::vector<const ast::Expr*> eq;
  std::vector<const ast::Expr*> in_list;
  const ast::Expr* lower = nullptr;
  bool lower_inclusive = true;
  const ast::Expr* upper = nullptr;
  bool upper_inclusive = true;
  // kIndexRange on a CHAR/VARCHAR first key column with lower == upper == the compared
  // value: the engine orders strings bytewise while `=` compares them with the collation
  // (ASCII case-insensitive), so the scan covers every case variant of the value as a set of
  // byte ranges (StringEqualityRanges); a non-string value (compared numerically) scans the
  // whole index.
  bool string_eq = false;
};

// Byte ranges [lower, upper] (inclusive) of the index that hold every string equal to
// `value` under the collation (CollateCompare == 0: same length, equal after ASCII case
// folding). The case variants of the first few letters are enumerated (at most 16 ranges,
// disjoint, ascending); within each range the rest of the string varies between its
// upper-case and lower-case spelling, which brackets all of its case variants because 'A'-'Z'
// sort before 'a'-'z'. Rows in the ranges that are not equal are filtered by the WHERE.
std::vector<std::pair<std::string, std::string>> StringEqualityRanges(const std::string& value);

// One FROM source in join order.
struct Source {
  std::string db;     // database as resolved (current db filled in)
  std::string name;   // table name (derived: the alias)
  std::string alias;  // name used to qualify columns: alias if given, else table name
  std::shared_ptr<storage::Table> table;  // storage table; null for virtual/derived
  std::shared_ptr<const storage::TableDef> def;
  std::vector<ColumnInfo> columns;
  std::vector<Row> rows;  // virtual / derived sources: all rows
  bool left_join = false;  // NULL-extended when no row satisfies `on`
  std::vector<const ast::Expr*> on;  // ON conjuncts, checked when this source is joined
  // USING (c): pairs (earlier source, column) = (this source, column).
  struct UsingPair { int left_source, left_column, right_column; };
  std::vector<UsingPair> using_pairs;
  std::vector<const ast::Expr*> where;  // WHERE conjuncts evaluated at this join level
  AccessPath access;
  // Row lock taken on rows read from this (storage) source; kNone: QueryBlock::lock. Multi-
  // table UPDATE locks the updated tables' rows X and the other tables' rows S, as InnoDB.
  storage::RowLockMode lock = storage::RowLockMode::kNone;
};

struct OutputItem {
  const ast::Expr* expr = nullptr;  // null for a `*` column
  int star_source = -1, star_column = -1;
  ColumnInfo info;
};

struct QueryBlock {
  const ast::SelectStmt* stmt = nullptr;
  const QueryBlock* parent = nullptr;
  std::vector<Source> sources;
  BlockBindings bindings;
  std::vector<OutputItem> items;
  std::vector<int> item_origin;  // output item → index in stmt->items (stars expand)
  std::vector<const ast::Expr*> aggregates;  // slot → FunctionCall expression
  std::vector<const ast::Expr*> group_by;    // resolved GROUP BY expressions
  std::vector<const ast::Expr*> order_by;    // ORDER BY expressions (null when order_item >= 0)
  std::vector<int> order_item;               // >= 0: sort by that output item (ordinal/alias)
  std::vector<bool> order_desc;
  std::vector<const ast::Expr*> constant_where;  // conjuncts with no column of this block
  bool aggregated = false;
  bool correlated = false;  // references a column of an enclosing block
  storage::RowLockMode lock = storage::RowLockMode::kNone;
};

// Builds the plan of `select` (one query block, ignoring its `unions`). Errors: kNoSuchTable,
// kNoDatabaseSelected, kUnknownColumn, kNonUniqueColumn, kInvalidGroupFunc,
// kWrongFieldWithGroup, kNotSupported.
Result<std::unique_ptr<QueryBlock>> PlanQueryBlock(const ast::SelectStmt& select, const QueryBlock* parent,
                                                   StatementState& state);

// Resolves the column references of `expr` against `block` (used by DML for WHERE/SET, where
// `block` has one source). `clause` names the clause for errors ("where clause").
Status ResolveExpression(const ast::Expr& expr, QueryBlock& block, const std::string& clause,
                         StatementState& state);

// Adds the FROM entries `from` to `block` (flattening joins, opening tables, materializing
// derived tables) and resolves their ON conditions. Used by multi-table UPDATE.
Status AddFromClause(const std::vector<ast::TableRef>& from, QueryBlock& block, StatementState& state);

// Distributes the resolved WHERE conjuncts over the join levels of `block` (each at the
// deepest source it references; constant_where for none) and chooses every access path.
void PlaceConditions(QueryBlock& block, const std::vector<const ast::Expr*>& where);

// Opens [db.]name as a FROM source (storage or virtual table).
Result<Source> OpenSource(const ast::TableName& name, const std::string& alias, StatementState& state);

// Opens `(SELECT ...) AS alias` as a FROM source (select_derived.cc). With a subquery runner
// (execution) the derived table is materialized into Source::rows; without one
// (DescribeSelect) only its columns are planned. Errors: those of planning/running the
// derived SELECT, and kDuplicateColumn "Duplicate column name 'c'" when two of its result
// columns share a name (MySQL 1060).
Result<Source> OpenDerivedSource(const ast::TableRef& ref, StatementState& state);

// Chooses `source.access` from the conjuncts usable at its join level.
void ChooseAccessPath(QueryBlock& block, int source_index);

// Splits a condition into its AND-ed conjuncts.
void SplitConjuncts(const ast::Expr* expr, std::vector<const ast::Expr*>* out);

}  // namespace sql

#endif  // SQL_SELECT_PLAN_H_
