// INSERT / REPLACE (executor.h): VALUES, SET and SELECT sources, DEFAULT, AUTO_INCREMENT,
// IGNORE, ON DUPLICATE KEY UPDATE, statement-level rollback.
#include <algorithm>

#include "sql/dml_common.h"
#include "sql/executor.h"
#include "sql/expr_value.h"
#include "sql/select_exec.h"

namespace sql {
namespace {

bool SameRow(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_null() != b[i].is_null()) return false;
    if (!a[i].is_null() && (a[i].kind() != b[i].kind() || Compare(a[i], b[i]) != 0)) return false;
  }
  return true;
}

struct InsertCounts {
  uint64_t affected = 0, records = 0, duplicates = 0, first_id = 0;
};

class Inserter {
 public:
  Inserter(const ast::InsertStmt& st, StatementState& state, QueryRunner& runner)
      : st_(st), state_(state), runner_(runner) {}

  Result<StatementResult> Run() {
    auto src = OpenSource(st_.table, "", state_);
    if (!src.ok()) return src.status();
    if (!src->table) {
      return Status(ErrorCode::kSpecificAccessDenied,
                    "Access denied; you need (at least one of) the SUPER privilege(s) for this operation");
    }
    block_.sources.push_back(std::move(*src));
    def_ = block_.sources[0].def;
    // Target columns.
    if (st_.columns.empty()) {
      for (size_t i = 0; i < def_->columns.size(); ++i) targets_.push_back(static_cast<int>(i));
    } else {
      for (const std::string& c : st_.columns) {
        int idx = def_->FindColumn(c);
        if (idx < 0) return Status(ErrorCode::kUnknownColumn, "Unknown column '" + c + "' in 'field list'");
        targets_.push_back(idx);
      }
    }
    for (const auto& row : st_.rows) {
      for (const auto& e : row) {
        Status s = ResolveExpression(*e, block_, "field list", state_);
        if (!s.ok()) return s;
      }
    }
    for (const auto& a : st_.on_duplicate_update) {
      if (def_->FindColumn(a.column.column) < 0) {
        return Status(ErrorCode::kUnknownColumn, "Unknown column '" + a.column.column + "' in 'field list'");
      }
      Status s = ResolveExpression(*a.value, block_, "field list", state_);
      if (!s.ok()) return s;
    }
    runner_.set_dml_block(&block_);
    storage::Transaction& trx = state_.ctx.Transaction();
    StatementSavepoint sp(trx);
    Status s = sp.Finish(InsertAll(trx));
    if (!s.ok()) return s;
    StatementResult r;
    r.affected_rows = counts_.affected;
    r.last_insert_id = counts_.first_id;
    if (counts_.first_id) state_.ctx.set_last_insert_id(counts_.first_id);
    r.warning_count = static_cast<uint16_t>(std::min<uint32_t>(state_.warnings, 65535));
    if (st_.rows.size() > 1 || st_.select) {
      r.info = "Records: " + std::to_string(counts_.records) + "  Duplicates: " +
               std::to_string(counts_.duplicates) + "  Warnings: " + std::to_string(state_.warnings);
    }
    return r;
  }

 private:
  Status InsertAll(storage::Transaction& trx) {
    if (st_.select) {
      std::vector<ColumnInfo> cols;
      auto rows = runner_.RunSelect(*st_.select, nullptr, nullptr, 0, &cols);
      if (!rows.ok()) return rows.status();
      if (cols.size() != targets_.size()) {
        return Status(ErrorCode::kWrongValueCount, "Column count doesn't match value count at row 1");
      }
      uint64_t n = 0;
      for (const Row& values : *rows) {
        Status s = InsertOne(trx, nullptr, &values, ++n);
        if (!s.ok()) return s;
      }
      return Status();
    }
    uint64_t n = 0;
    for (const auto& exprs : st_.rows) {
      Status s = InsertOne(trx, &exprs, nullptr, ++n);
      if (!s.ok()) return s;
    }
    return Status();
  }

