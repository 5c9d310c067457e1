/* The hello/goodbye module: lol_alloc's size example redone in C. Freestanding wasm32 (no
 * libc) or wasm32-wasi; exports hello() -> malloc(1) holding 42, and goodbye(p) -> free(p). */
#include "wasmalloc.h"

__attribute__((export_name("hello"))) void* hello(void) {
  unsigned char* p = malloc(1);
  *p = 42;
  return p;
}

__attribute__((export_name("goodbye"))) void goodbye(void* p) { free(p); }
