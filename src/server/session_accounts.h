// Accounts: the users that may log in, with their password hashes and the one privilege
// mdld distinguishes (`super`: DDL on any schema is open to all, but KILL of other users'
// sessions, SET GLOBAL, seeing other users' statements and GRANT need it).
//
// Thread-safe: every method takes the internal mutex.
#ifndef SERVER_SESSION_ACCOUNTS_H_
#define SERVER_SESSION_ACCOUNTS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "server/server_context.h"
#include "storage/status.h"

namespace server {

class AccountStore {
 public:
  // Starts with 'root' (super) whose password is `root_password` (empty: none).
  explicit AccountStore(const std::string& root_password);

  std::optional<Account> Find(const std::string& user) const MDL_EXCLUDES(mu_);
  // CREATE USER. `password` is clear text. Error when the user exists and !if_not_exists:
  // kInternal "Operation CREATE USER failed for 'u'@'h'" (MySQL 1396, no code of its own).
  storage::Status Create(const std::string& user, const std::string& host,
                         const std::string& password, bool if_not_exists) MDL_EXCLUDES(mu_);
  storage::Status Alter(const std::string& user, const std::string& host,
                        const std::string& password, bool if_exists) MDL_EXCLUDES(mu_);
  storage::Status Drop(const std::string& user, const std::string& host, bool if_exists)
      MDL_EXCLUDES(mu_);
  // GRANT ALL / SUPER / PROCESS / CONNECTION_ADMIN ON *.* sets super; REVOKE clears it.
  storage::Status SetSuper(const std::string& user, const std::string& host, bool super,
                           const std::string& operation) MDL_EXCLUDES(mu_);
  // Sorted user names (mysql.user).
  std::vector<Account> List() const MDL_EXCLUDES(mu_);

 private:
  mutable base::Mutex mu_;
  std::map<std::string, Account> accounts_ MDL_GUARDED_BY(mu_);
};

}  // namespace server

#endif  // SERVER_SESSION_ACCOUNTS_H_
