// libFuzzer target: the input bytes are a sequence of lock operations over 3 contexts and 4
// keys, run single-threaded (try-acquire, zero-timeout acquire, release, upgrade, downgrade,
// savepoints, duration changes, bulk releases; acquisitions also through PreparedLock handles,
// which are reset now and then and outlive their contexts at the end). Every result is
// checked against a simple
// reference model with MySQL's granted matrix (tests/unit/mdl/reference_lock_model.h, shared
// with lock_torture_test.cc): with no thread waiting, a request is grantable iff no other
// context holds an incompatible lock.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "../unit/mdl/reference_lock_model.h"
#include "mdl/lock_manager.h"

namespace {

using mdl::Code;
using mdl::LockDuration;
using mdl::LockKey;
using mdl::LockType;

#define FUZZ_CHECK(cond)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "check failed: %s (line %d)\n", #cond, __LINE__); \
      std::abort();                                                          \
    }                                                                        \
  } while (0)

// Reference matrices, independent of src/mdl: shared with lock_torture_test.cc.
namespace model = mdl::testing::model;
constexpr uint16_t B(LockType t) { return model::Bit(t); }

bool Scoped(const LockKey& k) { return model::IsScoped(k.name_space()); }
uint16_t Incompat(const LockKey& k, LockType t) {
  return model::GrantedIncompat(k.name_space(), t);
}
bool StrongerOrEqual(const LockKey& k, LockType held, LockType req) {
  return model::StrongerOrEqual(k.name_space(), held, req);
}

struct ModelTicket {
  mdl::Ticket* ticket;
  int key;
  LockType type;
  LockDuration duration;
  uint32_t count;
  uint64_t created;
};

