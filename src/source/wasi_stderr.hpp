// source: WasiStderrReporter, how the debug_checks build reports misuse in a wasi program: one line on stderr
// through WASI's fd_write (no stdio, no allocation), then a trap. Only selected.hpp includes it, and only for a
// wasi build with debug_checks: no other build calls anything outside the module.
#pragma once

#include <wasi/api.h>

#include "../core/core.hpp"

namespace wasmalloc {

struct WasiStderrReporter {
  /// Writes "wasmalloc: <what> at 0x<address>" to stderr, then traps.
  [[noreturn]] static void fail(const char* what, const void* address) {
    char line[160];
    size_t n = 0;
    auto put = [&](const char* s) {
      while (*s && n < sizeof line - 12) line[n++] = *s++;
    };
    put("wasmalloc: ");
    put(what);
    put(" at 0x");
    uintptr_t a = as_addr(address);
    for (int shift = int(2 * sizeof a) - 1; shift >= 0; --shift) line[n++] = "0123456789abcdef"[(a >> (4 * shift)) & 15];
    line[n++] = '\n';
    __wasi_ciovec_t iov = {reinterpret_cast<const uint8_t*>(line), n};
    __wasi_size_t written;
    (void)__wasi_fd_write(2, &iov, 1, &written);
    __builtin_trap();
  }
};

}  // namespace wasmalloc
