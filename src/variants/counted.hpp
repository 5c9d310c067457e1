// variants: Counted<V>, the bookkeeping behind wasmalloc_stats' peak and in-use figures. Selected only with
// -Dstats_counters=true, as Counted<V<CountingSource<M>>>: a default build pays nothing for it.
//
// It adds each block's usable_size() to in_use on allocate, takes it off on deallocate, follows resize, and keeps
// the peak. So in_use is what the program holds, whatever the variant does with freed blocks (bump and page never
// reuse them: their bytes then show as overhead, heap - in_use - free). The source counts memory.grow calls and
// grown bytes (source/counting.hpp). Cost: one usable_size() and a few instructions per call.
#pragma once

#include "../source/counting.hpp"
#include "stats.hpp"

namespace wasmalloc {

template <Allocator V>
class Counted {
 public:
  void* allocate(size_t size, size_t align) {
    void* p = inner_.allocate(size, align);
    if (p) add(inner_.usable_size(p));
    return p;
  }
  void deallocate(void* p) {
    in_use_ -= inner_.usable_size(p);
    inner_.deallocate(p);
  }
  size_t usable_size(void* p) { return inner_.usable_size(p); }
  bool resize(void* p, size_t size) {
    size_t before = inner_.usable_size(p);
    if (!inner_.resize(p, size)) return false;
    in_use_ -= before;
    add(inner_.usable_size(p));
    return true;
  }
  bool check() { return inner_.check(); }
  auto& source() { return inner_.source(); }
  V& inner() { return inner_; }

  /// The variant's own figures, with in_use, peak and grow calls from the counters (and heap from the source
  /// where the variant could not tell it).
  void stats(HeapStats& s) {
    s = heap_stats(inner_);
    s.in_use = in_use_;
    s.peak_in_use = peak_;
    if constexpr (CountsGrowth<decltype(inner_.source())>) s.grow_calls = inner_.source().grow_calls();
  }

  /// Resets the variant if it can; nothing is in use afterwards (the peak stays).
  size_t reset() {
    size_t free = heap_reset(inner_);
    if (free != 0) in_use_ = 0;
    return free;
  }

 private:
  void add(size_t n) {
    in_use_ += n;
    if (in_use_ > peak_) peak_ = in_use_;
  }

  V inner_{};
  size_t in_use_ = 0;
  size_t peak_ = 0;
};

}  // namespace wasmalloc
