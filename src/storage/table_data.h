// TableData: the in-memory contents of one table (rows, secondary indexes, counters).
//
// Row versions. Each primary key maps to a RowRecord:
//   committed  the latest committed image (nullopt: the row exists only as another
//              transaction's uncommitted insert)
//   writer     id of the transaction with an uncommitted change to the row, or 0
//   pending    that transaction's image (nullopt: it deleted the row); meaningful iff writer
// A transaction sees `pending` if it is the writer, else `committed` (READ COMMITTED).
//
// Secondary indexes hold (index key, primary key) entries for every image that is committed
// or pending, so both readers find the row; a reader re-checks that the image it sees has the
// entry's key and skips stale entries.
//
// Invariants (checked by CheckInvariantsLocked):
//   [I1] writer == 0 implies committed has a value (records with neither are erased).
//   [I2] writer != 0 implies that transaction holds the exclusive row lock on the key.
//   [I3] an index entry (k, pk) exists iff rows[pk] has a committed or pending image whose key
//        for that index is k.
//   [I4] committed_rows == number of records with a committed image.
//
// Thread safety: everything below `latch` is guarded by it (shared for reads, exclusive for
// changes). Lock order: catalog latch -> table latch -> row-lock table -> log; never wait for a
// row lock while holding a table latch.
#ifndef STORAGE_TABLE_DATA_H_
#define STORAGE_TABLE_DATA_H_

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "base/mutex.h"
#include "storage/key.h"
#include "storage/table.h"

namespace storage {

struct RowRecord {
  std::optional<Row> committed;
  uint64_t writer = 0;
  std::optional<Row> pending;

  const std::optional<Row>& VisibleTo(uint64_t trx) const { return writer != 0 && writer == trx ? pending : committed; }
  const std::optional<Row>& Latest() const { return writer != 0 ? pending : committed; }
};

struct IndexEntryLess {
  bool operator()(const std::pair<Key, Key>& a, const std::pair<Key, Key>& b) const {
    int c = CompareKeys(a.first, b.first);
    return c != 0 ? c < 0 : CompareKeys(a.second, b.second) < 0;
  }
};
using IndexEntries = std::set<std::pair<Key, Key>, IndexEntryLess>;

struct SecondaryIndex {
  IndexDef def;
  std::vector<int> columns;  // column positions
  IndexEntries entries;
};

// Receives the primary key of every row changed while an online build runs.
class ChangeTracker {
 public:
  virtual ~ChangeTracker() = default;
  // Called under the table's exclusive latch; must not call back into the table.
  virtual void Note(const Key& pk) = 0;
};

class TableData : public Table, public std::enable_shared_from_this<TableData> {
 public:
  explicit TableData(const TableDef& def);

  uint64_t id() const override { return id_; }
  std::shared_ptr<const TableDef> def() const override MDL_EXCLUDES(latch);
  uint64_t row_count() const override { return committed_rows_.load(std::memory_order_relaxed); }
  bool is_live() const override { return live_.load(std::memory_order_acquire); }
  void MarkDead() { live_.store(false, std::memory_order_release); }

  // --- Helpers; all REQUIRE the latch (shared for const ones). ---
  Key PrimaryKeyOf(const Row& row) const MDL_REQUIRES_SHARED(latch);
  Key IndexKeyOf(const SecondaryIndex& index, const Row& row) const { return KeyOf(index.columns, row); }
  static Key KeyOf(const std::vector<int>& columns, const Row& row);
  bool has_hidden_pk() const MDL_REQUIRES_SHARED(latch) { return pk_columns_.empty(); }
  // Index position by name ("" / PRIMARY = -1), or -2 if unknown.
  int FindIndexLocked(std::string_view name) const MDL_REQUIRES_SHARED(latch);

  // Makes `image` the pending image of rows[pk] for trx `writer` (creating the record), and
  // maintains index entries. Returns the previous pending image if `writer` already was the
  // writer, for undo.
  void SetPendingLocked(const Key& pk, uint64_t writer, std::optional<Row> image) MDL_REQUIRES(latch);
  // Undo: restores rows[pk] to `prev` (first_touch: back to committed only).
  void RestoreLocked(const Key& pk, bool first_touch, std::optional<Row> prev) MDL_REQUIRES(latch);
  // Commit: pending becomes committed.
  void CommitRecordLocked(const Key& pk, uint64_t writer) MDL_REQUIRES(latch);
  // Sets the committed image directly (recovery, snapshot load, rebuild); nullopt deletes.
  void PutCommittedLocked(const Key& pk, std::optional<Row> image) MDL_REQUIRES(latch);
  void ClearLocked() MDL_REQUIRES(latch);
  // Pushes the AUTO_INCREMENT counter / hidden row id past what `row` / `pk` hold.
  void ObserveCountersLocked(const Key& pk, const Row& row) MDL_REQUIRES(latch);
  // Adds entries for both images of every row to `index` (index creation at replay).
  void FillIndexLocked(SecondaryIndex* index) const MDL_REQUIRES_SHARED(latch);
  SecondaryIndex MakeIndex(const IndexDef& def) const MDL_REQUIRES_SHARED(latch);
  void NoteChangeLocked(const Key& pk) MDL_REQUIRES(latch) {
    for (ChangeTracker* t : trackers) t->Note(pk);
  }
  void CheckInvariantsLocked() const MDL_REQUIRES_SHARED(latch);

  mutable base::SharedMutex latch;
  TableDef def_ MDL_GUARDED_BY(latch);  // auto_increment field unused: see auto_increment
  std::vector<int> pk_columns_ MDL_GUARDED_BY(latch);
  std::map<Key, RowRecord, KeyLess> rows MDL_GUARDED_BY(latch);
  std::vector<SecondaryIndex> indexes MDL_GUARDED_BY(latch);
  uint64_t auto_increment MDL_GUARDED_BY(latch) = 1;  // next value
  uint64_t next_row_id MDL_GUARDED_BY(latch) = 1;     // hidden primary key
  std::vector<ChangeTracker*> trackers MDL_GUARDED_BY(latch);

 private:
  // Removes index entries of `image` at pk that neither remaining image of `rec` still needs.
  void DropUnusedEntriesLocked(const Key& pk, const Row& image, const RowRecord& rec) MDL_REQUIRES(latch);
  void AddEntriesLocked(const Key& pk, const Row& image) MDL_REQUIRES(latch);

  const uint64_t id_;
  std::atomic<bool> live_{true};             // release/acquire: publishes nothing else
  std::atomic<uint64_t> committed_rows_{0};  // relaxed: statistics ([I4] under latch)
};

}  // namespace storage

#endif  // STORAGE_TABLE_DATA_H_
