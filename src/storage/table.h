// Table: a handle to one stored table, obtained from Engine::OpenTable.
//
// Rows are read and written only through a Transaction (transaction.h); this handle only
// identifies the table and describes it. The handle keeps the table's memory alive, so it is
// safe to hold across a concurrent DROP/rebuild: operations on a table that was dropped or
// replaced by a rebuild since it was opened fail with kNoSuchTable, and the caller re-opens it
// (the SQL layer's metadata locks normally make that impossible).
//
// Thread safety: all methods are safe to call concurrently.
#ifndef STORAGE_TABLE_H_
#define STORAGE_TABLE_H_

#include <cstdint>
#include <memory>

#include "storage/schema.h"

namespace storage {

class Table {
 public:
  virtual ~Table() = default;

  // Engine-assigned id (TableDef::id).
  virtual uint64_t id() const = 0;
  // A snapshot of the current definition, with `auto_increment` current as of the call.
  virtual std::shared_ptr<const TableDef> def() const = 0;
  // Number of committed rows (what information_schema.TABLES.TABLE_ROWS shows).
  virtual uint64_t row_count() const = 0;
  // False once the table was dropped or replaced by a rebuild (see above).
  virtual bool is_live() const = 0;
};

}  // namespace storage

#endif  // STORAGE_TABLE_H_
