// source: StaticArena<N>, a fixed heap. The allocator manages one static array of N bytes and never calls
// memory.grow (-Dfixed_heap_kib=K selects StaticArena<K * 1024>), for embedders that forbid growth or want a hard
// memory budget (wee_alloc's static_array_backend, talc's arena). The array is zero-initialised static data
// (.bss): it costs no bytes in the module file, and the linker's initial memory grows to hold it.
//
// heap_base()/heap_end() are the array's bounds, grow() always fails, and end() is the array's end (the memory
// the allocator may ever consider; the rest of linear memory is not its business). The bounds are link-time
// constants, so it is a StaticHeap and bump keeps its static start. `page` never uses the initial heap, so over
// a StaticArena it fails every allocation; selected.hpp refuses that combination.
#pragma once

#include "memory_source.hpp"

namespace wasmalloc {

/// The arena's storage: one per size, 16-byte aligned, so that bounds are constants.
template <size_t N>
alignas(kMinAlign) inline unsigned char static_arena_storage[N];

template <size_t N>
struct StaticArena {
  static_assert(N >= kMinAlign, "a fixed heap needs room for at least one block");
  static constexpr unsigned char* kHeapBase = static_arena_storage<N>;
  static constexpr unsigned char* kHeapEnd = static_arena_storage<N> + N;
  static uintptr_t heap_base() { return as_addr(kHeapBase); }
  static uintptr_t heap_end() { return as_addr(kHeapEnd); }
  static uintptr_t end() { return as_addr(kHeapEnd); }
  static uintptr_t grow(size_t) { return kGrowFailed; }
  static Growth growth() { return {}; }
};
static_assert(MemorySource<StaticArena<kPageSize>> && StaticHeap<StaticArena<kPageSize>>);

}  // namespace wasmalloc
