// source: CountingSource<M>, a memory source that watches the growth of another one. Selected only with
// -Dstats_counters=true (see wrappers/counted.hpp): it counts grow calls and the bytes they gave, for
// wasmalloc_stats, and remembers where the latest unbroken run of our growth starts, so that bump's reset
// knows which grown pages are all its own. It adds a few instructions to each growth; memory grows rarely.
#pragma once

#include "memory_source.hpp"

namespace wasmalloc {

/// Static heap bounds, forwarded when the inner source has them (so bump keeps its static start).
template <class M, bool = StaticHeap<M>>
struct ForwardStaticHeap {};
template <class M>
struct ForwardStaticHeap<M, true> {
  static constexpr unsigned char* kHeapBase = M::kHeapBase;
  static constexpr unsigned char* kHeapEnd = M::kHeapEnd;
};

template <MemorySource M>
class CountingSource : public ForwardStaticHeap<M> {
 public:
  uintptr_t heap_base() { return inner_.heap_base(); }
  uintptr_t heap_end() { return inner_.heap_end(); }
  uintptr_t end() { return inner_.end(); }
  uintptr_t grow(size_t pages) {
    ++growth_.calls;
    uintptr_t old = inner_.grow(pages);
    if (old != kGrowFailed) {
      growth_.bytes += pages * kPageSize;
      if (old != growth_.run_end) growth_.run_start = old;  // the first growth, or other code grew memory between
      growth_.run_end = old + pages * kPageSize;
    }
    return old;
  }
  Growth growth() { return growth_; }

  /// For tests: the source it counts for.
  M& inner() { return inner_; }

 private:
  [[no_unique_address]] M inner_{};
  Growth growth_{0, 0, 0, 0};
};

}  // namespace wasmalloc
