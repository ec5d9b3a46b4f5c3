// ALTER TABLE planning: the new definition, the row mapping, and which algorithms MySQL 8.0
// (8.0.36) supports for the requested changes.
//
//   change                                   INSTANT  INPLACE            COPY
//   ADD COLUMN (not AUTO_INCREMENT)          yes      yes (rebuild)      yes
//   DROP COLUMN                              yes      yes (rebuild)      yes
//   RENAME COLUMN, SET/DROP DEFAULT          yes      yes (metadata)     yes
//   MODIFY/CHANGE: same type, new position   no       yes (rebuild)      yes
//   MODIFY/CHANGE: NULL <-> NOT NULL         no       yes (rebuild)      yes
//   MODIFY/CHANGE: new type                  no       no                 yes
//   ADD INDEX / UNIQUE                       no       yes (index build)  yes
//   ADD PRIMARY KEY                          no       yes (rebuild)      yes
//   DROP INDEX                               no       yes (metadata)     yes
//   DROP PRIMARY KEY (without ADD)           no       no                 yes
//   RENAME INDEX, RENAME TO, table options   yes      yes (metadata)     yes
//   FORCE / ENGINE=                          no       yes (rebuild)      yes
// (INSTANT ADD/DROP COLUMN at any position: 8.0.29+.) An INSTANT column change still
// rewrites the rows in this engine; it does so entirely under the brief X lock, which is
// what other sessions observe of MySQL's INSTANT.
#ifndef SQL_DDL_ALTER_DEF_H_
#define SQL_DDL_ALTER_DEF_H_

#include <optional>
#include <string>
#include <vector>

#include "sql/ast.h"
#include "storage/schema.h"
#include "storage/status.h"
#include "storage/table_rebuild.h"

namespace sql {

// What the storage engine must do for the change.
enum class AlterWork : uint8_t {
  kMetadata,    // ChangeTableMetadata / DropIndex / RenameTable only
  kIndexBuild,  // build `added_indexes` on the live table (plus metadata changes)
  kRebuild,     // TableRebuild with `mapper`
};

struct AlterDefPlan {
  storage::TableDef new_def;
  AlterWork work = AlterWork::kMetadata;
  bool instant_ok = true;
  bool inplace_ok = true;
  std::string inplace_reason;  // why INPLACE is refused, for the 1846 text
  std::vector<storage::IndexDef> added_indexes;   // kIndexBuild
  std::vector<std::string> dropped_indexes;       // secondary indexes to drop
  storage::RowMapper mapper;                      // kRebuild
  std::optional<std::pair<std::string, std::string>> rename_to;  // db, name
};

// Applies `specs` to `old_def`. Errors as MySQL: kDuplicateColumn, kCantDropField ("Can't
// DROP 'x'; check that column/key exists"), kUnknownColumn ("Unknown column 'c' in 't'"),
// kDuplicateKeyName, kMultiplePrimaryKey, kNotSupported for foreign keys.
storage::Result<AlterDefPlan> PlanAlterDef(const storage::TableDef& old_def,
                                           const std::vector<const ast::AlterSpec*>& specs,
                                           const ast::TableOptions& options, bool force,
                                           const std::string& current_db);

}  // namespace sql

#endif  // SQL_DDL_ALTER_DEF_H_
