// shim: the extension API of wasmalloc.h (wasmalloc_stats, wasmalloc_check, wasmalloc_check_details,
// wasmalloc_reset). A translation unit of its own: a static link pulls this object only into programs that call one
// of these functions, so every other module is byte for byte what it would be without them. Each function is one
// call of the selected allocator's interface (variants/allocator.hpp), which every wrapper implements itself.
#include "wasmalloc.h"

#include "../selected.hpp"
#include "export.hpp"

using wasmalloc::kConfig;
using wasmalloc::selected_heap;

WASMALLOC_EXPORT void wasmalloc_stats(wasmalloc_heap_stats* out) {
  static_assert(WASMALLOC_UNKNOWN == wasmalloc::kUnknown);
  wasmalloc::HeapStats s = selected_heap.stats();
  out->heap_bytes = s.heap;
  out->in_use_bytes = s.in_use;
  out->peak_in_use_bytes = s.peak_in_use;
  out->free_bytes = s.free;
  out->largest_free_bytes = s.largest_free;
  out->grow_calls = s.grow_calls;
  out->memory_bytes = wasmalloc::WasmMemory::end();
  out->fixed_heap_bytes = kConfig.fixed_heap_bytes;
  out->counters = kConfig.stats_counters;
  out->variant = kConfig.variant;
}

WASMALLOC_EXPORT int wasmalloc_check_details(wasmalloc_check_result* out) {
  wasmalloc::CheckResult r = selected_heap.check();
  if (out) {
    out->broken = r.broken;
    out->address = reinterpret_cast<void*>(r.where);
  }
  return r ? 1 : 0;
}

WASMALLOC_EXPORT int wasmalloc_check(void) { return wasmalloc_check_details(nullptr); }

WASMALLOC_EXPORT size_t wasmalloc_reset(void) { return selected_heap.reset(); }
