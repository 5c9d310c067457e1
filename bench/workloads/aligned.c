/* Aligned requests: a bounded live set of 4,096 slots churned at random; half the requests are plain mallocs,
 * half aligned_alloc with an alignment of 16..4096 (powers of two, each as likely), sizes 1..8192 log-uniform. */
#include "common.h"

#define SLOTS 4096

static void* ptr[SLOTS];
static uint32_t size[SLOTS], id[SLOTS];

int main(int argc, char** argv) {
  size_t steps = (size_t)scale_arg(argc, argv) * 100000;
  uint32_t next_id = 0;
  for (size_t s = 0; s < steps; s++) {
    size_t i = rnd_range(0, SLOTS - 1);
    if (ptr[i]) b_free(ptr[i], size[i], id[i]);
    size_t n = rnd_log(1, 8192);
    if (rnd() & 1)
      ptr[i] = b_malloc(n, next_id);
    else
      ptr[i] = b_aligned((size_t)16 << rnd_range(0, 8), n, next_id);
    size[i] = (uint32_t)n;
    id[i] = next_id++;
  }
  for (size_t i = 0; i < SLOTS; i++)
    if (ptr[i]) b_free(ptr[i], size[i], id[i]);
  return finish();
}
