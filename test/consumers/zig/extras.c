/* The allocation functions zig's libc defines beside malloc (lib/c/malloc.zig) and wasi-libc does not route
 * through malloc: reallocarray, memalign, valloc. Built with `zig cc` by scripts/test-consumers, whose check
 * that the module holds wasmalloc alone fails if any of them still comes from zig's allocator. Prints
 * "extras ok" when every check holds. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* zig's libc defines these two but its wasi headers do not declare them. */
void* memalign(size_t align, size_t size);
void* valloc(size_t size);

int main(int argc, char** argv) {
  (void)argv;
  int failures = 0;
  int* a = NULL;
  for (int n = 1; n <= 1000; n *= 2) { /* grow an array, keeping its contents */
    int* grown = reallocarray(a, (size_t)n + argc, sizeof *a);
    if (!grown) return 1;
    for (int i = n / 2; i < n; ++i) grown[i] = i;
    a = grown;
  }
  for (int i = 0; i < 512; ++i) failures += a[i] != i;
  failures += reallocarray(a, SIZE_MAX / 2 + 1, 2) != NULL; /* overflow: NULL, a untouched */
  failures += a[511] != 511;
  free(a);
  void* m = memalign(256, 1000);
  void* v = valloc(100);
  failures += m == NULL || (uintptr_t)m % 256 != 0;
  failures += v == NULL || (uintptr_t)v % 65536 != 0;
  free(m);
  free(v);
  printf("extras %s: %d failed checks\n", failures ? "FAILED" : "ok", failures);
  return failures != 0;
}
