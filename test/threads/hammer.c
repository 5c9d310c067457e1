/* Threads sharing one heap, for the thread_safe build on wasm32 (no libc): threads.mjs instantiates this module
 * once per Node worker over one shared WebAssembly.Memory; each worker sets its own stack (the exported
 * __stack_pointer) and calls run(), which allocates, fills, checks and frees blocks through the C API. A race in
 * the allocator shows as a block handed out twice (another thread's pattern in it) or a corrupted heap. */
#include <stdint.h>

#include "wasmalloc.h"

enum { SLOTS = 24 };

static uint32_t rng(uint32_t* s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}
static unsigned char byte(uint32_t tag, uint32_t i) { return (unsigned char)(tag * 131 + i * 7 + 1); }
static void fill(unsigned char* p, uint32_t n, uint32_t tag) {
  for (uint32_t i = 0; i < n; ++i) p[i] = byte(tag, i);
}
static int intact(const unsigned char* p, uint32_t n, uint32_t tag) {
  for (uint32_t i = 0; i < n; ++i)
    if (p[i] != byte(tag, i)) return 0;
  return 1;
}

/* Returns the number of failed checks; *ops (if not null) receives the operations done. */
__attribute__((export_name("run"))) int run(uint32_t worker, uint32_t steps) {
  unsigned char* p[SLOTS] = {0};
  uint32_t n[SLOTS] = {0}, tag[SLOTS] = {0};
  uint32_t s = 0x9E3779B9u * (worker + 1);
  int failures = 0;
  for (uint32_t i = 0; i < steps; ++i) {
    uint32_t k = rng(&s) % SLOTS;
    if (p[k]) {
      failures += !intact(p[k], n[k], tag[k]);
      if (rng(&s) % 4 == 0) {
        uint32_t m = rng(&s) % 4000, kept = m < n[k] ? m : n[k];
        unsigned char* q = realloc(p[k], m);
        if (!q) continue;
        failures += !intact(q, kept, tag[k]);
        p[k] = q, n[k] = m, tag[k] = worker << 24 | i;
        fill(q, m, tag[k]);
      } else {
        free(p[k]);
        p[k] = 0;
      }
    } else {
      uint32_t m = rng(&s) % 3000;
      unsigned char* q = rng(&s) % 4 ? malloc(m) : aligned_alloc((uint32_t)16 << (rng(&s) % 4), m);
      if (!q) continue;
      failures += ((uintptr_t)q % 16 != 0);
      p[k] = q, n[k] = m, tag[k] = worker << 24 | i;
      fill(q, m, tag[k]);
    }
  }
  for (int k = 0; k < SLOTS; ++k)
    if (p[k]) {
      failures += !intact(p[k], n[k], tag[k]);
      free(p[k]);
    }
  return failures;
}

/* For the main thread: stacks for the workers come from the heap. */
__attribute__((export_name("alloc"))) void* alloc(uint32_t n) { return malloc(n); }
