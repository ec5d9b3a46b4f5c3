#include "sql/dml_common.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sql/expr_value.h"

namespace sql {
namespace {

constexpr const char* kSavepoint = "__mdld_statement";

using storage::ColumnType;

std::string At(const storage::ColumnDef& col, uint64_t row_no) {
  return "for column '" + col.name + "' at row " + std::to_string(row_no);
}

bool IntRange(const storage::ColumnDef& col, __int128* lo, __int128* hi) {
  int bits = 0;
  switch (col.type) {
    case ColumnType::kTinyInt: bits = 8; break;
    case ColumnType::kSmallInt: bits = 16; break;
    case ColumnType::kMediumInt: bits = 24; break;
    case ColumnType::kInt: bits = 32; break;
    case ColumnType::kBigInt: bits = 64; break;
    default: return false;
  }
  if (col.is_unsigned) {
    *lo = 0;
    *hi = (static_cast<__int128>(1) << bits) - 1;
  } else {
    *lo = -(static_cast<__int128>(1) << (bits - 1));
    *hi = (static_cast<__int128>(1) << (bits - 1)) - 1;
  }
  return true;
}

}  // namespace

Value CurrentTimestamp(StatementState& state, int fsp) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(state.ctx.statement_time().time_since_epoch()).count();
  return Value::DateTime(FormatDateTime(UnixToLocal(us / 1000000, static_cast<int>(us % 1000000)), fsp));
}

Result<Value> ConvertForColumn(const storage::ColumnDef& col, const Value& v, uint64_t row_no,
                               StatementState& state) {
  if (v.is_null()) return v;
  auto fail = [&](ErrorCode code, const std::string& msg, Value fallback) -> Result<Value> {
    if (state.strict) return Status(code, msg);
    state.Warn(code, msg);
    return fallback;
  };
  __int128 lo, hi;
  if (IntRange(col, &lo, &hi)) {
    __int128 x = 0;
    if (v.kind() == ValueKind::kString) {
      if (!IsWholeNumber(v.text())) {
        auto r = fail(ErrorCode::kTruncatedWrongValue,
                      "Incorrect integer value: '" + v.text() + "' " + At(col, row_no), Value::Int(v.ToInt()));
        if (!r.ok()) return r;
      }
      double d = std::round(v.ToDouble());
      if (d > 1.8e19 || d < -9.3e18) x = d > 0 ? hi + 1 : lo - 1;
      else if (std::fabs(d) < 9e15) x = static_cast<__int128>(d);
      else x = v.ToInt();
    } else if (v.kind() == ValueKind::kUInt) {
      x = v.uint_value();
    } else if (v.kind() == ValueKind::kInt) {
      x = v.int_value();
    } else {
      double d = std::round(v.ToDouble());
      if (v.kind() == ValueKind::kDecimal) {
        if (auto dec = Decimal::Parse(v.text())) {
          auto r = dec->Rescale(0);
          if (r) x = r->unscaled();
          else x = d > 0 ? hi + 1 : lo - 1;
        }
      } else if (d > 1.8e19 || d < -9.3e18) {
        x = d > 0 ? hi + 1 : lo - 1;
      } else {
        x = static_cast<__int128>(d);
      }
    }
    if (x < lo || x > hi) {
      __int128 c = x < lo ? lo : hi;
      Value clamped = col.is_unsigned ? Value::UInt(static_cast<uint64_t>(c)) : Value::Int(static_cast<int64_t>(c));
      return fail(ErrorCode::kOutOfRange, "Out of range value " + At(col, row_no), clamped);
    }
    if (col.is_unsigned) return Value::UInt(static_cast<uint64_t>(x));
    return Value::Int(static_cast<int64_t>(x));
  }
  switch (col.type) {
    case ColumnType::kDecimal: {
      auto d = ToDecimal(v);
      if (v.kind() == ValueKind::kString && !IsWholeNumber(v.text())) {
        auto r = fail(ErrorCode::kTruncatedWrongValue,
                      "Incorrect decimal value: '" + v.text() + "' " + At(col, row_no), Value());
        if (!r.ok()) return r;
      }
      if (!d) return fail(ErrorCode::kOutOfRange, "Out of range value " + At(col, row_no), Value());
      auto r = d->Rescale(col.scale);
      __int128 max = 1;
      for (int i = 0; i < col.precision; ++i) max *= 10;
      if (!r || r->unscaled() >= max || r->unscaled() <= -max || (col.is_unsigned && r->is_negative())) {
        Decimal clamp(r && r->is_negative() ? (col.is_unsigned ? 0 : -(max - 1)) : max - 1, col.scale);
        return fail(ErrorCode::kOutOfRange, "Out of range value " + At(col, row_no), DecimalValue(clamp));
      }
      return DecimalValue(*r);
    }
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (v.kind() == ValueKind::kString && !IsWholeNumber(v.text())) {
        auto r = fail(ErrorCode::kTruncatedWrongValue,
                      "Incorrect double value: '" + v.text() + "' " + At(col, row_no), Value());
        if (!r.ok()) return r;
      }
      return Value::Double(v.ToDouble());
    case ColumnType::kChar:
    case ColumnType::kVarchar:
    case ColumnType::kText:
    case ColumnType::kBlob: {
      std::string s = v.ToString();
      uint64_t max = col.length;
      if (max == 0) max = 65535;
      uint64_t len = col.type == ColumnType::kBlob ? s.size() : 0;
      if (col.type != ColumnType::kBlob) {
        for (char c : s) len += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }
      if (len > max) {
        // Cut at `max` characters.
        size_t cut = 0;
        uint64_t chars = 0;
        while (cut < s.size() && chars < max) {
          ++cut;
          while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
          ++chars;
        }
        auto r = fail(ErrorCode::kDataTooLong, "Data too long for column '" + col.name + "' at row " +
                                                   std::to_string(row_no),
                      Value::String(s.substr(0, cut)));
        if (!r.ok()) return r;
        s = r->text();
      }
      if (col.type == ColumnType::kChar) {
        while (!s.empty() && s.back() == ' ') s.pop_back();  // CHAR drops trailing spaces
      }
      return Value::String(std::move(s));
    }
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp: {
      std::string text = v.is_numeric() ? v.ToString() : v.text();
      auto p = ParseDateTime(text);
      bool is_date = col.type == ColumnType::kDate;
      if (!p) {
        return fail(ErrorCode::kTruncatedWrongValue,
                    std::string(is_date ? "Incorrect date value: '" : "Incorrect datetime value: '") + text + "' " +
                        At(col, row_no),
                    is_date ? Value::Date("0000-00-00") : Value::DateTime("0000-00-00 00:00:00"));
      }
      if (is_date) return Value::Date(FormatDate(*p));
      return Value::DateTime(FormatDateTime(*p, col.scale));
    }
    case ColumnType::kTime:
      return Value::String(v.ToString());
    default:
      return v;
  }
}

