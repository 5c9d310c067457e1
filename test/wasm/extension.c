/* The extension API (wasmalloc_stats, wasmalloc_check, wasmalloc_reset) in a real wasi program, for the variant
 * under test and the build's options: figures that add up, counters that follow the program's calls, check()
 * that catches a corrupted header, bump's reset, and with -Dfixed_heap_kib a heap that never grows memory. */
#include <malloc.h>
#include <stdlib.h>

#include "check.h"
#include "wasmalloc.h"

#define KNOWN(x) ((x) != WASMALLOC_UNKNOWN)
/* -Ddebug_checks: blocks carry guards that the figures count, and the variant's header is not below p: only the
 * checks that hold of any heap apply. */
#ifndef DEBUG_CHECKS
#define DEBUG_CHECKS 0
#endif
#define EXACT (!DEBUG_CHECKS)

static wasmalloc_heap_stats stats(void) {
  wasmalloc_heap_stats s;
  memset(&s, 0xa5, sizeof s);
  wasmalloc_stats(&s);
  return s;
}

/* What must hold of any report, whatever the variant and the options. */
static void consistent(const wasmalloc_heap_stats* s) {
  CHECK(s->variant != NULL && strcmp(s->variant, VARIANT) == 0);
  CHECK(s->memory_bytes == memory_pages() * 65536);
  CHECK(s->counters == 0 || s->counters == 1);
  if (s->counters) /* with the counters every figure is known */
    CHECK(KNOWN(s->heap_bytes) && KNOWN(s->in_use_bytes) && KNOWN(s->peak_in_use_bytes) && KNOWN(s->free_bytes) &&
          KNOWN(s->largest_free_bytes) && KNOWN(s->grow_calls));
  if (!ALLOCATES) /* fail knows everything: all zero */
    CHECK(s->heap_bytes == 0 && s->in_use_bytes == 0 && s->peak_in_use_bytes == 0 && s->free_bytes == 0 &&
          s->largest_free_bytes == 0 && s->grow_calls == 0);
  CHECK(KNOWN(s->free_bytes) && KNOWN(s->largest_free_bytes)); /* every variant knows its free memory */
  CHECK(s->largest_free_bytes <= s->free_bytes);
  if (KNOWN(s->heap_bytes)) {
    CHECK(s->heap_bytes <= s->memory_bytes);
    CHECK(s->free_bytes <= s->heap_bytes);
    if (KNOWN(s->in_use_bytes)) CHECK(s->in_use_bytes + s->free_bytes <= s->heap_bytes);
  }
  if (KNOWN(s->peak_in_use_bytes) && KNOWN(s->in_use_bytes)) CHECK(s->peak_in_use_bytes >= s->in_use_bytes);
  if (s->fixed_heap_bytes && KNOWN(s->heap_bytes)) CHECK(s->heap_bytes <= s->fixed_heap_bytes);
  CHECK(wasmalloc_check() != 0);
}

enum { N = 40 };
static unsigned char* blocks[N];
static size_t sizes[N];

