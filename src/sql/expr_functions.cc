#include "sql/expr_functions.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "sql/expr_arith.h"
#include "sql/expr_interval.h"
#include "sql/expr_value.h"

namespace sql {
namespace {

const std::set<std::string>& SessionFunctions() {
  static const std::set<std::string> k = {"GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS",
                                          "IS_FREE_LOCK", "IS_USED_LOCK", "USER", "SESSION_USER",
                                          "SYSTEM_USER", "CURRENT_USER"};
  return k;
}

const std::set<std::string>& ScalarFunctions() {
  static const std::set<std::string> k = {
      "CONCAT", "CONCAT_WS", "LENGTH", "OCTET_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
      "LOWER", "LCASE", "UPPER", "UCASE", "SUBSTRING", "SUBSTR", "MID", "TRIM", "LTRIM", "RTRIM",
      "REPLACE", "LEFT", "RIGHT", "LPAD", "RPAD", "REPEAT", "REVERSE", "LOCATE", "INSTR",
      "NULLIF", "ABS", "ROUND", "TRUNCATE", "FLOOR", "CEIL", "CEILING", "MOD", "GREATEST", "LEAST",
      "SIGN", "POW", "POWER", "SQRT", "RAND", "SLEEP", "DATABASE", "SCHEMA", "VERSION",
      "CONNECTION_ID", "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "UUID", "HEX", "ISNULL",
      "IF", "IFNULL", "COALESCE", "VALUES", "SPACE", "ASCII", "FIELD", "ELT", "STRCMP",
      "CHARSET", "COLLATION", "BENCHMARK", "LN", "LOG", "LOG2", "LOG10", "EXP", "PI"};
  return k;
}

std::string Hex(std::string_view s) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string r;
  for (unsigned char c : s) {
    r.push_back(kDigits[c >> 4]);
    r.push_back(kDigits[c & 15]);
  }
  return r;
}

// UTF-8 characters of `s` (byte offsets of each character start, plus s.size()).
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

std::string Substring(std::string_view s, int64_t pos, std::optional<int64_t> len) {
  auto starts = CharStarts(s);
  int64_t n = static_cast<int64_t>(starts.size()) - 1;
  if (pos == 0) return "";
  int64_t begin = pos > 0 ? pos - 1 : n + pos;
  if (begin < 0 || begin >= n) return "";
  int64_t end = n;
  if (len) {
    if (*len <= 0) return "";
    end = std::min(n, begin + *len);
  }
  return std::string(s.substr(starts[static_cast<size_t>(begin)],
                              starts[static_cast<size_t>(end)] - starts[static_cast<size_t>(begin)]));
}

int64_t CharLength(std::string_view s) { return static_cast<int64_t>(CharStarts(s).size()) - 1; }

std::string Pad(std::string_view s, int64_t len, std::string_view pad, bool left) {
  auto starts = CharStarts(s);
  int64_t n = static_cast<int64_t>(starts.size()) - 1;
  if (len <= n) return std::string(s.substr(0, starts[static_cast<size_t>(std::max<int64_t>(len, 0))]));
  if (pad.empty()) return "";
  std::string fill;
  auto pstarts = CharStarts(pad);
  int64_t pn = static_cast<int64_t>(pstarts.size()) - 1;
  for (int64_t i = 0; i < len - n; ++i) {
    size_t k = static_cast<size_t>(i % pn);
    fill.append(pad.substr(pstarts[k], pstarts[k + 1] - pstarts[k]));
  }
  return left ? fill + std::string(s) : std::string(s) + fill;
}

Result<Value> RoundValue(const Value& v, int64_t places, bool truncate) {
  if (v.is_null()) return Value::Null();
  if (v.kind() == ValueKind::kInt || v.kind() == ValueKind::kUInt) {
    if (places >= 0) return v;
    double p = std::pow(10.0, static_cast<double>(-places));
    double x = v.ToDouble() / p;
    x = truncate ? std::trunc(x) : std::round(x);
    return Value::Int(static_cast<int64_t>(x * p));
  }
  if (v.kind() == ValueKind::kDecimal) {
    auto d = Decimal::Parse(v.text());
    if (d) {
      int s = static_cast<int>(std::clamp<int64_t>(places, 0, 30));
      if (truncate) {
        __int128 u = d->unscaled();
        for (int i = s; i < d->scale(); ++i) u /= 10;
        auto r = Decimal(u, std::min(s, d->scale())).Rescale(s);
        if (r) return DecimalValue(*r);
      } else if (auto r = d->Rescale(s)) {
        return DecimalValue(*r);
      }
    }
  }
  double x = v.ToDouble();
  double p = std::pow(10.0, static_cast<double>(places));
  double r = truncate ? std::trunc(x * p) / p : std::round(x * p) / p;
  return Value::Double(r);
}

std::string Trim(std::string s, std::string_view what, bool leading, bool trailing) {
  if (what.empty()) return s;
  if (leading) {
    while (s.size() >= what.size() && s.compare(0, what.size(), what) == 0) s.erase(0, what.size());
  }
  if (trailing) {
    while (s.size() >= what.size() && s.compare(s.size() - what.size(), what.size(), what) == 0) {
      s.erase(s.size() - what.size());
    }
  }
  return s;
}

std::string Uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-1%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>((b >> 48) & 0x3fff) | 0x8000,
                static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

}  // namespace

