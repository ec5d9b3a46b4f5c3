// A SQL value: what a row cell, an expression result or a statement parameter holds.
//
// Values are small, copyable and immutable once built. The kinds are deliberately few: the
// column type (storage::ColumnType, in schema.h) decides how a value is shown and compared;
// the value only carries the representation:
//   kNull                NULL
//   kInt                 signed 64-bit (TINYINT, INT, BIGINT, booleans)
//   kUInt                unsigned 64-bit (BIGINT UNSIGNED, results like CONNECTION_ID())
//   kDouble              DOUBLE / FLOAT
//   kDecimal             DECIMAL, kept exact as its canonical decimal text ("-12.50")
//   kString              CHAR / VARCHAR / TEXT / BLOB bytes
//   kDate, kDateTime     canonical text 'YYYY-MM-DD' / 'YYYY-MM-DD HH:MM:SS[.ffffff]', so that
//                        byte order is time order
#ifndef STORAGE_VALUE_H_
#define STORAGE_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace storage {

enum class ValueKind : uint8_t { kNull, kInt, kUInt, kDouble, kDecimal, kString, kDate, kDateTime };

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Int(int64_t v) { return Value(ValueKind::kInt, v); }
  static Value UInt(uint64_t v) { return Value(ValueKind::kUInt, v); }
  static Value Double(double v) { return Value(ValueKind::kDouble, v); }
  // REQUIRES: `text` is a canonical decimal literal (optional '-', digits, optional '.digits').
  static Value Decimal(std::string text) { return Value(ValueKind::kDecimal, std::move(text)); }
  static Value String(std::string v) { return Value(ValueKind::kString, std::move(v)); }
  static Value Date(std::string text) { return Value(ValueKind::kDate, std::move(text)); }
  static Value DateTime(std::string text) { return Value(ValueKind::kDateTime, std::move(text)); }

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::kNull; }
  bool is_numeric() const {
    return kind_ == ValueKind::kInt || kind_ == ValueKind::kUInt || kind_ == ValueKind::kDouble ||
           kind_ == ValueKind::kDecimal;
  }
  bool is_text() const {  // held as text: string, decimal, date, datetime
    return kind_ == ValueKind::kString || kind_ == ValueKind::kDecimal ||
           kind_ == ValueKind::kDate || kind_ == ValueKind::kDateTime;
  }

  // Raw accessors. REQUIRES: the matching kind.
  int64_t int_value() const { return std::get<int64_t>(data_); }
  uint64_t uint_value() const { return std::get<uint64_t>(data_); }
  double double_value() const { return std::get<double>(data_); }
  const std::string& text() const { return std::get<std::string>(data_); }

  // Conversions with MySQL's lenient rules ('12abc' → 12, 'abc' → 0, NULL → 0).
  int64_t ToInt() const;
  uint64_t ToUInt() const;
  double ToDouble() const;
  // The text MySQL's text protocol sends for this value (NULL → "NULL"; callers that must
  // distinguish NULL check is_null() first). Doubles use the shortest round-trip form.
  std::string ToString() const;

  // Total order used by indexes and ORDER BY: NULL first, then numbers compared numerically
  // (across int/uint/double/decimal), then text compared bytewise. Numbers vs text compares
  // the text converted to a number, as MySQL does for a string column against a number.
  friend int Compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return Compare(a, b) == 0; }
  friend bool operator<(const Value& a, const Value& b) { return Compare(a, b) < 0; }

  // A stable hash consistent with Compare() == 0 for values of the same kind class.
  size_t Hash() const;

 private:
  template <typename T>
  Value(ValueKind kind, T v) : kind_(kind), data_(std::move(v)) {}

  ValueKind kind_ = ValueKind::kNull;
  std::variant<std::monostate, int64_t, uint64_t, double, std::string> data_;
};

using Row = std::vector<Value>;

}  // namespace storage

#endif  // STORAGE_VALUE_H_
