// LockContextImpl: life cycle, the per-context object cache (pins), ticket bookkeeping,
// queries and kill.
#include "mdl/lock_context_impl.h"

#include <algorithm>
#include <cassert>

#include "mdl/compat_matrix.h"
#include "mdl/lock_manager_impl.h"

namespace mdl {

using internal::SpinLockGuard;

namespace {
constexpr size_t kMaxFreeTickets = 64;
constexpr int kTicketIdBits = 40;
}  // namespace

LockContextImpl::LockContextImpl(LockManagerImpl* mgr, Owner* owner, uint64_t id,
                                 size_t stripe)
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
  ShrinkCache();
  assert(entries_.empty());
  for (TicketImpl* t : free_tickets_) delete t;
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

CacheEntry* LockContextImpl::PinEntry(const LockKey& key) {
  CacheEntry* e = FindEntry(key);
  if (e == nullptr) {
    auto owned = std::make_unique<CacheEntry>();
    owned->obj = mgr_->table().Pin(key);
    e = owned.get();
    entries_.push_back(std::move(owned));
    ++idle_entries_;
  }
  e->last_use = ++use_clock_;
  mru_ = e;
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

void LockContextImpl::MaybeEvict() {
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

TicketImpl* LockContextImpl::NewTicket(CacheEntry* e, LockType type, LockDuration duration,
                                       const char* source, uint64_t event_id) {
  TicketImpl* t;
  if (!free_tickets_.empty()) {
    t = free_tickets_.back();
    free_tickets_.pop_back();
  } else {
    t = new TicketImpl();
  }
  t->ctx = this;
  t->obj = e->obj;
  t->entry = e;
  t->type.store(type, std::memory_order_relaxed);
  t->duration.store(duration, std::memory_order_relaxed);
  t->fast_path.store(false, std::memory_order_relaxed);
  t->pending = false;
  t->upgrade_of = nullptr;
  t->acquisitions = 1;
  t->seq = ++seq_;
  t->id = (id_ << kTicketIdBits) | (seq_ & ((uint64_t{1} << kTicketIdBits) - 1));
  t->source = source;
  t->event_id = event_id;
  return t;
}

void LockContextImpl::FreeTicket(TicketImpl* t) {
  t->obj = nullptr;
  t->entry = nullptr;
  if (free_tickets_.size() < kMaxFreeTickets) {
    free_tickets_.push_back(t);
  } else {
    delete t;
  }
}

void LockContextImpl::LinkTicket(TicketImpl* t) {
  CacheEntry* e = t->entry;
  if (e->idle()) --idle_entries_;
  e->tickets.push_back(t);
  if (t->fast_path_relaxed()) ++num_fast_path_;
  {
    SpinLockGuard g(&list_mu_);
    lists_[static_cast<int>(t->duration_relaxed())].push_front(t);
  }
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void LockContextImpl::UnlinkTicket(TicketImpl* t) {
  {
    SpinLockGuard g(&list_mu_);
    lists_[static_cast<int>(t->duration_relaxed())].remove(t);
  }
  num_tickets_.store(num_tickets_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  if (t->fast_path_relaxed()) --num_fast_path_;
  CacheEntry* e = t->entry;
  auto it = std::find(e->tickets.begin(), e->tickets.end(), t);
  assert(it != e->tickets.end());
  *it = e->tickets.back();
  e->tickets.pop_back();
  if (e->idle()) ++idle_entries_;
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
  for (TicketImpl* t : e->tickets) {
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
  SpinLockGuard g(&list_mu_);
  for (const ContextTicketList& list : lists_) {
    for (const TicketImpl* t = list.front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (!t->fast_path_relaxed()) continue;
      TicketRow r;
      r.ticket_id = t->id;
      r.owner_id = owner_id_;
      r.key = t->obj->key();
      r.type = t->type_relaxed();
      r.duration = t->duration_relaxed();
      r.status = TicketStatus::kGranted;
      r.since = t->since;
      r.source = t->source != nullptr ? t->source : "";
      r.event_id = t->event_id;
      r.fast_path = true;
      rows->push_back(std::move(r));
    }
  }
}

bool LockContextImpl::HoldsFastPath(const LockObject* obj, Bitmap types, LockType* type) const {
  SpinLockGuard g(&list_mu_);
  for (const ContextTicketList& list : lists_) {
    for (const TicketImpl* t = list.front(); t != nullptr; t = ContextTicketList::next(t)) {
      if (t->obj == obj && t->fast_path_relaxed() &&
          (internal::Bit(t->type_relaxed()) & types) != 0) {
        *type = t->type_relaxed();
        return true;
      }
    }
  }
  return false;
}

}  // namespace mdl
