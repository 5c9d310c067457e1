// source: WasmMemory, the real linear memory. The only file that calls memory.grow / memory.size.
#pragma once

#include "memory_source.hpp"

// Defined by wasm-ld: the end of static data and stack, and (LLVM 16 and later) the end of the initial memory.
// __heap_end is weak: older linkers (emscripten 3.1.6's wasm-ld-14, rustc 1.63's rust-lld) do not define it, and
// one that links with --allow-undefined would otherwise make it 0 silently.
extern "C" unsigned char __heap_base;
extern "C" unsigned char __heap_end __attribute__((weak));

namespace wasmalloc {

/// Linear memory 0 of a wasm module. Stateless: every call asks the engine.
struct WasmMemory {
  static constexpr unsigned char* kHeapBase = &__heap_base;
  static constexpr unsigned char* kHeapEnd = &__heap_end;
  static uintptr_t heap_base() { return as_addr(&__heap_base); }
  /// The linker's __heap_end. Without it (null, or below __heap_base), the initial heap ends where memory ends now:
  /// a variant reads this once, at first use, before anything has grown memory.
  static uintptr_t heap_end() {
    uintptr_t e = as_addr(&__heap_end);
    return e >= heap_base() ? e : end();
  }
  /// memory.size, in bytes; a memory of 65,536 pages (4 GiB, which wraps to 0 on wasm32) reads as kAddressEnd.
  static uintptr_t end() {
    size_t pages = __builtin_wasm_memory_size(0);
    return pages < kAddressEnd / kPageSize ? pages * kPageSize : kAddressEnd;
  }
  /// memory.grow. Pages that would end past kAddressEnd are refused: when memory.grow takes memory to 4 GiB they
  /// are given up (memory cannot shrink) and kGrowFailed is returned; memory.grow's own failure (-1) too.
  static uintptr_t grow(size_t pages) {
    // The new end wraps past 0 both when memory.grow fails (start is kGrowFailed) and when memory reached 4 GiB.
    uintptr_t start = uintptr_t(__builtin_wasm_memory_grow(0, pages)) * kPageSize;
    return start < start + pages * kPageSize ? start : kGrowFailed;
  }
  static Growth growth() { return {}; }
};
static_assert(MemorySource<WasmMemory> && StaticHeap<WasmMemory>);

}  // namespace wasmalloc