  Status InsertOne(storage::Transaction& trx, const std::vector<ast::ExprPtr>* exprs, const Row* values,
                   uint64_t row_no) {
    Status k = state_.CheckKilled();
    if (!k.ok()) return k;
    size_t count = exprs ? exprs->size() : values->size();
    if (count != targets_.size() && !(exprs && count == 0 && st_.columns.empty())) {
      return Status(ErrorCode::kWrongValueCount,
                    "Column count doesn't match value count at row " + std::to_string(row_no));
    }
    const auto& columns = def_->columns;
    Row row(columns.size());
    std::vector<bool> given(columns.size(), false);
    // Defaults first, so that expressions may read earlier columns as MySQL allows.
    for (size_t c = 0; c < columns.size(); ++c) {
      bool targeted = std::find(targets_.begin(), targets_.end(), static_cast<int>(c)) != targets_.end();
      if (targeted && count > 0) continue;
      auto d = ColumnDefaultValue(columns[c], state_);
      if (!d.ok()) return d.status();
      row[c] = std::move(*d);
    }
    EvalEnv env;
    env.bindings = &block_.bindings;
    env.rows = {&row};
    state_.storing = true;
    for (size_t i = 0; i < count; ++i) {
      size_t c = static_cast<size_t>(targets_[i]);
      Value v;
      if (exprs) {
        const ast::Expr& e = *(*exprs)[i];
        if (e.Is<ast::DefaultValue>()) {
          auto d = ColumnDefaultValue(columns[c], state_);
          if (!d.ok()) return d.status();
          v = std::move(*d);
        } else {
          auto r = Eval(e, env, state_);
          if (!r.ok()) return r.status();
          v = std::move(*r);
        }
      } else {
        v = (*values)[i];
      }
      auto conv = ConvertForColumn(columns[c], v, row_no, state_);
      if (!conv.ok()) return conv.status();
      row[c] = std::move(*conv);
      given[c] = true;
    }
    state_.storing = false;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (row[c].is_null() && !columns[c].nullable && !columns[c].auto_increment) {
        std::string msg = "Column '" + columns[c].name + "' cannot be null";
        if (state_.strict || st_.rows.size() <= 1) return Status(ErrorCode::kBadNull, msg);
        state_.Warn(ErrorCode::kBadNull, msg);
        auto d = ColumnDefaultValue(columns[c], state_);
        row[c] = d.ok() && !d->is_null() ? *d : Value::Int(0);
      }
    }
    ++counts_.records;
    storage::Table& table = *block_.sources[0].table;
    if (st_.replace || !st_.on_duplicate_update.empty()) {
      while (true) {
        auto dup = trx.FindDuplicate(table, row);
        if (!dup.ok()) return dup.status();
        if (!dup->has_value()) break;
        if (st_.replace) {
          auto del = trx.Delete(table, **dup);
          if (!del.ok()) return del.status();
          ++counts_.affected;
          ++counts_.duplicates;
          continue;
        }
        return UpdateDuplicate(trx, table, **dup, row);
      }
    }
    auto ins = trx.Insert(table, row);
    if (!ins.ok()) {
      if (st_.ignore && ins.code() == ErrorCode::kDuplicateEntry) {
        state_.Warn(ErrorCode::kDuplicateEntry, ins.status().message());
        ++counts_.duplicates;
        return Status();
      }
      return ins.status();
    }
    if (ins->generated_id && !counts_.first_id) counts_.first_id = ins->generated_id;
    ++counts_.affected;
    return Status();
  }

  Status UpdateDuplicate(storage::Transaction& trx, storage::Table& table, const storage::Key& pk,
                         const Row& proposed) {
    auto existing = trx.Get(table, pk, storage::RowLockMode::kExclusive);
    if (!existing.ok()) return existing.status();
    if (!existing->has_value()) return Status();
    Row row = **existing;
    EvalEnv env;
    env.bindings = &block_.bindings;
    env.rows = {&row};
    env.insert_values = &proposed;
    state_.storing = true;
    for (const auto& a : st_.on_duplicate_update) {
      size_t c = static_cast<size_t>(def_->FindColumn(a.column.column));
      Value v;
      if (a.value->Is<ast::DefaultValue>()) {
        auto d = ColumnDefaultValue(def_->columns[c], state_);
        if (!d.ok()) return d.status();
        v = *d;
      } else {
        auto r = Eval(*a.value, env, state_);
        if (!r.ok()) return r.status();
        v = *r;
      }
      auto conv = ConvertForColumn(def_->columns[c], v, counts_.records, state_);
      if (!conv.ok()) return conv.status();
      row[c] = *conv;
    }
    state_.storing = false;
    ++counts_.duplicates;
    if (SameRow(row, **existing)) return Status();  // unchanged: 0 affected rows
    auto up = trx.Update(table, pk, row);
    if (!up.ok()) return up.status();
    counts_.affected += 2;
    return Status();
  }

  const ast::InsertStmt& st_;
  StatementState& state_;
  QueryRunner& runner_;
  QueryBlock block_;
  std::shared_ptr<const storage::TableDef> def_;
  std::vector<int> targets_;
  InsertCounts counts_;
};

}  // namespace

Result<StatementResult> ExecuteInsert(const ast::InsertStmt& insert, ExecContext& ctx, const Params& params) {
  StatementState state(ctx, params);
  Status s = state.ReadSqlMode();
  if (!s.ok()) return s;
  QueryRunner runner(state);
  Inserter inserter(insert, state, runner);
  return inserter.Run();
}

}  // namespace sql