/* Allocations and frees move the figures as they should. */
static void figures(void) {
  wasmalloc_heap_stats s0 = stats();
  consistent(&s0);
  size_t usable = 0;
  for (unsigned i = 0; i < N; ++i) {
    sizes[i] = 24 + (i * 2654435761u) % 3000;
    blocks[i] = malloc(sizes[i]);
    CHECK(blocks[i] != NULL);
    usable += malloc_usable_size(blocks[i]);
    fill(blocks[i], sizes[i], i);
  }
  wasmalloc_heap_stats s1 = stats();
  consistent(&s1);
  if (KNOWN(s1.in_use_bytes) && EXACT) {
    /* counters or freelist's walk: exact; tlsf's walk also counts blocks waiting on its quick lists */
    if (s1.counters || IS("freelist")) CHECK(s1.in_use_bytes == s0.in_use_bytes + usable);
    else CHECK(s1.in_use_bytes >= usable);
  }
  if (s1.counters) CHECK(s1.peak_in_use_bytes >= s0.in_use_bytes + usable);
  size_t freed = 0;
  for (unsigned i = 0; i < N; i += 2) {
    freed += malloc_usable_size(blocks[i]);
    free(blocks[i]);
    blocks[i] = NULL;
  }
  wasmalloc_heap_stats s2 = stats();
  consistent(&s2);
  if (s2.counters && EXACT) {
    CHECK(s2.in_use_bytes == s1.in_use_bytes - freed);
    CHECK(s2.peak_in_use_bytes == s1.peak_in_use_bytes); /* frees do not lower the peak */
  }
  if (IS("freelist") && EXACT) { /* freed blocks are free memory again, and in use no more */
    CHECK(s2.in_use_bytes == s1.in_use_bytes - freed);
    CHECK(s2.free_bytes >= s1.free_bytes + freed);
  }
  for (unsigned i = 1; i < N; i += 2) CHECK(intact(blocks[i], sizes[i], i));
  CHECK(stats().heap_bytes == s2.heap_bytes); /* asking changes nothing */
}

/* A block bigger than the free memory makes the heap grow; with counters, grow_calls follows memory.grow. */
static void growth(void) {
  wasmalloc_heap_stats s0 = stats();
  size_t pages = memory_pages();
  unsigned char* big = s0.fixed_heap_bytes ? NULL : malloc(s0.free_bytes + 3 * 65536);
  wasmalloc_heap_stats s1 = stats();
  consistent(&s1);
  if (s0.fixed_heap_bytes) {
    CHECK(memory_pages() == pages);
    CHECK(s1.grow_calls == s0.grow_calls);
    return;
  }
  CHECK(big != NULL);
  CHECK(memory_pages() > pages);
  if (s1.counters) {
    CHECK(s1.grow_calls > s0.grow_calls);
    CHECK(s1.grow_calls - s0.grow_calls <= memory_pages() - pages); /* each call grew at least one page */
    if (!IS("tlsf")) /* tlsf's heap is its blocks' bytes (a walk), not the pages it took */
      CHECK(s1.heap_bytes - s0.heap_bytes == (memory_pages() - pages) * 65536); /* nobody else grew memory */
    CHECK(s1.peak_in_use_bytes >= s0.in_use_bytes + malloc_usable_size(big));
  }
  free(big);
  consistent(&s1);
}

/* check() sees a header that the program overwrote (variants with block headers it walks). */
static void corruption(void) {
  if (!REUSES || !EXACT) return;
  uintptr_t* p = malloc(200);
  unsigned char* q = malloc(200);
  CHECK(p != NULL && q != NULL);
  CHECK(wasmalloc_check() != 0);
  volatile uintptr_t* word = p - 1; /* volatile: malloc's result is noalias, so a plain store here looks dead */
  uintptr_t saved = *word;
  /* The block's size word (freelist) or header (tlsf) now holds a size that is not a multiple of 16. (A size
   * that is off by a multiple of 16 may land the walk on a stale header of an earlier block and go unseen.) */
  *word = saved + 8;
  CHECK(wasmalloc_check() == 0);
  *word = saved;
  CHECK(wasmalloc_check() != 0);
  free(q);
  free(p);
}

/* Fill the heap with 1 KiB blocks until it refuses: with a fixed heap, without growing memory. */
static size_t fill_up(size_t limit) {
  size_t n = 0, pages = memory_pages();
  for (;;) {
    errno = 0;
    void* p = malloc(1024);
    if (!p) {
      CHECK(errno == ENOMEM);
      break;
    }
    CHECK((unsigned char*)p < &__heap_base); /* inside the arena: static data, below the heap base */
    if (++n == limit) break;
  }
  CHECK(memory_pages() == pages);
  return n;
}

