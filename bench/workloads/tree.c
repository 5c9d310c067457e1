/* Trees: binary trees of small nodes (24..48 bytes) built recursively and torn down in post-order, so frees come
 * mostly in reverse order of allocation, while one long-lived tree stays (the shape of the binary-trees
 * benchmark). Node: 8 tag bytes, then id, size, left, right (32-bit words), then 0..3 words of payload. */
#include "common.h"

static uint32_t* build(int depth) {
  size_t n = 24 + 8 * rnd_range(0, 3);
  uint32_t id = next_id++;
  uint32_t* t = malloc(n);
  if (!t) oom();
  count_alloc(n);
  for (size_t i = 0; i < 8; i++) ((unsigned char*)t)[i] = tag_byte(id, i);
  t[2] = id;
  t[3] = (uint32_t)n;
  t[4] = (uint32_t)(uintptr_t)(depth > 0 ? build(depth - 1) : NULL);
  t[5] = (uint32_t)(uintptr_t)(depth > 0 ? build(depth - 1) : NULL);
  return t;
}

static uint64_t tear(uint32_t* t) {
  if (!t) return 0;
  uint32_t id = t[2], n = t[3];
  uint64_t h = tear((uint32_t*)(uintptr_t)t[4]) * 3 + tear((uint32_t*)(uintptr_t)t[5]) + id;
  for (size_t i = 0; i < 8; i++)
    if (((unsigned char*)t)[i] != tag_byte(id, i)) corrupt(id);
  ops++;
  live -= n;
  free(t);
  return h + n;
}

int main(int argc, char** argv) {
  int rounds = scale_arg(argc, argv);
  uint32_t* keep = build(14);
  for (int r = 0; r < rounds; r++) {
    for (int d = 4; d <= 16; d += 2) {
      int iters = 1 << (16 - d);
      for (int i = 0; i < iters; i++) mix(tear(build(d)));
    }
  }
  mix(tear(keep));
  return finish();
}
