// source: CountingSource<M>, a memory source that watches the growth of another one. Selected only with
// -Dstats_counters=true (see variants/counted.hpp): it counts memory.grow calls and the bytes they gave, for
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
    ++grow_calls_;
    uintptr_t old = inner_.grow(pages);
    if (old != kGrowFailed) {
      grown_bytes_ += pages * kPageSize;
      if (old != run_end_) run_start_ = old;  // the first growth, or other code grew memory in between
      run_end_ = old + pages * kPageSize;
    }
    return old;
  }

  /// memory.grow calls made through this source, failed ones included.
  size_t grow_calls() { return grow_calls_; }
  /// Bytes that successful calls added.
  size_t grown_bytes() { return grown_bytes_; }
  /// The latest run of growth with no other code's pages in it: [grown_run_start(), grown_run_end()); both 0
  /// before the first growth.
  uintptr_t grown_run_start() { return run_start_; }
  uintptr_t grown_run_end() { return run_end_; }

  M& inner() { return inner_; }

 private:
  [[no_unique_address]] M inner_{};
  size_t grow_calls_ = 0;
  size_t grown_bytes_ = 0;
  uintptr_t run_start_ = 0;
  uintptr_t run_end_ = 0;
};

}  // namespace wasmalloc