Result<Value> ColumnDefaultValue(const storage::ColumnDef& col, StatementState& state) {
  switch (col.default_value.kind) {
    case storage::ColumnDefault::Kind::kValue:
      return col.default_value.value;
    case storage::ColumnDefault::Kind::kCurrentTimestamp:
      if (col.type == ColumnType::kDate) return Value::Date(CurrentTimestamp(state, 0).text().substr(0, 10));
      return CurrentTimestamp(state, col.scale);
    case storage::ColumnDefault::Kind::kNone:
      break;
  }
  if (col.nullable || col.auto_increment) return Value::Null();
  std::string msg = "Field '" + col.name + "' doesn't have a default value";
  if (state.strict) return Status(ErrorCode::kNoDefaultForField, msg);
  state.Warn(ErrorCode::kNoDefaultForField, msg);
  switch (col.type) {
    case ColumnType::kChar: case ColumnType::kVarchar: case ColumnType::kText: case ColumnType::kBlob:
      return Value::String("");
    case ColumnType::kDate: return Value::Date("0000-00-00");
    case ColumnType::kDateTime: case ColumnType::kTimestamp: return Value::DateTime("0000-00-00 00:00:00");
    case ColumnType::kDecimal: return Value::Decimal("0");
    case ColumnType::kFloat: case ColumnType::kDouble: return Value::Double(0);
    default: return col.is_unsigned ? Value::UInt(0) : Value::Int(0);
  }
}

StatementSavepoint::StatementSavepoint(storage::Transaction& trx) : trx_(trx) { trx_.Savepoint(kSavepoint); }

Status StatementSavepoint::Finish(Status status) {
  if (!status.ok() && trx_.is_active()) trx_.RollbackToSavepoint(kSavepoint).IgnoreError();
  if (trx_.is_active()) trx_.ReleaseSavepoint(kSavepoint).IgnoreError();
  return status;
}

Result<Value> EvalAssignment(const storage::ColumnDef& col, const ast::Expr& value, const EvalEnv& env,
                             uint64_t row_no, StatementState& state) {
  Value v;
  if (value.Is<ast::DefaultValue>()) {
    auto d = ColumnDefaultValue(col, state);
    if (!d.ok()) return d.status();
    v = *d;
  } else {
    auto r = Eval(value, env, state);
    if (!r.ok()) return r.status();
    v = *r;
  }
  auto conv = ConvertForColumn(col, v, row_no, state);
  if (!conv.ok()) return conv.status();
  if (conv->is_null() && !col.nullable) {
    std::string msg = "Column '" + col.name + "' cannot be null";
    if (state.strict) return Status(ErrorCode::kBadNull, msg);
    state.Warn(ErrorCode::kBadNull, msg);
    auto d = ColumnDefaultValue(col, state);
    *conv = d.ok() && !d->is_null() ? *d : Value::Int(0);
  }
  return conv;
}

bool SameValues(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_null() != b[i].is_null()) return false;
    if (!a[i].is_null() && (a[i].kind() != b[i].kind() || Compare(a[i], b[i]) != 0)) return false;
  }
  return true;
}

void TouchOnUpdateColumns(const storage::TableDef& def, const std::vector<size_t>& assigned, Row& row,
                          StatementState& state) {
  for (size_t c = 0; c < def.columns.size(); ++c) {
    const bool is_assigned = std::find(assigned.begin(), assigned.end(), c) != assigned.end();
    if (def.columns[c].on_update_current_timestamp && !is_assigned) {
      row[c] = CurrentTimestamp(state, def.columns[c].scale);
    }
  }
}

Result<bool> UpdateRowOrWarn(storage::Transaction& trx, storage::Table& table, const storage::Key& pk,
                             Row new_row, bool ignore, StatementState& state) {
  auto up = trx.Update(table, pk, std::move(new_row));
  if (!up.ok() && ignore && up.code() == ErrorCode::kDuplicateEntry) {
    state.Warn(ErrorCode::kDuplicateEntry, up.status().message());
    return false;
  }
  return up;
}

StatementResult UpdateResult(uint64_t matched, uint64_t changed, const StatementState& state,
                             ExecContext& ctx) {
  ctx.OnRowsExamined(state.rows_examined);
  StatementResult r;
  r.affected_rows = changed;
  r.warning_count = static_cast<uint16_t>(std::min<uint32_t>(state.warnings, 65535));
  r.info = "Rows matched: " + std::to_string(matched) + "  Changed: " + std::to_string(changed) +
           "  Warnings: " + std::to_string(state.warnings);
  return r;
}

}  // namespace sql
