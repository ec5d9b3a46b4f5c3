// IntrusiveList: a doubly-linked list threaded through two pointer members of T. No
// allocation; O(1) insert/remove. Not thread-safe: the owner of the list synchronises.
#ifndef MDL_INTRUSIVE_LIST_H_
#define MDL_INTRUSIVE_LIST_H_

#include <cstddef>

namespace mdl {
namespace internal {

template <typename T, T* T::*Prev, T* T::*Next>
class IntrusiveList {
 public:
  IntrusiveList() = default;
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const { return head_ == nullptr; }
  size_t size() const { return size_; }
  T* front() const { return head_; }
  T* back() const { return tail_; }
  static T* next(const T* t) { return t->*Next; }

  void push_back(T* t) {
    t->*Prev = tail_;
    t->*Next = nullptr;
    if (tail_ != nullptr) {
      tail_->*Next = t;
    } else {
      head_ = t;
    }
    tail_ = t;
    ++size_;
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
    ++size_;
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
    --size_;
  }

 private:
  T* head_ = nullptr;
  T* tail_ = nullptr;
  size_t size_ = 0;
};

}  // namespace internal
}  // namespace mdl

#endif  // MDL_INTRUSIVE_LIST_H_
