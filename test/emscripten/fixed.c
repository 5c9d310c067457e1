/* A fixed heap (-Dfixed_heap_kib=K) under emscripten: blocks come from the library's static array (below
 * __heap_base, in static data), memory never grows, and when the array is full malloc fails with ENOMEM, the blocks
 * intact. Built only with -Dfixed_heap_kib; FIXED_HEAP_KIB is the option's value. */
#include <emscripten/heap.h>
#include <stdlib.h>
#include <unistd.h>

#include "../wasm/check.h"

int main(void) {
  size_t memory = emscripten_get_heap_size();
  void* brk = sbrk(0);
  enum { MAX = 4096 };
  static unsigned char* blocks[MAX];
  int n = 0;
  size_t got = 0;
  errno = 0;
  while (n < MAX && (blocks[n] = malloc(1000)) != NULL) {
    CHECK(blocks[n] + 1000 <= &__heap_base);
    fill(blocks[n], 1000, (unsigned)n);
    got += 1000;
    ++n;
  }
  CHECK(n < MAX && errno == ENOMEM);
  printf("%d blocks of 1000 bytes in a fixed heap of %d KiB\n", n, FIXED_HEAP_KIB);
  CHECK(got > (size_t)FIXED_HEAP_KIB * 1024 / 2 && got <= (size_t)FIXED_HEAP_KIB * 1024);
  CHECK(emscripten_get_heap_size() == memory && sbrk(0) == brk); /* no growth, sbrk's break untouched */
  for (int i = 0; i < n; ++i) CHECK(intact(blocks[i], 1000, (unsigned)i));
  return finish("fixed");
}
