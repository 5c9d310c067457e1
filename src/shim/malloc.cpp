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