static size_t first_fill;
static void fixed_heap(void) {
  wasmalloc_heap_stats s = stats();
  if (!s.fixed_heap_bytes) return;
  size_t pages = memory_pages();
  size_t n = first_fill = fill_up(s.fixed_heap_bytes);
  printf("fixed heap of %zu KiB: %zu blocks of 1 KiB, memory stayed at %zu pages\n", s.fixed_heap_bytes / 1024, n,
         pages);
  CHECK(n * 1024 >= s.fixed_heap_bytes / 2); /* most of the arena is usable */
  CHECK(n * 1024 <= s.fixed_heap_bytes);
  wasmalloc_heap_stats full = stats();
  consistent(&full);
  CHECK(full.largest_free_bytes < 1024 + 64); /* nothing that could hold another block is left */
  if (full.counters) CHECK(full.grow_calls >= 1); /* the requests the arena refused */
  errno = 0;
  CHECK(calloc(1, 1 << 20) == NULL && errno == ENOMEM);
  CHECK(memory_pages() == pages);
}

/* A variant that resets (bump): reset empties the heap and allocation starts again at the bottom; other variants:
 * nothing happens. Under the wrappers (debug_checks, stats_counters) the same. */
static void reset(void) {
  if (!ALLOCATES) {
    CHECK(wasmalloc_reset() == 0);
    return;
  }
  unsigned char* keep = malloc(100);
  CHECK(keep != NULL);
  fill(keep, 100, 7);
  wasmalloc_heap_stats before = stats();
  size_t got = wasmalloc_reset();
  wasmalloc_heap_stats after = stats();
  consistent(&after);
  if (!RESETS) {
    CHECK(got == 0);
    CHECK(intact(keep, 100, 7));
    CHECK(after.free_bytes == before.free_bytes);
    free(keep);
    return;
  }
  CHECK(got > 0);
  CHECK(after.free_bytes == got);
  if (before.fixed_heap_bytes || after.counters) CHECK(after.free_bytes > before.free_bytes);
  if (after.counters) CHECK(after.in_use_bytes == 0 && after.peak_in_use_bytes == before.peak_in_use_bytes);
  if (before.fixed_heap_bytes) {
    /* the whole arena is back: it fills again with as many blocks as at first */
    CHECK(got >= before.fixed_heap_bytes - 16);
    CHECK(fill_up(before.fixed_heap_bytes) > first_fill); /* the first fill shared the arena with other blocks */
    wasmalloc_reset();
  } else if (after.counters) {
    /* nobody else grew memory: everything from the heap base to the last grown page is reclaimed */
    CHECK(got == memory_pages() * 65536 - (uintptr_t)&__heap_base);
  } else {
    CHECK(got == (uintptr_t)&__heap_end - (uintptr_t)&__heap_base); /* only the initial memory is sure to be ours */
  }
  unsigned char* p = malloc(100);
  CHECK(p != NULL && p <= keep); /* the bottom again */
  if (before.fixed_heap_bytes) CHECK(p < &__heap_base);
  else CHECK(p >= &__heap_base && p < &__heap_base + 64);
  CHECK(wasmalloc_check() != 0);
}

int main(void) {
  wasmalloc_heap_stats s = stats();
  consistent(&s);
  printf("start: heap %zd, in use %zd, peak %zd, free %zd, largest %zd, grow calls %zd, memory %zu, counters %d\n",
         (ssize_t)s.heap_bytes, (ssize_t)s.in_use_bytes, (ssize_t)s.peak_in_use_bytes, (ssize_t)s.free_bytes,
         (ssize_t)s.largest_free_bytes, (ssize_t)s.grow_calls, s.memory_bytes, s.counters);
  if (ALLOCATES) {
    figures();
    growth();
    corruption();
    fixed_heap();
  }
  reset();
  s = stats();
  consistent(&s);
  printf("end: heap %zd, in use %zd, peak %zd, free %zd, largest %zd, grow calls %zd, memory %zu\n",
         (ssize_t)s.heap_bytes, (ssize_t)s.in_use_bytes, (ssize_t)s.peak_in_use_bytes, (ssize_t)s.free_bytes,
         (ssize_t)s.largest_free_bytes, (ssize_t)s.grow_calls, s.memory_bytes);
  return finish("extension");
}
