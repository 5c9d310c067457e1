// wrappers: Counted<V>, the bookkeeping behind wasmalloc_stats' in-use and peak figures. Selected only with
// -Dstats_counters=true, as Counted<V<CountingSource<M>>> (the source counts memory.grow calls and bytes): a
// default build pays nothing for it.
//
// It adds each block's usable_size() to in_use on allocate, takes it off on deallocate, follows resize, and keeps
// the peak. So in_use is what the program holds, whatever the variant does with freed blocks (bump and page never
// reuse them: their bytes then show as overhead, heap - in_use - free). Cost: one usable_size() and a few
// instructions per call. check() is the variant's; reset() resets the variant and, if it did, in_use (not the peak).
#pragma once

#include "wrapper.hpp"

namespace wasmalloc {

template <Allocator V>
class Counted : public Wrapper<V> {
 public:
  void* allocate(size_t size, size_t align) {
    void* p = inner_.allocate(size, align);
    if (p) add(inner_.usable_size(p));
    return p;
  }
  void* allocate_zeroed(size_t size) {
    void* p = inner_.allocate_zeroed(size);
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
  CheckResult check() { return inner_.check(); }
  /// The variant's figures (heap and grow calls exact: the source counts), with in_use and peak from the counters.
  HeapStats stats() {
    HeapStats s = inner_.stats();
    s.in_use = in_use_;
    s.peak_in_use = peak_;
    return s;
  }
  size_t reset() {
    size_t free = inner_.reset();
    if (free != 0) in_use_ = 0;
    return free;
  }
 private:
  using Wrapper<V>::inner_;

  void add(size_t n) {
    in_use_ += n;
    if (in_use_ > peak_) peak_ = in_use_;
  }

  size_t in_use_ = 0;
  size_t peak_ = 0;
};

}  // namespace wasmalloc
