/* A module with no libc (cross/wasm32.ini) for the browser or any embedder: it exports wasmalloc's malloc and
 * free (linked with -Wl,--export=malloc,--export=free) and one function that works on memory the caller
 * allocated. run.mjs shows how JavaScript calls it. Build:
 *   clang-19 --target=wasm32 -nostdlib -Wl,--no-entry -mbulk-memory -O2 -Iinclude module.c libwasmalloc.a \
 *     -Wl,--export=malloc,--export=free -o module.wasm */
#include <stddef.h>

#include "wasmalloc.h"

/* Returns a new NUL-terminated block (from malloc: the caller frees it) holding the n bytes at text, upper-cased
 * (ASCII), or 0 if memory runs out. */
__attribute__((export_name("shout"))) char* shout(const char* text, size_t n) {
  char* out = malloc(n + 1);
  if (!out) return 0;
  for (size_t i = 0; i < n; ++i) out[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 'a' + 'A') : text[i];
  out[n] = 0;
  return out;
}
