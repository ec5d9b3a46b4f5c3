#include "sql/ddl_alter_def.h"

#include <algorithm>
#include <memory>

#include "sql/ddl_table_def.h"

namespace sql {
namespace {

using storage::ColumnDef;
using storage::Result;
using storage::Row;
using storage::Value;

SqlError CantDrop(const std::string& name) {
  return SqlError(ErrorCode::kCantDropField,
                  "Can't DROP '" + name + "'; check that column/key exists");
}

bool IsText(storage::ColumnType t) {
  return t == storage::ColumnType::kChar || t == storage::ColumnType::kVarchar ||
         t == storage::ColumnType::kText || t == storage::ColumnType::kBlob;
}

bool SameStorage(const ColumnDef& a, const ColumnDef& b) {
  return a.type == b.type && a.length == b.length && a.precision == b.precision &&
         a.scale == b.scale && a.is_unsigned == b.is_unsigned &&
         a.auto_increment == b.auto_increment;
}

// The value a new column gets in existing rows: its DEFAULT, else NULL, else the type's
// implicit default (0 / '' / zero date), as MySQL fills added NOT NULL columns.
Value FillValue(const ColumnDef& c) {
  if (c.default_value.kind == storage::ColumnDefault::Kind::kValue) return c.default_value.value;
  if (c.nullable) return Value();
  switch (c.type) {
    case storage::ColumnType::kDate: return Value::Date("0000-00-00");
    case storage::ColumnType::kDateTime:
    case storage::ColumnType::kTimestamp: return Value::DateTime("0000-00-00 00:00:00");
    default: return IsText(c.type) ? Value::String("") : Value::Int(0);
  }
}

// Converts a value into a (possibly changed) column type, as ALTER ... MODIFY copies rows.
Result<Value> ConvertForColumn(const Value& v, const ColumnDef& c, uint64_t row) {
  if (v.is_null()) return v;
  if (IsText(c.type)) {
    std::string s = v.ToString();
    if (c.length != 0 && s.size() > c.length) {
      return SqlError(ErrorCode::kDataTooLong,
                      "Data too long for column '" + c.name + "' at row " + std::to_string(row));
    }
    return Value::String(std::move(s));
  }
  switch (c.type) {
    case storage::ColumnType::kTinyInt:
    case storage::ColumnType::kSmallInt:
    case storage::ColumnType::kMediumInt:
    case storage::ColumnType::kInt:
    case storage::ColumnType::kBigInt:
      return c.is_unsigned ? Value::UInt(v.ToUInt()) : Value::Int(v.ToInt());
    case storage::ColumnType::kFloat:
    case storage::ColumnType::kDouble:
      return Value::Double(v.ToDouble());
    default:
      return v;
  }
}

int FindCol(const std::vector<ColumnDef>& cols, const std::string& name) {
  for (size_t i = 0; i < cols.size(); ++i) {
    if (storage::NameEquals(cols[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Result<AlterDefPlan> PlanAlterDef(const storage::TableDef& old_def,
                                  const std::vector<const ast::AlterSpec*>& specs,
                                  const ast::TableOptions& options, bool force,
                                  const std::string& current_db) {
  if (!options.engine.empty()) STORAGE_RETURN_IF_ERROR(CheckEngineName(options.engine));
  AlterDefPlan plan;
  storage::TableDef& def = plan.new_def;
  def = old_def;
  std::vector<int> src(def.columns.size());
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<int>(i);
  bool rebuild = force || !options.engine.empty();
  if (rebuild) plan.instant_ok = false;
  bool type_change = false;
  bool drop_pk_only = false;
  bool added_pk = false;

  auto place = [&](size_t from, const ast::AlterSpec& s) -> storage::Status {
    if (s.placement == ast::ColumnPlacement::kDefault) return storage::Status::OK();
    ColumnDef c = def.columns[from];
    const int sc = src[from];
    def.columns.erase(def.columns.begin() + from);
    src.erase(src.begin() + from);
    size_t to = 0;
    if (s.placement == ast::ColumnPlacement::kAfter) {
      const int a = FindCol(def.columns, s.after_column);
      if (a < 0) {
        return storage::Status(ErrorCode::kUnknownColumn,
                               "Unknown column '" + s.after_column + "' in '" + def.name + "'");
      }
      to = static_cast<size_t>(a) + 1;
    }
    def.columns.insert(def.columns.begin() + to, std::move(c));
    src.insert(src.begin() + to, sc);
    return storage::Status::OK();
  };

  for (const ast::AlterSpec* sp : specs) {
    const ast::AlterSpec& s = *sp;
    switch (s.kind) {
      case ast::AlterSpecKind::kAddColumn: {
        if (FindCol(def.columns, s.column.name) >= 0) {
          return SqlError(ErrorCode::kDuplicateColumn, "Duplicate column name '" + s.column.name + "'");
        }
        STORAGE_ASSIGN_OR_RETURN(ColumnDef c, BuildColumnDef(s.column));
        if (c.auto_increment) plan.instant_ok = false;
        def.columns.push_back(std::move(c));
        src.push_back(-1);
        STORAGE_RETURN_IF_ERROR(place(def.columns.size() - 1, s));
        if (s.column.key != ast::ColumnKey::kNone) {
          ast::IndexDef idx;
          idx.kind = s.column.key == ast::ColumnKey::kPrimary ? ast::IndexKind::kPrimary
                                                              : ast::IndexKind::kUnique;
          idx.columns.push_back({s.column.name, std::nullopt, false});
          STORAGE_ASSIGN_OR_RETURN(storage::IndexDef i, BuildIndexDef(idx, &def));
          def.indexes.push_back(std::move(i));
          plan.instant_ok = false;
        }
        rebuild = true;
        break;
      }
      case ast::AlterSpecKind::kDropColumn: {
        const int i = FindCol(def.columns, s.name);
        if (i < 0) return CantDrop(s.name);
        def.columns.erase(def.columns.begin() + i);
        src.erase(src.begin() + i);
        // MySQL removes the column from its indexes and drops indexes left empty.
        for (auto& idx : def.indexes) {
          std::erase_if(idx.columns, [&](const storage::IndexColumn& ic) {
            return storage::NameEquals(ic.name, s.name);
          });
        }
        std::erase_if(def.indexes, [](const storage::IndexDef& idx) { return idx.columns.empty(); });
        rebuild = true;
        break;
      }
      case ast::AlterSpecKind::kModifyColumn:
      case ast::AlterSpecKind::kChangeColumn: {
        const std::string old_name =
            s.kind == ast::AlterSpecKind::kModifyColumn ? s.column.name : s.name;
        const int i = FindCol(def.columns, old_name);
        if (i < 0) {
          return SqlError(ErrorCode::kUnknownColumn,
                          "Unknown column '" + old_name + "' in '" + def.name + "'");
        }
        const int other = FindCol(def.columns, s.column.name);
        if (other >= 0 && other != i) {
          return SqlError(ErrorCode::kDuplicateColumn, "Duplicate column name '" + s.column.name + "'");
        }
        STORAGE_ASSIGN_OR_RETURN(ColumnDef c, BuildColumnDef(s.column));
        const ColumnDef& was = def.columns[i];
        if (!SameStorage(was, c)) {
          type_change = true;
        } else if (was.nullable != c.nullable || s.placement != ast::ColumnPlacement::kDefault) {
          rebuild = true;
          plan.instant_ok = false;
        }
        for (auto& idx : def.indexes) {
          for (auto& ic : idx.columns) {
            if (storage::NameEquals(ic.name, old_name)) ic.name = c.name;
          }
        }
        def.columns[i] = std::move(c);
        STORAGE_RETURN_IF_ERROR(place(static_cast<size_t>(i), s));
        break;
      }
      case ast::AlterSpecKind::kAlterColumnSetDefault:
      case ast::AlterSpecKind::kAlterColumnDropDefault: {
        const int i = FindCol(def.columns, s.name);
        if (i < 0) {
          return SqlError(ErrorCode::kUnknownColumn,
                          "Unknown column '" + s.name + "' in '" + def.name + "'");
        }
        if (s.kind == ast::AlterSpecKind::kAlterColumnDropDefault) {
          def.columns[i].default_value = storage::ColumnDefault::None();
        } else {
          ast::ColumnDef tmp;
          tmp.name = s.name;
          tmp.type.type = def.columns[i].type;
          tmp.not_null = !def.columns[i].nullable;
          auto* lit = s.default_value ? s.default_value->As<ast::Literal>() : nullptr;
          if (lit == nullptr) {
            return SqlError(ErrorCode::kInternal, "Invalid default value for '" + s.name + "'");
          }
          def.columns[i].default_value = storage::ColumnDefault::Of(lit->value);
        }
        break;
      }
      case ast::AlterSpecKind::kRenameColumn: {
        const int i = FindCol(def.columns, s.name);
        if (i < 0) {
          return SqlError(ErrorCode::kUnknownColumn,
                          "Unknown column '" + s.name + "' in '" + def.name + "'");
        }
        const int other = FindCol(def.columns, s.new_name);
        if (other >= 0 && other != i) {
          return SqlError(ErrorCode::kDuplicateColumn, "Duplicate column name '" + s.new_name + "'");
        }
        for (auto& idx : def.indexes) {
          for (auto& ic : idx.columns) {
            if (storage::NameEquals(ic.name, s.name)) ic.name = s.new_name;
          }
        }
        def.columns[i].name = s.new_name;
        break;
      }
      case ast::AlterSpecKind::kAddIndex: {
        if (s.index.kind == ast::IndexKind::kPrimary && def.primary_key() != nullptr) {
          return SqlError(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
        }
        if (!s.index.name.empty() && def.FindIndex(s.index.name) != nullptr) {
          return SqlError(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + s.index.name + "'");
        }
        STORAGE_ASSIGN_OR_RETURN(storage::IndexDef idx, BuildIndexDef(s.index, &def));
        for (const auto& ic : idx.columns) {
          if (FindCol(def.columns, ic.name) < 0) {
            return SqlError(ErrorCode::kKeyColumnDoesNotExist,
                            "Key column '" + ic.name + "' doesn't exist in table");
          }
        }
        plan.instant_ok = false;
        if (idx.is_primary()) {
          rebuild = true;
          added_pk = true;
        } else {
          plan.added_indexes.push_back(idx);
        }
        def.indexes.push_back(std::move(idx));
        break;
      }
      case ast::AlterSpecKind::kDropIndex: {
        if (def.FindIndex(s.name) == nullptr) return CantDrop(s.name);
        if (storage::NameEquals(s.name, "PRIMARY")) {
          drop_pk_only = true;
        } else {
          plan.dropped_indexes.push_back(def.FindIndex(s.name)->name);
        }
        std::erase_if(def.indexes, [&](const storage::IndexDef& idx) {
          return storage::NameEquals(idx.name, s.name);
        });
        plan.instant_ok = false;
        break;
      }
      case ast::AlterSpecKind::kDropPrimaryKey: {
        if (def.primary_key() == nullptr) return CantDrop("PRIMARY");
        std::erase_if(def.indexes, [](const storage::IndexDef& idx) { return idx.is_primary(); });
        drop_pk_only = true;
        plan.instant_ok = false;
        break;
      }
      case ast::AlterSpecKind::kRenameIndex: {
        storage::IndexDef* idx = nullptr;
        for (auto& i : def.indexes) {
          if (storage::NameEquals(i.name, s.name)) idx = &i;
        }
        if (idx == nullptr) {
          return SqlError(ErrorCode::kInternal,
                          "Key '" + s.name + "' doesn't exist in table '" + def.name + "'");
        }
        if (def.FindIndex(s.new_name) != nullptr && !storage::NameEquals(s.name, s.new_name)) {
          return SqlError(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + s.new_name + "'");
        }
        idx->name = s.new_name;
        break;
      }
      case ast::AlterSpecKind::kRenameTable: {
        const std::string db = s.new_table.db.empty() ? current_db : s.new_table.db;
        if (db != old_def.db || s.new_table.name != old_def.name) {
          plan.rename_to = std::make_pair(db, s.new_table.name);
        }
        break;
      }
      case ast::AlterSpecKind::kAddForeignKey:
      case ast::AlterSpecKind::kDropForeignKey:
        return SqlError(ErrorCode::kNotSupported,
                        "This version of MySQL doesn't yet support 'FOREIGN KEY constraints'");
    }
  }
  if (drop_pk_only && !added_pk) {
    plan.inplace_ok = false;
    plan.inplace_reason = "Dropping a primary key is not allowed without also adding a new primary key";
    rebuild = true;
  } else if (drop_pk_only) {
    rebuild = true;
  }
  if (type_change) {
    plan.instant_ok = false;
    plan.inplace_ok = false;
    plan.inplace_reason = "Cannot change column type INPLACE";
    rebuild = true;
  }
  if (options.comment) def.options.comment = *options.comment;
  if (options.auto_increment) def.auto_increment = *options.auto_increment;
  STORAGE_RETURN_IF_ERROR(storage::ValidateTableDef(def));

  if (rebuild) {
    plan.work = AlterWork::kRebuild;
    plan.added_indexes.clear();
    plan.dropped_indexes.clear();
    auto shared_src = std::make_shared<std::vector<int>>(src);
    auto cols = std::make_shared<std::vector<ColumnDef>>(def.columns);
    auto old_cols = std::make_shared<std::vector<ColumnDef>>(old_def.columns);
    plan.mapper = [shared_src, cols, old_cols](const Row& old_row, uint64_t row_number) -> Result<Row> {
      Row out;
      out.reserve(cols->size());
      for (size_t j = 0; j < cols->size(); ++j) {
        const int from = (*shared_src)[j];
        if (from < 0) {
          out.push_back(FillValue((*cols)[j]));
          continue;
        }
        if (old_row[from].is_null() && !(*cols)[j].nullable) {
          // A column made NOT NULL (MODIFY, or by joining a PRIMARY KEY) over existing NULLs:
          // MySQL 8.0's InnoDB refuses with 1138 (ALGORITHM=COPY reports 1265 "Data truncated"
          // instead; mdld reports 1138 for both).
          return SqlError(ErrorCode::kInvalidUseOfNull, "Invalid use of NULL value");
        }
        if (SameStorage((*old_cols)[from], (*cols)[j])) {
          out.push_back(old_row[from]);
          continue;
        }
        STORAGE_ASSIGN_OR_RETURN(Value v, ConvertForColumn(old_row[from], (*cols)[j], row_number));
        out.push_back(std::move(v));
      }
      return out;
    };
  } else if (!plan.added_indexes.empty()) {
    plan.work = AlterWork::kIndexBuild;
  }
  return plan;
}

}  // namespace sql
