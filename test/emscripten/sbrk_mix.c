/* Other code calls sbrk beside malloc (as emscripten's own code may, and any program may): what sbrk hands out is
 * never handed out by malloc, and neither corrupts the other's memory. sbrk is called before the first malloc
 * (so the heap cannot start at __heap_base), with sizes that leave the break off page boundaries, and so often
 * that memory grows (-sALLOW_MEMORY_GROWTH). With the argument `aligned`, that first sbrk leaves the break on a page
 * boundary: the library's initial heap is then empty. With the plain WasmMemory source, malloc's initial heap is the memory
 * sbrk hands out next, and the first check fails. */
#include <stdlib.h>
#include <unistd.h>

#include "../wasm/check.h"

enum { MAX = 1200 };
static struct {
  unsigned char* p;
  size_t n;
  int from_sbrk;
} regions[MAX];
static int count;

static uint32_t state = 2463534242u;
static uint32_t next(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

static int overlaps(const unsigned char* p, size_t n, int except) {
  for (int i = 0; i < count; ++i)
    if (i != except && regions[i].p && p < regions[i].p + regions[i].n && regions[i].p < p + n) return 1;
  return 0;
}

static void record(unsigned char* p, size_t n, int from_sbrk) {
  CHECK(!overlaps(p, n, -1));
  fill(p, n, (unsigned)count);
  regions[count].p = p;
  regions[count].n = n;
  regions[count++].from_sbrk = from_sbrk;
}

int main(int argc, char** argv) {
  SKIP_UNLESS(ALLOCATES, "it allocates nothing");
  size_t n = 100; /* before any malloc */
  if (argc > 1 && !strcmp(argv[1], "aligned")) n = 65536 - (uintptr_t)sbrk(0) % 65536;
  unsigned char* first = sbrk((intptr_t)n);
  CHECK(first != (void*)-1);
  record(first, n, 1);
  printf("first sbrk: %zu bytes, break then at %p\n", n, sbrk(0));
  int sbrks = 1, mallocs = 0, frees = 0;
  while (count < MAX) {
    uint32_t r = next();
    if (r % 4 == 0) { /* sbrk: 4..200,000 bytes (sbrk keeps the break 4-aligned) */
      size_t n = 4 + r % 200000;
      unsigned char* p = sbrk((intptr_t)n);
      CHECK(p != (void*)-1);
      if (p == (void*)-1) break;
      record(p, n, 1);
      ++sbrks;
    } else if (r % 4 == 3 && REUSES) { /* free a random live malloc block */
      int i = (int)(next() % (unsigned)count);
      if (regions[i].p && !regions[i].from_sbrk) {
        CHECK(intact(regions[i].p, regions[i].n, (unsigned)i));
        free(regions[i].p);
        regions[i].p = NULL;
        ++frees;
      }
    } else { /* malloc: 1..100,000 bytes */
      size_t n = 1 + next() % 100000;
      unsigned char* p = malloc(n);
      CHECK(p != NULL);
      if (!p) break;
      record(p, n, 0);
      ++mallocs;
    }
  }
  int bad = 0;
  for (int i = 0; i < count; ++i)
    if (regions[i].p && !intact(regions[i].p, regions[i].n, (unsigned)i)) ++bad;
  CHECK(bad == 0);
  printf("%d sbrk calls, %d mallocs, %d frees; break at %p; %d regions corrupted\n", sbrks, mallocs, frees, sbrk(0),
         bad);
  return finish("sbrk_mix");
}
