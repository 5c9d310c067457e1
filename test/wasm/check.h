/* Shared by the wasm test programs: CHECK counts failures and says where; VARIANT names the variant built into
 * the library under test (or "dlmalloc" for the reference builds linked without it). Compile with -fno-builtin:
 * otherwise clang assumes malloc leaves errno alone and may read a stale errno after it. */
#ifndef WASMALLOC_TEST_CHECK_H
#define WASMALLOC_TEST_CHECK_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;
#define CHECK(c) \
  ((c) ? (void)0 : (void)(failures++, fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c)))

#define IS(v) (strcmp(VARIANT, v) == 0)
/* What a test may expect of the variant under test. */
#define ALLOCATES (!IS("fail"))
#define USES_INITIAL (!IS("fail") && !IS("page"))            /* serves [__heap_base, __heap_end) first */
#define REUSES (!IS("fail") && !IS("page") && !IS("bump"))   /* any freed block can be handed out again */

/* Exit status 77 tells Meson the test was skipped. */
#define SKIP_UNLESS(c, why)                              \
  do {                                                   \
    if (!(c)) {                                          \
      printf("skipped for %s: %s\n", VARIANT, why);      \
      return 77;                                         \
    }                                                    \
  } while (0)

extern unsigned char __heap_base, __heap_end;

static inline size_t memory_pages(void) { return __builtin_wasm_memory_size(0); }

static inline unsigned char pattern_byte(unsigned tag, size_t i) { return (unsigned char)(tag * 131 + i * 7 + 1); }
static inline void fill(void* p, size_t n, unsigned tag) {
  for (size_t i = 0; i < n; ++i) ((unsigned char*)p)[i] = pattern_byte(tag, i);
}
static inline int intact(const void* p, size_t n, unsigned tag) {
  for (size_t i = 0; i < n; ++i)
    if (((const unsigned char*)p)[i] != pattern_byte(tag, i)) return 0;
  return 1;
}

static inline int finish(const char* name) {
  printf("%s [%s]: %s, %d failed checks\n", name, VARIANT, failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}

#endif
