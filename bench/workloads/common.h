/* Shared by the benchmark workloads (bench/README.md). Each workload is a wasm32-wasi command with a fixed seed:
 *   WORKLOAD [SCALE]
 * SCALE (default 1) multiplies the amount of work; the suite uses a small one in quick mode.
 *
 * Blocks are tagged: the first and last 8 bytes (all bytes of a smaller block) are written with a pattern derived
 * from the block's id, and checked when the block is freed or reallocated. What is read back goes into a checksum
 * that does not depend on addresses, so every allocator must print the same one as dlmalloc. Writing only the ends
 * keeps the workload's own work small beside the allocator's.
 *
 * The workload counts the bytes it asked for and still holds (not what the allocator rounds them to): fill.c
 * reports them when the heap is full. (The floor of peak memory comes from a counting build: bench/programs/count.c.)
 *
 * Output, one line, the same for every allocator:  checksum=HEX ops=N
 * Exit status: 0 ok, 3 an allocation failed (printed as "oom at op N"), 4 a block's contents were corrupted. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern unsigned char __heap_base;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t checksum = 0xCBF29CE484222325ull;
static uint64_t ops, live;

/* xorshift64*: fast, and the same sequence on every engine. */
static inline uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}
/* Uniform in [lo, hi]. */
static inline size_t rnd_range(size_t lo, size_t hi) { return lo + (size_t)((rnd() >> 16) % (hi - lo + 1)); }
/* Log-uniform in [lo, hi]: as many blocks of each order of magnitude. */
static inline size_t rnd_log(size_t lo, size_t hi) {
  int a = 63 - __builtin_clzll(lo), b = 63 - __builtin_clzll(hi);
  int e = (int)rnd_range((size_t)a, (size_t)b);
  size_t base = (size_t)1 << e, top = base * 2 - 1;
  if (base < lo) base = lo;
  if (top > hi) top = hi;
  return rnd_range(base, top);
}

static inline void mix(uint64_t v) {
  checksum ^= v;
  checksum *= 0x100000001B3ull;
}

__attribute__((unused)) static int scale_arg(int argc, char** argv) {
  int s = argc > 1 ? atoi(argv[1]) : 1;
  return s > 0 ? s : 1;
}

static void oom(void) {
  printf("oom at op %llu live=%llu\n", (unsigned long long)ops, (unsigned long long)live);
  exit(3);
}

static void corrupt(uint32_t id) {
  printf("corrupt block id=%u at op %llu\n", id, (unsigned long long)ops);
  exit(4);
}

static inline void count_alloc(size_t n) {
  ops++;
  live += n;
}

/* The tag byte at offset i of block `id`. */
static inline unsigned char tag_byte(uint32_t id, size_t i) { return (unsigned char)(id * 0x9Du + i * 7u + 1u); }

static inline void tag(void* p, size_t n, uint32_t id) {
  unsigned char* b = (unsigned char*)p;
  if (n <= 16) {
    for (size_t i = 0; i < n; i++) b[i] = tag_byte(id, i);
  } else {
    for (size_t i = 0; i < 8; i++) b[i] = tag_byte(id, i);
    for (size_t i = n - 8; i < n; i++) b[i] = tag_byte(id, i);
  }
}

/* Check the tag of the first n bytes and fold what was read into the checksum. */
static inline void check_tag(const void* p, size_t n, uint32_t id) {
  const unsigned char* b = (const unsigned char*)p;
  uint64_t h = n;
  if (n <= 16) {
    for (size_t i = 0; i < n; i++) {
      if (b[i] != tag_byte(id, i)) corrupt(id);
      h = h * 31 + b[i];
    }
  } else {
    for (size_t i = 0; i < 8; i++) {
      if (b[i] != tag_byte(id, i) || b[n - 8 + i] != tag_byte(id, n - 8 + i)) corrupt(id);
      h = h * 31 + b[i] + b[n - 8 + i];
    }
  }
  mix(h);
}

static inline void* b_malloc(size_t n, uint32_t id) {
  void* p = malloc(n);
  if (!p) oom();
  count_alloc(n);
  tag(p, n, id);
  return p;
}

static inline void* b_aligned(size_t align, size_t n, uint32_t id) {
  void* p = aligned_alloc(align, n);
  if (!p) oom();
  if ((uintptr_t)p & (align - 1)) {
    printf("misaligned block id=%u align=%zu\n", id, align);
    exit(4);
  }
  count_alloc(n);
  tag(p, n, id);
  return p;
}

static inline void b_free(void* p, size_t n, uint32_t id) {
  check_tag(p, n, id);
  ops++;
  live -= n;
  free(p);
}

/* realloc a tagged block from n to m bytes: the kept prefix must survive; the block is retagged for m. */
static inline void* b_realloc(void* p, size_t n, size_t m, uint32_t id) {
  const unsigned char* b;
  size_t keep = n < m ? n : m;
  unsigned char head[8];
  size_t h = keep < 8 ? keep : 8;
  memcpy(head, p, h);
  void* q = realloc(p, m);
  if (!q) oom();
  b = (const unsigned char*)q;
  if (memcmp(head, b, h) != 0) corrupt(id);
  if (keep > 16 && n <= m && b[keep - 1] != tag_byte(id, keep - 1)) corrupt(id);
  mix(b[0] + (uint64_t)keep);
  ops++;
  live = live - n + m;
  tag(q, m, id);
  return q;
}

/* A block the workload holds, with what it asked for and its tag id; ids are handed out in order. */
typedef struct { void* p; uint32_t n, id; } Slot;
static uint32_t next_id;

__attribute__((unused)) static void slot_malloc(Slot* s, size_t n) {
  *s = (Slot){b_malloc(n, next_id), (uint32_t)n, next_id};
  next_id++;
}
__attribute__((unused)) static void slot_aligned(Slot* s, size_t align, size_t n) {
  *s = (Slot){b_aligned(align, n, next_id), (uint32_t)n, next_id};
  next_id++;
}
__attribute__((unused)) static void slot_realloc(Slot* s, size_t m) {
  s->p = b_realloc(s->p, s->n, m, s->id);
  s->n = (uint32_t)m;
}
__attribute__((unused)) static void slot_free(Slot* s) {
  b_free(s->p, s->n, s->id);
  s->p = NULL;
}

__attribute__((unused)) static int finish(void) {
  printf("checksum=%016llx ops=%llu\n", (unsigned long long)checksum, (unsigned long long)ops);
  return 0;
}

/* The slot-table workloads: `steps` times, `step` acts on a slot of the table picked at random; then what the
 * table still holds is freed. */
__attribute__((unused)) static int churn(Slot* table, size_t count, size_t steps, void (*step)(Slot*)) {
  for (size_t s = 0; s < steps; s++) step(&table[rnd_range(0, count - 1)]);
  for (size_t i = 0; i < count; i++)
    if (table[i].p) slot_free(&table[i]);
  return finish();
}

#endif
