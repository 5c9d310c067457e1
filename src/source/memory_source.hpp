// source: the memory-source concept every variant is written against.
#pragma once

#include "../core/core.hpp"

namespace wasmalloc {

/// What grow() returns when memory cannot grow: memory.grow's -1, in bytes (a page-aligned address no
/// allocator may use).
inline constexpr uintptr_t kGrowFailed = uintptr_t(-1) * kPageSize;

/// A memory source hands a variant the memory it manages. Contract:
///  - `heap_base()`: the first byte the heap may use (for wasm, the linker's `__heap_base`). Not necessarily aligned.
///  - `heap_end()`:  the end of the memory the module starts with (for wasm, the linker's `__heap_end`): the bytes
///                   [heap_base, heap_end) are the heap's before any growth. Constant.
///  - `grow(pages)`: add `pages` (>= 1) whole pages; return the address where they start (the old memory end,
///                   page-aligned) or kGrowFailed if memory cannot grow by that much. It grows by all or nothing. The new
///                   pages need not follow the previous growth: other code may have grown memory in between, and
///                   the memory it got is not ours.
///  - `end()`:       the current end of all memory (ours and anyone else's).
/// Memory never shrinks, and a fresh page reads as zeros.
template <class M>
concept MemorySource = requires(M& m, size_t pages) {
  { m.heap_base() } -> SameAs<uintptr_t>;
  { m.heap_end() } -> SameAs<uintptr_t>;
  { m.grow(pages) } -> SameAs<uintptr_t>;
  { m.end() } -> SameAs<uintptr_t>;
};

/// Optional: a source whose heap bounds are link-time constants (WasmMemory: the linker's symbols) also offers
/// them as `static constexpr unsigned char* kHeapBase, kHeapEnd`. A variant can then start with them in its static
/// data instead of testing for first use on every call, which every module would pay for in code size.
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
