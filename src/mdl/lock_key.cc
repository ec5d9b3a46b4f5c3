#include "mdl/lock_key.h"

#include <cstring>

#include "base/hash.h"

namespace mdl {
namespace {

// 64-bit FNV-1a followed by a murmur3 finalizer (the low bits pick the shard, the high bits
// the bucket, so both must be well mixed).
uint64_t HashBytes(std::string_view s) {
  uint64_t h = base::Fnv1a(s);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

LockKey::LockKey() : LockKey(Namespace::kGlobal, "", "") {}

LockKey::LockKey(Namespace ns, std::string_view schema, std::string_view name) {
  buf_.reserve(2 + schema.size() + name.size());
  buf_.push_back(static_cast<char>(ns));
  buf_.append(schema);
  buf_.push_back('\0');
  buf_.append(name);
  name_offset_ = static_cast<uint32_t>(2 + schema.size());
  hash_ = HashBytes(buf_);
  valid_ = static_cast<int>(ns) < kNumNamespaces && schema.size() <= kMaxNameLength &&
           name.size() <= kMaxNameLength && schema.find('\0') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

std::string LockKey::ToString() const {
  std::string s(mdl::ToString(name_space()));
  const std::string_view schema = schema_name();
  const std::string_view name = object_name();
  if (!schema.empty() || !name.empty()) {
    s += ' ';
    s += schema;
    if (!schema.empty() && !name.empty()) s += '.';
    s += name;
  }
  return s;
}

}  // namespace mdl
