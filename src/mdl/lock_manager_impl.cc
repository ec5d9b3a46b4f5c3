#include "mdl/lock_manager_impl.h"

#include <algorithm>
#include <bit>
#include <thread>

#include "mdl/asymmetric_fence.h"
#include "mdl/deadlock_detector.h"
#include "mdl/lock_context_impl.h"

namespace mdl {
namespace {

size_t RoundUpPow2(size_t n, size_t lo, size_t hi) {
  n = std::clamp(n, lo, hi);
  return std::bit_ceil(n);
}

size_t DefaultStripes() {
  const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(4, cpus);
}

}  // namespace

LockManagerImpl::LockManagerImpl(const Options& options)
    : options_(options),
      clock_(options.clock != nullptr ? options.clock : base::Clock::Real()),
      table_(
          RoundUpPow2(options.num_shards, 1, 1 << 16),
          RoundUpPow2(options.fast_path_stripes != 0 ? options.fast_path_stripes : DefaultStripes(),
                      1, internal::FastPathCounters::kMaxStripes),
          options.max_write_lock_count, clock_) {
  internal::InitAsymmetricFences();  // before any context: PreparedLock slots use them
}

LockManagerImpl::~LockManagerImpl() = default;

std::unique_ptr<LockContext> LockManagerImpl::CreateContext(Owner* owner) {
  const uint64_t id = next_context_id_.fetch_add(1, std::memory_order_relaxed);
  // Round-robin stripe: contexts created one after another never share a fast-path line.
  auto impl = std::make_unique<LockContextImpl>(this, owner, id, static_cast<size_t>(id));
  LockContextImpl* raw = impl.get();
  {
    base::MutexLock l(&registry_mu_);
    raw->reg_next = contexts_;
    if (contexts_ != nullptr) contexts_->reg_prev = raw;
    contexts_ = raw;
    ++num_contexts_;
  }
  return std::unique_ptr<LockContext>(new LockContext(std::move(impl)));
}

void LockManagerImpl::Unregister(LockContextImpl* ctx) {
  // graph_mu_ first: a deadlock search in progress may still look at this context.
  base::MutexLock g(&graph_mu_);
  base::MutexLock l(&registry_mu_);
  if (ctx->reg_prev != nullptr) {
    ctx->reg_prev->reg_next = ctx->reg_next;
  } else {
    contexts_ = ctx->reg_next;
  }
  if (ctx->reg_next != nullptr) ctx->reg_next->reg_prev = ctx->reg_prev;
  --num_contexts_;
}

void LockManagerImpl::BeginWait(LockContextImpl* ctx, internal::TicketImpl* t) {
  waiting_.fetch_add(1, std::memory_order_relaxed);
  base::MutexLock g(&graph_mu_);
  ctx->waiting_for_ = t;
  // Search in the same critical section: a cycle closed by this edge is resolved before any
  // other search can run into it (and hit the depth cap instead of the cycle).
  FindDeadlockLocked(ctx);
}

void LockManagerImpl::EndWait(LockContextImpl* ctx) {
  {
    base::MutexLock g(&graph_mu_);
    ctx->waiting_for_ = nullptr;
  }
  waiting_.fetch_sub(1, std::memory_order_relaxed);
}

void LockManagerImpl::FindDeadlock(LockContextImpl* ctx) {
  base::MutexLock g(&graph_mu_);
  FindDeadlockLocked(ctx);
}

void LockManagerImpl::FindDeadlockLocked(LockContextImpl* ctx) {
  for (;;) {
    DeadlockDetector detector(ctx);
    if (!detector.Search()) break;
    LockContextImpl* victim = detector.victim();
    if (victim->wait_slot().SetIfEmpty(internal::WaitStatus::kVictim)) {
      deadlocks_.fetch_add(1, std::memory_order_relaxed);
    }
    // Breaking another context's edge may leave other cycles through ctx: search again.
    if (victim == ctx) break;
  }
}

uint64_t LockManagerImpl::FindFastPathHolder(const internal::LockObject* obj,
                                             internal::Bitmap types, const LockContextImpl* exclude,
                                             LockType* type) const {
  base::MutexLock l(&registry_mu_);
  for (const LockContextImpl* c = contexts_; c != nullptr; c = c->reg_next) {
    if (c != exclude && c->HoldsFastPath(obj, types, type)) return c->owner_id();
  }
  return 0;
}

ManagerStats LockManagerImpl::GetStats() const {
  ManagerStats s;
  s.lock_objects = table_.size();
  {
    base::MutexLock l(&registry_mu_);
    s.contexts = num_contexts_;
    for (const LockContextImpl* c = contexts_; c != nullptr; c = c->reg_next) {
      s.tickets += c->ticket_count();
    }
  }
  s.waiting = static_cast<size_t>(std::max<int64_t>(0, waiting_.load(std::memory_order_relaxed)));
  s.deadlocks = deadlocks_.load(std::memory_order_relaxed);
  s.timeouts = timeouts_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace mdl
