// Online schema changes driven in steps by the caller (ALTER TABLE ... ALGORITHM=COPY/INPLACE).
//
// Both kinds work the same way, so the DDL layer can make them take time proportional to the
// table and pause between phases:
//   1. Engine::BeginRebuild / BeginIndexBuild registers a change tracker on the source table.
//   2. CopyBatch(n) reads up to n more committed rows, in primary-key order, under the table's
//      shared latch (concurrent readers and writers proceed between batches).
//   3. Every row a transaction changes on the source table while the build runs (insert,
//      update, delete, their commit and their rollback) is noted by primary key by the tracker.
//   4. Commit() copies what is left, then, under the commit gate (no transaction is between
//      writing its redo and applying it) and the table's exclusive latch, re-applies the noted
//      rows that the copy had already passed, validates, logs the change (fsync'd) and swaps it
//      in atomically. So rows changed during the build end up in the result.
// A TableRebuild's Commit requires that no transaction holds uncommitted changes on the table
// (the caller holds the exclusive metadata lock); an IndexBuild also carries them over.
//
// Destroying an uncommitted build aborts it. Thread safety: one thread drives a build;
// concurrent DML from other threads is fine.
#ifndef STORAGE_TABLE_REBUILD_H_
#define STORAGE_TABLE_REBUILD_H_

#include <cstdint>
#include <functional>

#include "storage/schema.h"
#include "storage/status.h"
#include "storage/value.h"

namespace storage {

// Maps a row of the old definition to a row of the new one (ADD/DROP/MODIFY/CHANGE COLUMN).
// `row_number` is 1-based in copy order, for "... at row N" messages. Returns the error the
// ALTER should fail with (e.g. kDataTooLong "Data too long for column 'c' at row 3").
// Called with the table's shared latch held (CopyBatch) or its exclusive latch (Commit), so it
// must not call back into the engine.
using RowMapper = std::function<Result<Row>(const Row& old_row, uint64_t row_number)>;

// ALGORITHM=COPY: builds a new copy of the table under a new definition.
class TableRebuild {
 public:
  virtual ~TableRebuild() = default;
  // Copies up to `max_rows` more rows; returns how many were copied (0 once Done()). Errors:
  // the mapper's error; kBadNull "Column 'c' cannot be null" for NULL in a NOT NULL column;
  // kDuplicateEntry for a unique key of the new definition; kNoSuchTable if the source was
  // dropped. After an error the build is aborted.
  virtual Result<uint64_t> CopyBatch(uint64_t max_rows) = 0;
  virtual bool Done() const = 0;
  virtual uint64_t rows_copied() const = 0;
  // Rows of the source when the build began (progress reporting).
  virtual uint64_t rows_estimated() const = 0;
  // Finishes (see the file comment) and replaces the table: same id, new definition, rows
  // mapped; handles opened earlier report is_live() false. Errors: those of CopyBatch;
  // kInternal if a transaction has uncommitted changes on the table; kDiskFull if the log
  // cannot be written (then nothing changed).
  virtual Status Commit() = 0;
  virtual void Abort() = 0;
};

// ALGORITHM=INPLACE ADD INDEX: builds one secondary index on the live table.
class IndexBuild {
 public:
  virtual ~IndexBuild() = default;
  // Indexes up to `max_rows` more rows; returns how many (0 once Done()).
  virtual Result<uint64_t> CopyBatch(uint64_t max_rows) = 0;
  virtual bool Done() const = 0;
  virtual uint64_t rows_copied() const = 0;
  virtual uint64_t rows_estimated() const = 0;
  // Finishes and attaches the index (the table handle stays live). Errors: kDuplicateEntry
  // "Duplicate entry 'v' for key 't.k'" for a unique index over rows that repeat a non-NULL
  // key; kDuplicateKeyName if an index of that name appeared meanwhile; kDiskFull.
  virtual Status Commit() = 0;
  virtual void Abort() = 0;
};

}  // namespace storage

#endif  // STORAGE_TABLE_REBUILD_H_
