#include "server/session_debug_sync.h"

#include <sstream>
#include <vector>

#include "base/ascii.h"

namespace server {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

storage::Status Malformed(std::string_view text) {
  return storage::Status(sql::ErrorCode::kWrongValueForVar,
                         "Variable 'debug_sync' can't be set to the value of '" +
                             std::string(text) + "'");
}

storage::Status Interrupted() {
  return storage::Status(sql::ErrorCode::kQueryInterrupted, "Query execution was interrupted");
}

}  // namespace

void DebugSyncSignals::Signal(const std::string& name) {
  {
    base::MutexLock lock(&mu_);
    signals_.insert(name);
  }
  cv_.SignalAll();
}

bool DebugSyncSignals::WaitFor(const std::string& name, std::chrono::milliseconds timeout,
                               const std::function<bool()>& killed) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  base::MutexLock lock(&mu_);
  while (true) {
    auto it = signals_.find(name);
    if (it != signals_.end()) {
      signals_.erase(it);
      return true;
    }
    // `killed` reads an atomic flag of the waiting session; calling it under mu_ is safe
    // (it takes no lock), and it must be checked under mu_ so that a WakeAll() issued after
    // the flag was set cannot be missed.
    if (killed()) return false;
    if (!cv_.WaitUntil(&mu_, deadline) && std::chrono::steady_clock::now() >= deadline) {
      return signals_.count(name) ? (signals_.erase(name), true) : false;
    }
  }
}

void DebugSyncSignals::WakeAll() {
  { base::MutexLock lock(&mu_); }
  cv_.SignalAll();
}

void DebugSyncSignals::Reset() {
  base::MutexLock lock(&mu_);
  signals_.clear();
}

bool DebugSyncSignals::IsSet(const std::string& name) const {
  base::MutexLock lock(&mu_);
  return signals_.count(name) != 0;
}

storage::Status DebugSyncActions::Set(std::string_view text, const std::function<bool()>& killed,
                                      const std::function<void()>& on_timeout) {
  const std::vector<std::string> w = Words(text);
  if (w.empty()) return Malformed(text);
  if (w.size() == 1 && base::AsciiUpper(w[0]) == "RESET") {
    actions_.clear();
    signals_->Reset();
    return storage::Status::OK();
  }
  const std::string point = w[0];
  if (w.size() == 2 && base::AsciiUpper(w[1]) == "CLEAR") {
    actions_.erase(point);
    return storage::Status::OK();
  }
  DebugSyncAction action;
  size_t i = 1;
  while (i < w.size()) {
    const std::string kw = base::AsciiUpper(w[i]);
    if (i + 1 >= w.size()) return Malformed(text);
    const std::string& arg = w[i + 1];
    if (kw == "SIGNAL") {
      action.signal = arg;
    } else if (kw == "WAIT_FOR") {
      action.wait_for = arg;
    } else if (kw == "TIMEOUT" || kw == "EXECUTE") {
      char* end = nullptr;
      const unsigned long long n = std::strtoull(arg.c_str(), &end, 10);
      if (end == arg.c_str() || *end != '\0') return Malformed(text);
      if (kw == "TIMEOUT") {
        action.timeout = std::chrono::seconds(n);
      } else {
        action.execute = static_cast<uint32_t>(n);
      }
    } else {
      return Malformed(text);
    }
    i += 2;
  }
  if (action.signal.empty() && action.wait_for.empty()) return Malformed(text);
  if (base::AsciiUpper(point) == "NOW") return Run(action, killed, on_timeout);
  if (action.execute == 0) {
    actions_.erase(point);
  } else {
    actions_[point] = action;
  }
  return storage::Status::OK();
}

storage::Status DebugSyncActions::Hit(std::string_view point, const std::function<bool()>& killed,
                                      const std::function<void()>& on_timeout) {
  auto it = actions_.find(point);
  if (it == actions_.end()) return storage::Status::OK();
  const DebugSyncAction action = it->second;
  if (--it->second.execute == 0) actions_.erase(it);
  return Run(action, killed, on_timeout);
}

storage::Status DebugSyncActions::Run(const DebugSyncAction& action,
                                      const std::function<bool()>& killed,
                                      const std::function<void()>& on_timeout) {
  if (!action.signal.empty()) signals_->Signal(action.signal);
  if (action.wait_for.empty()) return storage::Status::OK();
  if (signals_->WaitFor(action.wait_for, action.timeout, killed)) return storage::Status::OK();
  if (killed()) return Interrupted();
  on_timeout();
  return storage::Status::OK();
}

}  // namespace server
