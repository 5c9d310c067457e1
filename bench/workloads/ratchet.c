/* Ratchet: a working set that keeps growing with interleaved frees (the pattern of talc issue #51). In each
 * round the program allocates a batch of blocks a little larger than the last round's, then frees every other
 * block of the previous batch, so the holes left behind are each too small for the next, larger blocks. The
 * live set grows steadily; an allocator that cannot reuse or merge the holes grows memory much faster. */
#include "common.h"

#define BATCH 256

int main(int argc, char** argv) {
  int rounds = 100 * scale_arg(argc, argv);
  size_t total = (size_t)rounds * BATCH;
  Slot* all = calloc(total, sizeof(Slot));
  if (!all) oom();
  size_t count = 0;
  for (int r = 0; r < rounds; r++) {
    size_t base = 64 + (size_t)r * 2000 / (size_t)rounds;  /* grows from 64 to ~2 KiB over the run */
    for (int k = 0; k < BATCH; k++) {
      size_t n = rnd_range(base, base + base / 2);
      slot_malloc(&all[count++], n);
    }
    if (r > 0) {
      Slot* prev = &all[(size_t)(r - 1) * BATCH];
      for (int k = (int)(rnd() & 1); k < BATCH; k += 2) slot_free(&prev[k]);
    }
  }
  for (size_t i = total; i-- > 0;)
    if (all[i].p) slot_free(&all[i]);
  free(all);
  return finish();
}
