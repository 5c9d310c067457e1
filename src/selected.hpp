// The one place that turns the build's choice (the generated wasmalloc_config.h) into a type.
#pragma once

#include "config.hpp"
#include "source/wasm_memory.hpp"
#include WASMALLOC_VARIANT_HEADER
// Extension options (absent from a config header that predates them: both off).
#ifndef WASMALLOC_FIXED_HEAP_KIB
#define WASMALLOC_FIXED_HEAP_KIB 0
#endif
#ifndef WASMALLOC_STATS_COUNTERS
#define WASMALLOC_STATS_COUNTERS 0
#endif
#if WASMALLOC_FIXED_HEAP_KIB > 0
#include "source/static_arena.hpp"
#endif
#if WASMALLOC_STATS_COUNTERS
#include "variants/counted.hpp"
#endif
#if WASMALLOC_DEBUG_CHECKS
#include "variants/checked.hpp"
#if WASMALLOC_WASI  // a wasi build: messages go to stderr
#include "source/wasi_stderr.hpp"
#endif
#endif
#if WASMALLOC_THREAD_SAFE
#include "variants/locked.hpp"
#endif

namespace wasmalloc {
// -Dfixed_heap_kib=K: one static array of K KiB instead of growing memory (source/static_arena.hpp).
#if WASMALLOC_FIXED_HEAP_KIB > 0
using Memory = StaticArena<size_t(WASMALLOC_FIXED_HEAP_KIB) * 1024>;
#else
using Memory = WasmMemory;
#endif
// -Dstats_counters=true: in-use, peak and memory.grow counters for wasmalloc_stats (variants/counted.hpp).
#if WASMALLOC_STATS_COUNTERS
using Variant = Counted<WASMALLOC_VARIANT_CLASS<CountingSource<Memory>>>;
#else
using Variant = WASMALLOC_VARIANT_CLASS<Memory>;
#endif
// -Ddebug_checks=true: every block guarded (variants/checked.hpp); misuse is reported, then traps.
#if WASMALLOC_DEBUG_CHECKS && WASMALLOC_WASI
using Guarded = Checked<Variant, WasiStderrReporter>;
#elif WASMALLOC_DEBUG_CHECKS
using Guarded = Checked<Variant, TrapReporter>;
#else
using Guarded = Variant;
#endif
// -Dthread_safe=true: one spin lock around every call (variants/locked.hpp).
#if WASMALLOC_THREAD_SAFE
using Selected = Locked<Guarded>;
#else
using Selected = Guarded;
#endif
static_assert(Allocator<Selected>);

/// The one allocator of the module: defined in shim/malloc.cpp, used by shim/extension.cpp too (hidden: it is not
/// part of the module's interface).
extern Selected selected_heap __attribute__((visibility("hidden")));
}  // namespace wasmalloc
