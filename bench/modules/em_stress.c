/* The emscripten size module: a small allocation stress program, linked by emcc -Oz with each wasmalloc variant
 * (-sMALLOC=none) and with emscripten's own dlmalloc and emmalloc (bench/meson.build, bench/emscripten_sizes.py).
 * Seeded random malloc, calloc, realloc and free over 256 slots, each block's bytes checked before it goes; prints
 * a checksum (the same with every allocator that completes) or how many checks failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 256, STEPS = 20000 };
static unsigned char* slot[SLOTS];
static size_t size[SLOTS];

static unsigned state = 7;
static unsigned next(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

int main(void) {
  unsigned long sum = 0, bad = 0, failed = 0;
  for (int step = 0; step < STEPS; ++step) {
    unsigned r = next(), i = r % SLOTS;
    size_t n = r >> 28 ? 1 + (r >> 8) % 256 : 1 + (r >> 8) % 20000;
    unsigned char* p = slot[i];
    for (size_t k = 0; k < size[i]; ++k) bad += p[k] != (unsigned char)(i + k);
    if (p && size[i]) sum += p[size[i] - 1];
    if (r & 0x100) {
      free(p);
      p = NULL;
      n = 0;
    } else if (r & 0x200) {
      free(p);
      p = calloc(n, 1);
      for (size_t k = 0; p && k < n; ++k) bad += p[k] != 0;
    } else {
      unsigned char* q = realloc(p, n);
      if (q) p = q;
      else n = size[i];
    }
    if (n && !p) ++failed, n = 0;
    for (size_t k = 0; k < n; ++k) p[k] = (unsigned char)(i + k);
    slot[i] = p;
    size[i] = n;
  }
  if (bad || failed) {
    printf("%lu bytes wrong, %lu allocations failed\n", bad, failed);
    return 1;
  }
  printf("checksum %lu\n", sum);
  return 0;
}
