// Result<T>: a T or a non-OK Status (the shape of absl::StatusOr).
#ifndef MDL_RESULT_H_
#define MDL_RESULT_H_

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>

#include "mdl/status.h"

namespace mdl {

template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }
  Code code() const { return status_.code(); }

  // REQUIRES: ok().
  const T& value() const& { return Get(); }
  T& value() & { return Get(); }
  T value() && { return std::move(Get()); }
  const T& operator*() const& { return Get(); }
  T& operator*() & { return Get(); }
  const T* operator->() const { return &Get(); }
  T* operator->() { return &Get(); }

  void IgnoreError() const {}

 private:
  // Trivial types (Ticket*, ...) are stored bare: ok() is already status_.ok(), and an
  // optional's "engaged" flag would be one more store on the lock manager's fast path.
  // Other types need no default constructor this way.
  static constexpr bool kBare = std::is_trivial_v<T>;
  T& Get() {
    if constexpr (kBare) {
      return value_;
    } else {
      return *value_;
    }
  }
  const T& Get() const {
    if constexpr (kBare) {
      return value_;
    } else {
      return *value_;
    }
  }

  Status status_;
  std::conditional_t<kBare, T, std::optional<T>> value_{};
};

}  // namespace mdl

#endif  // MDL_RESULT_H_
