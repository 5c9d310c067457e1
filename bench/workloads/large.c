/* Large blocks: sizes log-uniform in 64 KiB..4 MiB, at most 24 live at once; each step frees a random one or
 * allocates, with some reallocs. The allocator's page handling and memory growth dominate. */
#include "common.h"

#define SLOTS 24

static Slot slot[SLOTS];

static void step(Slot* t) {
  unsigned r = (unsigned)rnd_range(0, 9);
  size_t n = rnd_log(64 << 10, 4 << 20);
  if (t->p && r < 2)
    slot_realloc(t, n);
  else if (t->p)
    slot_free(t);
  else
    slot_malloc(t, n);
}

int main(int argc, char** argv) { return churn(slot, SLOTS, (size_t)scale_arg(argc, argv) * 5000, step); }
