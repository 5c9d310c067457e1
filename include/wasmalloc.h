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

/* ---- Extension API: optional. These live in their own object file, so a module that never calls them carries
 * none of their code; calling them adds a few hundred bytes (see README, "Extension API"). ---- */

/* A figure this build cannot know (see wasmalloc_heap_stats). */
#define WASMALLOC_UNKNOWN ((size_t)-1)

/* What wasmalloc_stats reports. heap_bytes - in_use_bytes - free_bytes is overhead (headers, padding, memory a
 * variant gave up such as bump's freed blocks). Figures that need bookkeeping on every malloc/free are
 * WASMALLOC_UNKNOWN unless the library was built with -Dstats_counters=true (then `counters` is 1 and every
 * figure is known): peak_in_use_bytes and grow_calls always, in_use_bytes for page and bump, heap_bytes for
 * page and for bump once memory has grown. Without counters, freelist counts pages that other code got from
 * memory.grow between its own growths as heap in use. */
typedef struct wasmalloc_heap_stats {
  size_t heap_bytes;         /* memory the allocator has taken: the initial heap it uses plus the pages it grew */
  size_t in_use_bytes;       /* sum of malloc_usable_size() over the live blocks */
  size_t peak_in_use_bytes;  /* highest in_use_bytes so far */
  size_t free_bytes;         /* bytes it can hand out again without growing memory */
  size_t largest_free_bytes; /* the largest free block (header included) or free run */
  size_t grow_calls;         /* memory.grow calls the allocator made, failed ones included (fixed heap: the
                                requests for more memory that the arena refused; memory.grow is never called) */
  size_t memory_bytes;       /* the whole linear memory now (memory.size): static data, stack, everyone's pages */
  size_t fixed_heap_bytes;   /* the static arena's size with -Dfixed_heap_kib, else 0 (memory grows) */
  int counters;              /* 1 if built with -Dstats_counters=true */
  const char* variant;       /* the variant built in (the Meson option -Dvariant) */
} wasmalloc_heap_stats;

/* Fill *out with the heap's figures. It walks the heap (O(blocks) for the variants that keep a block structure,
 * O(1) otherwise). In a -Dthread_safe build it holds the heap's lock while it walks; under -Ddebug_checks the
 * figures are the guarded blocks' (each block's guards count as in use, and so do the blocks waiting in the
 * quarantine). */
void wasmalloc_stats(wasmalloc_heap_stats* out);

/* Walk the heap and verify every invariant of the variant (under the lock in a thread_safe build; in a
 * debug_checks build also the quarantined blocks' headers); nonzero if all hold, 0 if the heap is corrupt. */
int wasmalloc_check(void);

/* What wasmalloc_check_details found broken. */
typedef struct wasmalloc_check_result {
  const char* broken; /* the first invariant found broken, as a phrase ("tlsf: free block missing from its bin's
                         list"); NULL if the heap is intact */
  void* address;      /* where: the block or structure it concerns */
} wasmalloc_check_result;

/* wasmalloc_check, and if out is not NULL, what broke and where. */
int wasmalloc_check_details(wasmalloc_check_result* out);

/* !!! DANGER: every block dies. !!!
 * Bump only: return the heap to empty, so allocation starts again at the bottom (the arena pattern: per-frame or
 * per-request scratch memory). EVERY block handed out so far is freed at once, INCLUDING THOSE THAT LIBC
 * ALLOCATED FOR ITSELF: in a wasi program that is the preopened-directory table (opening files by path breaks
 * afterwards), the argv and environ copies, every FILE that fopen/fdopen made (with its buffer), and whatever
 * else libc malloc'ed. Use it in modules whose allocations are all yours (no libc, or code paths you know
 * allocated nothing in libc), and never touch a pointer from before the reset again.
 * Returns the bytes free afterwards; 0 (and nothing happens) for every other variant. In a thread_safe build it
 * holds the lock (no other thread may hold a block: they die too); in a debug_checks build the blocks waiting in
 * the quarantine die with the others, and the guards go on working for the blocks allocated afterwards. With a
 * growing heap it reclaims the initial memory, and the pages grown since only if the library was built with
 * -Dstats_counters=true (which records where they lie); otherwise those pages are given up. With
 * -Dfixed_heap_kib it reclaims the whole arena. */
size_t wasmalloc_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMALLOC_H */
