// core: SpinLock, the lock of the thread_safe build (wrappers/locked.hpp). Freestanding: __atomic builtins only,
// which clang turns into wasm atomic instructions when built with -matomics (shared memory), and into plain
// loads and stores without it.
//
// Why spin and never wait: on the web, the main thread may not block (memory.atomic.wait traps there), and a
// module cannot tell which thread it is on without help from its embedder. The lock is held only for one
// allocator call (a constant number of list operations for tlsf; bounded by the free list for freelist, and by
// at most one memory.grow), so spinning costs a waiter about as long as the call it waits for, and the same
// code is correct on the main thread, in workers and in wasi threads. No fairness: a thread may lose the race
// several times in a row, but not forever while others make progress.
#pragma once

namespace wasmalloc {

class SpinLock {
 public:
  void lock() {
    // Test-and-test-and-set: spin on a plain load so that waiters do not keep the line in exclusive state.
    while (__atomic_exchange_n(&held_, 1, __ATOMIC_ACQUIRE))
      while (__atomic_load_n(&held_, __ATOMIC_RELAXED)) {
      }
  }
  void unlock() { __atomic_store_n(&held_, 0, __ATOMIC_RELEASE); }

 private:
  int held_ = 0;
};

}  // namespace wasmalloc
