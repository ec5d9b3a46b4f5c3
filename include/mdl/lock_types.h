// Lock types, durations and key namespaces of MySQL 8.0's metadata locking, with the exact
// names performance_schema.metadata_locks and SHOW PROCESSLIST print.
//
// Value types only; every function here is thread-safe and allocation-free.
#ifndef MDL_LOCK_TYPES_H_
#define MDL_LOCK_TYPES_H_

#include <cstdint>
#include <string_view>

namespace mdl {

// MySQL's enum_mdl_type, same order (the order is part of the contract: matrices, weights and
// "type >= kSharedUpgradable" tests rely on it).
enum class LockType : uint8_t {
  kIntentionExclusive = 0,  // IX   scoped locks only
  kShared,                  // S    metadata only (stored routines, PREPARE, HANDLER)
  kSharedHighPrio,          // SH   metadata only, ignores pending X (I_S, SHOW)
  kSharedRead,              // SR   SELECT, LOCK TABLES ... READ LOCAL
  kSharedWrite,             // SW   INSERT/UPDATE/DELETE, SELECT ... FOR UPDATE
  kSharedWriteLowPrio,      // SWLP DML with LOW_PRIORITY
  kSharedUpgradable,        // SU   first phase of ALTER TABLE
  kSharedReadOnly,          // SRO  LOCK TABLES ... READ
  kSharedNoWrite,           // SNW  ALTER TABLE copy phase
  kSharedNoReadWrite,       // SNRW LOCK TABLES ... WRITE
  kExclusive,               // X    CREATE/DROP/RENAME, parts of other DDL
};
inline constexpr int kNumLockTypes = 11;

enum class LockDuration : uint8_t {
  kStatement = 0,  // released by ReleaseStatementLocks() (and by transaction end)
  kTransaction,    // released by ReleaseTransactionLocks()
  kExplicit,       // released only by Release() / ReleaseAllLocks()
};
inline constexpr int kNumLockDurations = 3;

// MySQL's MDL_key::enum_mdl_namespace, same order.
enum class Namespace : uint8_t {
  kGlobal = 0,
  kBackupLock,
  kTablespace,
  kSchema,
  kTable,
  kFunction,
  kProcedure,
  kTrigger,
  kEvent,
  kCommit,
  kUserLevelLock,
  kLockingService,
  kSrid,
  kAclCache,
  kColumnStatistics,
  kResourceGroups,
  kForeignKey,
  kCheckConstraint,
};
inline constexpr int kNumNamespaces = 18;

// 'INTENTION_EXCLUSIVE', 'SHARED', ..., 'EXCLUSIVE' (performance_schema LOCK_TYPE).
std::string_view ToString(LockType type);
// 'STATEMENT', 'TRANSACTION', 'EXPLICIT' (performance_schema LOCK_DURATION).
std::string_view ToString(LockDuration duration);
// performance_schema OBJECT_TYPE: 'GLOBAL', 'BACKUP LOCK', ..., 'USER LEVEL LOCK', ...
std::string_view ToString(Namespace ns);
// Short abbreviation used in docs and test names: "IX", "S", "SH", "SR", ..., "X".
std::string_view ShortName(LockType type);

// The processlist State while waiting on a lock of this namespace, e.g.
// "Waiting for table metadata lock" (kTable), "Waiting for global read lock" (kGlobal),
// "Waiting for commit lock" (kCommit), "User lock" (kUserLevelLock).
std::string_view WaitStateName(Namespace ns);

// True for namespaces locked with the scoped strategy (IX/S/X matrices): GLOBAL, TABLESPACE,
// SCHEMA, COMMIT, BACKUP_LOCK, RESOURCE_GROUPS, FOREIGN_KEY, CHECK_CONSTRAINT. The others use
// the object strategy (S ... X).
bool IsScopedNamespace(Namespace ns);

// True if `type` is meaningful for `ns`: scoped namespaces accept IX, S and X; object
// namespaces accept every type except IX. Other combinations are kInvalidArgument.
bool IsValidTypeFor(Namespace ns, LockType type);

// Deadlock weights (MySQL 8.0 MDL_wait_for_subgraph): the lower weight is chosen as victim.
inline constexpr uint32_t kDeadlockWeightDml = 25;
inline constexpr uint32_t kDeadlockWeightUserLevelLock = 50;
inline constexpr uint32_t kDeadlockWeightDdl = 100;
// A waiting request's weight: USER_LEVEL_LOCK -> 50; GLOBAL namespace or type >= SU -> 100;
// otherwise 25.
uint32_t DeadlockWeight(Namespace ns, LockType type);

}  // namespace mdl

#endif  // MDL_LOCK_TYPES_H_
