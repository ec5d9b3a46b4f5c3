#include "server/session_accounts.h"

#include "server/native_password.h"

namespace server {
namespace {

storage::Status OperationFailed(const std::string& operation, const std::string& user,
                                const std::string& host) {
  return storage::Status(sql::ErrorCode::kInternal, "Operation " + operation + " failed for '" +
                                                        user + "'@'" + host + "'");
}

}  // namespace

AccountStore::AccountStore(const std::string& root_password) {
  base::MutexLock lock(&mu_);
  accounts_["root"] = Account{"root", NativePasswordHash(root_password), true};
}

std::optional<Account> AccountStore::Find(const std::string& user) const {
  base::MutexLock lock(&mu_);
  auto it = accounts_.find(user);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

storage::Status AccountStore::Create(const std::string& user, const std::string& host,
                                     const std::string& password, bool if_not_exists) {
  base::MutexLock lock(&mu_);
  if (accounts_.count(user)) {
    if (if_not_exists) return storage::Status::OK();
    return OperationFailed("CREATE USER", user, host);
  }
  accounts_[user] = Account{user, NativePasswordHash(password), false};
  return storage::Status::OK();
}

storage::Status AccountStore::Alter(const std::string& user, const std::string& host,
                                    const std::string& password, bool if_exists) {
  base::MutexLock lock(&mu_);
  auto it = accounts_.find(user);
  if (it == accounts_.end()) {
    if (if_exists) return storage::Status::OK();
    return OperationFailed("ALTER USER", user, host);
  }
  it->second.auth_string = NativePasswordHash(password);
  return storage::Status::OK();
}

storage::Status AccountStore::Drop(const std::string& user, const std::string& host,
                                   bool if_exists) {
  base::MutexLock lock(&mu_);
  if (accounts_.erase(user) == 0 && !if_exists) return OperationFailed("DROP USER", user, host);
  return storage::Status::OK();
}

storage::Status AccountStore::SetSuper(const std::string& user, const std::string& host,
                                       bool super, const std::string& operation) {
  base::MutexLock lock(&mu_);
  auto it = accounts_.find(user);
  if (it == accounts_.end()) {
    // MySQL 8.0: 1410 "You are not allowed to create a user with GRANT".
    return storage::Status(sql::ErrorCode::kInternal,
                           operation == "GRANT" ? "You are not allowed to create a user with GRANT"
                                                : "There is no such grant defined for user '" +
                                                      user + "' on host '" + host + "'");
  }
  it->second.super = super;
  return storage::Status::OK();
}

std::vector<Account> AccountStore::List() const {
  base::MutexLock lock(&mu_);
  std::vector<Account> out;
  for (const auto& [name, account] : accounts_) out.push_back(account);
  return out;
}

}  // namespace server
