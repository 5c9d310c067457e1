// locked: the thread_safe wrapper. Locked<V> is any variant V with every call made under one SpinLock
// (core/spin_lock.hpp, which says why it spins and never waits). One lock for the whole heap: wasm threads are
// few, and every variant's calls are short. The shim's composite calls (realloc = resize, else allocate, copy,
// free) take the lock per step; that is safe because the block being resized belongs to the calling thread.
#pragma once

#include "../core/spin_lock.hpp"
#include "allocator.hpp"

namespace wasmalloc {

template <Allocator V, class L = SpinLock>
class Locked {
 public:
  void* allocate(size_t size, size_t align) {
    Hold h(lock_);
    return inner_.allocate(size, align);
  }
  void deallocate(void* p) {
    Hold h(lock_);
    inner_.deallocate(p);
  }
  size_t usable_size(void* p) {
    Hold h(lock_);
    return inner_.usable_size(p);
  }
  bool resize(void* p, size_t size) {
    Hold h(lock_);
    return inner_.resize(p, size);
  }
  bool check() {
    Hold h(lock_);
    return inner_.check();
  }
  /// For tests (not locked).
  auto& source() { return inner_.source(); }
  V& inner() { return inner_; }

 private:
  struct Hold {
    explicit Hold(L& l) : lock(l) { lock.lock(); }
    ~Hold() { lock.unlock(); }
    L& lock;
  };
  L lock_{};
  V inner_{};
};

}  // namespace wasmalloc
