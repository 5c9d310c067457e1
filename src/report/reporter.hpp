// report: how the debug_checks wrapper (wrappers/checked.hpp) tells what it caught. A reporter's
// `fail(call, problem, address)` reports a misuse found in a C API call (free, realloc, malloc_usable_size) and
// never returns. selected.hpp picks WasiStderrReporter in wasi and emscripten builds and TrapReporter everywhere else.
#pragma once

#include "../core/core.hpp"

namespace wasmalloc {

template <class R>
concept Reporter = requires(const char* call, const char* problem, const void* p) { R::fail(call, problem, p); };

/// Nothing to write to (no libc): trap.
struct TrapReporter {
  [[noreturn]] static void fail(const char*, const char*, const void*) { __builtin_trap(); }
};
static_assert(Reporter<TrapReporter>);

}  // namespace wasmalloc
