/* Misuse that the debug_checks build must catch (built and run only with -Ddebug_checks=true): built once per
 * case (-DMISUSE_CASE="foreign", ...), it commits one error; the library must print
 * "wasmalloc: <call>(0x<address>): <problem>" on stderr and trap before the program goes on. It prints the address
 * it expects first ("expect 0x..."); expect_trap.py compares the two. */
#include <stdlib.h>

#include "check.h"

static int anchor; /* static data: never handed out by malloc */

static void expect(const void* p) {
  printf("expect 0x%08lx\n", (unsigned long)(uintptr_t)p);
  fflush(stdout);
}

/* The case is compiled in (MISUSE_CASE), not read from argv: wasi-libc allocates argv before main, which the
 * `fail` variant cannot do (the program would exit with status 70 before committing anything). */
int main(void) {
  const char* what = MISUSE_CASE;
  unsigned char* p = malloc(100);
  if (!strcmp(what, "foreign")) {
    expect(&anchor);
    free(&anchor);
  } else if (!strcmp(what, "realloc_foreign")) {
    expect(&anchor);
    CHECK(realloc(&anchor, 10) == NULL);
  } else if (!strcmp(what, "wild")) { /* beyond the end of memory: reading it would trap differently */
    unsigned char* w = (unsigned char*)(uintptr_t)0xFFFF0000u;
    expect(w);
    free(w);
  } else if (!strcmp(what, "double_free")) {
    expect(p);
    free(p);
    free(p);
  } else if (!strcmp(what, "overflow")) {
    expect(p);
    p[100] = 1;
    free(p);
  } else if (!strcmp(what, "underflow")) {
    expect(p);
    p[-6] ^= 0x40;
    free(p);
  } else if (!strcmp(what, "use_after_free")) {
    expect(p + 7);
    free(p);
    p[7] = 1;
    for (int i = 0; i < 64; ++i) free(malloc(16));
  } else {
    printf("unknown case %s\n", what);
    return 2;
  }
  printf("not caught: %s\n", what);
  return 1;
}
