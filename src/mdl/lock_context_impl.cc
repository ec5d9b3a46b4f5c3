// LockContextImpl: life cycle, the per-context object cache (pins), ticket bookkeeping,
// queries and kill.
#include "mdl/lock_context_impl.h"

#include <algorithm>
#include <cassert>

#include "mdl/compat_matrix.h"
#include "mdl/lock_context_ticket.h"
#include "mdl/lock_manager_impl.h"

namespace mdl {

LockContextImpl::LockContextImpl(LockManagerImpl* mgr, Owner* owner, uint64_t id, size_t stripe)
    : mgr_(mgr),
      owner_(owner),
      owner_id_(owner->owner_id()),
      id_(id),
      stripe_(stripe),
      clock_(mgr->clock()),
      fast_path_enabled_(mgr->options().enable_fast_path),
      cache_capacity_(mgr->options().context_cache_size) {}

LockContextImpl::~LockContextImpl() {
  ReleaseByDuration(0x7);
  DetachAllPrepared();  // handles may outlive the context (prepared_lock.h)
  ShrinkCache();
  assert(entries_.empty());
  {
    base::MutexLock l(&pool_mu_);
    assert(pool_.size() == free_count_);
    for (TicketImpl* t : pool_) delete t;
    pool_.clear();
  }
  mgr_->Unregister(this);
}

// ---- object cache ---------------------------------------------------------------------

CacheEntry* LockContextImpl::FindEntry(const LockKey& key) const {
  if (mru_ != nullptr && mru_->obj->key() == key) return mru_;
  for (const auto& e : entries_) {
    if (e->obj->key() == key) return e.get();
  }
  return nullptr;
}

CacheEntry* LockContextImpl::PinEntrySlow(const LockKey& key) {
  CacheEntry* e = FindEntry(key);
  if (e == nullptr) {
    auto owned = std::make_unique<CacheEntry>();
    owned->obj = mgr_->table().Pin(key);
    e = owned.get();
    entries_.push_back(std::move(owned));
    ++idle_entries_;
  }
  return e;
}

void LockContextImpl::AddPending(CacheEntry* e) {
  if (e->idle()) --idle_entries_;
  ++e->pending;
}

void LockContextImpl::DropPending(CacheEntry* e) {
  --e->pending;
  if (e->idle()) ++idle_entries_;
}

void LockContextImpl::EvictIdleEntries() {
  while (idle_entries_ > cache_capacity_) {
    CacheEntry* lru = nullptr;
    for (const auto& e : entries_) {
      if (e->idle() && (lru == nullptr || e->last_use < lru->last_use)) lru = e.get();
    }
    if (lru == nullptr) break;
    EvictEntry(lru);
  }
}

void LockContextImpl::EvictEntry(CacheEntry* e) {
  assert(e->idle());
  if (mru_ == e) mru_ = nullptr;
  LockObject* obj = e->obj;
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [e](const std::unique_ptr<CacheEntry>& p) { return p.get() == e; });
  std::iter_swap(it, entries_.end() - 1);
  entries_.pop_back();  // deletes e
  --idle_entries_;
  // [R2]: a reader holding pool_mu_ may be dereferencing obj from one of our records.
  base::MutexLock l(&pool_mu_);
  mgr_->table().Unpin(obj);
}

void LockContextImpl::ShrinkCache() {
  std::vector<CacheEntry*> idle;
  for (const auto& e : entries_) {
    if (e->idle()) idle.push_back(e.get());
  }
  for (CacheEntry* e : idle) EvictEntry(e);
}

// ---- tickets ------------------------------------------------------------------------

TicketImpl* LockContextImpl::AllocateTicket() {
  auto* t = new TicketImpl();
  t->ctx = this;
  base::MutexLock l(&pool_mu_);
  t->pool_index = pool_.size();
  pool_.push_back(t);
  return t;
}

void LockContextImpl::DeleteTicket(TicketImpl* t) {
  {
    base::MutexLock l(&pool_mu_);
    TicketImpl* last = pool_.back();
    last->pool_index = t->pool_index;
    pool_[t->pool_index] = last;
    pool_.pop_back();
  }
  delete t;
}

// ---- queries -----------------------------------------------------------------------

TicketImpl* LockContextImpl::FindTicket(const LockKey& key, LockType type,
                                        LockDuration preferred) const {
  const CacheEntry* e = FindEntry(key);
  return e == nullptr ? nullptr : FindTicketIn(e, type, preferred);
}

TicketImpl* LockContextImpl::FindTicketIn(const CacheEntry* e, LockType type,
                                          LockDuration preferred) {
  if (e->tickets.empty()) return nullptr;
  const internal::LockStrategy& st = e->obj->strategy();
  TicketImpl* any = nullptr;
  for (TicketImpl* t = e->tickets.front(); t != nullptr; t = internal::EntryTicketList::next(t)) {
    if (!internal::IsStrongerOrEqual(st, t->type_relaxed(), type)) continue;
    if (t->duration_relaxed() == preferred) return t;
    if (any == nullptr) any = t;
  }
  return any;
}

void LockContextImpl::Kill() {
  // release: pairs with the acquire load in WaitSlot::Wait().
  killed_.store(true, std::memory_order_release);
  wait_.Wake();
}

uint32_t LockContextImpl::DeadlockWeightLocked() const {
  if (force_dml_weight_.load(std::memory_order_relaxed)) return kDeadlockWeightDml;
  const TicketImpl* w = waiting_for_;
  return DeadlockWeight(w->obj->key().name_space(), w->type_relaxed());
}

void LockContextImpl::CollectFastPathRows(std::vector<TicketRow>* rows) const {
  base::MutexLock l(&pool_mu_);
  for (const TicketImpl* t : pool_) {
    const internal::FastPathView v = t->record.Read();
    if (v.obj == nullptr) continue;
    TicketRow r;
    r.ticket_id = v.id;
    r.owner_id = owner_id_;
    r.key = v.obj->key();  // [R2]: pinned while we hold pool_mu_
    r.type = v.type;
    r.duration = v.duration;
    r.status = TicketStatus::kGranted;
    r.since = v.since;
    r.source = v.source != nullptr ? v.source : "";
    r.event_id = v.event_id;
    r.fast_path = true;
    rows->push_back(std::move(r));
  }
}

bool LockContextImpl::HoldsFastPath(const LockObject* obj, Bitmap types, LockType* type) const {
  base::MutexLock l(&pool_mu_);
  for (const TicketImpl* t : pool_) {
    const internal::FastPathView v = t->record.Read();
    if (v.obj == obj && (internal::Bit(v.type) & types) != 0) {
      *type = v.type;
      return true;
    }
  }
  return false;
}

}  // namespace mdl
