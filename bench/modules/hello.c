/* The hello/goodbye module (../shared/anchors.md): the lol_alloc example redone in C. Freestanding wasm32 (no
 * libc) or wasm32-wasi; exports hello() -> malloc(1) holding 42, and goodbye(p) -> free(p). */
#include "wasmalloc.h"

__attribute__((export_name("hello"))) void* hello(void) {
  unsigned char* p = malloc(1);
  *p = 42;
  return p;
}

__attribute__((export_name("goodbye"))) void goodbye(void* p) { free(p); }
