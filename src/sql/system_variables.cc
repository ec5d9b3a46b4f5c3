#include "sql/system_variables.h"

#include <algorithm>

#include "base/ascii.h"

namespace sql {
namespace {

using storage::Value;

constexpr uint64_t kMaxTimeout = 31536000;  // one year: MySQL's upper bound for *_timeout

// MySQL 8.0 names, scopes, ranges and defaults (mysqld --help --verbose, 8.0.36). Values
// that depend on the running server (port, datadir, hostname, ...) get their real value
// through GlobalVariables' overrides.
std::vector<SysVarDef> MakeDefs() {
  using T = SysVarType;
  using S = SysVarScope;
  const std::vector<std::string_view> kIsolation = {"READ-UNCOMMITTED", "READ-COMMITTED",
                                                     "REPEATABLE-READ", "SERIALIZABLE"};
  const std::vector<std::string_view> kSqlModes = {
      "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "ONLY_FULL_GROUP_BY",
      "NO_UNSIGNED_SUBTRACTION", "NO_DIR_IN_CREATE", "ANSI", "NO_AUTO_VALUE_ON_ZERO",
      "NO_BACKSLASH_ESCAPES", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE",
      "NO_ZERO_DATE", "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO", "TRADITIONAL",
      "HIGH_NOT_PRECEDENCE", "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH",
      "TIME_TRUNCATE_FRACTIONAL"};
  std::vector<SysVarDef> defs = {
      {"auto_increment_increment", T::kUInt, S::kBoth, false, 1, 65535, "1", {}},
      {"auto_increment_offset", T::kUInt, S::kBoth, false, 1, 65535, "1", {}},
      {"autocommit", T::kBool, S::kBoth, false, 0, 1, "ON", {}},
      {"character_set_client", T::kString, S::kBoth, false, 0, 0, "utf8mb4", {}},
      {"character_set_connection", T::kString, S::kBoth, false, 0, 0, "utf8mb4", {}},
      {"character_set_database", T::kString, S::kBoth, false, 0, 0, "utf8mb4", {}},
      {"character_set_results", T::kString, S::kBoth, false, 0, 0, "utf8mb4", {}},
      {"character_set_server", T::kString, S::kBoth, false, 0, 0, "utf8mb4", {}},
      {"character_set_system", T::kString, S::kGlobalOnly, true, 0, 0, "utf8mb3", {}},
      {"collation_connection", T::kString, S::kBoth, false, 0, 0, "utf8mb4_0900_ai_ci", {}},
      {"collation_database", T::kString, S::kBoth, false, 0, 0, "utf8mb4_0900_ai_ci", {}},
      {"collation_server", T::kString, S::kBoth, false, 0, 0, "utf8mb4_0900_ai_ci", {}},
      {"datadir", T::kString, S::kGlobalOnly, true, 0, 0, "./data/", {}},
      // mdld's own (docs/sql_session.md): seconds for which DDL's exclusive metadata lock
      // requests wait at low priority (they do not block new queries on the table while they
      // wait for an idle transaction); then they wait as in MySQL. 0 (default): MySQL 8.0.
      {"ddl_low_priority_window", T::kUInt, S::kBoth, false, 0, kMaxTimeout, "0", {}},
      // Sync points for tests (MySQL's DEBUG_SYNC); see docs/debug_sync.md. Reading it back
      // shows "ON - current signals: ..." in MySQL; here the last action set.
      {"debug_sync", T::kString, S::kSessionOnly, false, 0, 0, "", {}},
      {"default_storage_engine", T::kString, S::kBoth, false, 0, 0, "InnoDB", {}},
      {"foreign_key_checks", T::kBool, S::kBoth, false, 0, 1, "ON", {}},
      {"have_ssl", T::kString, S::kGlobalOnly, true, 0, 0, "DISABLED", {}},
      {"hostname", T::kString, S::kGlobalOnly, true, 0, 0, "localhost", {}},
      {"init_connect", T::kString, S::kGlobalOnly, false, 0, 0, "", {}},
      {"innodb_lock_wait_timeout", T::kUInt, S::kBoth, false, 1, 1073741824, "50", {}},
      {"innodb_rollback_on_timeout", T::kBool, S::kGlobalOnly, true, 0, 1, "OFF", {}},
      {"interactive_timeout", T::kUInt, S::kBoth, false, 1, kMaxTimeout, "28800", {}},
      {"license", T::kString, S::kGlobalOnly, true, 0, 0, "GPL", {}},
      {"lock_wait_timeout", T::kUInt, S::kBoth, false, 1, kMaxTimeout, "31536000", {}},
      {"lower_case_table_names", T::kUInt, S::kGlobalOnly, true, 0, 2, "0", {}},
      {"max_allowed_packet", T::kUInt, S::kBoth, false, 1024, 1073741824, "67108864", {}},
      {"max_connections", T::kUInt, S::kGlobalOnly, false, 1, 100000, "151", {}},
      // mdld's own (docs/sql_session.md): seconds an idle session inside a transaction or with
      // explicit locks may keep another session waiting for a metadata lock before it is
      // disconnected; 0 (the default) keeps MySQL's behaviour of waiting forever.
      {"mdl_idle_blocker_timeout", T::kUInt, S::kBoth, false, 0, kMaxTimeout, "0", {}},
      {"max_write_lock_count", T::kUInt, S::kGlobalOnly, false, 1, UINT64_MAX,
       "18446744073709551615", {}},
      {"net_buffer_length", T::kUInt, S::kBoth, false, 1024, 1048576, "16384", {}},
      {"net_read_timeout", T::kUInt, S::kBoth, false, 1, kMaxTimeout, "30", {}},
      {"net_write_timeout", T::kUInt, S::kBoth, false, 1, kMaxTimeout, "60", {}},
      {"performance_schema", T::kBool, S::kGlobalOnly, true, 0, 1, "ON", {}},
      {"port", T::kUInt, S::kGlobalOnly, true, 0, 65535, "3306", {}},
      {"protocol_version", T::kUInt, S::kGlobalOnly, true, 0, 255, "10", {}},
      {"server_id", T::kUInt, S::kGlobalOnly, false, 0, 4294967295ull, "1", {}},
      {"socket", T::kString, S::kGlobalOnly, true, 0, 0, "", {}},
      {"sql_mode", T::kSet, S::kBoth, false, 0, 0,
       "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
       "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
       kSqlModes},
      {"sql_safe_updates", T::kBool, S::kBoth, false, 0, 1, "OFF", {}},
      {"sql_select_limit", T::kUInt, S::kBoth, false, 0, UINT64_MAX, "18446744073709551615", {}},
      {"system_time_zone", T::kString, S::kGlobalOnly, true, 0, 0, "UTC", {}},
      {"time_zone", T::kString, S::kBoth, false, 0, 0, "SYSTEM", {}},
      // The storage engine's isolation is what transaction_isolation reports (see
      // docs/sql_session.md); the default is REPEATABLE-READ as in MySQL 8.0.
      {"transaction_isolation", T::kEnum, S::kBoth, false, 0, 0, "REPEATABLE-READ", kIsolation},
      {"transaction_read_only", T::kBool, S::kBoth, false, 0, 1, "OFF", {}},
      {"unique_checks", T::kBool, S::kBoth, false, 0, 1, "ON", {}},
      {"version", T::kString, S::kGlobalOnly, true, 0, 0, "8.0.36-mdld", {}},
      {"version_comment", T::kString, S::kGlobalOnly, true, 0, 0,
       "mdld MySQL-compatible metadata lock server", {}},
      {"version_compile_machine", T::kString, S::kGlobalOnly, true, 0, 0, "x86_64", {}},
      {"version_compile_os", T::kString, S::kGlobalOnly, true, 0, 0, "Linux", {}},
      {"wait_timeout", T::kUInt, S::kBoth, false, 1, kMaxTimeout, "28800", {}},
  };
  std::sort(defs.begin(), defs.end(),
            [](const SysVarDef& a, const SysVarDef& b) { return a.name < b.name; });
  return defs;
}

bool ParseBool(const Value& v, bool* out) {
  if (v.is_null()) return false;
  if (v.kind() == storage::ValueKind::kInt || v.kind() == storage::ValueKind::kUInt) {
    const int64_t i = v.ToInt();
    if (i != 0 && i != 1) return false;
    *out = i == 1;
    return true;
  }
  const std::string s = base::AsciiUpper(v.ToString());
  if (s == "ON" || s == "TRUE" || s == "1") {
    *out = true;
    return true;
  }
  if (s == "OFF" || s == "FALSE" || s == "0") {
    *out = false;
    return true;
  }
  return false;
}

SqlError WrongValue(const SysVarDef& def, const Value& v) {
  return SqlError(ErrorCode::kWrongValueForVar,
                  "Variable '" + std::string(def.name) + "' can't be set to the value of '" +
                      (v.is_null() ? std::string("NULL") : v.ToString()) + "'");
}

Value DefaultValueOf(const SysVarDef& def) {
  switch (def.type) {
    case SysVarType::kBool:
      return Value::Int(def.default_value == "ON" ? 1 : 0);
    case SysVarType::kUInt:
      return Value::UInt(std::stoull(std::string(def.default_value)));
    default:
      return Value::String(std::string(def.default_value));
  }
}

}  // namespace

const std::vector<SysVarDef>& AllSysVars() {
  static const std::vector<SysVarDef>* defs = new std::vector<SysVarDef>(MakeDefs());
  return *defs;
}

const SysVarDef* FindSysVar(std::string_view name) {
  std::string key = base::AsciiLower(name);
  if (key == "tx_isolation") key = "transaction_isolation";
  if (key == "tx_read_only") key = "transaction_read_only";
  const auto& defs = AllSysVars();
  auto it = std::lower_bound(defs.begin(), defs.end(), key,
                             [](const SysVarDef& d, const std::string& k) { return d.name < k; });
  return it != defs.end() && it->name == key ? &*it : nullptr;
}

std::string DisplayValue(const SysVarDef& def, const Value& value) {
  if (value.is_null()) return "";
  if (def.type == SysVarType::kBool) return value.ToInt() != 0 ? "ON" : "OFF";
  return value.ToString();
}

storage::Result<CheckedValue> CheckSysVarValue(const SysVarDef& def, const Value& value) {
  CheckedValue out;
  switch (def.type) {
    case SysVarType::kBool: {
      bool b = false;
      if (!ParseBool(value, &b)) return WrongValue(def, value);
      out.value = Value::Int(b ? 1 : 0);
      return out;
    }
    case SysVarType::kUInt: {
      if (value.kind() != storage::ValueKind::kInt && value.kind() != storage::ValueKind::kUInt) {
        // MySQL's integer variables accept only integer expressions (Sys_var_integer's
        // check_update_type): strings, NULL and fractional numbers are 1232.
        return SqlError(ErrorCode::kWrongTypeForVar,
                        "Incorrect argument type to variable '" + std::string(def.name) + "'");
      }
      // Negative numbers clamp to the minimum, as MySQL does for unsigned variables.
      const bool negative = value.kind() == storage::ValueKind::kInt && value.int_value() < 0;
      uint64_t n = negative ? 0 : value.ToUInt();
      const uint64_t clamped = std::clamp(n, def.min, def.max);
      if (clamped != n || negative) {
        out.warning = "Truncated incorrect " + std::string(def.name) + " value: '" +
                      value.ToString() + "'";
      }
      out.value = Value::UInt(clamped);
      return out;
    }
    case SysVarType::kString:
      if (value.is_null()) {
        if (def.name == "init_connect" || def.name == "debug_sync") {
          out.value = Value::String("");
          return out;
        }
        return WrongValue(def, value);
      }
      out.value = Value::String(value.ToString());
      return out;
    case SysVarType::kEnum: {
      if (value.is_null()) return WrongValue(def, value);
      const std::string s = base::AsciiUpper(value.ToString());
      for (std::string_view c : def.choices) {
        if (s == c) {
          out.value = Value::String(std::string(c));
          return out;
        }
      }
      return WrongValue(def, value);
    }
    case SysVarType::kSet: {
      if (value.is_null()) return WrongValue(def, value);
      const std::string s = base::AsciiUpper(value.ToString());
      std::vector<std::string_view> chosen;
      size_t start = 0;
      while (start <= s.size()) {
        size_t comma = s.find(',', start);
        if (comma == std::string::npos) comma = s.size();
        std::string item = s.substr(start, comma - start);
        start = comma + 1;
        if (item.empty()) continue;
        auto it = std::find(def.choices.begin(), def.choices.end(), item);
        if (it == def.choices.end()) return WrongValue(def, value);
        if (std::find(chosen.begin(), chosen.end(), *it) == chosen.end()) chosen.push_back(*it);
      }
      // MySQL prints set members in definition order.
      std::string text;
      for (std::string_view c : def.choices) {
        if (std::find(chosen.begin(), chosen.end(), c) == chosen.end()) continue;
        if (!text.empty()) text += ',';
        text += c;
      }
      out.value = Value::String(text);
      return out;
    }
  }
  return WrongValue(def, value);
}

GlobalVariables::GlobalVariables(const std::map<std::string, std::string>& overrides) {
  base::MutexLock lock(&mu_);
  for (const SysVarDef& def : AllSysVars()) values_[std::string(def.name)] = DefaultValueOf(def);
  for (const auto& [name, text] : overrides) {
    const SysVarDef* def = FindSysVar(name);
    if (def == nullptr) continue;
    auto checked = CheckSysVarValue(*def, def->type == SysVarType::kUInt
                                              ? Value::UInt(std::stoull(text))
                                              : Value::String(text));
    if (checked.ok()) values_[std::string(def->name)] = checked->value;
  }
}

Value GlobalVariables::Get(const SysVarDef& def) const {
  base::MutexLock lock(&mu_);
  auto it = values_.find(def.name);
  return it == values_.end() ? Value() : it->second;
}

void GlobalVariables::Set(const SysVarDef& def, Value value) {
  base::MutexLock lock(&mu_);
  values_[std::string(def.name)] = std::move(value);
}

std::map<std::string, Value, std::less<>> GlobalVariables::SessionDefaults() const {
  base::MutexLock lock(&mu_);
  std::map<std::string, Value, std::less<>> out;
  for (const SysVarDef& def : AllSysVars()) {
    if (def.scope == SysVarScope::kGlobalOnly) continue;
    auto it = values_.find(def.name);
    if (it != values_.end()) out.emplace(it->first, it->second);
  }
  return out;
}

SessionVariables::SessionVariables(const GlobalVariables* globals)
    : globals_(globals), values_(globals->SessionDefaults()) {}

Value SessionVariables::Get(const SysVarDef& def) const {
  if (def.scope == SysVarScope::kGlobalOnly) return globals_->Get(def);
  auto it = values_.find(def.name);
  return it == values_.end() ? Value() : it->second;
}

void SessionVariables::Set(const SysVarDef& def, Value value) {
  values_[std::string(def.name)] = std::move(value);
}

void SessionVariables::Reset() { values_ = globals_->SessionDefaults(); }

uint64_t SessionVariables::lock_wait_timeout() const {
  return Get(*FindSysVar("lock_wait_timeout")).ToUInt();
}
uint64_t SessionVariables::wait_timeout() const {
  return Get(*FindSysVar("wait_timeout")).ToUInt();
}
uint64_t SessionVariables::interactive_timeout() const {
  return Get(*FindSysVar("interactive_timeout")).ToUInt();
}
uint64_t SessionVariables::mdl_idle_blocker_timeout() const {
  return Get(*FindSysVar("mdl_idle_blocker_timeout")).ToUInt();
}
uint64_t SessionVariables::ddl_low_priority_window() const {
  return Get(*FindSysVar("ddl_low_priority_window")).ToUInt();
}
uint64_t SessionVariables::net_read_timeout() const {
  return Get(*FindSysVar("net_read_timeout")).ToUInt();
}
uint64_t SessionVariables::net_write_timeout() const {
  return Get(*FindSysVar("net_write_timeout")).ToUInt();
}
uint64_t SessionVariables::innodb_lock_wait_timeout() const {
  return Get(*FindSysVar("innodb_lock_wait_timeout")).ToUInt();
}
bool SessionVariables::autocommit() const { return Get(*FindSysVar("autocommit")).ToInt() != 0; }

}  // namespace sql
