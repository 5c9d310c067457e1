// source: WasmMemory, the real linear memory. The only file that calls memory.grow / memory.size.
#pragma once

#include "memory_source.hpp"

extern "C" unsigned char __heap_base;  // defined by wasm-ld: end of static data and stack
extern "C" unsigned char __heap_end;   // defined by wasm-ld: end of the initial memory

namespace wasmalloc {

/// Linear memory 0 of a wasm module. Stateless: every call asks the engine.
struct WasmMemory {
  static constexpr unsigned char* kHeapBase = &__heap_base;
  static constexpr unsigned char* kHeapEnd = &__heap_end;
  static uintptr_t heap_base() { return as_addr(&__heap_base); }
  static uintptr_t heap_end() { return as_addr(&__heap_end); }
  static uintptr_t end() { return uintptr_t(__builtin_wasm_memory_size(0)) * kPageSize; }
  /// memory.grow's failure value, -1 pages, is kGrowFailed in bytes. On wasm32 that address is also the old end
  /// when 65535 pages grow to the full 4 GiB: that growth is then taken for a failure and never used, which
  /// keeps every end address below 2^32.
  static uintptr_t grow(size_t pages) { return uintptr_t(__builtin_wasm_memory_grow(0, pages)) * kPageSize; }
};
static_assert(MemorySource<WasmMemory> && StaticHeap<WasmMemory>);

}  // namespace wasmalloc
