#include "server/session_privileges.h"

#include <array>

namespace server {
namespace {

struct PrivilegeName {
  PrivilegeSet bit;
  std::string_view name;
  bool global_only;  // MySQL refuses it at database level (1221)
};

// In bit order: the order MySQL prints privilege lists in.
constexpr std::array<PrivilegeName, 33> kNames = {{
    {priv::kSelect, "SELECT", false},
    {priv::kInsert, "INSERT", false},
    {priv::kUpdate, "UPDATE", false},
    {priv::kDelete, "DELETE", false},
    {priv::kCreate, "CREATE", false},
    {priv::kDrop, "DROP", false},
    {priv::kReload, "RELOAD", true},
    {priv::kShutdown, "SHUTDOWN", true},
    {priv::kProcess, "PROCESS", true},
    {priv::kFile, "FILE", true},
    {priv::kGrantOption, "GRANT OPTION", false},
    {priv::kReferences, "REFERENCES", false},
    {priv::kIndex, "INDEX", false},
    {priv::kAlter, "ALTER", false},
    {priv::kShowDatabases, "SHOW DATABASES", true},
    {priv::kSuper, "SUPER", true},
    {priv::kCreateTemporaryTables, "CREATE TEMPORARY TABLES", false},
    {priv::kLockTables, "LOCK TABLES", false},
    {priv::kExecute, "EXECUTE", false},
    {priv::kReplicationSlave, "REPLICATION SLAVE", true},
    {priv::kReplicationClient, "REPLICATION CLIENT", true},
    {priv::kCreateView, "CREATE VIEW", false},
    {priv::kShowView, "SHOW VIEW", false},
    {priv::kCreateRoutine, "CREATE ROUTINE", false},
    {priv::kAlterRoutine, "ALTER ROUTINE", false},
    {priv::kCreateUser, "CREATE USER", true},
    {priv::kEvent, "EVENT", false},
    {priv::kTrigger, "TRIGGER", false},
    {priv::kCreateTablespace, "CREATE TABLESPACE", true},
    {priv::kCreateRole, "CREATE ROLE", true},
    {priv::kDropRole, "DROP ROLE", true},
    {priv::kSystemVariablesAdmin, "SYSTEM_VARIABLES_ADMIN", true},
    {priv::kConnectionAdmin, "CONNECTION_ADMIN", true},
}};

std::string QuoteName(const std::string& s) {
  std::string out = "`";
  for (char c : s) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

}  // namespace

std::optional<PrivilegeSet> PrivilegeFromName(std::string_view name, bool database_level) {
  if (name == "ALL" || name == "ALL PRIVILEGES") {
    return database_level ? priv::kAllDatabase : priv::kAllGlobal;
  }
  if (name == "USAGE") return PrivilegeSet{0};
  for (const PrivilegeName& p : kNames) {
    if (p.name == name) return p.bit;
  }
  return std::nullopt;
}

std::string PrivilegeNames(PrivilegeSet set, std::string_view separator) {
  std::string out;
  for (const PrivilegeName& p : kNames) {
    if ((set & p.bit) == 0 || p.bit == priv::kGrantOption) continue;
    if (!out.empty()) out += separator;
    out += p.name;
  }
  return out;
}

std::string GrantStatementText(PrivilegeSet set, const std::string& db, const std::string& user,
                               const std::string& host) {
  const bool database_level = db != "*";
  const PrivilegeSet all = database_level ? priv::kAllDatabase : priv::kAllGlobal;
  const PrivilegeSet privileges = set & ~priv::kGrantOption;
  std::string list;
  if (privileges == 0) {
    list = "USAGE";
  } else if ((privileges & all) == all) {
    // MySQL 8.0 spells out the static global privileges one by one and the dynamic ones on a
    // second line; mdld prints ALL PRIVILEGES for a full set at either level.
    list = "ALL PRIVILEGES";
  } else {
    list = PrivilegeNames(privileges);
  }
  std::string text = "GRANT " + list + " ON " + (database_level ? QuoteName(db) : "*") + ".* TO " +
                     QuoteName(user) + "@" + QuoteName(host);
  if (set & priv::kGrantOption) text += " WITH GRANT OPTION";
  return text;
}

}  // namespace server
