// shim: the extension API of wasmalloc.h (wasmalloc_stats, wasmalloc_check, wasmalloc_reset). A translation unit
// of its own: a static link pulls this object only into programs that call one of these functions, so every other
// module is byte for byte what it would be without them. The figures come from variants/stats.hpp.
#include "wasmalloc.h"

#include "../selected.hpp"
#include "../variants/stats.hpp"

#define WASMALLOC_EXPORT extern "C" __attribute__((visibility("default")))

using wasmalloc::selected_heap;

WASMALLOC_EXPORT void wasmalloc_stats(wasmalloc_heap_stats* out) {
  wasmalloc::HeapStats s = wasmalloc::heap_stats(selected_heap);
  static_assert(WASMALLOC_UNKNOWN == wasmalloc::kUnknown);
  out->heap_bytes = s.heap;
  out->in_use_bytes = s.in_use;
  out->peak_in_use_bytes = s.peak_in_use;
  out->free_bytes = s.free;
  out->largest_free_bytes = s.largest_free;
  out->grow_calls = s.grow_calls;
  out->memory_bytes = size_t(__builtin_wasm_memory_size(0)) * wasmalloc::kPageSize;
  out->fixed_heap_bytes = size_t(WASMALLOC_FIXED_HEAP_KIB) * 1024;
  out->counters = WASMALLOC_STATS_COUNTERS;
  out->variant = WASMALLOC_VARIANT_NAME;
}

WASMALLOC_EXPORT int wasmalloc_check(void) { return selected_heap.check() ? 1 : 0; }

WASMALLOC_EXPORT size_t wasmalloc_reset(void) { return wasmalloc::heap_reset(selected_heap); }
