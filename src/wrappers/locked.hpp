// wrappers: Locked<V>, the thread_safe wrapper: any variant V with every call made under one SpinLock
// (core/spin_lock.hpp, which says why it spins and never waits), check(), stats() and reset() included. One lock
// for the whole heap: wasm threads are few, and every variant's calls are short. The shim's composite calls
// (realloc = resize, else allocate, copy, free) take the lock per step; that is safe because the block being
// resized belongs to the calling thread. reset() under the lock is still the caller's promise that no other
// thread holds a block.
#pragma once

#include "../core/spin_lock.hpp"
#include "wrapper.hpp"

namespace wasmalloc {

template <Allocator V, class L = SpinLock>
class Locked : public Wrapper<V> {
 public:
  void* allocate(size_t size, size_t align) {
    Hold h(lock_);
    return inner_.allocate(size, align);
  }
  void* allocate_zeroed(size_t size) {
    Hold h(lock_);
    return inner_.allocate_zeroed(size);
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
  CheckResult check() {
    Hold h(lock_);
    return inner_.check();
  }
  HeapStats stats() {
    Hold h(lock_);
    return inner_.stats();
  }
  size_t reset() {
    Hold h(lock_);
    return inner_.reset();
  }
 private:
  using Wrapper<V>::inner_;

  struct Hold {
    explicit Hold(L& l) : lock(l) { lock.lock(); }
    ~Hold() { lock.unlock(); }
    L& lock;
  };
  L lock_{};
};

}  // namespace wasmalloc
