/* wasi-libc functions that allocate internally, running on the library under test: strdup, printf of long
 * strings, open_memstream, fopen/fclose on a preopened directory (/work, see meson.build), qsort. */

#include <stdlib.h>

#include "check.h"

static int by_string(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static void strings(void) {
  char* s = strdup("wasmalloc replaces dlmalloc");
  CHECK(s && strcmp(s, "wasmalloc replaces dlmalloc") == 0);
  char* t = strndup(s, 9);
  CHECK(t && strcmp(t, "wasmalloc") == 0);
  free(t);
  free(s);

  enum { LONG = 20000 };
  char* big = malloc(LONG + 1);
  CHECK(big != NULL);
  for (int i = 0; i < LONG; ++i) big[i] = (char)('a' + i % 26);
  big[LONG] = 0;
  int n = printf("long string: %.*s...%s\n", 60, big, big + LONG - 10);
  CHECK(n == 13 + 60 + 3 + 10 + 1);
  char* out = NULL;
  CHECK(asprintf(&out, "%s|%d", big, 42) == LONG + 3);
  CHECK(out && strncmp(out, big, LONG) == 0 && strcmp(out + LONG, "|42") == 0);
  free(out);
  free(big);
}

static void memstream(void) {
  char* buf = NULL;
  size_t len = 0;
  FILE* f = open_memstream(&buf, &len); /* grows its buffer with realloc */
  CHECK(f != NULL);
  for (int i = 0; f && i < 20000; ++i) fprintf(f, "%d,", i);
  CHECK(f && fclose(f) == 0);
  CHECK(buf && len > 100000 && strncmp(buf, "0,1,2,3,", 8) == 0);
  free(buf);
}

static void files(void) {
  FILE* w = fopen("/work/libc_alloc.txt", "w");
  CHECK(w != NULL);
  if (!w) return;
  for (int i = 0; i < 5000; ++i) fprintf(w, "line %d\n", i);
  CHECK(fclose(w) == 0);
  FILE* r = fopen("/work/libc_alloc.txt", "r");
  CHECK(r != NULL);
  if (!r) return;
  char line[64];
  int count = 0;
  while (fgets(line, sizeof line, r)) ++count;
  CHECK(count == 5000);
  CHECK(fclose(r) == 0);
  CHECK(remove("/work/libc_alloc.txt") == 0);
}

static void sorting(void) {
  enum { N = 3000 };
  char** words = malloc(N * sizeof *words);
  CHECK(words != NULL);
  for (int i = 0; i < N; ++i) {
    char tmp[16];
    snprintf(tmp, sizeof tmp, "w%07d", (i * 7919) % N);
    words[i] = strdup(tmp);
    CHECK(words[i] != NULL);
  }
  qsort(words, N, sizeof *words, by_string);
  for (int i = 1; i < N; ++i) CHECK(strcmp(words[i - 1], words[i]) < 0);
  for (int i = 0; i < N; ++i) free(words[i]);
  free(words);
}

/* With the fail variant, libc's allocating functions must fail cleanly, not crash. (No preopened directory
 * here: wasi-libc allocates its table of preopens at startup and exits with status 70 if it cannot.) */
static void failing(void) {
  errno = 0;
  CHECK(strdup("x") == NULL && errno == ENOMEM);
  errno = 0;
  CHECK(fdopen(1, "w") == NULL && errno == ENOMEM); /* the FILE itself is malloc'ed */
  char* buf = NULL;
  size_t len = 0;
  CHECK(open_memstream(&buf, &len) == NULL);
  CHECK(printf("printf needs no heap\n") == 21);
}

int main(void) {
  if (ALLOCATES) {
    strings();
    memstream();
    files();
    sorting();
  } else {
    failing();
  }
  return finish("libc_alloc");
}
