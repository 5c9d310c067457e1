/* Random actions, as in talc's benchmark: sizes uniform in 1..10,000; each action allocates or frees a random
 * live block with equal odds (mode "mixed": 40 % allocate, 40 % free, 20 % realloc a random live block to a new
 * random size). The live set wanders freely. Everything is freed at the end. */
#include "common.h"

int main(int argc, char** argv) {
  size_t actions = (size_t)scale_arg(argc, argv) * 100000;
  int mixed = argc > 2 && strcmp(argv[2], "mixed") == 0;
  size_t cap = 1 << 16, count = 0;
  Slot* live_set = malloc(cap * sizeof(Slot));
  if (!live_set) oom();
  for (size_t a = 0; a < actions; a++) {
    unsigned r = (unsigned)rnd_range(0, 9);
    int alloc = count == 0 || (mixed ? r < 4 : r < 5);
    int re = !alloc && mixed && r >= 8;
    if (alloc && count < cap) {
      slot_malloc(&live_set[count++], rnd_range(1, 10000));
    } else if (count) {
      Slot* s = &live_set[rnd_range(0, count - 1)];
      if (re) {
        slot_realloc(s, rnd_range(1, 10000));
      } else {
        slot_free(s);
        *s = live_set[--count];
      }
    }
  }
  while (count) slot_free(&live_set[--count]);
  free(live_set);
  return finish();
}
