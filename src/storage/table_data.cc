#include "storage/table_data.h"

#include <cassert>

namespace storage {

TableData::TableData(const TableDef& def) : id_(def.id) {
  base::WriterMutexLock lock(&latch);
  def_ = def;
  auto_increment = def.auto_increment == 0 ? 1 : def.auto_increment;
  if (const IndexDef* pk = def.primary_key()) {
    for (const IndexColumn& c : pk->columns) pk_columns_.push_back(def.FindColumn(c.name));
  }
  for (const IndexDef& idx : def.indexes) {
    if (!idx.is_primary()) indexes.push_back(MakeIndex(idx));
  }
}

std::shared_ptr<const TableDef> TableData::def() const {
  base::ReaderMutexLock lock(&latch);
  auto copy = std::make_shared<TableDef>(def_);
  copy->auto_increment = auto_increment;
  return copy;
}

Key TableData::KeyOf(const std::vector<int>& columns, const Row& row) {
  Key key;
  key.reserve(columns.size());
  for (int c : columns) key.push_back(row[static_cast<size_t>(c)]);
  return key;
}

Key TableData::PrimaryKeyOf(const Row& row) const { return KeyOf(pk_columns_, row); }

int TableData::FindIndexLocked(std::string_view name) const {
  if (name.empty() || NameEquals(name, "PRIMARY")) return -1;
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (NameEquals(indexes[i].def.name, name)) return static_cast<int>(i);
  }
  return -2;
}

SecondaryIndex TableData::MakeIndex(const IndexDef& def) const {
  SecondaryIndex index;
  index.def = def;
  for (const IndexColumn& c : def.columns) index.columns.push_back(def_.FindColumn(c.name));
  return index;
}

void TableData::AddEntriesLocked(const Key& pk, const Row& image) {
  for (SecondaryIndex& idx : indexes) idx.entries.emplace(IndexKeyOf(idx, image), pk);
}

void TableData::DropUnusedEntriesLocked(const Key& pk, const Row& image, const RowRecord& rec) {
  for (SecondaryIndex& idx : indexes) {
    Key k = IndexKeyOf(idx, image);
    if (rec.committed && CompareKeys(IndexKeyOf(idx, *rec.committed), k) == 0) continue;
    if (rec.writer != 0 && rec.pending && CompareKeys(IndexKeyOf(idx, *rec.pending), k) == 0) continue;
    idx.entries.erase({k, pk});
  }
}

void TableData::SetPendingLocked(const Key& pk, uint64_t writer, std::optional<Row> image) {
  RowRecord& rec = rows[pk];
  std::optional<Row> old;
  if (rec.writer == writer) old = std::move(rec.pending);
  rec.writer = writer;
  rec.pending = std::move(image);
  if (rec.pending) AddEntriesLocked(pk, *rec.pending);
  if (old) DropUnusedEntriesLocked(pk, *old, rec);
  NoteChangeLocked(pk);
}

void TableData::RestoreLocked(const Key& pk, bool first_touch, std::optional<Row> prev) {
  auto it = rows.find(pk);
  if (it == rows.end()) return;  // the table was truncated meanwhile
  RowRecord& rec = it->second;
  std::optional<Row> undone = std::move(rec.pending);
  if (first_touch) {
    rec.writer = 0;
    rec.pending.reset();
  } else {
    rec.pending = std::move(prev);
    if (rec.pending) AddEntriesLocked(pk, *rec.pending);
  }
  if (undone) DropUnusedEntriesLocked(pk, *undone, rec);
  if (rec.writer == 0 && !rec.committed) rows.erase(it);
  NoteChangeLocked(pk);
}

void TableData::CommitRecordLocked(const Key& pk, uint64_t writer) {
  auto it = rows.find(pk);
  if (it == rows.end() || it->second.writer != writer) return;
  RowRecord& rec = it->second;
  std::optional<Row> old = std::move(rec.committed);
  rec.committed = std::move(rec.pending);
  rec.pending.reset();
  rec.writer = 0;
  if (old && !rec.committed) committed_rows_.fetch_sub(1, std::memory_order_relaxed);
  if (!old && rec.committed) committed_rows_.fetch_add(1, std::memory_order_relaxed);
  if (old) DropUnusedEntriesLocked(pk, *old, rec);
  if (rec.committed) ObserveCountersLocked(pk, *rec.committed);
  if (!rec.committed) rows.erase(it);
  NoteChangeLocked(pk);
}

void TableData::PutCommittedLocked(const Key& pk, std::optional<Row> image) {
  auto it = rows.find(pk);
  if (it == rows.end()) {
    if (!image) return;
    it = rows.emplace(pk, RowRecord()).first;
  }
  RowRecord& rec = it->second;
  std::optional<Row> old = std::move(rec.committed);
  rec.committed = std::move(image);
  if (old && !rec.committed) committed_rows_.fetch_sub(1, std::memory_order_relaxed);
  if (!old && rec.committed) committed_rows_.fetch_add(1, std::memory_order_relaxed);
  if (rec.committed) {
    AddEntriesLocked(pk, *rec.committed);
    ObserveCountersLocked(pk, *rec.committed);
  }
  if (old) DropUnusedEntriesLocked(pk, *old, rec);
  if (rec.writer == 0 && !rec.committed) rows.erase(it);
  NoteChangeLocked(pk);
}

void TableData::ClearLocked() {
  for (auto& [pk, rec] : rows) NoteChangeLocked(pk);
  rows.clear();
  for (SecondaryIndex& idx : indexes) idx.entries.clear();
  committed_rows_.store(0, std::memory_order_relaxed);
}

void TableData::ObserveCountersLocked(const Key& pk, const Row& row) {
  if (pk_columns_.empty() && pk.size() == 1 && pk[0].kind() == ValueKind::kUInt && pk[0].uint_value() >= next_row_id) {
    next_row_id = pk[0].uint_value() + 1;
  }
  int ai = def_.auto_increment_column();
  if (ai >= 0 && static_cast<size_t>(ai) < row.size() && !row[static_cast<size_t>(ai)].is_null()) {
    const Value& v = row[static_cast<size_t>(ai)];
    if (v.kind() == ValueKind::kDouble ? v.double_value() > 0 : (v.kind() == ValueKind::kUInt || v.ToInt() > 0)) {
      uint64_t n = v.ToUInt();
      if (n >= auto_increment) auto_increment = n + 1;
    }
  }
}

void TableData::FillIndexLocked(SecondaryIndex* index) const {
  for (const auto& [pk, rec] : rows) {
    if (rec.committed) index->entries.emplace(IndexKeyOf(*index, *rec.committed), pk);
    if (rec.writer != 0 && rec.pending) index->entries.emplace(IndexKeyOf(*index, *rec.pending), pk);
  }
}

void TableData::CheckInvariantsLocked() const {
#ifndef NDEBUG
  uint64_t committed = 0;
  size_t expected_entries = 0;
  for (const auto& [pk, rec] : rows) {
    assert(rec.writer != 0 || rec.committed.has_value());  // [I1]
    if (rec.committed) ++committed;
    for (const SecondaryIndex& idx : indexes) {
      if (rec.committed) assert(idx.entries.count({IndexKeyOf(idx, *rec.committed), pk}) == 1);  // [I3]
      if (rec.writer != 0 && rec.pending) assert(idx.entries.count({IndexKeyOf(idx, *rec.pending), pk}) == 1);
    }
    expected_entries += (rec.committed ? 1 : 0);
  }
  assert(committed == committed_rows_.load(std::memory_order_relaxed));  // [I4]
  (void)expected_entries;
#endif
}

}  // namespace storage
