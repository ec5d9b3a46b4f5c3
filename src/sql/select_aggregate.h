// Accumulators for aggregate functions: COUNT(*), COUNT(x), COUNT(DISTINCT x), SUM, AVG,
// MIN, MAX, GROUP_CONCAT, BIT_AND/OR/XOR, ANY_VALUE. SUM/AVG of exact values are DECIMAL
// (AVG with 4 extra digits), of DOUBLE/strings DOUBLE; over no rows SUM/AVG/MIN/MAX are NULL
// and COUNT is 0.
#ifndef SQL_SELECT_AGGREGATE_H_
#define SQL_SELECT_AGGREGATE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/expr_decimal.h"
#include "sql/expr_eval.h"

namespace sql {

class Aggregator {
 public:
  explicit Aggregator(const ast::FunctionCall& call) : call_(call) {}
  // Adds one row; `args` are the evaluated arguments.
  void Add(const std::vector<Value>& args, StatementState& state);
  Value Result() const;

 private:
  struct RowLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
  };
  const ast::FunctionCall& call_;
  uint64_t count_ = 0;
  bool exact_ = true;
  std::optional<Decimal> sum_;
  double dsum_ = 0;
  std::optional<Value> best_;
  uint64_t bits_ = 0;
  bool bits_init_ = false;
  std::vector<std::pair<std::vector<Value>, std::string>> concat_;  // (order keys, text)
  std::set<std::vector<Value>, RowLess> distinct_;
};

}  // namespace sql

#endif  // SQL_SELECT_AGGREGATE_H_
