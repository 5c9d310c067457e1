// variants: the interface every variant, and every wrapper around one, implements (the Allocator concept).
#pragma once

#include "../source/memory_source.hpp"

namespace wasmalloc {

/// The heap's figures (the C API's wasmalloc_heap_stats; the same words):
///   heap          bytes of memory the allocator has taken: the initial heap it uses plus every page it grew.
///   in_use        the sum of usable_size() over live blocks (what malloc_usable_size would say for each).
///   peak_in_use   the highest in_use so far.
///   free          bytes it can hand out again without growing memory (free blocks, headers included).
///   largest_free  the biggest of those runs.
///   grow_calls    memory.grow calls the allocator made, failed ones included.
/// heap - in_use - free is overhead: headers, padding, memory given up. A figure that needs bookkeeping on every
/// call is kUnknown unless the build keeps it (-Dstats_counters: wrappers/counted.hpp, source/counting.hpp).
struct HeapStats {
  size_t heap = kUnknown;
  size_t in_use = kUnknown;
  size_t peak_in_use = kUnknown;
  size_t free = kUnknown;
  size_t largest_free = kUnknown;
  size_t grow_calls = kUnknown;
};

/// What a variant promises beyond the interface, declared by it (tests and tools read these, never a list):
struct Traits {
  bool allocates;     // ever returns a block (fail: never)
  bool reuses;        // a freed block can be handed out again (page and bump: never)
  bool uses_initial;  // serves [heap_base, heap_end) before growing memory (page: never)
  bool resets;        // reset() empties the heap (bump); for the others it does nothing
};

/// The interface. Preconditions the shim guarantees: `align` is a power of two with kMinAlign <= align <=
/// kMaxAlign, `size <= kMaxRequest`, and `p` came from this allocator and is still live.
///  - `allocate(size, align)`: a block of at least `size` bytes aligned to `align`, distinct from every live
///    block (also for size 0), or nullptr when memory cannot be had; a failure leaves the heap as it was.
///  - `allocate_zeroed(size)`: allocate(size, kMinAlign) with the `size` bytes zero (calloc): a variant that
///    knows memory it never handed out is still zero (fresh pages) skips the fill there.
///  - `deallocate(p)`: give the block back (a variant may keep it unused forever: page, bump).
///  - `usable_size(p)`: how many bytes from p the caller may use; at least what was asked for.
///  - `resize(p, size)`: grow or shrink the block in place if the variant can; false leaves it untouched.
///  - `check()`: walk the heap and verify every invariant of the variant: kIntact, or the first rule found broken
///    and where. It reads nothing before checking that it lies in the heap.
///  - `stats()`: the HeapStats it can tell.
///  - `reset()`: empty the heap if the variant can (every live block dies); the bytes free afterwards, else 0.
///  - `source()`: the memory source (tests reach the fake memory through it).
///  - `kTraits`: the Traits above.
/// A wrapper implements every member on purpose (it never lets a call reach the variant without its own work).
/// allocate_zeroed() for a variant that does not track fresh memory: allocate, then fill.
template <class A>
void* allocate_then_zero(A& a, size_t size) {
  void* p = a.allocate(size, kMinAlign);
  if (p) fill_bytes(p, 0, size);
  return p;
}

template <class A>
concept Allocator = requires(A& a, size_t n, void* p) {
  { a.allocate(n, n) } -> SameAs<void*>;
  { a.allocate_zeroed(n) } -> SameAs<void*>;
  { a.deallocate(p) } -> SameAs<void>;
  { a.usable_size(p) } -> SameAs<size_t>;
  { a.resize(p, n) } -> SameAs<bool>;
  { a.check() } -> SameAs<CheckResult>;
  { a.stats() } -> SameAs<HeapStats>;
  { a.reset() } -> SameAs<size_t>;
  a.source();
  { A::kTraits } -> SameAs<const Traits&>;
};

}  // namespace wasmalloc
