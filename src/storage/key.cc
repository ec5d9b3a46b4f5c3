#include "storage/key.h"

#include <cstdlib>

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

bool ParseRowLockId(std::string_view lock_id, uint64_t* table_id, Key* key) {
  const size_t colon = lock_id.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  uint64_t id = 0;
  for (char c : lock_id.substr(0, colon)) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + static_cast<uint64_t>(c - '0');
  }
  Key out;
  size_t pos = colon + 1;
  while (pos < lock_id.size()) {
    const char tag = lock_id[pos++];
    if (tag == 'N') {
      out.emplace_back();
    } else if (tag == '#') {
      const size_t end = lock_id.find(';', pos);
      if (end == std::string_view::npos) return false;
      const std::string text(lock_id.substr(pos, end - pos));
      pos = end;
      if (text.empty()) return false;
      const bool integral = text.find_first_not_of("-0123456789") == std::string::npos;
      if (integral && text[0] == '-') {
        out.push_back(Value::Int(std::strtoll(text.c_str(), nullptr, 10)));
      } else if (integral) {
        out.push_back(Value::UInt(std::strtoull(text.c_str(), nullptr, 10)));
      } else {
        out.push_back(Value::Double(std::strtod(text.c_str(), nullptr)));
      }
    } else if (tag == 's') {
      // Encoder::PutString: LEB128 length, then the bytes.
      uint64_t len = 0;
      int shift = 0;
      while (true) {
        if (pos >= lock_id.size() || shift > 63) return false;
        const auto b = static_cast<unsigned char>(lock_id[pos++]);
        len |= static_cast<uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) break;
        shift += 7;
      }
      if (len > lock_id.size() - pos) return false;
      out.push_back(Value::String(std::string(lock_id.substr(pos, len))));
      pos += len;
    } else {
      return false;
    }
    if (pos >= lock_id.size() || lock_id[pos] != ';') return false;
    ++pos;
  }
  *table_id = id;
  *key = std::move(out);
  return true;
}

}  // namespace storage
