/* wasmalloc: a malloc for WebAssembly. Link libwasmalloc.a ahead of libc (wasi-sdk: -lwasmalloc) and these
 * replace wasi-libc's dlmalloc; with no libc, include this header to get the declarations.
 *
 * Every returned pointer is 16-byte aligned. Failures return NULL and set errno to ENOMEM (EINVAL for a
 * non-power-of-two alignment) where a libc provides errno; posix_memalign returns the error instead. */
#ifndef WASMALLOC_H
#define WASMALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* malloc(size_t size);
void free(void* p);
void* calloc(size_t n, size_t size);
/* realloc(NULL, n) is malloc(n); realloc(p, 0) returns a minimal live block (as wasi-libc's dlmalloc);
 * on failure p is left intact. */
void* realloc(void* p, size_t size);
/* align must be a power of two (else EINVAL); size need not be a multiple of it. */
void* aligned_alloc(size_t align, size_t size);
/* align must be a power of two and a multiple of sizeof(void*) (else returns EINVAL); *out is untouched on failure. */
int posix_memalign(void** out, size_t align, size_t size);
/* Bytes usable from p (at least what was asked for); 0 for NULL. */
size_t malloc_usable_size(void* p);

#ifdef __cplusplus
}
#endif

#endif /* WASMALLOC_H */
