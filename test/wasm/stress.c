/* Seeded random malloc/calloc/realloc/aligned_alloc/free against a shadow model, on the real wasm memory: each
 * live block holds its own pattern, re-checked before it is freed or resized; no two live blocks overlap; a
 * failed call leaves everything intact. Steps: STRESS_STEPS from the environment, else a per-variant default:
 * 1,000,000 for variants that reuse memory; page (a page per block) 1,500 and bump (never reuses) 30,000. */
#include <malloc.h>
#include <stdlib.h>

#include "check.h"

enum { SLOTS = 400 };
static struct {
  unsigned char* p;
  size_t n;
  unsigned tag;
} live[SLOTS];

static uint64_t state = 0x9E3779B97F4A7C15u;
static uint32_t next(void) { /* xorshift64*: fixed seed, same sequence everywhere */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (uint32_t)((state * 0x2545F4914F6CDD1Du) >> 32);
}

static size_t random_size(void) {
  uint32_t r = next();
  switch (r % 16) {
    case 0: return r % 9;
    case 1: return 4096 + r % 70000;
    default: return r % (!REUSES ? 600 : 2000);
  }
}

static int disjoint(const unsigned char* p, size_t n, int except) {
  for (int i = 0; i < SLOTS; ++i)
    if (i != except && live[i].p &&
        !(p + (n ? n : 1) <= live[i].p || live[i].p + (live[i].n ? live[i].n : 1) <= p))
      return 0;
  return 1;
}

int main(void) {
  SKIP_UNLESS(ALLOCATES, "never allocates");
  const char* env = getenv("STRESS_STEPS");
  long steps = env ? atol(env) : !USES_INITIAL ? 1500 : !REUSES ? 30000 : 1000000;
  unsigned tag = 0;
  long ops = 0, failed = 0;
  for (long step = 0; step < steps && !failures; ++step) {
    int s = (int)(next() % SLOTS);
    ++ops;
    if (live[s].p) {
      CHECK(intact(live[s].p, live[s].n, live[s].tag));
      if (next() % 3 == 0) { /* realloc */
        size_t n = random_size();
        size_t kept = n < live[s].n ? n : live[s].n;
        unsigned char* q = realloc(live[s].p, n);
        if (!q) {
          ++failed;
          CHECK(errno == ENOMEM && intact(live[s].p, live[s].n, live[s].tag));
          continue;
        }
        CHECK(intact(q, kept, live[s].tag));
        live[s].p = NULL;
        CHECK((uintptr_t)q % 16 == 0 && disjoint(q, n, s) && malloc_usable_size(q) >= n);
        live[s].p = q;
        live[s].n = n;
        live[s].tag = ++tag;
        fill(q, n, tag);
      } else {
        free(live[s].p);
        live[s].p = NULL;
      }
      continue;
    }
    size_t n = random_size(), align = 16;
    unsigned char* p;
    switch (next() % 4) {
      case 0:
        p = calloc(1, n);
        for (size_t i = 0; p && i < n; ++i) CHECK(p[i] == 0);
        break;
      case 1:
        align = (size_t)1 << (next() % 13);
        p = aligned_alloc(align, n);
        break;
      default: p = malloc(n);
    }
    if (!p) {
      ++failed;
      CHECK(errno == ENOMEM);
      continue;
    }
    CHECK((uintptr_t)p % align == 0 && (uintptr_t)p % 16 == 0);
    CHECK(disjoint(p, n, -1) && malloc_usable_size(p) >= n);
    live[s].p = p;
    live[s].n = n;
    live[s].tag = ++tag;
    fill(p, n, tag);
  }
  for (int i = 0; i < SLOTS; ++i)
    if (live[i].p) {
      CHECK(intact(live[i].p, live[i].n, live[i].tag));
      free(live[i].p);
    }
  printf("%ld operations (%ld failed with ENOMEM), memory %zu pages\n", ops, failed, memory_pages());
  return finish("stress");
}
