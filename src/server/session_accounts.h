// AccountStore: the accounts that may log in, their password hashes and their grants, kept
// durably in the data directory.
//
// Identity: an account is 'user'@'host', but mdld keys accounts by user name alone (one host
// per user; any client host matches it). CREATE USER of a second host for an existing user
// fails with 1396. The bootstrap account 'root'@'localhost' always exists with ALL PRIVILEGES
// WITH GRANT OPTION unless revoked; its password is --root-password at every start (ALTER
// USER root lasts until restart) and it cannot be dropped (1396).
//
// Durability: every change rewrites `<datadir>/mdld-accounts` atomically: the new content is
// written to mdld-accounts.tmp, fsync'd, renamed over the old file, and the directory is
// fsync'd, before the change becomes visible to other sessions and before the statement
// reports OK. A crash leaves the old or the new file, never a mix. A change whose write fails
// is not applied (kDiskFull "Error writing file ...").
//
// File format (text, one record per line, strings as "x" + lower-case hex of their bytes):
//   mdld-accounts 1
//   account <user> <host> <auth_string> <global privileges, hex>
//   grant <user> <db> <privileges, hex>
//   end <number of account lines>
// The `end` line is the completeness check; a file without it is corrupt (Open fails).
//
// Thread-safe. Mutations are serialized by write_mu_, held across the file write (rare,
// administrative statements; readers never wait for it). The in-memory map is published
// under mu_. Lock order: write_mu_ -> mu_. version() changes with every published change,
// so sessions re-read their grants only when something changed.
#ifndef SERVER_SESSION_ACCOUNTS_H_
#define SERVER_SESSION_ACCOUNTS_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "server/server_context.h"
#include "server/session_privileges.h"
#include "storage/status.h"

namespace server {

struct StoredAccount {
  std::string user;
  std::string host;
  std::string auth_string;  // SHA1(SHA1(password)), empty for no password
  Grants grants;
};

// 'user'@'host' as a statement names it, with a clear-text password for CREATE/ALTER USER.
struct AccountName {
  std::string user;
  std::string host;
  std::optional<std::string> password;
};

class AccountStore {
 public:
  // Loads `datadir`/mdld-accounts if it exists (else starts with root only). `sync`: fsync the
  // file and directory on every change. An empty `datadir` keeps accounts in memory only.
  // Errors: kInternal "Corrupt accounts file '...'" or an I/O error.
  static storage::Result<std::unique_ptr<AccountStore>> Open(const std::string& datadir,
                                                             const std::string& root_password,
                                                             bool sync);

  std::optional<Account> Find(const std::string& user) const MDL_EXCLUDES(mu_);
  std::optional<StoredAccount> FindStored(const std::string& user) const MDL_EXCLUDES(mu_);
  // Sorted by user name.
  std::vector<StoredAccount> List() const MDL_EXCLUDES(mu_);
  // Changes whenever an account or grant changes. Acquire: a reader that sees a new value
  // then finds the change in Find*/List.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

  // Each operation is atomic over its list of users: all are changed or none.
  // CREATE USER. Error: kCannotUser "Operation CREATE USER failed for 'u'@'h'[,...]" for
  // every existing user unless `if_not_exists` (then they are skipped; returned in *skipped).
  storage::Status Create(const std::vector<AccountName>& users, bool if_not_exists,
                         std::vector<AccountName>* skipped = nullptr) MDL_EXCLUDES(write_mu_, mu_);
  // ALTER USER ... IDENTIFIED BY. kCannotUser "Operation ALTER USER failed for ..." for
  // missing users unless `if_exists`.
  storage::Status Alter(const std::vector<AccountName>& users, bool if_exists)
      MDL_EXCLUDES(write_mu_, mu_);
  // DROP USER. kCannotUser "Operation DROP USER failed for ..." for missing users (unless
  // `if_exists`) and for root.
  storage::Status Drop(const std::vector<AccountName>& users, bool if_exists)
      MDL_EXCLUDES(write_mu_, mu_);
  // GRANT `privileges` ON `db`.* ("*" for *.*) TO users. Error: kNoCreateUserWithGrant
  // "You are not allowed to create a user with GRANT" for a missing user.
  storage::Status Grant(const std::vector<AccountName>& users, const std::string& db,
                        PrivilegeSet privileges) MDL_EXCLUDES(write_mu_, mu_);
  // REVOKE. Error: kNonexistingGrant "There is no such grant defined for user 'u' on host
  // 'h'" for a missing user, or at database level when the user has no grant on `db`.
  storage::Status Revoke(const std::vector<AccountName>& users, const std::string& db,
                         PrivilegeSet privileges) MDL_EXCLUDES(write_mu_, mu_);

 private:
  using AccountMap = std::map<std::string, StoredAccount>;

  AccountStore(std::string path, bool sync) : path_(std::move(path)), sync_(sync) {}
  // Copies the map, lets `change` edit the copy, writes it durably and publishes it.
  storage::Status Update(const std::function<storage::Status(AccountMap&)>& change)
      MDL_EXCLUDES(write_mu_, mu_);
  storage::Status WriteFile(const AccountMap& accounts) const;

  const std::string path_;  // empty: in memory only
  const bool sync_;
  base::Mutex write_mu_;
  mutable base::Mutex mu_ MDL_ACQUIRED_AFTER(write_mu_);
  AccountMap accounts_ MDL_GUARDED_BY(mu_);
  std::atomic<uint64_t> version_{1};  // release-stored under mu_ after accounts_ changes
};

// Parses the file content; exposed for tests. Error: kInternal "Corrupt accounts file".
storage::Result<std::map<std::string, StoredAccount>> ParseAccountsFile(const std::string& text);
std::string FormatAccountsFile(const std::map<std::string, StoredAccount>& accounts);

}  // namespace server

#endif  // SERVER_SESSION_ACCOUNTS_H_
