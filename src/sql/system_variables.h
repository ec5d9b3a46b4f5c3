// MySQL system variables: the definitions (name, scope, type, range, default), the server's
// GLOBAL values and one session's SESSION values.
//
//   SystemVariableTable  immutable list of definitions (static; thread-safe).
//   GlobalVariables      the GLOBAL values; one per server. Thread-safe (internal mutex).
//   SessionVariables     one session's SESSION values, copied from GLOBAL when the session
//                        starts (MySQL semantics: SET GLOBAL does not change existing
//                        sessions). Used by its session thread only.
//
// Values are storage::Value in the form SELECT @@x returns them: booleans as Int 0/1, numbers
// as UInt, everything else as String. SHOW VARIABLES prints booleans as ON/OFF
// (DisplayValue()).
#ifndef SQL_SYSTEM_VARIABLES_H_
#define SQL_SYSTEM_VARIABLES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "sql/sql_error.h"
#include "storage/status.h"
#include "storage/value.h"

namespace sql {

enum class SysVarType : uint8_t {
  kBool,    // ON/OFF, 1/0, TRUE/FALSE; read back as Int 1/0
  kUInt,    // unsigned integer clamped to [min, max] with a warning, as MySQL does
  kString,  // free text
  kEnum,    // one of `choices` (case-insensitive; stored upper-cased as MySQL shows it)
  kSet,     // comma-separated subset of `choices` (sql_mode)
};

// Which SET forms apply. MySQL: GLOBAL-only variables refuse SET SESSION (1229),
// SESSION-only ones refuse SET GLOBAL (1228), read-only ones refuse both (1238).
enum class SysVarScope : uint8_t { kGlobalOnly, kSessionOnly, kBoth };

struct SysVarDef {
  std::string_view name;  // lower-case
  SysVarType type = SysVarType::kString;
  SysVarScope scope = SysVarScope::kBoth;
  bool read_only = false;
  uint64_t min = 0;
  uint64_t max = UINT64_MAX;
  std::string_view default_value;  // text form; "ON"/"OFF" for booleans
  std::vector<std::string_view> choices;  // kEnum / kSet
};

// Looks up a definition by name, case-insensitively; nullptr if unknown. `tx_isolation` and
// `tx_read_only` are aliases of the transaction_* variables (as in MySQL 5.7 and MariaDB).
const SysVarDef* FindSysVar(std::string_view name);
// Every definition, sorted by name (SHOW VARIABLES order).
const std::vector<SysVarDef>& AllSysVars();

// The SHOW VARIABLES text of a value: booleans as ON/OFF, NULL as "", others as text.
std::string DisplayValue(const SysVarDef& def, const storage::Value& value);

// A value checked against a definition. `warning` is set when MySQL would warn (a number
// clamped into range: 1292 "Truncated incorrect lock_wait_timeout value: '0'").
struct CheckedValue {
  storage::Value value;
  std::optional<std::string> warning;
};
// Converts `value` to the variable's type. Errors: kWrongValueForVar ("Variable 'x' can't be
// set to the value of 'y'").
storage::Result<CheckedValue> CheckSysVarValue(const SysVarDef& def, const storage::Value& value);

class GlobalVariables {
 public:
  // Starts from every definition's default, then applies `overrides` (name -> text value,
  // for start-up options: port, datadir, lock_wait_timeout, ...). Unknown names are ignored
  // by design: overrides come from code, not from users.
  explicit GlobalVariables(const std::map<std::string, std::string>& overrides = {});

  // REQUIRES: FindSysVar(name) != nullptr.
  storage::Value Get(const SysVarDef& def) const MDL_EXCLUDES(mu_);
  void Set(const SysVarDef& def, storage::Value value) MDL_EXCLUDES(mu_);
  // Values of every variable with a SESSION scope: the starting point of a new session.
  std::map<std::string, storage::Value, std::less<>> SessionDefaults() const MDL_EXCLUDES(mu_);

 private:
  mutable base::Mutex mu_;
  std::map<std::string, storage::Value, std::less<>> values_ MDL_GUARDED_BY(mu_);
};

class SessionVariables {
 public:
  explicit SessionVariables(const GlobalVariables* globals);

  // SELECT @@x / @@session.x: the session value of session-scoped variables, the global
  // value of GLOBAL-only ones. REQUIRES: `def` is a known definition.
  storage::Value Get(const SysVarDef& def) const;
  void Set(const SysVarDef& def, storage::Value value);
  // Back to the global values (COM_RESET_CONNECTION).
  void Reset();

  // Typed accessors for the variables the session consults on every statement.
  uint64_t lock_wait_timeout() const;
  uint64_t innodb_lock_wait_timeout() const;
  uint64_t ddl_low_priority_window() const;  // seconds; 0 = off
  bool autocommit() const;
  // Read by the connection between commands / by the idle-blocker bookkeeping.
  uint64_t wait_timeout() const;
  uint64_t interactive_timeout() const;
  uint64_t mdl_idle_blocker_timeout() const;
  uint64_t net_read_timeout() const;
  uint64_t net_write_timeout() const;

 private:
  const GlobalVariables* globals_;
  std::map<std::string, storage::Value, std::less<>> values_;
};

}  // namespace sql

#endif  // SQL_SYSTEM_VARIABLES_H_
