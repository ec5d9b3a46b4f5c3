// Status and Result<T>: how every storage-engine call reports failure.
//
// A failed call carries a sql::SqlError: the SQL-layer code plus MySQL's exact message text
// ("Duplicate entry '5' for key 't.PRIMARY'"), so the SQL layer can pass it through unchanged.
// MySQL error numbers stay at the protocol edge (src/server/mysql_error.cc).
//
// Both types are small values; they are not thread-safe to mutate concurrently (like any value).
#ifndef STORAGE_STATUS_H_
#define STORAGE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "sql/sql_error.h"

namespace storage {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(sql::SqlError error) : error_(std::move(error)) {}  // NOLINT: implicit on purpose
  Status(sql::ErrorCode code, std::string message) : error_(sql::SqlError(code, std::move(message))) {}
  static Status OK() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  // REQUIRES: !ok().
  sql::ErrorCode code() const { return error_->code; }
  const std::string& message() const { return error_->message; }
  const sql::SqlError& error() const { return *error_; }
  // Marks a status that is ignored on purpose (greppable).
  void IgnoreError() const {}

 private:
  std::optional<sql::SqlError> error_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                  // NOLINT
  Result(sql::SqlError error) : v_(Status(std::move(error))) {}  // NOLINT
  // REQUIRES: !status.ok().
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK status when ok().
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  sql::ErrorCode code() const { return std::get<Status>(v_).code(); }  // REQUIRES: !ok()

  // REQUIRES: ok().
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> v_;
};

inline Status ToStatus(const Status& s) { return s; }
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}

}  // namespace storage

#define STORAGE_CONCAT_INNER_(a, b) a##b
#define STORAGE_CONCAT_(a, b) STORAGE_CONCAT_INNER_(a, b)

// Returns the Status of `expr` (a Status or Result) from the enclosing function if it failed.
#define STORAGE_RETURN_IF_ERROR(expr)                         \
  do {                                                        \
    ::storage::Status storage_status_ = ::storage::ToStatus(expr);               \
    if (!storage_status_.ok()) return storage_status_;        \
  } while (0)

// Evaluates `expr` (a Result<T>); on error returns its Status, else moves the value into `lhs`.
#define STORAGE_ASSIGN_OR_RETURN(lhs, expr) \
  STORAGE_ASSIGN_OR_RETURN_IMPL_(STORAGE_CONCAT_(storage_result_, __LINE__), lhs, expr)
#define STORAGE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()

#endif  // STORAGE_STATUS_H_
