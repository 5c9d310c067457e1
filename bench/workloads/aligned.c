/* Aligned requests: a bounded live set of 4,096 slots churned at random; half the requests are plain mallocs,
 * half aligned_alloc with an alignment of 16..4096 (powers of two, each as likely), sizes 1..8192 log-uniform. */
#include "common.h"

#define SLOTS 4096

static Slot slot[SLOTS];

static void step(Slot* t) {
  if (t->p) slot_free(t);
  size_t n = rnd_log(1, 8192);
  if (rnd() & 1)
    slot_malloc(t, n);
  else
    slot_aligned(t, (size_t)16 << rnd_range(0, 8), n);
}

int main(int argc, char** argv) { return churn(slot, SLOTS, (size_t)scale_arg(argc, argv) * 100000, step); }
