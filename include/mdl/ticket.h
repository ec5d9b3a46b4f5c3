// Ticket: one granted lock of a LockContext (MySQL's MDL_ticket).
//
// Tickets are created and owned by their LockContext and stay valid until released
// (Release(), a bulk release, RollbackToSavepoint() or context destruction). Only the thread
// that uses the owning context may call these accessors or pass the ticket back.
#ifndef MDL_TICKET_H_
#define MDL_TICKET_H_

#include "mdl/lock_key.h"
#include "mdl/lock_types.h"

namespace mdl {

class Ticket {
 public:
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;

  const LockKey& key() const;
  // Current type (changes with Upgrade()/Downgrade()).
  LockType type() const;
  LockDuration duration() const;
  // Number of acquisitions this ticket stands for: a repeated request for an equal-or-weaker
  // type with the same duration returns the same ticket and adds one. Release() drops one;
  // bulk releases drop the ticket whatever the count.
  uint32_t acquisitions() const;

 protected:
  Ticket() = default;
  ~Ticket() = default;
};

}  // namespace mdl

#endif  // MDL_TICKET_H_
