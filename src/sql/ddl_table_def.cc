#include "sql/ddl_table_def.h"

#include "base/ascii.h"

namespace sql {
namespace {

using storage::ColumnType;
using storage::Value;

SqlError InvalidDefault(const std::string& column) {
  return SqlError(ErrorCode::kInternal, "Invalid default value for '" + column + "'");
}

// The DEFAULT clause's value, or nullopt when it is not a constant MySQL accepts there.
std::optional<storage::ColumnDefault> DefaultOf(const ast::Expr& e) {
  if (auto* lit = e.As<ast::Literal>()) return storage::ColumnDefault::Of(lit->value);
  if (auto* u = e.As<ast::Unary>()) {
    if (u->op != ast::UnaryOp::kNeg || !u->operand) return std::nullopt;
    auto* lit = u->operand->As<ast::Literal>();
    if (lit == nullptr) return std::nullopt;
    const Value& v = lit->value;
    switch (v.kind()) {
      case storage::ValueKind::kInt: return storage::ColumnDefault::Of(Value::Int(-v.int_value()));
      case storage::ValueKind::kUInt:
        return storage::ColumnDefault::Of(Value::Int(-static_cast<int64_t>(v.uint_value())));
      case storage::ValueKind::kDouble:
        return storage::ColumnDefault::Of(Value::Double(-v.double_value()));
      case storage::ValueKind::kDecimal:
        return storage::ColumnDefault::Of(Value::Decimal("-" + v.text()));
      default: return std::nullopt;
    }
  }
  if (auto* f = e.As<ast::FunctionCall>()) {
    const std::string n = base::AsciiUpper(f->name);
    if (n == "CURRENT_TIMESTAMP" || n == "NOW" || n == "LOCALTIME" || n == "LOCALTIMESTAMP") {
      return storage::ColumnDefault::CurrentTimestamp();
    }
  }
  return std::nullopt;
}

}  // namespace

storage::Result<storage::ColumnDef> BuildColumnDef(const ast::ColumnDef& column) {
  storage::ColumnDef c;
  c.name = column.name;
  c.type = column.type.type;
  c.is_unsigned = column.type.is_unsigned;
  switch (c.type) {
    case ColumnType::kDecimal:
      c.precision = static_cast<uint8_t>(column.type.precision.value_or(10));
      c.scale = static_cast<uint8_t>(column.type.scale.value_or(0));
      break;
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      c.precision = static_cast<uint8_t>(column.type.precision.value_or(0));
      c.scale = static_cast<uint8_t>(column.type.scale.value_or(0));
      break;
    case ColumnType::kTime:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
      c.scale = static_cast<uint8_t>(column.type.length.value_or(0));
      break;
    case ColumnType::kChar:
      c.length = column.type.length.value_or(1);
      break;
    default:
      c.length = column.type.length.value_or(0);
      break;
  }
  c.nullable = !column.not_null && column.key != ast::ColumnKey::kPrimary;
  c.auto_increment = column.auto_increment;
  c.on_update_current_timestamp = column.on_update_current_timestamp;
  c.comment = column.comment.value_or("");
  if (column.default_value) {
    auto d = DefaultOf(*column.default_value);
    if (!d) return InvalidDefault(column.name);
    if (d->kind == storage::ColumnDefault::Kind::kValue && d->value.is_null() && !c.nullable) {
      return InvalidDefault(column.name);
    }
    if (d->kind == storage::ColumnDefault::Kind::kCurrentTimestamp &&
        c.type != ColumnType::kDateTime && c.type != ColumnType::kTimestamp) {
      return InvalidDefault(column.name);
    }
    c.default_value = std::move(*d);
  }
  return c;
}

storage::Result<storage::IndexDef> BuildIndexDef(const ast::IndexDef& index,
                                                 storage::TableDef* def) {
  storage::IndexDef out;
  switch (index.kind) {
    case ast::IndexKind::kPrimary: out.kind = storage::IndexKind::kPrimary; break;
    case ast::IndexKind::kUnique: out.kind = storage::IndexKind::kUnique; break;
    case ast::IndexKind::kIndex: out.kind = storage::IndexKind::kNonUnique; break;
    case ast::IndexKind::kFulltext:
    case ast::IndexKind::kSpatial:
      return SqlError(ErrorCode::kNotSupported,
                      "This version of MySQL doesn't yet support 'FULLTEXT/SPATIAL indexes'");
  }
  for (const ast::IndexColumn& ic : index.columns) {
    out.columns.push_back({ic.name, ic.prefix_length.value_or(0)});
  }
  out.comment = index.comment.value_or("");
  if (out.kind == storage::IndexKind::kPrimary) {
    out.name = "PRIMARY";
    // MySQL makes PRIMARY KEY columns NOT NULL implicitly.
    for (const auto& ic : out.columns) {
      const int i = def->FindColumn(ic.name);
      if (i >= 0) def->columns[i].nullable = false;
    }
  } else if (!index.name.empty()) {
    out.name = index.name;
  } else if (!out.columns.empty()) {
    const std::string base = out.columns[0].name;
    out.name = base;
    for (int n = 2; def->FindIndex(out.name) != nullptr || storage::NameEquals(out.name, "PRIMARY");
         ++n) {
      out.name = base + "_" + std::to_string(n);
    }
  }
  return out;
}

storage::Status CheckEngineName(const std::string& engine) {
  // SHOW ENGINES of MySQL 8.0 (plus the HEAP and MERGE aliases).
  static const char* const kKnown[] = {"InnoDB", "MyISAM", "MEMORY", "HEAP", "CSV", "ARCHIVE",
                                       "BLACKHOLE", "MRG_MYISAM", "MERGE", "FEDERATED",
                                       "PERFORMANCE_SCHEMA"};
  for (const char* known : kKnown) {
    if (storage::NameEquals(engine, known)) return storage::Status::OK();
  }
  return SqlError(ErrorCode::kUnknownStorageEngine, "Unknown storage engine '" + engine + "'");
}

storage::Result<storage::TableDef> BuildTableDef(const ast::CreateTableStmt& st,
                                                 const std::string& db) {
  storage::TableDef def;
  def.db = db;
  def.name = st.table.name;
  for (const ast::ColumnDef& col : st.columns) {
    STORAGE_ASSIGN_OR_RETURN(storage::ColumnDef c, BuildColumnDef(col));
    def.columns.push_back(std::move(c));
  }
  // Inline keys come first in MySQL's key order only for PRIMARY KEY; the engine keeps the
  // primary key first anyway, so declaration order is kept otherwise.
  for (const ast::ColumnDef& col : st.columns) {
    if (col.key == ast::ColumnKey::kNone) continue;
    ast::IndexDef idx;
    idx.kind = col.key == ast::ColumnKey::kPrimary ? ast::IndexKind::kPrimary : ast::IndexKind::kUnique;
    idx.columns.push_back({col.name, std::nullopt, false});
    STORAGE_ASSIGN_OR_RETURN(storage::IndexDef i, BuildIndexDef(idx, &def));
    if (i.is_primary() && def.primary_key() != nullptr) {
      return SqlError(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
    }
    def.indexes.push_back(std::move(i));
  }
  for (const ast::IndexDef& idx : st.indexes) {
    if (idx.kind == ast::IndexKind::kPrimary && def.primary_key() != nullptr) {
      return SqlError(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
    }
    STORAGE_ASSIGN_OR_RETURN(storage::IndexDef i, BuildIndexDef(idx, &def));
    def.indexes.push_back(std::move(i));
  }
  if (!st.foreign_keys.empty()) {
    return SqlError(ErrorCode::kNotSupported,
                    "This version of MySQL doesn't yet support 'FOREIGN KEY constraints'");
  }
  if (!st.options.engine.empty()) {
    STORAGE_RETURN_IF_ERROR(CheckEngineName(st.options.engine));
    def.options.engine = "InnoDB";
  }
  if (!st.options.charset.empty()) def.options.charset = st.options.charset;
  if (!st.options.collation.empty()) def.options.collation = st.options.collation;
  if (st.options.comment) def.options.comment = *st.options.comment;
  if (st.options.auto_increment) def.auto_increment = *st.options.auto_increment;
  STORAGE_RETURN_IF_ERROR(storage::ValidateTableDef(def));
  return def;
}

}  // namespace sql
