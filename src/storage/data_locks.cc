// EngineImpl::SnapshotDataLocks (data_locks.h): copy under the registry and row-lock mutexes,
// then resolve table names and format keys with no row-lock mutex held.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "base/hash.h"
#include "storage/engine_impl.h"
#include "storage/key.h"
#include "storage/transaction_impl.h"

namespace storage {
namespace {

// InnoDB's LOCK_DATA: the index fields joined by ", ", strings in single quotes.
std::string FormatLockData(const Key& key, bool hidden_row_id) {
  if (hidden_row_id && key.size() == 1 && !key[0].is_null()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%012" PRIX64, key[0].ToUInt());
    return buf;
  }
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out += ", ";
    if (key[i].is_null() || key[i].is_numeric()) {
      out += key[i].ToString();
    } else {
      out += "'" + key[i].ToString() + "'";
    }
  }
  return out;
}

struct TableNames {
  std::string db;
  std::string name;
  bool hidden_row_id = false;
};

}  // namespace

DataLockSnapshot EngineImpl::SnapshotDataLocks() const {
  RawRowLockSnapshot raw;
  std::map<uint64_t, uint64_t> thread_of;  // trx id -> thread id
  {
    // registry -> row-lock mutex is the allowed order (engine_impl.h). Holding the registry
    // keeps every lock owner registered: a transaction releases its locks before it
    // unregisters, so each trx in the copy has a thread id here.
    base::MutexLock lock(&registry_mu_);
    raw = row_locks_.Snapshot();
    for (const auto& [id, trx] : active_) thread_of[id] = trx->options().thread_id;
  }

  struct Parsed {
    uint64_t table_id = 0;
    Key key;
  };
  std::vector<Parsed> parsed(raw.locks.size());
  std::set<uint64_t> table_ids;
  for (size_t i = 0; i < raw.locks.size(); ++i) {
    if (!ParseRowLockId(raw.locks[i].lock_key, &parsed[i].table_id, &parsed[i].key)) {
      parsed[i].table_id = LockKeyTableId(raw.locks[i].lock_key);
    }
    table_ids.insert(parsed[i].table_id);
  }
  std::map<uint64_t, TableNames> tables;
  {
    std::vector<std::shared_ptr<TableData>> data;
    {
      base::ReaderMutexLock lock(&catalog_mu_);
      for (uint64_t id : table_ids) {
        if (auto t = TableByIdLocked(id)) data.push_back(std::move(t));
      }
    }
    for (const auto& t : data) {
      base::ReaderMutexLock lock(&t->latch);
      tables[t->id()] = TableNames{t->def_.db, t->def_.name, t->has_hidden_pk()};
    }
  }

  // Order: by trx, its table locks, then its record locks by (table, key); ties (an upgrade's
  // held S and requested X) granted first.
  std::vector<size_t> order(raw.locks.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const RawRowLock& x = raw.locks[a];
    const RawRowLock& y = raw.locks[b];
    if (x.trx_id != y.trx_id) return x.trx_id < y.trx_id;
    if (parsed[a].table_id != parsed[b].table_id) return parsed[a].table_id < parsed[b].table_id;
    const int c = CompareKeys(parsed[a].key, parsed[b].key);
    if (c != 0) return c < 0;
    return x.granted && !y.granted;
  });

  DataLockSnapshot out;
  std::vector<size_t> position(raw.locks.size());
  auto fill_table = [&](DataLock* l, uint64_t table_id) {
    auto t = tables.find(table_id);
    if (t != tables.end()) {
      l->object_schema = t->second.db;
      l->object_name = t->second.name;
    }
  };
  for (size_t begin = 0; begin < order.size();) {
    const uint64_t trx = raw.locks[order[begin]].trx_id;
    size_t end = begin;
    std::map<uint64_t, bool> intention;  // table id -> exclusive
    while (end < order.size() && raw.locks[order[end]].trx_id == trx) {
      const RawRowLock& r = raw.locks[order[end]];
      intention[parsed[order[end]].table_id] |= r.mode == RowLockMode::kExclusive;
      ++end;
    }
    const uint64_t thread = thread_of.count(trx) ? thread_of[trx] : 0;
    for (const auto& [table_id, exclusive] : intention) {
      DataLock l;
      l.engine_lock_id =
          std::to_string(trx) + ":" + std::to_string(table_id) + (exclusive ? ":IX" : ":IS");
      l.trx_id = trx;
      l.thread_id = thread;
      fill_table(&l, table_id);
      l.lock_mode = exclusive ? "IX" : "IS";
      l.object_instance = base::Fnv1a(l.engine_lock_id);
      out.locks.push_back(std::move(l));
    }
    for (size_t k = begin; k < end; ++k) {
      const size_t i = order[k];
      const RawRowLock& r = raw.locks[i];
      DataLock l;
      l.engine_lock_id = RecordLockEngineId(trx, r.lock_key, r.mode);
      l.trx_id = trx;
      l.thread_id = thread;
      l.record = true;
      fill_table(&l, parsed[i].table_id);
      auto t = tables.find(parsed[i].table_id);
      const bool hidden = t != tables.end() && t->second.hidden_row_id;
      l.index_name = hidden ? "GEN_CLUST_INDEX" : "PRIMARY";
      l.lock_mode = r.mode == RowLockMode::kExclusive ? "X,REC_NOT_GAP" : "S,REC_NOT_GAP";
      l.granted = r.granted;
      l.lock_data = FormatLockData(parsed[i].key, hidden);
      l.object_instance = base::Fnv1a(l.engine_lock_id);
      if (!r.granted) l.wait_started = r.wait_started;
      position[i] = out.locks.size();
      out.locks.push_back(std::move(l));
    }
    begin = end;
  }
  for (const auto& [waiting, blocking] : raw.waits) {
    out.waits.push_back(DataLockWait{position[waiting], position[blocking]});
  }
  return out;
}

}  // namespace storage
