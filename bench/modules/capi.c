/* The whole-C-API module: a wasm32-wasi reactor that exports the allocator's C API, the size a wasi-sdk user pays
 * for it. Built against wasmalloc or, for comparison, against wasi-libc's own dlmalloc. */
#include <stdlib.h>
#include <malloc.h>

#define EXPORT(name) __attribute__((export_name("w_" #name)))
EXPORT(malloc) void* w_malloc(size_t n) { return malloc(n); }
EXPORT(free) void w_free(void* p) { free(p); }
EXPORT(calloc) void* w_calloc(size_t n, size_t s) { return calloc(n, s); }
EXPORT(realloc) void* w_realloc(void* p, size_t n) { return realloc(p, n); }
EXPORT(aligned_alloc) void* w_aligned_alloc(size_t a, size_t n) { return aligned_alloc(a, n); }
EXPORT(posix_memalign) int w_posix_memalign(void** o, size_t a, size_t n) { return posix_memalign(o, a, n); }
EXPORT(malloc_usable_size) size_t w_malloc_usable_size(void* p) { return malloc_usable_size(p); }
