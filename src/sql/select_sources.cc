// FROM sources (declared in select_plan.h): storage tables, virtual tables of the
// diagnostic schemas, and derived tables.
//
// Derived tables: `FROM (SELECT ...) AS alias` is materialized when the enclosing query block
// is planned: its rows are computed once per statement (the block's plan is cached by the
// QueryRunner) and then read like the rows of a virtual table, so joins, WHERE, GROUP BY and
// ORDER BY over it work unchanged. MySQL merges simple derived tables into the outer block
// instead; the results are the same because a derived table here cannot see outer columns (no
// LATERAL): it is planned with no enclosing block, so an outer reference fails with
// kUnknownColumn, as it does in MySQL for a derived table of the outermost block.
//
// Metadata locks: the session's lock plan (lock_plan.cc, PlanBuilder::TableRef) takes
// SHARED_READ on every base table inside a derived table before the executor runs.
#include "sql/expr_value.h"
#include "sql/select_plan.h"
#include "storage/engine.h"

namespace sql {
namespace {

bool IsVirtualDb(const std::string& lower_db) {
  return lower_db == "information_schema" || lower_db == "performance_schema" || lower_db == "sys" ||
         lower_db == "mysql";
}

ColumnInfo InfoFromColumnDef(const storage::TableDef& def, size_t i) {
  const storage::ColumnDef& c = def.columns[i];
  ColumnInfo info;
  info.name = info.org_name = c.name;
  info.type = c.type;
  info.is_unsigned = c.is_unsigned;
  info.not_null = !c.nullable;
  info.auto_increment = c.auto_increment;
  using storage::ColumnType;
  switch (c.type) {
    case ColumnType::kTinyInt: info.length = c.length ? c.length : 4; break;
    case ColumnType::kSmallInt: info.length = c.length ? c.length : 6; break;
    case ColumnType::kMediumInt: info.length = c.length ? c.length : 9; break;
    case ColumnType::kInt: info.length = c.length ? c.length : 11; break;
    case ColumnType::kBigInt: info.length = c.length ? c.length : 20; break;
    case ColumnType::kDecimal:
      info.length = static_cast<uint32_t>(c.precision) + (c.scale ? 1u : 0u) + (c.is_unsigned ? 0u : 1u);
      info.decimals = c.scale;
      break;
    case ColumnType::kFloat: info.length = 12; info.decimals = 31; break;
    case ColumnType::kDouble: info.length = 22; info.decimals = 31; break;
    case ColumnType::kDate: info.length = 10; break;
    case ColumnType::kTime: info.length = 10; break;
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp: info.length = 19 + (c.scale ? c.scale + 1u : 0u); info.decimals = c.scale; break;
    case ColumnType::kText: info.length = c.length ? c.length : 65535; break;
    case ColumnType::kBlob: info.length = c.length ? c.length : 65535; info.binary = true; break;
    default: info.length = c.length; break;
  }
  if (c.type != ColumnType::kChar && c.type != ColumnType::kVarchar && c.type != ColumnType::kText) {
    info.binary = true;
  }
  for (const auto& idx : def.indexes) {
    for (size_t k = 0; k < idx.columns.size(); ++k) {
      if (!storage::NameEquals(idx.columns[k].name, c.name)) continue;
      if (idx.is_primary()) info.primary_key = true;
      else if (idx.is_unique() && idx.columns.size() == 1) info.unique_key = true;
      else if (k == 0) info.multiple_key = true;
    }
  }
  return info;
}

}  // namespace

Result<Source> OpenSource(const ast::TableName& name, const std::string& alias, StatementState& state) {
  Source src;
  src.db = name.db.empty() ? state.ctx.current_db() : name.db;
  if (src.db.empty()) return Status(ErrorCode::kNoDatabaseSelected, "No database selected");
  src.name = name.name;
  src.alias = alias.empty() ? name.name : alias;
  std::string lower_db = FoldCase(src.db);
  if (IsVirtualDb(lower_db)) {
    auto vt = state.ctx.OpenVirtualTable(lower_db, name.name);
    if (!vt) return Status(ErrorCode::kNoSuchTable, "Table '" + src.db + "." + name.name + "' doesn't exist");
    src.columns = std::move(vt->columns);
    src.rows = std::move(vt->rows);
    for (ColumnInfo& c : src.columns) {
      if (c.org_name.empty()) c.org_name = c.name;
      c.org_table = name.name;
      c.schema = lower_db;
    }
  } else {
    auto table = state.ctx.engine().OpenTable(src.db, name.name);
    if (!table.ok()) return table.status();
    src.table = std::move(*table);
    src.def = src.table->def();
    for (size_t i = 0; i < src.def->columns.size(); ++i) {
      ColumnInfo info = InfoFromColumnDef(*src.def, i);
      info.org_table = src.def->name;
      info.schema = src.def->db;
      src.columns.push_back(std::move(info));
    }
  }
  for (ColumnInfo& c : src.columns) c.table = src.alias;
  return src;
}

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
