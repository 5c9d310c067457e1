// fail: an allocator that never allocates.
//
// For modules that must not allocate at all: any allocation returns NULL (the shim sets ENOMEM), so a stray
// call is seen at once instead of silently pulling in a heap. free(NULL) is fine; nothing else can be freed.
// Memory is never touched or grown. O(1), no state.
#pragma once

#include "stats.hpp"

namespace wasmalloc {

template <MemorySource M>
class Fail {
 public:
  void* allocate(size_t, size_t) { return nullptr; }
  void deallocate(void*) {}
  size_t usable_size(void*) { return 0; }
  bool resize(void*, size_t) { return false; }
  bool check() { return true; }
  M& source() { return source_; }
  /// For wasmalloc_stats: no heap, nothing in use, no growth, ever.
  void stats(HeapStats& s) { s = {0, 0, 0, 0, 0, 0}; }

 private:
  [[no_unique_address]] M source_{};
};

}  // namespace wasmalloc
