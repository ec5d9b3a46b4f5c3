#include "server/session_accounts.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "server/native_password.h"

namespace server {
namespace {

using storage::Status;

constexpr const char* kFileName = "mdld-accounts";
constexpr const char* kRootHost = "localhost";

std::string Quoted(const AccountName& u) { return "'" + u.user + "'@'" + u.host + "'"; }

// MySQL's ER_CANNOT_USER lists every account the operation failed for, comma-separated.
Status CannotUser(const std::string& operation, const std::vector<AccountName>& failed) {
  std::string list;
  for (const AccountName& u : failed) list += (list.empty() ? "" : ",") + Quoted(u);
  return Status(sql::ErrorCode::kCannotUser, "Operation " + operation + " failed for " + list);
}

Status NoSuchGrant(const AccountName& u) {
  return Status(sql::ErrorCode::kNonexistingGrant, "There is no such grant defined for user '" +
                                                       u.user + "' on host '" + u.host + "'");
}

// The account `u` names, or nullptr if the user does not exist or was created for another host.
StoredAccount* Lookup(std::map<std::string, StoredAccount>& accounts, const AccountName& u) {
  auto it = accounts.find(u.user);
  if (it == accounts.end() || it->second.host != u.host) return nullptr;
  return &it->second;
}

std::string Hex(const std::string& s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out = "x";
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(const std::string& s) {
  if (s.empty() || s[0] != 'x' || s.size() % 2 != 1) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 1; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::optional<PrivilegeSet> ParseHex(const std::string& s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  PrivilegeSet v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<PrivilegeSet>(d);
  }
  return v;
}

Status IoError(const std::string& what, const std::string& path, int err) {
  return Status(sql::ErrorCode::kDiskFull, "Error writing file '" + path + "' (" + what +
                                               ": " + std::strerror(err) + ")");
}

StoredAccount Root(const std::string& root_password) {
  StoredAccount root;
  root.user = "root";
  root.host = kRootHost;
  root.auth_string = NativePasswordHash(root_password);
  root.grants.global = priv::kAllGlobal | priv::kGrantOption;
  return root;
}

}  // namespace

std::string FormatAccountsFile(const std::map<std::string, StoredAccount>& accounts) {
  std::ostringstream out;
  out << "mdld-accounts 1\n";
  for (const auto& [name, a] : accounts) {
    out << "account " << Hex(a.user) << ' ' << Hex(a.host) << ' ' << Hex(a.auth_string) << ' '
        << std::hex << a.grants.global << std::dec << '\n';
    for (const auto& [db, set] : a.grants.databases) {
      out << "grant " << Hex(a.user) << ' ' << Hex(db) << ' ' << std::hex << set << std::dec << '\n';
    }
  }
  out << "end " << accounts.size() << '\n';
  return out.str();
}

storage::Result<std::map<std::string, StoredAccount>> ParseAccountsFile(const std::string& text) {
  const Status corrupt(sql::ErrorCode::kInternal, "Corrupt accounts file");
  std::map<std::string, StoredAccount> accounts;
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "mdld-accounts 1") return corrupt;
  bool ended = false;
  while (std::getline(in, line)) {
    if (ended) return corrupt;  // nothing may follow the end line
    std::istringstream fields(line);
    std::string kind, a, b, c, set_hex;
    fields >> kind;
    if (kind == "account" && (fields >> a >> b >> c >> set_hex) && fields.eof()) {
      auto user = Unhex(a), host = Unhex(b), auth = Unhex(c);
      auto set = ParseHex(set_hex);
      if (!user || !host || !auth || !set || accounts.count(*user)) return corrupt;
      StoredAccount acc{*user, *host, *auth, {}};
      acc.grants.global = *set;
      accounts[*user] = std::move(acc);
    } else if (kind == "grant" && (fields >> a >> b >> set_hex) && fields.eof()) {
      auto user = Unhex(a), db = Unhex(b);
      auto set = ParseHex(set_hex);
      if (!user || !db || !set || !accounts.count(*user)) return corrupt;
      accounts[*user].grants.databases[*db] = *set;
    } else if (kind == "end" && (fields >> a) && fields.eof()) {
      if (a != std::to_string(accounts.size())) return corrupt;
      ended = true;
    } else {
      return corrupt;
    }
  }
  if (!ended) return corrupt;
  return accounts;
}

storage::Result<std::unique_ptr<AccountStore>> AccountStore::Open(const std::string& datadir,
                                                                  const std::string& root_password,
                                                                  bool sync) {
  const std::string path = datadir.empty() ? "" : datadir + "/" + kFileName;
  std::unique_ptr<AccountStore> store(new AccountStore(path, sync));
  AccountMap accounts;
  if (!path.empty() && ::access(path.c_str(), F_OK) == 0) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Status(sql::ErrorCode::kInternal, "Cannot read accounts file '" + path + "'");
    }
    auto parsed = ParseAccountsFile(text.str());
    if (!parsed.ok()) {
      return Status(sql::ErrorCode::kInternal, "Corrupt accounts file '" + path + "'");
    }
    accounts = std::move(parsed).value();
  }
  // root's password is the start-up option's; its grants are what was stored (ALL at first).
  auto root = accounts.find("root");
  if (root == accounts.end()) {
    accounts["root"] = Root(root_password);
  } else {
    root->second.auth_string = NativePasswordHash(root_password);
  }
  base::MutexLock lock(&store->mu_);
  store->accounts_ = std::move(accounts);
  return store;
}

