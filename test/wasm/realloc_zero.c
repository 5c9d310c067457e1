/* What realloc(p, 0) does. Built twice: against the library under test and against wasi-libc's own dlmalloc
 * (VARIANT "dlmalloc"), so the expectation below is checked on dlmalloc itself: it returns a live, freeable
 * block (not NULL) and does not free p out from under a caller who keeps the result. */
#include <malloc.h>
#include <stdlib.h>

#include "check.h"

int main(void) {
  SKIP_UNLESS(ALLOCATES, "nothing to reallocate");
  unsigned char* p = malloc(10);
  CHECK(p != NULL);
  memset(p, 7, 10);
  errno = 0;
  unsigned char* q = realloc(p, 0);
  CHECK(q != NULL);
  CHECK(errno == 0);
  if (q) {
    q[0] = 1; /* a real block: writable, and freeable below */
    free(q);
  }
  unsigned char* z = realloc(NULL, 0); /* as malloc(0) */
  CHECK(z != NULL);
  free(z);
  return finish("realloc_zero");
}
