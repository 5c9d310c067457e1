/* The C API of the library under test, linked in place of dlmalloc: results, errno and memory growth. */
#include <malloc.h>
#include <stdlib.h>

#include "check.h"

static void fail_variant(void) {
  size_t pages = memory_pages();
  void* out = &out;
  errno = 0;
  CHECK(malloc(1) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(malloc(0) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(calloc(2, 8) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(realloc(NULL, 8) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(aligned_alloc(64, 8) == NULL && errno == ENOMEM);
  CHECK(posix_memalign(&out, 64, 8) == ENOMEM && out == &out);
  free(NULL);
  CHECK(malloc_usable_size(NULL) == 0);
  CHECK(memory_pages() == pages);
}

static void heap_start(void) {
  size_t pages = memory_pages();
  unsigned char* p = malloc(100);
  CHECK(p != NULL);
  if (USES_INITIAL) {
    CHECK(p >= &__heap_base && p + 100 <= &__heap_end);
    CHECK(memory_pages() == pages);
  }
  free(p);
}

static void blocks(void) {
  enum { N = 64 };
  unsigned char* p[N];
  size_t n[N];
  for (unsigned i = 0; i < N; ++i) {
    n[i] = (i * 2654435761u) % (i < 48 ? 300 : 70000);
    p[i] = malloc(n[i]);
    CHECK(p[i] != NULL);
    CHECK((uintptr_t)p[i] % 16 == 0);
    CHECK(malloc_usable_size(p[i]) >= n[i]);
    fill(p[i], n[i], i);
  }
  for (unsigned i = 0; i < N; ++i) {
    CHECK(intact(p[i], n[i], i));
    for (unsigned j = 0; j < N; ++j) /* no two blocks overlap (size-0 blocks count as one byte) */
      if (i != j) CHECK(p[i] + (n[i] ? n[i] : 1) <= p[j] || p[j] + (n[j] ? n[j] : 1) <= p[i]);
  }
  for (unsigned i = N; i-- > 0;) free(p[i]);
}

static void zero_sizes(void) {
  void* a = malloc(0);
  void* b = malloc(0);
  CHECK(a != NULL && b != NULL && a != b);
  free(b);
  free(a);
  free(NULL);
  CHECK(malloc_usable_size(NULL) == 0);
}

static void calloc_rules(void) {
  unsigned char* dirty = malloc(512);
  memset(dirty, 0xA5, 512);
  free(dirty);
  unsigned char* z = calloc(16, 32);
  CHECK(z != NULL);
  for (int i = 0; z && i < 512; ++i) CHECK(z[i] == 0);
  free(z);
  size_t pages = memory_pages();
  errno = 0;
  CHECK(calloc(SIZE_MAX, 2) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(calloc(65536, 65537) == NULL && errno == ENOMEM);
  CHECK(memory_pages() == pages);
}

static void alignment_rules(void) {
  volatile size_t bad[] = {0, 3, 24, 100, SIZE_MAX};
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    errno = 0;
    CHECK(aligned_alloc(bad[i], 32) == NULL && errno == EINVAL);
    void* out = &out;
    CHECK(posix_memalign(&out, bad[i], 32) == EINVAL && out == &out);
  }
  void* out = &out;
  CHECK(posix_memalign(&out, 2, 32) == EINVAL && out == &out); /* not a multiple of sizeof(void*) */
  for (size_t a = 1; a <= 8192; a *= 2) {
    void* p = aligned_alloc(a, 33);
    CHECK(p != NULL && (uintptr_t)p % a == 0 && (uintptr_t)p % 16 == 0);
    void* q = NULL;
    if (a >= sizeof(void*)) CHECK(posix_memalign(&q, a, 33) == 0 && q && (uintptr_t)q % a == 0);
    free(q);
    free(p);
  }
}

static void realloc_rules(void) {
  unsigned char* p = realloc(NULL, 40);
  CHECK(p != NULL);
  fill(p, 40, 1);
  void* pin = malloc(16); /* so that p is not the newest block */
  p = realloc(p, 100000);
  CHECK(p != NULL && intact(p, 40, 1));
  fill(p, 100000, 2);
  p = realloc(p, 24);
  CHECK(p != NULL && intact(p, 24, 2));
  size_t pages = memory_pages();
  errno = 0;
  CHECK(realloc(p, SIZE_MAX - 4) == NULL && errno == ENOMEM);
  CHECK(intact(p, 24, 2));
  CHECK(memory_pages() == pages);
  free(p);
  free(pin);
}

static void impossible(void) {
  volatile size_t sizes[] = {SIZE_MAX, SIZE_MAX - 8, SIZE_MAX - 65536, 0xF0000000u};
  size_t pages = memory_pages();
  for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    errno = 0;
    CHECK(malloc(sizes[i]) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(aligned_alloc(4096, sizes[i]) == NULL && errno == ENOMEM);
    void* out = &out;
    CHECK(posix_memalign(&out, 64, sizes[i]) == ENOMEM && out == &out);
  }
  CHECK(memory_pages() == pages); /* never grown for a request that cannot be met */
}

int main(void) {
  if (!ALLOCATES) {
    fail_variant();
    return finish("basic");
  }
  heap_start();
  blocks();
  zero_sizes();
  calloc_rules();
  alignment_rules();
  realloc_rules();
  impossible();
  return finish("basic");
}
