/* Heap efficiency: run under a memory cap, allocate random sizes (mode "large": 1..10,000; "small": 8..128) and
 * free a random live block one step in three, until the first allocation fails. Prints the bytes live at that
 * moment (requested sizes); the suite divides by the heap (cap - __heap_base). Exit 0 when an allocation failed,
 * 5 if the step limit was reached first (the cap was never hit). */
#include "common.h"

#define CAP (1 << 18)
static Slot live_set[CAP];

int main(int argc, char** argv) {
  int small = argc > 2 && strcmp(argv[2], "small") == 0;
  size_t count = 0;
  for (uint32_t id = 0; id < (1u << 26); id++) {
    if (count && rnd_range(0, 2) == 0) {
      size_t k = rnd_range(0, count - 1);
      b_free(live_set[k].p, live_set[k].n, live_set[k].id);
      live_set[k] = live_set[--count];
      continue;
    }
    size_t n = small ? rnd_range(8, 128) : rnd_range(1, 10000);
    void* p = malloc(n);
    if (!p || count == CAP) {
      printf("failed_at=%llu live_at_failure=%llu request=%zu heap_base=%lu\n", (unsigned long long)ops,
             (unsigned long long)live, n, (unsigned long)(uintptr_t)&__heap_base);
      return p ? 5 : 0;
    }
    count_alloc(n);
    tag(p, n, id);
    live_set[count++] = (Slot){p, (uint32_t)n, id};
  }
  return 5;
}