struct Conn : mdl::Owner {
  explicit Conn(uint64_t id) : id(id) {}
  uint64_t owner_id() const override { return id; }
  uint64_t id;
  // Declared before ctx, so destroyed after it: the handles are detached first.
  std::map<int, mdl::PreparedLock> prepared;  // by key * 64 + type * 4 + duration
  std::unique_ptr<mdl::LockContext> ctx;
  std::vector<ModelTicket> held;
  uint64_t created = 0;
  std::vector<std::pair<mdl::Savepoint, uint64_t>> savepoints;
};

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Next() { return pos_ < size_ ? data_[pos_++] : 0; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

const LockKey kKeys[4] = {LockKey::Table("db", "t1"), LockKey::Table("db", "t2"),
                          LockKey::UserLevelLock("u"), LockKey::Global()};

LockType TypeFor(int key, uint8_t b) {
  if (Scoped(kKeys[key])) {
    const LockType t[3] = {LockType::kIntentionExclusive, LockType::kShared, LockType::kExclusive};
    return t[b % 3];
  }
  return static_cast<LockType>(1 + b % 10);
}

bool Grantable(const std::vector<std::unique_ptr<Conn>>& conns, const Conn& self, int key,
               LockType type) {
  for (const auto& c : conns) {
    if (c.get() == &self) continue;
    for (const ModelTicket& t : c->held) {
      if (t.key == key && (Incompat(kKeys[key], type) & B(t.type)) != 0) return false;
    }
  }
  return true;
}

ModelTicket* FindHeld(Conn& c, int key, LockType type, LockDuration d) {
  ModelTicket* any = nullptr;
  for (ModelTicket& t : c.held) {
    if (t.key != key || !StrongerOrEqual(kKeys[key], t.type, type)) continue;
    if (t.duration == d) return &t;
    if (any == nullptr) any = &t;
  }
  return any;
}

void Erase(Conn& c, mdl::Ticket* t) {
  for (size_t i = 0; i < c.held.size(); ++i) {
    if (c.held[i].ticket == t) {
      c.held.erase(c.held.begin() + static_cast<long>(i));
      return;
    }
  }
}

void DoAcquire(std::vector<std::unique_ptr<Conn>>& conns, Conn& c, Input& in, bool try_only) {
  const int key = in.Next() % 4;
  const LockType type = TypeFor(key, in.Next());
  const uint8_t db = in.Next();
  const LockDuration d = static_cast<LockDuration>(db % 3);
  // (db / 3) % 4: 0, 1 plain request; 2 through a PreparedLock; 3 the same after resetting
  // the handle (re-prepared).
  const int mode = (db / 3) % 4;
  ModelTicket* held = FindHeld(c, key, type, d);
  const bool expect_ok = held != nullptr || Grantable(conns, c, key, type);
  const bool reuse = held != nullptr && held->duration == d;
  mdl::LockRequest req(kKeys[key], type, d, "fuzz");
  mdl::Result<mdl::Ticket*> r = mdl::Status(Code::kInternal, "unset");
  if (mode >= 2) {
    mdl::PreparedLock& p = c.prepared[key * 64 + static_cast<int>(type) * 4 + static_cast<int>(d)];
    if (mode == 3) p.Reset();
    if (!p.valid()) {
      mdl::Result<mdl::PreparedLock> made = c.ctx->Prepare(req);
      FUZZ_CHECK(made.ok());
      p = std::move(made).value();
    }
    r = c.ctx->Acquire(p, mdl::kNoWait);
    try_only = false;  // the prepared path has kNoWait semantics only
  } else {
    r = try_only ? c.ctx->TryAcquire(req) : c.ctx->Acquire(req, mdl::kNoWait);
  }
  if (!expect_ok) {
    FUZZ_CHECK(r.code() == (try_only ? Code::kWouldBlock : Code::kLockWaitTimeout));
    FUZZ_CHECK(r.status().blocker() != nullptr);
    return;
  }
  FUZZ_CHECK(r.ok());
  if (reuse) {
    // Any held ticket of the same duration that is strong enough may be the one reused.
    for (ModelTicket& m : c.held) {
      if (m.ticket == *r) {
        FUZZ_CHECK(m.key == key && m.duration == d && StrongerOrEqual(kKeys[key], m.type, type));
        ++m.count;
        return;
      }
    }
    FUZZ_CHECK(false);
  }
  FUZZ_CHECK((*r)->type() == type && (*r)->duration() == d);
  c.held.push_back(ModelTicket{*r, key, type, d, 1, ++c.created});
}

void Step(std::vector<std::unique_ptr<Conn>>& conns, Input& in) {
  Conn& c = *conns[in.Next() % conns.size()];
  const uint8_t op = in.Next() % 10;
  if (op <= 2 || c.held.empty()) {
    DoAcquire(conns, c, in, op != 2);
    return;
  }
  ModelTicket& t = c.held[in.Next() % c.held.size()];
  const LockKey& key = kKeys[t.key];
  switch (op) {
    case 3: {  // release one acquisition
      mdl::Ticket* p = t.ticket;
      if (--t.count == 0) Erase(c, p);
      c.ctx->Release(p);
      break;
    }
    case 4: {  // upgrade, no wait
      const LockType to = TypeFor(t.key, in.Next());
      const mdl::Status s = c.ctx->Upgrade(t.ticket, to, mdl::kNoWait);
      if (StrongerOrEqual(key, t.type, to)) {
        FUZZ_CHECK(s.ok() && t.ticket->type() == t.type);
      } else if (!StrongerOrEqual(key, to, t.type)) {
        FUZZ_CHECK(s.code() == Code::kInvalidArgument && t.ticket->type() == t.type);
      } else if (Grantable(conns, c, t.key, to)) {
        FUZZ_CHECK(s.ok() && t.ticket->type() == to);
        t.type = to;
      } else {
        FUZZ_CHECK(s.code() == Code::kLockWaitTimeout && t.ticket->type() == t.type);
      }
      break;
    }
    case 5: {  // downgrade
      const LockType to = TypeFor(t.key, in.Next());
      const mdl::Status s = c.ctx->Downgrade(t.ticket, to);
      const bool valid = (t.type == LockType::kExclusive || t.type == LockType::kSharedNoWrite) &&
                         to != t.type && StrongerOrEqual(key, t.type, to);
      FUZZ_CHECK(s.ok() == valid);
      if (valid) t.type = to;
      FUZZ_CHECK(t.ticket->type() == t.type);
      break;
    }
    case 6: {  // savepoint: set or roll back
      if (c.savepoints.empty() || in.Next() % 2 == 0) {
        c.savepoints.emplace_back(c.ctx->GetSavepoint(), c.created);
      } else {
        const auto [sp, mark] = c.savepoints.back();
        c.savepoints.pop_back();
        c.ctx->RollbackToSavepoint(sp);
        std::vector<ModelTicket> kept;
        for (const ModelTicket& m : c.held) {
          if (m.created <= mark || m.duration == LockDuration::kExplicit) kept.push_back(m);
        }
        c.held = kept;
      }
      break;
    }
    case 7: {  // duration change
      const LockDuration d = static_cast<LockDuration>(in.Next() % 3);
      c.ctx->SetDuration(t.ticket, d);
      t.duration = d;
      break;
    }
    case 8: {  // bulk release
      const int which = in.Next() % 3;
      std::vector<ModelTicket> kept;
      for (const ModelTicket& m : c.held) {
        const bool gone = m.duration == LockDuration::kStatement ||
                          (which >= 1 && m.duration == LockDuration::kTransaction) || which == 2;
        if (!gone) kept.push_back(m);
      }
      c.held = kept;
      if (which == 0) c.ctx->ReleaseStatementLocks();
      if (which == 1) c.ctx->ReleaseTransactionLocks();
      if (which == 2) c.ctx->ReleaseAllLocks();
      break;
    }
    default: {  // LOCK TABLES-style duration moves
      if (in.Next() % 2 == 0) {
        c.ctx->SetExplicitDurationForAllLocks();
        for (ModelTicket& m : c.held) m.duration = LockDuration::kExplicit;
      } else {
        c.ctx->SetTransactionDurationForAllLocks();
        for (ModelTicket& m : c.held) {
          if (m.duration == LockDuration::kExplicit) m.duration = LockDuration::kTransaction;
        }
      }
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mdl::Options options;
  options.context_cache_size = 2;  // exercise reclamation
  mdl::LockManager lm(options);
  std::vector<std::unique_ptr<Conn>> conns;
  for (uint64_t i = 1; i <= 3; ++i) {
    conns.push_back(std::make_unique<Conn>(i));
    conns.back()->ctx = lm.CreateContext(conns.back().get());
  }
  Input in(data, size);
  int steps = 0;
  while (!in.empty() && steps++ < 4096) {
    Step(conns, in);
    size_t model = 0;
    for (const auto& c : conns) {
      FUZZ_CHECK(c->ctx->ticket_count() == c->held.size());
      model += c->held.size();
      for (const ModelTicket& t : c->held) {
        FUZZ_CHECK(c->ctx->IsLockOwned(kKeys[t.key], t.type));
      }
    }
    // Never two incompatible grants (model is checked to mirror the library above).
    for (const auto& c : conns) {
      for (const ModelTicket& t : c->held) FUZZ_CHECK(Grantable(conns, *c, t.key, t.type));
    }
    if (steps % 16 == 0) {
      const mdl::LockSnapshot snap = lm.TakeSnapshot();
      FUZZ_CHECK(snap.tickets.size() == model);
      FUZZ_CHECK(snap.edges.empty());
      FUZZ_CHECK(lm.TEST_CheckInvariants().empty());
    }
  }
  conns.clear();
  FUZZ_CHECK(lm.GetStats().lock_objects == 0);
  FUZZ_CHECK(lm.GetStats().tickets == 0);
  return 0;
}