Status WrongParamCount(const std::string& name) {
  return Status(ErrorCode::kWrongParamCount,
                "Incorrect parameter count in the call to native function '" + name + "'");
}

bool IsSessionFunction(const std::string& n) { return SessionFunctions().count(n) > 0; }

bool IsBuiltinFunction(const std::string& n) {
  return ScalarFunctions().count(n) > 0 || IsSessionFunction(n) || IsDateTimeFunction(n) ||
         IsStringFunction(n) || IsIntervalFunction(n) || IsTimeFunction(n);
}

Result<Value> CallBuiltinFunction(const ast::FunctionCall& call, const std::vector<Value>& a,
                                  StatementState& state) {
  const std::string& n = call.name;
  if (!call.db.empty() || !IsBuiltinFunction(n)) {
    // A name that is no built-in is looked up as a stored function of the current database,
    // so without one MySQL fails with 1046 (as for an unqualified table).
    std::string db = call.db.empty() ? state.ctx.current_db() : call.db;
    if (db.empty()) return Status(ErrorCode::kNoDatabaseSelected, "No database selected");
    return Status(ErrorCode::kUnknownFunction, "FUNCTION " + db + "." + FoldCase(n) + " does not exist");
  }
  const size_t argc = a.size();
  auto need = [&](size_t lo, size_t hi) { return argc >= lo && argc <= hi; };
  auto any_null = [&]() {
    for (const Value& v : a) if (v.is_null()) return true;
    return false;
  };
  if (IsSessionFunction(n)) return state.ctx.CallSessionFunction(n, a);
  if (auto dt = CallDateTimeFunction(n, a, state)) return std::move(*dt);
  if (auto sf = CallStringFunction(n, a, state)) return std::move(*sf);
  if (auto tf = CallTimeFunction(n, a, state)) return std::move(*tf);

  if (n == "CONCAT") {
    if (argc == 0) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s;
    for (const Value& v : a) s += v.ToString();
    return Value::String(std::move(s));
  }
  if (n == "CONCAT_WS") {
    if (argc < 2) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Null();
    std::string s;
    bool first = true;
    for (size_t i = 1; i < argc; ++i) {
      if (a[i].is_null()) continue;
      if (!first) s += a[0].ToString();
      s += a[i].ToString();
      first = false;
    }
    return Value::String(std::move(s));
  }
  if (n == "LENGTH" || n == "OCTET_LENGTH" || n == "CHAR_LENGTH" || n == "CHARACTER_LENGTH") {
    if (argc != 1) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Null();
    std::string s = a[0].ToString();
    return Value::Int(n == "LENGTH" || n == "OCTET_LENGTH" ? static_cast<int64_t>(s.size()) : CharLength(s));
  }
  if (n == "LOWER" || n == "LCASE" || n == "UPPER" || n == "UCASE") {
    if (argc != 1) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Null();
    std::string s = a[0].ToString();
    bool up = n == "UPPER" || n == "UCASE";
    for (char& c : s) {
      if (up && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!up && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return Value::String(std::move(s));
  }
  if (n == "SUBSTRING" || n == "SUBSTR" || n == "MID") {
    if (!need(2, 3)) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::optional<int64_t> len;
    if (argc == 3) len = a[2].ToInt();
    return Value::String(Substring(a[0].ToString(), a[1].ToInt(), len));
  }
  if (n == "TRIM" || n == "LTRIM" || n == "RTRIM") {
    if (!need(1, 2)) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string what = argc == 2 ? a[1].ToString() : " ";
    return Value::String(Trim(a[0].ToString(), what, n != "RTRIM", n != "LTRIM"));
  }
  if (n == "REPLACE") {
    if (argc != 3) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s = a[0].ToString(), from = a[1].ToString(), to = a[2].ToString();
    if (from.empty()) return Value::String(s);
    std::string r;
    size_t pos = 0, hit;
    while ((hit = s.find(from, pos)) != std::string::npos) {
      r.append(s, pos, hit - pos);
      r += to;
      pos = hit + from.size();
    }
    r.append(s, pos);
    return Value::String(std::move(r));
  }
  if (n == "LEFT" || n == "RIGHT") {
    if (argc != 2) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s = a[0].ToString();
    int64_t len = a[1].ToInt(), total = CharLength(s);
    if (len <= 0) return Value::String("");
    if (len >= total) return Value::String(s);
    return Value::String(n == "LEFT" ? Substring(s, 1, len) : Substring(s, total - len + 1, len));
  }
  if (n == "LPAD" || n == "RPAD") {
    if (argc != 3) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    return Value::String(Pad(a[0].ToString(), a[1].ToInt(), a[2].ToString(), n == "LPAD"));
  }
  if (n == "REPEAT") {
    if (argc != 2) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s, unit = a[0].ToString();
    for (int64_t i = 0; i < a[1].ToInt() && s.size() < (64u << 20); ++i) s += unit;
    return Value::String(std::move(s));
  }
  if (n == "SPACE") {
    if (argc != 1) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    return Value::String(std::string(static_cast<size_t>(std::clamp<int64_t>(a[0].ToInt(), 0, 1 << 20)), ' '));
  }
  if (n == "REVERSE") {
    if (argc != 1) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s = a[0].ToString();
    auto starts = CharStarts(s);
    std::string r;
    for (size_t i = starts.size() - 1; i > 0; --i) r.append(s, starts[i - 1], starts[i] - starts[i - 1]);
    return Value::String(std::move(r));
  }
  if (n == "LOCATE" || n == "INSTR") {
    if (n == "INSTR" ? argc != 2 : !need(2, 3)) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string needle = FoldCase(n == "INSTR" ? a[1].ToString() : a[0].ToString());
    std::string hay = FoldCase(n == "INSTR" ? a[0].ToString() : a[1].ToString());
    int64_t start = argc == 3 ? a[2].ToInt() : 1;
    if (start < 1) return Value::Int(0);
    auto starts = CharStarts(hay);
    if (start > static_cast<int64_t>(starts.size())) return Value::Int(0);
    size_t hit = hay.find(needle, starts[static_cast<size_t>(start - 1)]);
    if (hit == std::string::npos) return Value::Int(0);
    return Value::Int(static_cast<int64_t>(std::lower_bound(starts.begin(), starts.end(), hit) - starts.begin()) + 1);
  }
  if (n == "ASCII") {
    if (argc != 1) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    std::string s = a[0].ToString();
    return Value::Int(s.empty() ? 0 : static_cast<unsigned char>(s[0]));
  }
  if (n == "HEX") {
    if (argc != 1) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    if (a[0].kind() == ValueKind::kInt || a[0].kind() == ValueKind::kUInt) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(a[0].ToUInt()));
      return Value::String(buf);
    }
    return Value::String(Hex(a[0].ToString()));
  }
  if (n == "STRCMP") {
    if (argc != 2) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    return Value::Int(CollateCompare(a[0].ToString(), a[1].ToString()));
  }
  if (n == "FIELD") {
    if (argc < 2) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Int(0);
    for (size_t i = 1; i < argc; ++i) {
      if (!a[i].is_null() && CompareForSql(a[0], a[i]) == 0) return Value::Int(static_cast<int64_t>(i));
    }
    return Value::Int(0);
  }
  if (n == "ELT") {
    if (argc < 2) return WrongParamCount(n);
    int64_t i = a[0].ToInt();
    if (a[0].is_null() || i < 1 || i >= static_cast<int64_t>(argc)) return Value::Null();
    return a[static_cast<size_t>(i)];
  }
  if (n == "NULLIF") {
    if (argc != 2) return WrongParamCount(n);
    if (!a[0].is_null() && !a[1].is_null() && CompareForSql(a[0], a[1]) == 0) return Value::Null();
    return a[0];
  }
  if (n == "ISNULL") {
    if (argc != 1) return WrongParamCount(n);
    return Value::Int(a[0].is_null() ? 1 : 0);
  }
  if (n == "ABS") {
    if (argc != 1) return WrongParamCount(n);
    Value v = NumericOperand(a[0], state);
    if (v.is_null()) return v;
    if (v.kind() == ValueKind::kInt && v.int_value() < 0) return Negate(v, "abs(" + v.ToString() + ")");
    if (v.kind() == ValueKind::kDecimal && !v.text().empty() && v.text()[0] == '-') {
      return Value::Decimal(v.text().substr(1));
    }
    if (v.kind() == ValueKind::kDouble) return Value::Double(std::fabs(v.double_value()));
    return v;
  }
  if (n == "SIGN") {
    if (argc != 1) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Null();
    double d = NumericOperand(a[0], state).ToDouble();
    return Value::Int(d > 0 ? 1 : (d < 0 ? -1 : 0));
  }
  if (n == "ROUND" || n == "TRUNCATE") {
    if (n == "TRUNCATE" ? argc != 2 : !need(1, 2)) return WrongParamCount(n);
    if (argc == 2 && a[1].is_null()) return Value::Null();
    return RoundValue(NumericOperand(a[0], state), argc == 2 ? a[1].ToInt() : 0, n == "TRUNCATE");
  }
  if (n == "FLOOR" || n == "CEIL" || n == "CEILING") {
    if (argc != 1) return WrongParamCount(n);
    Value v = NumericOperand(a[0], state);
    if (v.is_null() || v.kind() == ValueKind::kInt || v.kind() == ValueKind::kUInt) return v;
    bool floor = n == "FLOOR";
    if (v.kind() == ValueKind::kDecimal) {
      if (auto d = Decimal::Parse(v.text())) {
        Decimal r = floor ? d->Floor() : d->Ceil();
        if (auto i = r.ToInt()) return Value::Int(*i);
        return DecimalValue(r);
      }
    }
    return Value::Double(floor ? std::floor(v.ToDouble()) : std::ceil(v.ToDouble()));
  }
  if (n == "MOD") {
    if (argc != 2) return WrongParamCount(n);
    return Arithmetic(ast::BinaryOp::kMod, a[0], a[1], state, "mod");
  }
  if (n == "POW" || n == "POWER" || n == "SQRT") {
    if (n == "SQRT" ? argc != 1 : argc != 2) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    double x = a[0].ToDouble();
    if (n == "SQRT") return x < 0 ? Value::Null() : Value::Double(std::sqrt(x));
    return Value::Double(std::pow(x, a[1].ToDouble()));
  }
  if (n == "LN" || n == "LOG" || n == "LOG2" || n == "LOG10" || n == "EXP" || n == "PI") {
    if (n == "PI" ? argc != 0 : (n == "LOG" ? !need(1, 2) : argc != 1)) return WrongParamCount(n);
    if (n == "PI") return Value::Double(3.141592653589793);
    if (any_null()) return Value::Null();
    if (n == "EXP") return Value::Double(std::exp(a[0].ToDouble()));
    // Logarithms of non-positive numbers (and a base <= 0 or 1) are NULL. MySQL adds warning
    // 3020 "Invalid argument for logarithm", which has no ErrorCode yet (sql_error.h).
    double x = a[argc - 1].ToDouble();
    double base = n == "LOG2" ? 2 : n == "LOG10" ? 10 : (n == "LOG" && argc == 2 ? a[0].ToDouble() : 0);
    if (x <= 0 || (n == "LOG" && argc == 2 && base <= 0) || base == 1) return Value::Null();
    return Value::Double(base == 0 ? std::log(x) : std::log(x) / std::log(base));
  }
  if (n == "GREATEST" || n == "LEAST") {
    if (argc < 2) return WrongParamCount(n);
    if (any_null()) return Value::Null();
    bool all_num = true, any_double = false;
    for (const Value& v : a) {
      all_num &= v.is_numeric();
      any_double |= v.kind() == ValueKind::kDouble;
    }
    size_t best = 0;
    for (size_t i = 1; i < argc; ++i) {
      int c = CompareForSql(a[i], a[best]);
      if ((n == "GREATEST" && c > 0) || (n == "LEAST" && c < 0)) best = i;
    }
    if (all_num && any_double) return Value::Double(a[best].ToDouble());
    if (!all_num) return Value::String(a[best].ToString());
    return a[best];
  }
  if (n == "RAND") {
    if (!need(0, 1)) return WrongParamCount(n);
    if (argc == 1) {
      std::mt19937_64 seeded(static_cast<uint64_t>(a[0].ToInt()));
      return Value::Double(std::uniform_real_distribution<double>(0, 1)(seeded));
    }
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return Value::Double(std::uniform_real_distribution<double>(0, 1)(rng));
  }
  if (n == "SLEEP") {
    if (argc != 1) return WrongParamCount(n);
    if (a[0].is_null()) return Value::Int(0);
    double secs = a[0].ToDouble();
    if (secs < 0) {
      return Status(ErrorCode::kWrongArguments, "Incorrect arguments to sleep.");
    }
    if (state.ctx.Sleep(secs)) {
      state.sleep_interrupted = true;
      return Value::Int(1);
    }
    return Value::Int(0);
  }
  if (n == "BENCHMARK") {
    if (argc != 2) return WrongParamCount(n);
    return Value::Int(0);
  }
  if (n == "DATABASE" || n == "SCHEMA") {
    if (argc != 0) return WrongParamCount(n);
    const std::string& db = state.ctx.current_db();
    return db.empty() ? Value::Null() : Value::String(db);
  }
  if (n == "VERSION") {
    if (argc != 0) return WrongParamCount(n);
    return state.ctx.GetSystemVariable(ast::VarScope::kDefault, "version");
  }
  if (n == "CHARSET") return Value::String("utf8mb4");
  if (n == "COLLATION") return Value::String("utf8mb4_0900_ai_ci");
  if (n == "CONNECTION_ID") {
    if (argc != 0) return WrongParamCount(n);
    return Value::UInt(state.ctx.connection_id());
  }
  if (n == "LAST_INSERT_ID") {
    if (!need(0, 1)) return WrongParamCount(n);
    if (argc == 1) {
      if (a[0].is_null()) return Value::Null();
      uint64_t id = a[0].ToUInt();
      state.ctx.set_last_insert_id(id);
      return Value::UInt(id);
    }
    return Value::UInt(state.ctx.last_insert_id());
  }
  if (n == "FOUND_ROWS") return Value::UInt(state.ctx.found_rows());
  if (n == "ROW_COUNT") return Value::Int(state.ctx.row_count());
  if (n == "UUID") return Value::String(Uuid());
  return Status(ErrorCode::kUnknownFunction,
                "FUNCTION " + state.ctx.current_db() + "." + FoldCase(n) + " does not exist");
}

}  // namespace sql
