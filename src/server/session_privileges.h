// Privileges: MySQL's static privileges (and the two dynamic ones mdld checks) as a bit set,
// their names, the level each may be granted at, and the text SHOW GRANTS prints.
//
// Bits follow MySQL's ACL bit order (sql/auth/auth_acls.h: SELECT_ACL = 1 << 0 ... DROP_ROLE_ACL
// = 1 << 30), because MySQL prints privilege lists in that order, both in SHOW GRANTS and in
// 1142 "<PRIVS> command denied ..." where several missing privileges are joined with ','.
//
// Which privileges mdld enforces (the rest are stored and shown, never checked):
//   SELECT INSERT UPDATE DELETE      DML per table, checked at database or global level
//   CREATE DROP ALTER INDEX          DDL on tables; CREATE/DROP also for CREATE/DROP DATABASE
//   LOCK TABLES                      LOCK TABLES (with SELECT on each table)
//   RELOAD                           FLUSH ...
//   PROCESS                          other users' threads in processlist / performance_schema
//   SUPER                            SET GLOBAL, KILL of other users' threads, the reserved
//                                    extra connection
//   SYSTEM_VARIABLES_ADMIN           SET GLOBAL        CONNECTION_ADMIN   KILL of others
//   CREATE USER                      CREATE/ALTER/DROP USER
//   GRANT OPTION                     GRANT/REVOKE (with the privileges granted)
//
// Thread safety: plain values and pure functions.
#ifndef SERVER_SESSION_PRIVILEGES_H_
#define SERVER_SESSION_PRIVILEGES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace server {

using PrivilegeSet = uint64_t;

namespace priv {
inline constexpr PrivilegeSet kSelect = 1ull << 0;
inline constexpr PrivilegeSet kInsert = 1ull << 1;
inline constexpr PrivilegeSet kUpdate = 1ull << 2;
inline constexpr PrivilegeSet kDelete = 1ull << 3;
inline constexpr PrivilegeSet kCreate = 1ull << 4;
inline constexpr PrivilegeSet kDrop = 1ull << 5;
inline constexpr PrivilegeSet kReload = 1ull << 6;
inline constexpr PrivilegeSet kShutdown = 1ull << 7;
inline constexpr PrivilegeSet kProcess = 1ull << 8;
inline constexpr PrivilegeSet kFile = 1ull << 9;
inline constexpr PrivilegeSet kGrantOption = 1ull << 10;
inline constexpr PrivilegeSet kReferences = 1ull << 11;
inline constexpr PrivilegeSet kIndex = 1ull << 12;
inline constexpr PrivilegeSet kAlter = 1ull << 13;
inline constexpr PrivilegeSet kShowDatabases = 1ull << 14;
inline constexpr PrivilegeSet kSuper = 1ull << 15;
inline constexpr PrivilegeSet kCreateTemporaryTables = 1ull << 16;
inline constexpr PrivilegeSet kLockTables = 1ull << 17;
inline constexpr PrivilegeSet kExecute = 1ull << 18;
inline constexpr PrivilegeSet kReplicationSlave = 1ull << 19;
inline constexpr PrivilegeSet kReplicationClient = 1ull << 20;
inline constexpr PrivilegeSet kCreateView = 1ull << 21;
inline constexpr PrivilegeSet kShowView = 1ull << 22;
inline constexpr PrivilegeSet kCreateRoutine = 1ull << 23;
inline constexpr PrivilegeSet kAlterRoutine = 1ull << 24;
inline constexpr PrivilegeSet kCreateUser = 1ull << 25;
inline constexpr PrivilegeSet kEvent = 1ull << 26;
inline constexpr PrivilegeSet kTrigger = 1ull << 27;
inline constexpr PrivilegeSet kCreateTablespace = 1ull << 28;
inline constexpr PrivilegeSet kCreateRole = 1ull << 29;
inline constexpr PrivilegeSet kDropRole = 1ull << 30;
// Dynamic privileges (MySQL keeps them by name; mdld knows these two).
inline constexpr PrivilegeSet kSystemVariablesAdmin = 1ull << 32;
inline constexpr PrivilegeSet kConnectionAdmin = 1ull << 33;

// What ALL [PRIVILEGES] means at each level (GRANT OPTION excluded, as in MySQL).
inline constexpr PrivilegeSet kAllGlobal =
    (((1ull << 31) - 1) & ~kGrantOption) | kSystemVariablesAdmin | kConnectionAdmin;
inline constexpr PrivilegeSet kAllDatabase =
    kSelect | kInsert | kUpdate | kDelete | kCreate | kDrop | kReferences | kIndex | kAlter |
    kCreateTemporaryTables | kLockTables | kExecute | kCreateView | kShowView | kCreateRoutine |
    kAlterRoutine | kEvent | kTrigger;
// Privileges that exist only at global level (GRANT ... ON db.* refuses them: 1221).
inline constexpr PrivilegeSet kGlobalOnly = kAllGlobal & ~kAllDatabase;
}  // namespace priv

// An account's grants: global (*.*) and per database (db.*; names compared exactly, no
// wildcards). An empty set at a level is not stored.
struct Grants {
  PrivilegeSet global = 0;
  std::map<std::string, PrivilegeSet> databases;

  // True if every privilege of `wanted` is held on `db` (globally or for the database).
  bool Has(PrivilegeSet wanted, const std::string& db) const {
    return (wanted & ~OnDatabase(db)) == 0;
  }
  bool HasGlobal(PrivilegeSet wanted) const { return (wanted & ~global) == 0; }
  bool HasAny(PrivilegeSet any) const { return (global & any) != 0; }
  PrivilegeSet OnDatabase(const std::string& db) const {
    auto it = databases.find(db);
    return global | (it == databases.end() ? 0 : it->second);
  }
  bool operator==(const Grants&) const = default;
};

// The privilege named `name` as the parser gives it (upper-case, single spaces; "ALL"),
// for a grant at database level (`database_level`) or global level. ALL expands to the
// level's full set, USAGE to none. nullopt: not a privilege mdld knows.
std::optional<PrivilegeSet> PrivilegeFromName(std::string_view name, bool database_level);

// "SELECT, INSERT, UPDATE" in MySQL's order, separated by `separator`; GRANT OPTION is left
// out (SHOW GRANTS prints it as WITH GRANT OPTION). Empty for an empty set.
std::string PrivilegeNames(PrivilegeSet set, std::string_view separator = ", ");

// The SHOW GRANTS line for one level: "GRANT SELECT, INSERT ON `db`.* TO `u`@`%`", USAGE for an
// empty set, ALL PRIVILEGES for the level's full set, " WITH GRANT OPTION" when held.
std::string GrantStatementText(PrivilegeSet set, const std::string& db, const std::string& user,
                               const std::string& host);

}  // namespace server

#endif  // SERVER_SESSION_PRIVILEGES_H_
