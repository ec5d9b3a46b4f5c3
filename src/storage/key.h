// Key comparison, formatting and lock ids. Pure functions; thread-safe.
#ifndef STORAGE_KEY_H_
#define STORAGE_KEY_H_

#include <string>
#include <string_view>

#include "storage/transaction.h"

namespace storage {

// Lexicographic by Value Compare(); a proper prefix orders before its extensions.
int CompareKeys(const Key& a, const Key& b);
// Compares only the first bound.size() values of `key` with `bound` (prefix match = 0).
int ComparePrefix(const Key& key, const Key& bound);

struct KeyLess {
  bool operator()(const Key& a, const Key& b) const { return CompareKeys(a, b) < 0; }
};

// "5", "a-7" (composite values joined by '-', as MySQL's duplicate-key message).
std::string FormatKey(const Key& key);
bool HasNull(const Key& key);
// Bytes identifying (table, key) in the row-lock table; "<table id>:<key>" readable prefix.
std::string RowLockId(uint64_t table_id, const Key& key);
// The inverse of RowLockId: false for bytes it did not produce. Numbers come back as their
// canonical value (an integer as kInt/kUInt, anything else as kDouble), text as kString.
bool ParseRowLockId(std::string_view lock_id, uint64_t* table_id, Key* key);

}  // namespace storage

#endif  // STORAGE_KEY_H_
