/* Small objects: sizes 8..128 (skewed towards the small end, as object sizes are), a bounded live set of
 * 20,000 slots. Each step picks a slot at random, frees what it holds and allocates a new object there. */
#include "common.h"

#define SLOTS 20000

static void* ptr[SLOTS];
static uint32_t size[SLOTS], id[SLOTS];

int main(int argc, char** argv) {
  size_t steps = (size_t)scale_arg(argc, argv) * 200000;
  uint32_t next_id = 0;
  for (size_t s = 0; s < steps; s++) {
    size_t i = rnd_range(0, SLOTS - 1);
    if (ptr[i]) b_free(ptr[i], size[i], id[i]);
    size_t n = rnd() & 1 ? rnd_range(8, 32) : rnd_range(8, 128);
    ptr[i] = b_malloc(n, next_id);
    size[i] = (uint32_t)n;
    id[i] = next_id++;
  }
  for (size_t i = 0; i < SLOTS; i++)
    if (ptr[i]) b_free(ptr[i], size[i], id[i]);
  return finish();
}
