#include "mdl/status.h"

#include <array>

namespace mdl {

std::string_view ToString(Code code) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "OK",     "WOULD_BLOCK",      "LOCK_WAIT_TIMEOUT",  "DEADLOCK",
      "KILLED", "INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", "INTERNAL"};
  const size_t i = static_cast<size_t>(code);
  return i < kNames.size() ? kNames[i] : std::string_view("UNKNOWN");
}

Status::Status(Code code, std::string_view message) {
  if (code != Code::kOk) rep_.reset(new Rep{code, std::string(message), std::nullopt});
}

Status::Status(Code code, std::string_view message, BlockerInfo blocker) {
  if (code != Code::kOk) rep_.reset(new Rep{code, std::string(message), std::move(blocker)});
}

Status::Status(const Status& other) : rep_(other.rep_ ? new Rep(*other.rep_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_.reset(other.rep_ ? new Rep(*other.rep_) : nullptr);
  return *this;
}

std::string_view Status::message() const {
  return rep_ == nullptr ? std::string_view() : std::string_view(rep_->message);
}

const BlockerInfo* Status::blocker() const {
  return rep_ != nullptr && rep_->blocker.has_value() ? &*rep_->blocker : nullptr;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s(mdl::ToString(code()));
  if (!rep_->message.empty()) {
    s += ": ";
    s += rep_->message;
  }
  if (const BlockerInfo* b = blocker()) {
    s += " (blocked by owner ";
    s += std::to_string(b->owner_id);
    s += b->granted ? " holding " : " waiting for ";
    s += mdl::ToString(b->type);
    s += " on ";
    s += b->key.ToString();
    s += ")";
  }
  return s;
}

}  // namespace mdl
