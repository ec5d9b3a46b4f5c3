#include "mdl/asymmetric_fence.h"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

namespace mdl {
namespace internal {

bool g_light_fences = false;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif
#else
constexpr bool kThreadSanitizer = false;
#endif

long Membarrier(int cmd) { return syscall(__NR_membarrier, cmd, 0, 0); }

bool RegisterExpedited() {
  if (kThreadSanitizer) return false;
  // MDL_NO_MEMBARRIER=1 forces the fallback (tests of both modes, benchmarks).
  if (const char* v = std::getenv("MDL_NO_MEMBARRIER"); v != nullptr && v[0] == '1') return false;
  const long cmds = Membarrier(MEMBARRIER_CMD_QUERY);
  if (cmds < 0 || (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
  if (Membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) != 0) return false;
  // One trial: a kernel that registers but refuses the command would leave the heavy side
  // without its barrier.
  return Membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0;
}

}  // namespace

void InitAsymmetricFences() {
  static std::once_flag once;
  std::call_once(once, [] { g_light_fences = RegisterExpedited(); });
}

void HeavyFence() {
  if (!g_light_fences) return;  // fallback: the seq_cst operations suffice
  if (Membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0) {
    // Registered and tried at start; the command cannot fail afterwards short of a kernel
    // bug, and continuing would break mutual exclusion.
    std::abort();
  }
}

}  // namespace internal
}  // namespace mdl
