/* Small objects: sizes 8..128 (skewed towards the small end, as object sizes are), a bounded live set of
 * 20,000 slots. Each step picks a slot at random, frees what it holds and allocates a new object there. */
#include "common.h"

#define SLOTS 20000

static Slot slot[SLOTS];

static void step(Slot* t) {
  if (t->p) slot_free(t);
  slot_malloc(t, rnd() & 1 ? rnd_range(8, 32) : rnd_range(8, 128));
}

int main(int argc, char** argv) { return churn(slot, SLOTS, (size_t)scale_arg(argc, argv) * 200000, step); }
