/* Memory that ends at 4 GiB, the top of wasm32's address space, where an end address wraps to 0 (the red team's
 * defects 1 and 6). The program fills memory with ever smaller blocks until nothing more fits, so that the
 * allocator's growth runs into the top, then has other code grow memory to the full 65,536 pages. Throughout,
 * every block must stay distinct and intact (a block's first and last 16 bytes are tagged: memory is not
 * touched beyond that), failures must be NULL with ENOMEM, and wasmalloc_check() must hold. */
#include <stdlib.h>

#include "check.h"
#include "wasmalloc.h"

enum { MAX_BLOCKS = 4096 };
static unsigned char* block[MAX_BLOCKS];
static size_t size[MAX_BLOCKS];
static unsigned count;

/* The first 16 bytes, and the last 16 apart from them. */
static void tag(unsigned i) {
  fill(block[i], size[i] < 16 ? size[i] : 16, i);
  if (size[i] >= 32) fill(block[i] + size[i] - 16, 16, i + 7);
}
static int tagged(unsigned i) {
  return intact(block[i], size[i] < 16 ? size[i] : 16, i) &&
         (size[i] < 32 || intact(block[i] + size[i] - 16, 16, i + 7));
}

/* Every live block intact and no two overlapping (an insertion sort of the addresses, at most a few thousand). */
static void all_intact(const char* when) {
  static unsigned order[MAX_BLOCKS];
  for (unsigned i = 0; i < count; ++i) {
    unsigned j = i;
    for (; j > 0 && block[order[j - 1]] > block[i]; --j) order[j] = order[j - 1];
    order[j] = i;
  }
  int bad = 0;
  for (unsigned k = 0; k < count; ++k) {
    unsigned i = order[k];
    if (!tagged(i)) ++bad, printf("block %u at %p (%zu bytes) damaged\n", i, (void*)block[i], size[i]);
    if (k > 0 && block[order[k - 1]] + size[order[k - 1]] > block[i])
      ++bad, printf("block %u at %p overlaps block %u at %p (%zu bytes)\n", i, (void*)block[i], order[k - 1],
                    (void*)block[order[k - 1]], size[order[k - 1]]);
  }
  if (bad) printf("%s: %d blocks damaged or overlapping\n", when, bad);
  CHECK(bad == 0);
  wasmalloc_check_result r = {0, 0};
  CHECK(wasmalloc_check_details(&r) == 1);
  if (r.broken) printf("%s: check: %s at %p\n", when, r.broken, r.address);
}

static void take(size_t n) {
  if (count == MAX_BLOCKS) return;
  errno = 0;
  unsigned char* p = malloc(n);
  if (!p) {
    CHECK(errno == ENOMEM);
    return;
  }
  block[count] = p;
  size[count] = n;
  tag(count++);
}

int main(void) {
  SKIP_UNLESS(ALLOCATES, "never allocates");
  take(100);
  /* Ever smaller requests, from most of the address space down to 16 bytes: growth reaches the top. */
  for (size_t n = (size_t)1 << 31; n >= 16; n /= 2)
    for (int k = 0; k < 3; ++k) take(n - 24 * (size_t)k);
  printf("%u blocks, memory %zu pages\n", count, memory_pages());
  CHECK(memory_pages() >= 65000);
  all_intact("memory full");
  errno = 0;
  CHECK(malloc(1 << 20) == NULL && errno == ENOMEM); /* a failing call, then a small one: not a live block */
  take(100);
  all_intact("after a failed call");
  /* Other code grows memory to the whole 4 GiB. */
  size_t pages = memory_pages();
  if (pages < 65536) CHECK(__builtin_wasm_memory_grow(0, 65536 - pages) == pages);
  CHECK(memory_pages() == 65536);
  take(64);
  all_intact("memory at 4 GiB");
  /* Everything back; the heap stays consistent, and what fits is served again. */
  for (unsigned i = 0; i < count; i += 2) free(block[i]);
  CHECK(wasmalloc_check() == 1);
  void* again = malloc(100);
  CHECK(again != NULL || !REUSES);
  free(again);
  CHECK(wasmalloc_check() == 1);
  return finish("edge_4gib");
}
