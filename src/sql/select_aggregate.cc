#include "sql/select_aggregate.h"

#include <algorithm>

#include "sql/expr_value.h"

namespace sql {

bool Aggregator::RowLess::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = CompareForSort(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

void Aggregator::Add(const std::vector<Value>& args, StatementState& state) {
  const std::string& n = call_.name;
  if (call_.star) {
    ++count_;
    return;
  }
  size_t value_args = n == "GROUP_CONCAT" ? args.size() - call_.order_by.size() : args.size();
  for (size_t i = 0; i < value_args; ++i) {
    if (args[i].is_null()) return;  // aggregates skip NULLs
  }
  if (call_.distinct) {
    std::vector<Value> key(args.begin(), args.begin() + static_cast<long>(value_args));
    if (!distinct_.insert(key).second) return;
  }
  ++count_;
  if (n == "SUM" || n == "AVG") {
    const Value& v = args[0];
    if (v.kind() == ValueKind::kDouble || v.kind() == ValueKind::kString) {
      exact_ = false;
      if (v.kind() == ValueKind::kString && !IsWholeNumber(v.text())) {
        state.Warn(ErrorCode::kTruncatedWrongValue, "Truncated incorrect DOUBLE value: '" + v.text() + "'");
      }
    }
    dsum_ += v.ToDouble();
    if (exact_) {
      auto d = ToDecimal(v);
      if (!d) {
        exact_ = false;
      } else {
        auto s = sum_ ? Decimal::Add(*sum_, *d) : d;
        if (!s) exact_ = false;
        else sum_ = s;
      }
    }
  } else if (n == "MIN" || n == "MAX") {
    if (!best_ || (n == "MIN" ? CompareForSort(args[0], *best_) < 0 : CompareForSort(args[0], *best_) > 0)) {
      best_ = args[0];
    }
  } else if (n == "ANY_VALUE") {
    if (!best_) best_ = args[0];
  } else if (n == "BIT_AND" || n == "BIT_OR" || n == "BIT_XOR") {
    uint64_t v = args[0].ToUInt();
    if (!bits_init_) {
      bits_ = n == "BIT_AND" ? ~0ull : 0;
      bits_init_ = true;
    }
    if (n == "BIT_AND") bits_ &= v;
    else if (n == "BIT_OR") bits_ |= v;
    else bits_ ^= v;
  } else if (n == "GROUP_CONCAT") {
    std::string text;
    for (size_t i = 0; i < value_args; ++i) text += args[i].ToString();
    std::vector<Value> keys(args.begin() + static_cast<long>(value_args), args.end());
    concat_.emplace_back(std::move(keys), std::move(text));
  }
}

Value Aggregator::Result() const {
  const std::string& n = call_.name;
  if (n == "COUNT") return Value::Int(static_cast<int64_t>(count_));
  if (n == "BIT_AND" || n == "BIT_OR" || n == "BIT_XOR") {
    return Value::UInt(bits_init_ ? bits_ : (n == "BIT_AND" ? ~0ull : 0));
  }
  if (count_ == 0) return Value::Null();
  if (n == "SUM" || n == "AVG") {
    if (!exact_ || !sum_) return Value::Double(n == "SUM" ? dsum_ : dsum_ / static_cast<double>(count_));
    if (n == "SUM") return DecimalValue(*sum_);
    auto avg = Decimal::Div(*sum_, Decimal::FromUInt(count_), 4);
    if (!avg) return Value::Double(dsum_ / static_cast<double>(count_));
    return DecimalValue(*avg);
  }
  if (n == "MIN" || n == "MAX" || n == "ANY_VALUE") return best_ ? *best_ : Value::Null();
  if (n == "GROUP_CONCAT") {
    std::vector<size_t> order(concat_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (!call_.order_by.empty()) {
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        for (size_t k = 0; k < call_.order_by.size(); ++k) {
          int c = CompareForSort(concat_[a].first[k], concat_[b].first[k]);
          if (c != 0) return call_.order_by[k].descending ? c > 0 : c < 0;
        }
        return false;
      });
    }
    std::string sep = call_.separator.value_or(",");
    std::string out;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i) out += sep;
      out += concat_[order[i]].second;
      if (out.size() >= 1024) {  // group_concat_max_len default
        out.resize(1024);
        break;
      }
    }
    return Value::String(std::move(out));
  }
  return Value::Null();
}

}  // namespace sql
