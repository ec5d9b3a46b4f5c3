#include "mdl/lock_types.h"

#include <array>

namespace mdl {
namespace {

constexpr std::array<std::string_view, kNumLockTypes> kLockTypeNames = {
    "INTENTION_EXCLUSIVE",  "SHARED",           "SHARED_HIGH_PRIO",
    "SHARED_READ",          "SHARED_WRITE",     "SHARED_WRITE_LOW_PRIO",
    "SHARED_UPGRADABLE",    "SHARED_READ_ONLY", "SHARED_NO_WRITE",
    "SHARED_NO_READ_WRITE", "EXCLUSIVE",
};

constexpr std::array<std::string_view, kNumLockTypes> kLockTypeShortNames = {
    "IX", "S", "SH", "SR", "SW", "SWLP", "SU", "SRO", "SNW", "SNRW", "X",
};

constexpr std::array<std::string_view, kNumLockDurations> kDurationNames = {
    "STATEMENT", "TRANSACTION", "EXPLICIT"};

// performance_schema.metadata_locks OBJECT_TYPE.
constexpr std::array<std::string_view, kNumNamespaces> kObjectTypeNames = {
    "GLOBAL",      "BACKUP LOCK",      "TABLESPACE",        "SCHEMA",
    "TABLE",       "FUNCTION",         "PROCEDURE",         "TRIGGER",
    "EVENT",       "COMMIT",           "USER LEVEL LOCK",   "LOCKING SERVICE",
    "SRID",        "ACL CACHE",        "COLUMN STATISTICS", "RESOURCE_GROUPS",
    "FOREIGN KEY", "CHECK CONSTRAINT",
};

// MySQL's m_namespace_to_wait_state_name.
constexpr std::array<std::string_view, kNumNamespaces> kWaitStateNames = {
    "Waiting for global read lock",
    "Waiting for backup lock",
    "Waiting for tablespace metadata lock",
    "Waiting for schema metadata lock",
    "Waiting for table metadata lock",
    "Waiting for stored function metadata lock",
    "Waiting for stored procedure metadata lock",
    "Waiting for trigger metadata lock",
    "Waiting for event metadata lock",
    "Waiting for commit lock",
    "User lock",  // kept for compatibility, as in MySQL
    "Waiting for locking service lock",
    "Waiting for spatial reference system lock",
    "Waiting for acl cache lock",
    "Waiting for column statistics lock",
    "Waiting for resource groups metadata lock",
    "Waiting for foreign key metadata lock",
    "Waiting for check constraint metadata lock",
};

template <typename Array, typename E>
std::string_view Lookup(const Array& names, E e) {
  const size_t i = static_cast<size_t>(e);
  return i < names.size() ? names[i] : std::string_view("UNKNOWN");
}

}  // namespace

std::string_view ToString(LockType type) { return Lookup(kLockTypeNames, type); }
std::string_view ShortName(LockType type) { return Lookup(kLockTypeShortNames, type); }
std::string_view ToString(LockDuration duration) { return Lookup(kDurationNames, duration); }
std::string_view ToString(Namespace ns) { return Lookup(kObjectTypeNames, ns); }
std::string_view WaitStateName(Namespace ns) { return Lookup(kWaitStateNames, ns); }

bool IsScopedNamespace(Namespace ns) {
  switch (ns) {
    case Namespace::kGlobal:
    case Namespace::kTablespace:
    case Namespace::kSchema:
    case Namespace::kCommit:
    case Namespace::kBackupLock:
    case Namespace::kResourceGroups:
    case Namespace::kForeignKey:
    case Namespace::kCheckConstraint:
      return true;
    default:
      return false;
  }
}

bool IsValidTypeFor(Namespace ns, LockType type) {
  if (static_cast<int>(ns) >= kNumNamespaces || static_cast<int>(type) >= kNumLockTypes) {
    return false;
  }
  if (IsScopedNamespace(ns)) {
    return type == LockType::kIntentionExclusive || type == LockType::kShared ||
           type == LockType::kExclusive;
  }
  return type != LockType::kIntentionExclusive;
}

uint32_t DeadlockWeight(Namespace ns, LockType type) {
  if (ns == Namespace::kUserLevelLock) return kDeadlockWeightUserLevelLock;
  if (ns == Namespace::kGlobal || type >= LockType::kSharedUpgradable) return kDeadlockWeightDdl;
  return kDeadlockWeightDml;
}

}  // namespace mdl
