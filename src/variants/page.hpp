// page: every allocation gets whole pages straight from memory.grow; free does nothing.
//
// Assumptions: the program allocates a handful of long-lived blocks (buffers set up once) and size matters more
// than memory. Each block costs at least one 64 KiB page and is never reused. The initial memory
// [heap_base, heap_end) is not used: every block starts a fresh growth, so grown pages are always page-aligned.
//
// Block layout (one grow call per block; `end` is the end of the grown pages):
//
//   old (page-aligned)                  p (aligned to align, >= old + 16)        end
//   | padding ...            | end addr |  usable bytes ...                      |
//                             ^ p - sizeof(uintptr_t)
//
// The word just below p records `end`, so usable_size(p) = end - p and realloc can grow in place up to it.
// Complexity: O(1) for everything. check(): no heap structure to walk (blocks are not recorded), nothing to verify.
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Page {
  static constexpr size_t kHeader = kMinAlign;  // the end word, rounded up so p keeps 16-byte alignment
  static_assert(sizeof(uintptr_t) <= kHeader);

 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = false, .uses_initial = false, .resets = false};

  void* allocate(size_t size, size_t align) {
    // Padding so that p can be aligned and still have the end word below it: p <= old + max(align, 16).
    size_t pad = align > kHeader ? align : kHeader;
    size_t pages = pages_for(pad + size);
    uintptr_t old = source_.grow(pages);
    if (old == kGrowFailed) return nullptr;
    uintptr_t p = align_up(old + kHeader, align);
    end_word(p) = old + pages * kPageSize;
    return as_ptr<void>(p);
  }
  /// Every block is fresh pages, and fresh pages read as zeros.
  void* allocate_zeroed(size_t size) { return allocate(size, kMinAlign); }
  void deallocate(void*) {}
  size_t usable_size(void* p) { return end_word(as_addr(p)) - as_addr(p); }
  bool resize(void* p, size_t size) { return size <= usable_size(p); }
  CheckResult check() { return kIntact; }
  /// No free memory is ever kept. Blocks are not recorded anywhere, so in_use and peak need Counted; the heap is
  /// every grown page (the initial memory is not used), known when the source counts.
  HeapStats stats() {
    Growth g = source_.growth();
    HeapStats s;
    s.free = s.largest_free = 0;
    s.heap = g.bytes;
    s.grow_calls = g.calls;
    return s;
  }
  size_t reset() { return 0; }
  M& source() { return source_; }

 private:
  static uintptr_t& end_word(uintptr_t p) { return as_ptr<uintptr_t>(p)[-1]; }

  [[no_unique_address]] M source_{};
};

}  // namespace wasmalloc
