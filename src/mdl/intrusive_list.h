// IntrusiveList: a doubly-linked list threaded through two pointer members of T. No
// allocation; O(1) insert/remove. Unlinked elements have null links (remove() resets them).
// Not thread-safe: the owner of the list synchronises.
#ifndef MDL_INTRUSIVE_LIST_H_
#define MDL_INTRUSIVE_LIST_H_

#include <cstddef>
#include <cstdint>

namespace mdl {
namespace internal {

template <typename T, T* T::*Prev, T* T::*Next>
class IntrusiveList {
 public:
  IntrusiveList() = default;
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const { return head_ == nullptr; }
  T* front() const { return head_; }
  T* back() const { return tail_; }
  static T* next(const T* t) { return t->*Next; }

  // Shortcuts for the prepared-lock path, where the list holds the element alone. REQUIRES
  // for push_only: empty() and t unlinked. only(t): t (an element) is the sole element.
  void push_only(T* t) { head_ = tail_ = t; }
  // One test of both links (or-ed) rather than two branches.
  static bool only(const T* t) {
    return (reinterpret_cast<uintptr_t>(t->*Prev) | reinterpret_cast<uintptr_t>(t->*Next)) == 0;
  }
  // REQUIRES: only(t) for its sole element t.
  void clear_only() { head_ = tail_ = nullptr; }

  void push_back(T* t) {
    t->*Prev = tail_;
    t->*Next = nullptr;
    if (tail_ != nullptr) {
      tail_->*Next = t;
    } else {
      head_ = t;
    }
    tail_ = t;
  }
  void push_front(T* t) {
    t->*Prev = nullptr;
    t->*Next = head_;
    if (head_ != nullptr) {
      head_->*Prev = t;
    } else {
      tail_ = t;
    }
    head_ = t;
  }
  void remove(T* t) {
    if (t->*Prev != nullptr) {
      (t->*Prev)->*Next = t->*Next;
    } else {
      head_ = t->*Next;
    }
    if (t->*Next != nullptr) {
      (t->*Next)->*Prev = t->*Prev;
    } else {
      tail_ = t->*Prev;
    }
    t->*Prev = t->*Next = nullptr;
  }

 private:
  T* head_ = nullptr;
  T* tail_ = nullptr;
  // No element count: nothing needs one, and keeping it cost two instructions per link and
  // unlink on the acquire/release path.
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_INTRUSIVE_LIST_H_
