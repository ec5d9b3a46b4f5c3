// Status: the outcome of a lock operation. No exceptions, no MySQL error numbers: the server
// maps codes at the protocol edge (kLockWaitTimeout -> 1205, kDeadlock -> 1213, ...).
//
// A value type; an OK Status holds no allocation. Thread-compatible.
#ifndef MDL_STATUS_H_
#define MDL_STATUS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mdl/lock_key.h"
#include "mdl/lock_types.h"

namespace mdl {

enum class Code : uint8_t {
  kOk = 0,
  kWouldBlock,         // TryAcquire(): the lock is not available right now
  kLockWaitTimeout,    // the wait reached its timeout (also timeout == 0 with a conflict)
  kDeadlock,           // this context was chosen as deadlock victim; nothing new is held
  kKilled,             // LockContext::Kill() aborted the wait
  kInvalidArgument,    // bad key/type/ticket, or an operation MySQL does not allow
  kResourceExhausted,  // too many concurrent holders of one lock (fast-path counter limit)
  kInternal,           // a bug in the library
};

// "OK", "WOULD_BLOCK", "LOCK_WAIT_TIMEOUT", "DEADLOCK", "KILLED", "INVALID_ARGUMENT",
// "RESOURCE_EXHAUSTED", "INTERNAL".
std::string_view ToString(Code code);

// Who blocked a failed request (the first conflicting holder or queued request found), so
// the server can print "blocked by connection 7 holding SHARED_READ on TABLE db.t".
struct BlockerInfo {
  uint64_t owner_id = 0;                 // Owner::owner_id() of the blocking context
  LockType type = LockType::kExclusive;  // the blocker's lock type
  LockKey key;                           // the contended key
  bool granted = true;                   // false: a pending request queued with priority over ours
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string_view message);
  Status(Code code, std::string_view message, BlockerInfo blocker);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ == nullptr ? Code::kOk : rep_->code; }
  // Empty for OK.
  std::string_view message() const;
  // Set for kWouldBlock / kLockWaitTimeout / kDeadlock / kKilled when a blocker was known.
  const BlockerInfo* blocker() const;
  // "LOCK_WAIT_TIMEOUT: <message> (blocked by owner 7 holding SHARED_READ on TABLE db.t)".
  std::string ToString() const;
  // Documents that ignoring this Status is deliberate (greppable).
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) { return a.code() == b.code(); }

 private:
  struct Rep {
    Code code;
    std::string message;
    std::optional<BlockerInfo> blocker;
  };
  std::unique_ptr<Rep> rep_;
};

}  // namespace mdl

// Returns the Status of `expr` from the enclosing function if it is not OK.
#define MDL_RETURN_IF_ERROR(expr)                      \
  do {                                                 \
    ::mdl::Status mdl_status_tmp_ = (expr);            \
    if (!mdl_status_tmp_.ok()) return mdl_status_tmp_; \
  } while (0)

#define MDL_STATUS_CONCAT_INNER_(a, b) a##b
#define MDL_STATUS_CONCAT_(a, b) MDL_STATUS_CONCAT_INNER_(a, b)

// `lhs = value of expr` if `expr` (a Result<T>) is OK, else returns its Status.
//   MDL_ASSIGN_OR_RETURN(Ticket* t, ctx->Acquire(request, timeout));
#define MDL_ASSIGN_OR_RETURN(lhs, expr) \
  MDL_ASSIGN_OR_RETURN_IMPL_(MDL_STATUS_CONCAT_(mdl_result_tmp_, __LINE__), lhs, expr)
#define MDL_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr)  \
  auto result = (expr);                                \
  if (!result.ok()) return std::move(result).status(); \
  lhs = std::move(result).value()

#endif  // MDL_STATUS_H_
