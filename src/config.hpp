// The build's configuration: the header meson.build generates (wasmalloc_config.h), checked and turned into one
// constexpr object. Code reads wasmalloc::kConfig; only selected.hpp (which type is built) and the #include lines
// that depend on the platform read the macros themselves.
#pragma once

#include "wasmalloc_config.h"

#if !defined(WASMALLOC_VARIANT) || !defined(WASMALLOC_VARIANT_CLASS) || !defined(WASMALLOC_VARIANT_HEADER) || \
    !defined(WASMALLOC_VARIANT_NAME) || !defined(WASMALLOC_LIBC) || !defined(WASMALLOC_WASI) ||                \
    !defined(WASMALLOC_EMSCRIPTEN) ||                                                                            \
    !defined(WASMALLOC_DEBUG_CHECKS) || !defined(WASMALLOC_THREAD_SAFE) || !defined(WASMALLOC_STATS_COUNTERS) || \
    !defined(WASMALLOC_FIXED_HEAP_KIB)
#error "wasmalloc_config.h lacks a setting: it must be the one meson.build generates"
#endif

#include "core/core.hpp"

namespace wasmalloc {

struct Config {
  const char* variant;      // -Dvariant
  bool libc;                // a libc with errno (wasi and emscripten builds; the host tests)
  bool wasi;                // WASI's fd_write is there to report misuse on stderr
  bool emscripten;          // emscripten: memory comes from its sbrk (source/emscripten_sbrk.hpp)
  bool debug_checks;        // -Ddebug_checks: wrappers/checked.hpp
  bool thread_safe;         // -Dthread_safe: wrappers/locked.hpp
  bool stats_counters;      // -Dstats_counters: wrappers/counted.hpp over source/counting.hpp
  size_t fixed_heap_bytes;  // -Dfixed_heap_kib * 1024: source/static_arena.hpp; 0: memory grows
};

inline constexpr Config kConfig = {
    WASMALLOC_VARIANT_NAME,   WASMALLOC_LIBC != 0,           WASMALLOC_WASI != 0,          WASMALLOC_EMSCRIPTEN != 0,
    WASMALLOC_DEBUG_CHECKS != 0, WASMALLOC_THREAD_SAFE != 0, WASMALLOC_STATS_COUNTERS != 0,
    size_t(WASMALLOC_FIXED_HEAP_KIB) * 1024,
};

}  // namespace wasmalloc
