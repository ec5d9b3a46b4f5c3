#include "storage/scan_cursor.h"

#include <type_traits>

namespace storage {

template <typename Container, typename KeyOf, typename Probe>
void ScanCursor::Collect(const Container& c, KeyOf key_of, Probe probe, int index) {
  const bool locking = spec_.lock != RowLockMode::kNone;
  auto it = c.end();
  bool at_end = false;
  if (!spec_.descending) {
    if (position_) {
      it = c.upper_bound(probe(position_->first, position_->second));
    } else if (spec_.lower) {
      it = c.lower_bound(probe(spec_.lower->key, Key{}));
      if (!spec_.lower->inclusive) {
        while (it != c.end() && ComparePrefix(key_of(it), spec_.lower->key) == 0) ++it;
      }
    } else {
      it = c.begin();
    }
    at_end = it == c.end();
  } else {
    if (position_) {
      it = c.lower_bound(probe(position_->first, position_->second));
    } else if (spec_.upper) {
      it = c.lower_bound(probe(spec_.upper->key, Key{}));
      if (spec_.upper->inclusive) {
        while (it != c.end() && ComparePrefix(key_of(it), spec_.upper->key) == 0) ++it;
      }
    }
    if (it == c.begin()) {
      at_end = true;
    } else {
      --it;
    }
  }
  bool stopped = false;  // passed a bound
  while (!at_end && batch_.size() < kBatch) {
    const Key& k = key_of(it);
    if (!spec_.descending && spec_.upper) {
      int cmp = ComparePrefix(k, spec_.upper->key);
      if (cmp > 0 || (cmp == 0 && !spec_.upper->inclusive)) {
        stopped = true;
        break;
      }
    }
    if (spec_.descending && spec_.lower) {
      int cmp = ComparePrefix(k, spec_.lower->key);
      if (cmp < 0 || (cmp == 0 && !spec_.lower->inclusive)) {
        stopped = true;
        break;
      }
    }
    Candidate cand;
    cand.index_key = k;
    if constexpr (std::is_same_v<typename Container::value_type, std::pair<Key, Key>>) {
      cand.pk = it->second;
    } else {
      cand.pk = k;
    }
    position_ = {cand.index_key, cand.pk};
    auto r = table_->rows.find(cand.pk);
    if (r != table_->rows.end()) {
      const std::optional<Row>& visible = r->second.VisibleTo(trx_->id());
      bool keep = locking;  // a locking scan re-reads after the lock
      if (!locking && visible) {
        keep = index < 0 ||
               CompareKeys(table_->IndexKeyOf(table_->indexes[static_cast<size_t>(index)], *visible), k) == 0;
        cand.row = visible;
      }
      if (keep) batch_.push_back(std::move(cand));
    }
    if (!spec_.descending) {
      ++it;
      at_end = it == c.end();
    } else if (it == c.begin()) {
      at_end = true;
    } else {
      --it;
    }
  }
  if (at_end || stopped) exhausted_ = true;
}

Status ScanCursor::FillBatch() {
  base::ReaderMutexLock latch(&table_->latch);
  if (!table_->is_live()) {
    return Status(sql::ErrorCode::kNoSuchTable,
                  "Table '" + table_->def_.db + "." + table_->def_.name + "' doesn't exist");
  }
  const int index = table_->FindIndexLocked(spec_.index);
  if (index == -2) {
    return Status(sql::ErrorCode::kInternal,
                  "Key '" + spec_.index + "' doesn't exist in table '" + table_->def_.name + "'");
  }
  if (index < 0) {
    Collect(
        table_->rows, [](auto it) -> const Key& { return it->first; },
        [](const Key& k, const Key&) -> const Key& { return k; }, index);
  } else {
    Collect(
        table_->indexes[static_cast<size_t>(index)].entries, [](auto it) -> const Key& { return it->first; },
        [](const Key& k, const Key& pk) { return std::make_pair(k, pk); }, index);
  }
  return Status::OK();
}

Result<bool> ScanCursor::Next() {
  while (true) {
    if (batch_.empty()) {
      if (exhausted_) return false;
      STORAGE_RETURN_IF_ERROR(FillBatch());
      if (batch_.empty()) return false;
    }
    Candidate cand = std::move(batch_.front());
    batch_.pop_front();
    if (spec_.lock == RowLockMode::kNone) {
      pk_ = std::move(cand.pk);
      row_ = std::move(*cand.row);
      return true;
    }
    STORAGE_RETURN_IF_ERROR(trx_->LockRow(*table_, cand.pk, spec_.lock));
    base::ReaderMutexLock latch(&table_->latch);
    auto r = table_->rows.find(cand.pk);
    if (r == table_->rows.end() || !r->second.VisibleTo(trx_->id())) continue;
    const Row& row = *r->second.VisibleTo(trx_->id());
    const int index = table_->FindIndexLocked(spec_.index);
    if (index >= 0 &&
        CompareKeys(table_->IndexKeyOf(table_->indexes[static_cast<size_t>(index)], row), cand.index_key) != 0) {
      continue;  // its key changed while we waited; its new entry is visited if still ahead
    }
    pk_ = std::move(cand.pk);
    row_ = row;
    return true;
  }
}

}  // namespace storage
