#include "storage/schema.h"

#include <cctype>

namespace storage {

bool NameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int TableDef::FindColumn(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (NameEquals(columns[i].name, column)) return static_cast<int>(i);
  }
  return -1;
}

const IndexDef* TableDef::FindIndex(std::string_view index) const {
  for (const IndexDef& idx : indexes) {
    if (NameEquals(idx.name, index)) return &idx;
  }
  return nullptr;
}

const IndexDef* TableDef::primary_key() const {
  for (const IndexDef& idx : indexes) {
    if (idx.is_primary()) return &idx;
  }
  return nullptr;
}

int TableDef::auto_increment_column() const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].auto_increment) return static_cast<int>(i);
  }
  return -1;
}

Status ValidateTableDef(const TableDef& def) {
  if (def.db.empty() || def.name.empty()) {
    return Status(sql::ErrorCode::kInternal, "Incorrect table name '" + def.db + "." + def.name + "'");
  }
  if (def.columns.empty()) {
    return Status(sql::ErrorCode::kInternal, "A table must have at least 1 column");
  }
  int auto_increment_columns = 0;
  for (size_t i = 0; i < def.columns.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (NameEquals(def.columns[i].name, def.columns[j].name)) {
        return Status(sql::ErrorCode::kDuplicateColumn, "Duplicate column name '" + def.columns[i].name + "'");
      }
    }
    if (def.columns[i].auto_increment) ++auto_increment_columns;
  }
  if (auto_increment_columns > 1) {
    return Status(sql::ErrorCode::kInternal,
                  "Incorrect table definition; there can be only one auto column and it must be defined as a key");
  }
  int primary_keys = 0;
  for (size_t i = 0; i < def.indexes.size(); ++i) {
    const IndexDef& idx = def.indexes[i];
    if (idx.is_primary() && ++primary_keys > 1) {
      return Status(sql::ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
    }
    for (size_t j = 0; j < i; ++j) {
      if (NameEquals(idx.name, def.indexes[j].name)) {
        return Status(sql::ErrorCode::kDuplicateKeyName, "Duplicate key name '" + idx.name + "'");
      }
    }
    if (idx.columns.empty()) {
      return Status(sql::ErrorCode::kInternal, "Index '" + idx.name + "' has no columns");
    }
    for (const IndexColumn& col : idx.columns) {
      if (def.FindColumn(col.name) < 0) {
        return Status(sql::ErrorCode::kUnknownColumn, "Key column '" + col.name + "' doesn't exist in table");
      }
    }
  }
  return Status::OK();
}

}  // namespace storage
