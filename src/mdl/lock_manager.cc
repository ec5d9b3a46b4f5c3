// Public handle classes: LockManager, LockContext, Ticket forward to the implementations.
#include "mdl/lock_manager.h"

#include "mdl/lock_context_impl.h"
#include "mdl/lock_manager_impl.h"
#include "mdl/lock_object.h"

namespace mdl {

namespace {
internal::TicketImpl* Impl(Ticket* t) { return static_cast<internal::TicketImpl*>(t); }
const internal::TicketImpl* Impl(const Ticket* t) {
  return static_cast<const internal::TicketImpl*>(t);
}
}  // namespace

// ---- Ticket ----
const LockKey& Ticket::key() const { return Impl(this)->obj->key(); }
LockType Ticket::type() const { return Impl(this)->type_relaxed(); }
LockDuration Ticket::duration() const { return Impl(this)->duration_relaxed(); }
uint32_t Ticket::acquisitions() const { return Impl(this)->acquisitions; }

// ---- LockManager ----
LockManager::LockManager(const Options& options)
    : impl_(std::make_unique<LockManagerImpl>(options)) {}
LockManager::~LockManager() = default;
std::unique_ptr<LockContext> LockManager::CreateContext(Owner* owner) {
  return impl_->CreateContext(owner);
}
LockSnapshot LockManager::TakeSnapshot() const { return impl_->TakeSnapshot(); }
ManagerStats LockManager::GetStats() const { return impl_->GetStats(); }
size_t LockManager::TEST_LockObjectCount() const { return impl_->table().size(); }
std::string LockManager::TEST_CheckInvariants() const {
  std::string result;
  impl_->table().ForEachObject([&](internal::LockObject* obj) {
    if (!result.empty()) return;
    base::MutexLock l(obj->mu());
    result = obj->CheckInvariantsLocked();
  });
  return result;
}
const Options& LockManager::options() const { return impl_->options(); }

// ---- LockContext ----
LockContext::LockContext(std::unique_ptr<LockContextImpl> impl) : impl_(std::move(impl)) {}
LockContext::~LockContext() = default;

Result<Ticket*> LockContext::Acquire(const LockRequest& request, Timeout timeout) {
  return impl_->Acquire(request, timeout, /*try_only=*/false);
}
Result<Ticket*> LockContext::TryAcquire(const LockRequest& request) {
  return impl_->Acquire(request, kNoWait, /*try_only=*/true);
}
Result<std::vector<Ticket*>> LockContext::AcquireBatch(std::span<const LockRequest> requests,
                                                       Timeout timeout) {
  return impl_->AcquireBatch(requests, timeout);
}
Status LockContext::Upgrade(Ticket* ticket, LockType new_type, Timeout timeout,
                            Timeout low_priority_window) {
  return impl_->Upgrade(Impl(ticket), new_type, timeout, low_priority_window);
}
Status LockContext::Downgrade(Ticket* ticket, LockType new_type) {
  return impl_->Downgrade(Impl(ticket), new_type);
}
// LockContext::Release(Ticket*) is in lock_context_release.cc.
void LockContext::ReleaseStatementLocks() {
  impl_->ReleaseByDuration(1u << static_cast<int>(LockDuration::kStatement));
}
void LockContext::ReleaseTransactionLocks() {
  impl_->ReleaseByDuration((1u << static_cast<int>(LockDuration::kStatement)) |
                           (1u << static_cast<int>(LockDuration::kTransaction)));
}
void LockContext::ReleaseAllLocks() { impl_->ReleaseByDuration(0x7); }
Savepoint LockContext::GetSavepoint() const { return impl_->GetSavepoint(); }
void LockContext::RollbackToSavepoint(const Savepoint& savepoint) {
  impl_->RollbackToSavepoint(savepoint);
}
bool LockContext::HasLocksAfterSavepoint(const Savepoint& savepoint) const {
  return impl_->HasLocksAfterSavepoint(savepoint);
}
void LockContext::SetDuration(Ticket* ticket, LockDuration duration) {
  impl_->SetDuration(Impl(ticket), duration);
}
void LockContext::SetExplicitDurationForAllLocks() {
  impl_->MoveAllDurations((1u << static_cast<int>(LockDuration::kStatement)) |
                              (1u << static_cast<int>(LockDuration::kTransaction)),
                          LockDuration::kExplicit);
}
void LockContext::SetTransactionDurationForAllLocks() {
  impl_->MoveAllDurations(1u << static_cast<int>(LockDuration::kExplicit),
                          LockDuration::kTransaction);
}
bool LockContext::IsLockOwned(const LockKey& key, LockType type) const {
  return impl_->FindTicket(key, type) != nullptr;
}
Ticket* LockContext::FindTicket(const LockKey& key, LockType type) const {
  return impl_->FindTicket(key, type);
}
bool LockContext::HasLocks() const { return impl_->HasLocks(); }
bool LockContext::HasLocks(LockDuration duration) const { return impl_->HasLocks(duration); }
size_t LockContext::ticket_count() const { return impl_->ticket_count(); }
void LockContext::ShrinkCache() { impl_->ShrinkCache(); }
void LockContext::Kill() { impl_->Kill(); }
void LockContext::ClearKill() { impl_->ClearKill(); }
bool LockContext::killed() const { return impl_->killed(); }
void LockContext::SetForceDmlDeadlockWeight(bool force) { impl_->SetForceDmlDeadlockWeight(force); }
Owner* LockContext::owner() const { return impl_->owner(); }
uint64_t LockContext::owner_id() const { return impl_->owner_id(); }

}  // namespace mdl
