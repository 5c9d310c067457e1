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
/* What a test may expect of the variant under test: the traits it declares (traits.cpp); a reference build on
 * wasi-libc's dlmalloc (-DDLMALLOC_REFERENCE) allocates, reuses and uses the initial memory. */
#ifdef DLMALLOC_REFERENCE
#define ALLOCATES 1
#define USES_INITIAL 1
#define REUSES 1
#else
extern const _Bool wasmalloc_test_allocates, wasmalloc_test_reuses, wasmalloc_test_uses_initial, wasmalloc_test_resets;
#define ALLOCATES wasmalloc_test_allocates
#define USES_INITIAL wasmalloc_test_uses_initial /* serves [__heap_base, __heap_end) first */
#define REUSES wasmalloc_test_reuses             /* any freed block can be handed out again */
#define RESETS wasmalloc_test_resets             /* wasmalloc_reset() empties the heap */
#endif

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
