// shim: the C ABI. The only file with extern "C" definitions. It defines all ten symbols that wasi-libc's
// dlmalloc.o defines, so that linking libwasmalloc.a ahead of libc keeps dlmalloc out of the module.
#include "wasmalloc.h"

#include "../selected.hpp"
#include "api.hpp"

namespace {
constinit wasmalloc::Selected heap;
using Api = wasmalloc::CApi<wasmalloc::Selected>;
}  // namespace

#define WASMALLOC_EXPORT extern "C" __attribute__((visibility("default")))

// A custom section that names the allocator, for scripts/which-malloc: ".debug_wasmalloc" holds
// "wasmalloc <variant>". Its name starts with ".debug_" so that every tool that strips debug information also
// drops it (wasm-ld --strip-all / --strip-debug, llvm-strip): a stripped module carries none of its bytes. An
// unstripped one (and a clang -O link, whose wasm-opt keeps it) does. It is written in assembly because clang puts
// a variable with __attribute__((section)) into a data segment, not a custom section; no symbol refers to it.
__asm__(".section .custom_section..debug_wasmalloc,\"\",@\n"
        ".ascii \"wasmalloc " WASMALLOC_VARIANT_NAME "\"\n"
        ".text\n");

WASMALLOC_EXPORT void* malloc(size_t size) { return Api::malloc(heap, size); }
WASMALLOC_EXPORT void free(void* p) { Api::free(heap, p); }
WASMALLOC_EXPORT void* calloc(size_t n, size_t size) { return Api::calloc(heap, n, size); }
WASMALLOC_EXPORT void* realloc(void* p, size_t size) { return Api::realloc(heap, p, size); }
WASMALLOC_EXPORT void* aligned_alloc(size_t align, size_t size) { return Api::aligned_alloc(heap, align, size); }
WASMALLOC_EXPORT int posix_memalign(void** out, size_t align, size_t size) {
  return Api::posix_memalign(heap, out, align, size);
}
WASMALLOC_EXPORT size_t malloc_usable_size(void* p) { return Api::usable_size(heap, p); }

// wasi-libc's internal names (used by its atexit, locale and stdio code).
WASMALLOC_EXPORT void* __libc_malloc(size_t size) { return Api::malloc(heap, size); }
WASMALLOC_EXPORT void __libc_free(void* p) { Api::free(heap, p); }
WASMALLOC_EXPORT void* __libc_calloc(size_t n, size_t size) { return Api::calloc(heap, n, size); }
