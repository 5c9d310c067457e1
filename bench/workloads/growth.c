/* realloc growth: 16 strings grown a few bytes at a time (one realloc per append, as naive string building
 * does) and 16 vectors of 8-byte elements grown by doubling their capacity, appended to in turn, so that no one
 * of them stays at the top of the heap. Every round frees them and starts again. */
#include "common.h"

#define N 16

typedef struct { unsigned char* p; size_t len, cap; uint32_t id; } Buf;

int main(int argc, char** argv) {
  int rounds = scale_arg(argc, argv) * 4;
  for (int r = 0; r < rounds; r++) {
    Buf str[N] = {{0}}, vec[N] = {{0}};
    size_t target = 2000 + (size_t)r % 4 * 6000;  /* appends per string this round */
    for (int i = 0; i < N; i++) {
      str[i].id = next_id++;
      vec[i].id = next_id++;
    }
    for (size_t step = 0; step < target; step++) {
      for (int i = 0; i < N; i++) {
        /* String: append 1..16 bytes; realloc to exactly the new length. */
        Buf* s = &str[i];
        size_t add = rnd_range(1, 16);
        unsigned char* q = realloc(s->p, s->len + add);
        if (!q) oom();
        if (s->len && q[s->len - 1] != (unsigned char)(s->len - 1 + s->id)) corrupt(s->id);
        ops++;
        live += add;
        for (size_t k = 0; k < add; k++) q[s->len + k] = (unsigned char)(s->len + k + s->id);
        s->p = q;
        s->len += add;
        /* Vector: append two 8-byte elements, doubling the capacity when full. */
        Buf* v = &vec[i];
        for (int e = 0; e < 2; e++) {
          if (v->len == v->cap) {
            size_t cap = v->cap ? v->cap * 2 : 4;
            unsigned char* w = realloc(v->p, cap * 8);
            if (!w) oom();
            if (v->len && ((uint64_t*)w)[v->len - 1] != v->len - 1 + v->id) corrupt(v->id);
            ops++;
            live += (cap - v->cap) * 8;
            v->p = w;
            v->cap = cap;
          }
          ((uint64_t*)v->p)[v->len] = v->len + v->id;
          v->len++;
        }
      }
    }
    for (int i = 0; i < N; i++) {
      uint64_t h = 0;
      for (size_t k = 0; k < str[i].len; k += 61) h = h * 31 + str[i].p[k];
      for (size_t k = 0; k < vec[i].len; k += 61) h = h * 31 + ((uint64_t*)vec[i].p)[k];
      mix(h + str[i].len + vec[i].len);
      free(str[i].p);
      free(vec[i].p);
      ops += 2;
      live -= str[i].len + vec[i].cap * 8;
    }
  }
  return finish();
}
