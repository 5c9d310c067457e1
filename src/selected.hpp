// The one place that turns the build's choice (config.hpp) into the allocator type of the module.
#pragma once

#include "config.hpp"
#include "source/static_arena.hpp"
#include "source/wasm_memory.hpp"
#include "wrappers/stack.hpp"
#include WASMALLOC_VARIANT_HEADER
#if WASMALLOC_WASI || WASMALLOC_EMSCRIPTEN
#include "report/wasi_stderr.hpp"  // debug_checks' reports go to stderr (emscripten implements WASI's fd_write)
#endif
#if WASMALLOC_EMSCRIPTEN
#include "source/emscripten_sbrk.hpp"
#endif

namespace wasmalloc {

/// Memory that grows: emscripten's must grow through its sbrk (source/emscripten_sbrk.hpp says why).
#if WASMALLOC_EMSCRIPTEN
using Growing = EmscriptenSbrk;
#else
using Growing = WasmMemory;
#endif
/// -Dfixed_heap_kib=K: one static array of K KiB instead of growing memory.
using Memory = Choose<(kConfig.fixed_heap_bytes > 0), StaticArena<kConfig.fixed_heap_bytes>, Growing>;
#if WASMALLOC_WASI || WASMALLOC_EMSCRIPTEN
using Report = WasiStderrReporter;
#else
using Report = TrapReporter;
#endif
using Selected = Stack<WASMALLOC_VARIANT_CLASS, Memory, kConfig.stats_counters, kConfig.debug_checks, Report,
                       kConfig.thread_safe>;
static_assert(Allocator<Selected>);
static_assert(kConfig.fixed_heap_bytes == 0 || Selected::kTraits.uses_initial,
              "not applicable: this variant never uses the initial heap, so with fixed_heap_kib every allocation "
              "would fail: choose another variant");

/// The one allocator of the module: defined in shim/malloc.cpp, used by shim/extension.cpp too (hidden: it is not
/// part of the module's interface).
extern Selected selected_heap __attribute__((visibility("hidden")));
}  // namespace wasmalloc
