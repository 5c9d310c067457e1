/* Allocator-bound random actions, in the style of talc's benchmark: 4,096 slots; each action picks one at random.
 * An empty slot gets a block of 1..10,000 bytes; a full one is freed (two times in three) or reallocated to a new
 * random size. The program does nothing else with its memory: each block's first byte is written when it is
 * allocated and read back (and checked) when it is freed or reallocated, so the time is the allocator's. */
#include "common.h"

#define SLOTS 4096

static unsigned char* ptr[SLOTS];
static unsigned char tag_of[SLOTS];

int main(int argc, char** argv) {
  size_t actions = (size_t)scale_arg(argc, argv) * 100000;
  for (size_t a = 0; a < actions; a++) {
    size_t i = rnd_range(0, SLOTS - 1);
    unsigned char* p = ptr[i];
    if (!p) {
      p = malloc(rnd_range(1, 10000));
      if (!p) oom();
      *p = tag_of[i] = (unsigned char)a;
    } else {
      if (*p != tag_of[i]) corrupt((uint32_t)i);
      mix(*p);
      if (rnd_range(0, 2)) {
        free(p);
        p = NULL;
      } else if (!(p = realloc(p, rnd_range(1, 10000)))) {
        oom();
      }
    }
    ptr[i] = p;
    ops++;
  }
  for (size_t i = 0; i < SLOTS; i++) free(ptr[i]);
  return finish();
}
