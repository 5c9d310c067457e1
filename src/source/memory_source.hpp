// source: the memory-source concept every variant is written against.
#pragma once

#include "../core/core.hpp"

namespace wasmalloc {

/// What grow() returns when memory cannot grow: memory.grow's -1, in bytes (a page-aligned address no
/// allocator may use).
inline constexpr uintptr_t kGrowFailed = uintptr_t(-1) * kPageSize;

/// The end of the address range a source hands out. The top page of the address space is never part of a heap, so
/// that no end address (a heap's, a region's, a block's) wraps to 0: on wasm32 a memory of 65,536 pages ends at
/// 2^32, which is 0 in a 32-bit address. Heaps end at most here, 4 GiB - 64 KiB on wasm32.
inline constexpr uintptr_t kAddressEnd = uintptr_t(0) - kPageSize;

/// What a source knows of its own growth. Only a counting source (source/counting.hpp, -Dstats_counters) keeps
/// count, at a few instructions per growth; the others report kUnknown and an empty run.
struct Growth {
  size_t calls = kUnknown;  // grow() calls, failed ones included
  size_t bytes = kUnknown;  // bytes the successful ones added
  uintptr_t run_start = 0;  // the latest unbroken run of our growth, [run_start, run_end): no other code's pages
  uintptr_t run_end = 0;    //   inside it (bump's reset reclaims it); both 0 when not tracked or before any growth
};

/// A memory source hands a variant the memory it manages. Contract:
///  - `heap_base()`: the first byte the heap may use (for wasm, the linker's `__heap_base`). Not necessarily aligned.
///  - `heap_end()`:  the end of the memory the module starts with (for wasm, the linker's `__heap_end`; over
///                   emscripten's sbrk, the first page boundary above the break): the bytes
///                   [heap_base, heap_end) are the heap's before any growth. Read it at first use: it is
///                   constant, except over a linker that does not define `__heap_end` (see wasm_memory.hpp).
///  - `grow(pages)`: add `pages` (>= 1) whole pages; return the address where they start (the old memory end, or
///                   over sbrk the page boundary at or above the break; page-aligned) or kGrowFailed if memory
///                   cannot grow by that much. It grows by all or nothing. The new pages need not follow the
///                   previous growth: other code may have grown memory in between, and the memory it got is not
///                   ours. The pages end at or below kAddressEnd.
///  - `end()`:       the current end of all memory (ours and anyone else's), at most kAddressEnd.
///  - `growth()`:    the Growth figures above.
/// Memory never shrinks, and a fresh page reads as zeros.
template <class M>
concept MemorySource = requires(M& m, size_t pages) {
  { m.heap_base() } -> SameAs<uintptr_t>;
  { m.heap_end() } -> SameAs<uintptr_t>;
  { m.grow(pages) } -> SameAs<uintptr_t>;
  { m.end() } -> SameAs<uintptr_t>;
  { m.growth() } -> SameAs<Growth>;
};

/// Optional: a source whose heap bounds are link-time constants (WasmMemory: the linker's symbols) also offers
/// them as `static constexpr unsigned char* kHeapBase, kHeapEnd`. A variant can then start with them in its static
/// data instead of testing for first use on every call, which every module would pay for in code size.
/// (kHeapEnd may be null, or below kHeapBase, when the linker did not define it: see wasm_memory.hpp.)
template <class M>
concept StaticHeap = requires {
  { M::kHeapBase } -> SameAs<unsigned char* const&>;
  { M::kHeapEnd } -> SameAs<unsigned char* const&>;
};

/// The heap bounds a variant starts with: a StaticHeap source's constants, else null (read them on first use).
template <class M>
constexpr unsigned char* static_heap_base() {
  if constexpr (StaticHeap<M>) return M::kHeapBase;
  else return nullptr;
}
template <class M>
constexpr unsigned char* static_heap_end() {
  if constexpr (StaticHeap<M>) return M::kHeapEnd;
  else return nullptr;
}

}  // namespace wasmalloc
