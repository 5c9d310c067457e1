/* A program linked by a wasm-ld older than LLVM 16 (Debian's lld-14: emscripten 3.1.6 and rustc 1.63 link with
 * that generation), which does not define __heap_end; once more with --allow-undefined, where an undefined
 * symbol silently becomes 0 (the red team's defect 8: the link failed, or tlsf wrote to 0xfffffffc). The library
 * must then take the initial heap to end where memory ends. This program itself never names __heap_end. */
#include <stdlib.h>

#include "check.h"
#include "wasmalloc.h"

extern unsigned char __heap_base;

int main(void) {
  SKIP_UNLESS(ALLOCATES, "never allocates");
  uintptr_t initial_end = memory_pages() * 65536;
  enum { N = 200 };
  unsigned char* p[N];
  for (unsigned i = 0; i < N; ++i) {
    size_t n = 16 + (i * 2654435761u) % 5000;
    p[i] = malloc(n);
    CHECK(p[i] != NULL && (uintptr_t)p[i] >= (uintptr_t)&__heap_base);
    if (p[i]) fill(p[i], 16, i);
  }
  /* The first block: in the initial memory where the variant serves it first; bump gives it up without
   * __heap_end (it keeps a static limit, and a null one never fits: see src/variants/bump.hpp). */
  if (USES_INITIAL && !RESETS) CHECK((uintptr_t)p[0] < initial_end);
  for (unsigned i = 0; i < N; i += 2) free(p[i]);
  for (unsigned i = 1; i < N; i += 2) CHECK(intact(p[i], 16, i));
  unsigned char* big = realloc(p[1], 300000); /* grows memory */
  CHECK(big != NULL && intact(big, 16, 1));
  free(big);
  CHECK(wasmalloc_check() == 1);
  printf("first block at %p, initial memory ends at 0x%lx, memory now %zu pages\n", (void*)p[0],
         (unsigned long)initial_end, memory_pages());
  return finish("old_linker");
}
