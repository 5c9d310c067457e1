// fail: an allocator that never allocates.
//
// For modules that must not allocate at all: any allocation returns NULL (the shim sets ENOMEM), so a stray
// call is seen at once instead of silently pulling in a heap. free(NULL) is fine; nothing else can be freed.
// Memory is never touched or grown. O(1), no state; check() has nothing to verify.
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Fail {
 public:
  static constexpr Traits kTraits = {.allocates = false, .reuses = false, .uses_initial = false, .resets = false};

  void* allocate(size_t, size_t) { return nullptr; }
  void* allocate_zeroed(size_t) { return nullptr; }
  void deallocate(void*) {}
  size_t usable_size(void*) { return 0; }
  bool resize(void*, size_t) { return false; }
  CheckResult check() { return kIntact; }
  /// No heap, nothing in use, no growth, ever: every figure is known.
  HeapStats stats() { return {0, 0, 0, 0, 0, 0}; }
  size_t reset() { return 0; }
  M& source() { return source_; }

 private:
  [[no_unique_address]] M source_{};
};

}  // namespace wasmalloc
