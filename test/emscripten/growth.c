/* Memory growth under emscripten (-sALLOW_MEMORY_GROWTH, -sMAXIMUM_MEMORY=256MB): live blocks past 64 MiB, then
 * out of memory. The library must grow memory through emscripten (its sbrk): emscripten's JavaScript reads memory
 * through views that a memory.grow behind its back leaves stale, and printf (JS's fd_write) is called between
 * allocations to use them; with the plain WasmMemory source this program hangs or dies (the test's timeout).
 * Every block holds its own pattern, checked after growth, after out of memory, and at the end. */
#include <emscripten/heap.h>
#include <stdlib.h>

#include "../wasm/check.h"

enum { MAX_BLOCKS = 4096 };
static struct {
  unsigned char* p;
  size_t n;
} blocks[MAX_BLOCKS];
static int count;

static uint32_t state = 12345;
static uint32_t next(void) { /* xorshift32: the same sequence everywhere */
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

static int all_intact(void) {
  int bad = 0;
  for (int i = 0; i < count; ++i)
    if (blocks[i].p && !intact(blocks[i].p, blocks[i].n, (unsigned)i)) ++bad;
  return bad;
}

static unsigned char* add(size_t n) {
  unsigned char* p = malloc(n);
  if (p && count < MAX_BLOCKS) {
    fill(p, n, (unsigned)count);
    blocks[count].p = p;
    blocks[count++].n = n;
  }
  return p;
}

int main(void) {
  SKIP_UNLESS(ALLOCATES, "it allocates nothing");
  size_t initial = emscripten_get_heap_size();
  printf("memory at start: %zu MiB\n", initial >> 20);

  /* 1. Live blocks of 1 KiB..1 MiB up to 80 MiB, every third one freed when the variant reuses memory. */
  size_t live = 0;
  while (live < ((size_t)80 << 20)) {
    size_t n = 1024 + next() % (1 << 20);
    unsigned char* p = add(n);
    CHECK(p != NULL);
    if (!p) break;
    live += n;
    if (REUSES && count % 3 == 0) {
      live -= blocks[count - 2].n;
      free(blocks[count - 2].p);
      blocks[count - 2].p = NULL;
    }
    if (count % 32 == 0) printf("%d blocks, %zu MiB live, memory %zu MiB\n", count, live >> 20,
                                emscripten_get_heap_size() >> 20);
  }
  size_t grown = emscripten_get_heap_size();
  printf("grown: %d blocks, %zu MiB live, memory %zu MiB\n", count, live >> 20, grown >> 20);
  CHECK(grown > ((size_t)64 << 20));
  CHECK(all_intact() == 0);

  /* 2. Out of memory under -sMAXIMUM_MEMORY: 4 MiB blocks until one fails, with ENOMEM and the heap intact. */
  int before = count, failed = 0;
  for (int i = 0; i < 200 && !failed; ++i) {
    errno = 0;
    if (!add((size_t)4 << 20)) {
      CHECK(errno == ENOMEM);
      failed = 1;
    }
  }
  printf("out of memory after %d more blocks of 4 MiB, memory %zu MiB\n", count - before,
         emscripten_get_heap_size() >> 20);
  CHECK(failed);
  CHECK(emscripten_get_heap_size() <= ((size_t)256 << 20));
  errno = 0;
  CHECK(malloc((size_t)1 << 30) == NULL && errno == ENOMEM);
  CHECK(all_intact() == 0);

  /* 3. After out of memory the heap still works: what was freed is used again. */
  for (int i = before; i < count; ++i) {
    free(blocks[i].p);
    blocks[i].p = NULL;
  }
  if (REUSES) {
    unsigned char* p = add((size_t)4 << 20);
    CHECK(p != NULL);
  }
  unsigned char* small = add(100);
  CHECK(small != NULL || !REUSES);
  CHECK(all_intact() == 0);
  return finish("growth");
}