std::optional<Account> AccountStore::Find(const std::string& user) const {
  base::MutexLock lock(&mu_);
  auto it = accounts_.find(user);
  if (it == accounts_.end()) return std::nullopt;
  return Account{it->second.user, it->second.auth_string,
                 it->second.grants.HasAny(priv::kSuper | priv::kConnectionAdmin)};
}

std::optional<StoredAccount> AccountStore::FindStored(const std::string& user) const {
  base::MutexLock lock(&mu_);
  auto it = accounts_.find(user);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

std::vector<StoredAccount> AccountStore::List() const {
  base::MutexLock lock(&mu_);
  std::vector<StoredAccount> out;
  for (const auto& [name, account] : accounts_) out.push_back(account);
  return out;
}

Status AccountStore::Update(const std::function<Status(AccountMap&)>& change) {
  base::MutexLock write_lock(&write_mu_);
  AccountMap next;
  {
    base::MutexLock lock(&mu_);
    next = accounts_;
  }
  Status s = change(next);
  if (!s.ok()) return s;
  // I/O under write_mu_ on purpose: it serializes administrative changes only; no reader
  // takes it.
  s = WriteFile(next);
  if (!s.ok()) return s;
  base::MutexLock lock(&mu_);
  accounts_ = std::move(next);
  version_.fetch_add(1, std::memory_order_release);
  return Status::OK();
}

Status AccountStore::WriteFile(const AccountMap& accounts) const {
  if (path_.empty()) return Status::OK();
  const std::string tmp = path_ + ".tmp";
  const std::string content = FormatAccountsFile(accounts);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("open", tmp, errno);
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      return IoError("write", tmp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (sync_ && ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return IoError("fsync", tmp, err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) return IoError("rename", tmp, errno);
  if (sync_) {
    const std::string dir = path_.substr(0, path_.rfind('/'));
    const int dfd = ::open(dir.empty() ? "/" : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return IoError("open", dir, errno);
    const int rc = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (rc != 0) return IoError("fsync", dir, err);
  }
  return Status::OK();
}

Status AccountStore::Create(const std::vector<AccountName>& users, bool if_not_exists,
                            std::vector<AccountName>* skipped) {
  return Update([&](AccountMap& accounts) {
    std::vector<AccountName> failed;
    for (const AccountName& u : users) {
      if (accounts.count(u.user)) {
        failed.push_back(u);
        continue;
      }
      accounts[u.user] = StoredAccount{u.user, u.host, NativePasswordHash(u.password.value_or("")), {}};
    }
    if (!failed.empty() && !if_not_exists) return CannotUser("CREATE USER", failed);
    if (skipped != nullptr) *skipped = failed;
    return Status::OK();
  });
}

Status AccountStore::Alter(const std::vector<AccountName>& users, bool if_exists) {
  return Update([&](AccountMap& accounts) {
    std::vector<AccountName> failed;
    for (const AccountName& u : users) {
      StoredAccount* a = Lookup(accounts, u);
      if (a == nullptr) {
        failed.push_back(u);
      } else if (u.password) {
        a->auth_string = NativePasswordHash(*u.password);
      }
    }
    if (!failed.empty() && !if_exists) return CannotUser("ALTER USER", failed);
    return Status::OK();
  });
}

Status AccountStore::Drop(const std::vector<AccountName>& users, bool if_exists) {
  return Update([&](AccountMap& accounts) {
    std::vector<AccountName> failed;
    for (const AccountName& u : users) {
      const bool exists = Lookup(accounts, u) != nullptr;
      if (u.user == "root" || (!exists && !if_exists)) {
        failed.push_back(u);
      } else if (exists) {
        accounts.erase(u.user);
      }
    }
    if (!failed.empty()) return CannotUser("DROP USER", failed);
    return Status::OK();
  });
}

Status AccountStore::Grant(const std::vector<AccountName>& users, const std::string& db,
                           PrivilegeSet privileges) {
  return Update([&](AccountMap& accounts) {
    for (const AccountName& u : users) {
      StoredAccount* a = Lookup(accounts, u);
      if (a == nullptr) {
        return Status(sql::ErrorCode::kNoCreateUserWithGrant,
                      "You are not allowed to create a user with GRANT");
      }
      if (db == "*") {
        a->grants.global |= privileges;
      } else {
        a->grants.databases[db] |= privileges;
      }
    }
    return Status::OK();
  });
}

Status AccountStore::Revoke(const std::vector<AccountName>& users, const std::string& db,
                            PrivilegeSet privileges) {
  return Update([&](AccountMap& accounts) {
    for (const AccountName& u : users) {
      StoredAccount* a = Lookup(accounts, u);
      if (a == nullptr) return NoSuchGrant(u);
      if (db == "*") {
        a->grants.global &= ~privileges;
        continue;
      }
      auto it = a->grants.databases.find(db);
      if (it == a->grants.databases.end()) return NoSuchGrant(u);
      it->second &= ~privileges;
      if (it->second == 0) a->grants.databases.erase(it);
    }
    return Status::OK();
  });
}

}  // namespace server
