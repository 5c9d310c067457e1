/* Out of memory for real: run with linear memory capped (WASMRUN_MAX_MEMORY, see meson.build). Every failing call
 * returns NULL with ENOMEM, blocks already handed out are intact, memory stays within the cap, and after frees
 * allocation works again where the variant reuses memory. */
#include <malloc.h>
#include <stdlib.h>

#include "check.h"

enum { MAX_BLOCKS = 4096, BLOCK = 40000 };
static unsigned char* blocks[MAX_BLOCKS];

int main(void) {
  SKIP_UNLESS(ALLOCATES, "never allocates (basic.c checks that)");
  size_t n = 0;
  for (;;) {
    errno = 0;
    unsigned char* p = malloc(BLOCK);
    if (!p) {
      CHECK(errno == ENOMEM);
      break;
    }
    CHECK(n < MAX_BLOCKS);
    if (n == MAX_BLOCKS) break;
    fill(p, BLOCK, (unsigned)n);
    blocks[n++] = p;
  }
  size_t pages = memory_pages();
  printf("allocated %zu blocks of %d bytes before running out, memory %zu pages\n", n, BLOCK, pages);
  CHECK(n > 10);
  /* Everything that fails now must fail cleanly and not grow memory. */
  errno = 0;
  CHECK(calloc(1, BLOCK * 4) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(aligned_alloc(4096, BLOCK * 4) == NULL && errno == ENOMEM);
  void* out = &out;
  CHECK(posix_memalign(&out, 64, BLOCK * 4) == ENOMEM && out == &out);
  errno = 0;
  CHECK(realloc(blocks[0], BLOCK * 4) == NULL && errno == ENOMEM);
  CHECK(memory_pages() == pages);
  for (size_t i = 0; i < n; ++i) CHECK(intact(blocks[i], BLOCK, (unsigned)i));

  for (size_t i = n; i-- > 0;) free(blocks[i]);
  if (REUSES) {
    size_t again = 0;
    while (again < n && (blocks[again] = malloc(BLOCK)) != NULL) ++again;
    printf("after freeing everything: %zu blocks again\n", again);
    CHECK(again == n);
    CHECK(memory_pages() == pages);
  }
  return finish("oom");
}
