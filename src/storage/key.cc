#include "storage/key.h"

#include "storage/byte_codec.h"

namespace storage {

int CompareKeys(const Key& a, const Key& b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    int c = Compare(a[i], b[i]);
    if (c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

int ComparePrefix(const Key& key, const Key& bound) {
  for (size_t i = 0; i < bound.size(); ++i) {
    if (i >= key.size()) return -1;
    int c = Compare(key[i], bound[i]);
    if (c != 0) return c;
  }
  return 0;
}

std::string FormatKey(const Key& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out += '-';
    out += key[i].ToString();
  }
  return out;
}

bool HasNull(const Key& key) {
  for (const Value& v : key) {
    if (v.is_null()) return true;
  }
  return false;
}

std::string RowLockId(uint64_t table_id, const Key& key) {
  // Values equal under Compare() must give equal ids: numbers are normalized to their
  // canonical text, which is what the lock table needs (ids are only compared for equality).
  std::string id = std::to_string(table_id) + ":";
  for (const Value& v : key) {
    if (v.is_null()) {
      id += "N;";
    } else if (v.is_numeric()) {
      id += "#" + (v.kind() == ValueKind::kDouble || v.kind() == ValueKind::kDecimal ? Value::Double(v.ToDouble()).ToString()
                                                                                     : v.ToString()) + ";";
    } else {
      Encoder e;
      e.PutString(v.text());
      id += "s" + e.Take() + ";";
    }
  }
  return id;
}

}  // namespace storage
