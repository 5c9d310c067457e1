/* The library with no libc at all (cross/wasm32.ini): the module imports nothing, so any libc call (memcpy,
 * memset, errno) would have failed the link. run() returns the number of failed checks; scripts/wasmrun calls
 * it and uses the result as exit status. */
#include <stdint.h>

#include "wasmalloc.h"

static int failures;
#define CHECK(c) (failures += !(c))
#define EINVAL_WASI 28 /* posix_memalign's error numbers without a libc: the WASI values */
#define ENOMEM_WASI 48

static int is(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

__attribute__((export_name("run"))) int run(void) {
  void* out = &out;
  CHECK(posix_memalign(&out, 3, 16) == EINVAL_WASI && out == &out);
  CHECK(aligned_alloc(24, 16) == 0);
  if (is(VARIANT, "fail")) {
    CHECK(malloc(1) == 0 && calloc(1, 1) == 0 && realloc(0, 1) == 0);
    CHECK(posix_memalign(&out, 64, 16) == ENOMEM_WASI && out == &out);
    return failures;
  }
  unsigned char* p = malloc(100);
  CHECK(p && (uintptr_t)p % 16 == 0 && malloc_usable_size(p) >= 100);
  for (int i = 0; p && i < 100; ++i) p[i] = (unsigned char)i;
  unsigned char* q = realloc(p, 100000); /* copied with memory.copy, not a libc memcpy */
  CHECK(q != 0);
  for (int i = 0; q && i < 100; ++i) CHECK(q[i] == i);
  for (int i = 0; q && i < 100000; ++i) q[i] = 0xEE;
  free(q);
  unsigned char* z = calloc(1000, 100); /* zeroed with memory.fill */
  CHECK(z != 0);
  for (int i = 0; z && i < 100000; ++i) CHECK(z[i] == 0);
  void* a = aligned_alloc(4096, 10);
  CHECK(a && (uintptr_t)a % 4096 == 0);
  CHECK(posix_memalign(&out, 256, 10) == 0 && (uintptr_t)out % 256 == 0);
  CHECK(malloc((size_t)-1) == 0 && calloc((size_t)-1, 2) == 0);
  free(out);
  free(a);
  free(z);
  free(0);
  return failures;
}
