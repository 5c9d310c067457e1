// report: WasiStderrReporter, how the debug_checks build reports misuse in a wasi program: one line on stderr
// through WASI's fd_write (no stdio, no allocation), then a trap. Emscripten implements fd_write too (its JS prints
// the line on stderr), so emscripten builds use it as well. Only selected.hpp includes it, for those two systems;
// only the debug_checks build calls it.
#pragma once

#include <wasi/api.h>

#include "reporter.hpp"

namespace wasmalloc {

struct WasiStderrReporter {
  /// Writes "wasmalloc: <call>(0x<address>): <problem>" to stderr, then traps.
  [[noreturn]] static void fail(const char* call, const char* problem, const void* address) {
    char line[160];
    size_t n = 0;
    auto put = [&](const char* s) {
      while (*s && n < sizeof line - 2) line[n++] = *s++;
    };
    char hex[2 * sizeof(uintptr_t) + 3] = "0x";
    uintptr_t a = as_addr(address);
    for (size_t i = 0; i < 2 * sizeof a; ++i) hex[2 + i] = "0123456789abcdef"[(a >> (4 * (2 * sizeof a - 1 - i))) & 15];
    hex[sizeof hex - 1] = 0;
    put("wasmalloc: ");
    put(call);
    put("(");
    put(hex);
    put("): ");
    put(problem);
    line[n++] = '\n';
    __wasi_ciovec_t iov = {reinterpret_cast<const uint8_t*>(line), n};
    __wasi_size_t written;
    (void)__wasi_fd_write(2, &iov, 1, &written);
    __builtin_trap();
  }
};
static_assert(Reporter<WasiStderrReporter>);

}  // namespace wasmalloc
