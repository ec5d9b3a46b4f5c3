// ScanCursor: the Cursor (transaction.h) over the primary index or a secondary index.
//
// It collects candidates in batches of kBatch under the table's shared latch, remembering the
// last index position it passed, and holds no latch between batches (see Cursor's contract).
// A locking scan locks each candidate without the latch, then re-reads it and re-checks its key.
// Not thread-safe: used by its transaction's thread.
#ifndef STORAGE_SCAN_CURSOR_H_
#define STORAGE_SCAN_CURSOR_H_

#include <deque>
#include <memory>

#include "storage/table_data.h"
#include "storage/transaction_impl.h"

namespace storage {

class ScanCursor : public Cursor {
 public:
  ScanCursor(TransactionImpl* trx, std::shared_ptr<TableData> table, ScanSpec spec)
      : trx_(trx), table_(std::move(table)), spec_(std::move(spec)) {}

  Result<bool> Next() override;
  const Key& primary_key() const override { return pk_; }
  const Row& row() const override { return row_; }

 private:
  static constexpr size_t kBatch = 64;
  struct Candidate {
    Key index_key;  // == pk for the primary index
    Key pk;
    std::optional<Row> row;  // visible image at collection time (non-locking scans)
  };

  Status FillBatch();
  template <typename Container, typename KeyOf, typename Probe>
  void Collect(const Container& c, KeyOf key_of, Probe probe, int index) MDL_REQUIRES_SHARED(table_->latch);

  TransactionImpl* const trx_;
  const std::shared_ptr<TableData> table_;
  const ScanSpec spec_;
  std::deque<Candidate> batch_;
  std::optional<std::pair<Key, Key>> position_;  // (index key, pk) of the last candidate passed
  bool exhausted_ = false;
  Key pk_;
  Row row_;
};

}  // namespace storage

#endif  // STORAGE_SCAN_CURSOR_H_
