// variants: heap statistics, check and reset for the extension API (wasmalloc_stats, wasmalloc_check,
// wasmalloc_reset in include/wasmalloc.h). Nothing here runs unless one of those is called: a variant's
// stats()/reset() are member templates or plain members of a class template, instantiated only by
// shim/extension.cpp, which a static link pulls in only when the program names one of the three functions.
//
// What each figure means (the same words as the C struct):
//   heap         bytes of memory the allocator has taken: the initial heap it uses plus every page it grew.
//   in_use       the sum of usable_size() over live blocks (what malloc_usable_size would say for each).
//   peak_in_use  the highest in_use so far.
//   free         bytes it can hand out again without growing memory (free blocks, headers included; bump's tail).
//   largest_free the biggest of those runs.
//   grow_calls   memory.grow calls the allocator made, failed ones included.
//   heap - in_use - free is overhead: headers, padding, memory given up (bump's abandoned tails, freed blocks
//   of variants that never reuse).
// A figure the variant cannot know without bookkeeping on every call is kUnknown. The bookkeeping exists, off
// by default: -Dstats_counters=true selects Counted<V<CountingSource<M>>> (variants/counted.hpp), which knows
// them all.
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

/// "Not known in this build": the C API's WASMALLOC_UNKNOWN.
inline constexpr size_t kUnknown = size_t(-1);

struct HeapStats {
  size_t heap = kUnknown;
  size_t in_use = kUnknown;
  size_t peak_in_use = kUnknown;
  size_t free = kUnknown;
  size_t largest_free = kUnknown;
  size_t grow_calls = kUnknown;
};

/// Optional parts of a variant, used by the functions below when present:
///  - `stats(HeapStats&)`: fill in what it knows (fail, page, bump, freelist; Counted).
///  - `for_each_block(f)` calling f(region, block, size, is_free), each block's usable size being
///    size - sizeof(uintptr_t): enough to derive heap, in_use, free and largest (tlsf's inspection hook).
///  - `reset()` -> size_t: return to an empty heap; the bytes free afterwards (bump).
///  - `inner()`: a wrapper around another allocator (Checked, Locked): the figures are the inner one's.
template <class A>
concept HasStats = requires(A& a, HeapStats& s) { a.stats(s); };
template <class A>
concept HasRegionWalk = requires(A& a) { a.for_each_block([](size_t, uintptr_t, size_t, bool) {}); };
template <class A>
concept HasReset = requires(A& a) { { a.reset() } -> SameAs<size_t>; };
template <class A>
concept Wraps = requires(A& a) { a.inner(); };

/// The heap's figures, as far as this allocator can tell them (kUnknown for the rest).
template <class A>
HeapStats heap_stats(A& a) {
  HeapStats s;
  if constexpr (HasStats<A>) {
    a.stats(s);
  } else if constexpr (Wraps<A>) {
    s = heap_stats(a.inner());
  } else if constexpr (HasRegionWalk<A>) {
    // Derived from the blocks alone: `heap` is the bytes in blocks (per-region words outside any block, such as
    // a region's link word and sentinel, are not counted).
    s.heap = s.in_use = s.free = s.largest_free = 0;
    a.for_each_block([&s](size_t, uintptr_t, size_t size, bool is_free) {
      s.heap += size;
      if (is_free) {
        s.free += size;
        if (size > s.largest_free) s.largest_free = size;
      } else {
        s.in_use += size - sizeof(uintptr_t);
      }
    });
  }
  return s;
}

/// Empty the heap if the allocator can (every live block dies); the bytes free afterwards, or 0 if it cannot.
template <class A>
size_t heap_reset(A& a) {
  if constexpr (HasReset<A>) return a.reset();
  else if constexpr (Wraps<A>) return heap_reset(a.inner());
  else return 0;
}

/// Optional part of a memory source: CountingSource (source/counting.hpp) counts memory.grow calls and the bytes
/// they gave. A variant's stats() uses it to report `heap` and `grow_calls` exactly.
template <class M>
concept CountsGrowth = requires(M& m) {
  { m.grow_calls() } -> SameAs<size_t>;
  { m.grown_bytes() } -> SameAs<size_t>;
};

}  // namespace wasmalloc
