// LockKey: what a metadata lock protects (namespace + schema name + object name).
//
// A value type: copyable, comparable, hashable; immutable after construction. Thread-safe
// for concurrent reads.
#ifndef MDL_LOCK_KEY_H_
#define MDL_LOCK_KEY_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mdl/lock_types.h"

namespace mdl {

namespace key_internal {

// a == b for short byte strings, with word loads instead of a memcmp call: LockKey equality
// runs on every acquire (the context's object cache), where the memcmp call cost about as
// much as the rest of the lookup (bench/mdl/count_instructions.sh).
inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline bool SameBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load64(p + i) != Load64(q + i)) return false;
    }
    return Load64(p + n - 8) == Load64(q + n - 8);  // the last word may overlap
  }
  if (n >= 4) return Load32(p) == Load32(q) && Load32(p + n - 4) == Load32(q + n - 4);
  return n == 0 || std::memcmp(p, q, n) == 0;
}

}  // namespace key_internal

class LockKey {
 public:
  // MySQL's NAME_LEN (64 characters x 3 bytes): longer names are rejected by the lock
  // context with kInvalidArgument (MAX_MDLKEY_LENGTH == 1 + 192 + 1 + 192 + 1 == 387).
  static constexpr size_t kMaxNameLength = 192;

  // GLOBAL "" "".
  LockKey();
  // Names are used as given: the host normalises them first where MySQL does (lower-cased
  // table names with lower_case_table_names, case-insensitive routine/event/trigger names).
  // Names must not contain '\0'.
  LockKey(Namespace ns, std::string_view schema, std::string_view name);

  static LockKey Global() { return LockKey(Namespace::kGlobal, "", ""); }
  static LockKey Commit() { return LockKey(Namespace::kCommit, "", ""); }
  static LockKey BackupLock() { return LockKey(Namespace::kBackupLock, "", ""); }
  static LockKey Schema(std::string_view db) { return LockKey(Namespace::kSchema, db, ""); }
  static LockKey Table(std::string_view db, std::string_view table) {
    return LockKey(Namespace::kTable, db, table);
  }
  // GET_LOCK(name): MySQL uses schema "" and the (lower-cased) lock name.
  static LockKey UserLevelLock(std::string_view name) {
    return LockKey(Namespace::kUserLevelLock, "", name);
  }

  Namespace name_space() const { return static_cast<Namespace>(static_cast<uint8_t>(buf_[0])); }
  std::string_view schema_name() const {
    return std::string_view(buf_).substr(1, name_offset_ - 2);
  }
  std::string_view object_name() const { return std::string_view(buf_).substr(name_offset_); }
  // A 64-bit hash of the whole key, computed once at construction.
  uint64_t hash() const { return hash_; }
  // True if both names fit kMaxNameLength and contain no '\0' (computed at construction).
  bool IsValid() const { return valid_; }

  // "TABLE `db`.`t1`"-like display form: "<OBJECT_TYPE> <schema>.<name>" (parts omitted when
  // empty), e.g. "TABLE db.t1", "GLOBAL", "USER LEVEL LOCK lock1".
  std::string ToString() const;

  // Order of MySQL's MDL_key::cmp(): namespace, then schema, then name, bytewise. This is the
  // order AcquireBatch() takes locks in.
  friend bool operator==(const LockKey& a, const LockKey& b) {
    return a.hash_ == b.hash_ && key_internal::SameBytes(a.buf_, b.buf_);
  }
  friend std::strong_ordering operator<=>(const LockKey& a, const LockKey& b) {
    const int c = a.buf_.compare(b.buf_);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
  }

 private:
  // <ns byte><schema>\0<name>: bytewise comparison of buf_ equals MySQL's key order.
  std::string buf_;
  uint32_t name_offset_ = 2;
  uint64_t hash_ = 0;
  bool valid_ = true;
};

struct LockKeyHash {
  size_t operator()(const LockKey& key) const { return static_cast<size_t>(key.hash()); }
};

}  // namespace mdl

#endif  // MDL_LOCK_KEY_H_
