/* Large blocks: sizes log-uniform in 64 KiB..4 MiB, at most 24 live at once; each step frees a random one or
 * allocates, with some reallocs. The allocator's page handling and memory growth dominate. */
#include "common.h"

#define SLOTS 24

static void* ptr[SLOTS];
static uint32_t size[SLOTS], id[SLOTS];

int main(int argc, char** argv) {
  size_t steps = (size_t)scale_arg(argc, argv) * 5000;
  uint32_t next_id = 0;
  for (size_t s = 0; s < steps; s++) {
    size_t i = rnd_range(0, SLOTS - 1);
    unsigned r = (unsigned)rnd_range(0, 9);
    size_t n = rnd_log(64 << 10, 4 << 20);
    if (ptr[i] && r < 2) {
      ptr[i] = b_realloc(ptr[i], size[i], n, id[i]);
      size[i] = (uint32_t)n;
    } else if (ptr[i]) {
      b_free(ptr[i], size[i], id[i]);
      ptr[i] = NULL;
    } else {
      ptr[i] = b_malloc(n, next_id);
      size[i] = (uint32_t)n;
      id[i] = next_id++;
    }
  }
  for (size_t i = 0; i < SLOTS; i++)
    if (ptr[i]) b_free(ptr[i], size[i], id[i]);
  return finish();
}
