/* The floor of peak memory: the peak of the bytes a program has requested and not yet freed. Linked over wasi-libc's
 * dlmalloc with -Wl,--wrap for each of its ten symbols (bench/meson.build), so every path into the allocator,
 * libc's own included, comes through here. Each block carries its requested size in a header ahead of it; at
 * exit the peak and __heap_base go to stderr as "peak_live=N heap_base=N". Only the floor is measured this way:
 * the timed and fuel runs link no such layer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void* __real_malloc(size_t n);
void __real_free(void* p);
void* __real_realloc(void* p, size_t n);
void* __real_aligned_alloc(size_t align, size_t n);

extern unsigned char __heap_base;

#define HEADER 16  /* keeps malloc's 16-byte alignment */

typedef struct {
  size_t size;    /* requested */
  size_t offset;  /* from the start of dlmalloc's block to the caller's pointer */
} Header;

static size_t live, peak;

static Header* header(void* p) { return (Header*)((char*)p - sizeof(Header)); }

static void* record(char* block, size_t offset, size_t n) {
  char* p = block + offset;
  *header(p) = (Header){n, offset};
  live += n;
  if (live > peak) peak = live;
  return p;
}

static void report(void) {
  char line[80];
  int n = snprintf(line, sizeof line, "peak_live=%zu heap_base=%zu\n", peak, (size_t)(uintptr_t)&__heap_base);
  write(2, line, (size_t)n);
}

__attribute__((constructor)) static void start(void) { atexit(report); }

void* __wrap_malloc(size_t n) {
  char* block = n <= SIZE_MAX - HEADER ? __real_malloc(n + HEADER) : NULL;
  return block ? record(block, HEADER, n) : NULL;
}

void __wrap_free(void* p) {
  if (!p) return;
  Header h = *header(p);
  live -= h.size;
  __real_free((char*)p - h.offset);
}

void* __wrap_calloc(size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  void* p = __wrap_malloc(n);
  if (p) memset(p, 0, n);
  return p;
}

void* __wrap_aligned_alloc(size_t align, size_t n) {
  if (align <= HEADER) return __wrap_malloc(n);
  char* block = n <= SIZE_MAX - align ? __real_aligned_alloc(align, n + align) : NULL;
  return block ? record(block, align, n) : NULL;
}

int __wrap_posix_memalign(void** out, size_t align, size_t n) {
  void* p = __wrap_aligned_alloc(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

void* __wrap_realloc(void* p, size_t n) {
  if (!p) return __wrap_malloc(n);
  Header h = *header(p);
  if (h.offset != HEADER || n > SIZE_MAX - HEADER) {  /* an aligned block moves to a plain one */
    void* q = __wrap_malloc(n);
    if (q) {
      memcpy(q, p, h.size < n ? h.size : n);
      __wrap_free(p);
    }
    return q;
  }
  char* block = __real_realloc((char*)p - HEADER, n + HEADER);
  if (!block) return NULL;
  live -= h.size;
  return record(block, HEADER, n);
}

size_t __wrap_malloc_usable_size(void* p) { return p ? header(p)->size : 0; }

void* __wrap___libc_malloc(size_t n) { return __wrap_malloc(n); }
void __wrap___libc_free(void* p) { __wrap_free(p); }
void* __wrap___libc_calloc(size_t count, size_t size) { return __wrap_calloc(count, size); }
