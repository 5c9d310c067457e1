/* Other code in the module calls memory.grow too (an sbrk user, another allocator). The pages it gets are its
 * own: no block may be placed in them, and its data must survive our allocations. */
#include <stdlib.h>

#include "check.h"

enum { FOREIGN = 24, BLOCKS = 96 };

int main(void) {
  SKIP_UNLESS(ALLOCATES, "never allocates");
  unsigned char* foreign[FOREIGN];
  unsigned char* block[BLOCKS];
  size_t size[BLOCKS];
  int f = 0;
  for (int i = 0; i < BLOCKS; ++i) {
    if (i % 4 == 0 && f < FOREIGN) { /* someone else grows memory by a page and fills it */
      size_t old = __builtin_wasm_memory_grow(0, 1);
      CHECK(old != (size_t)-1);
      foreign[f] = (unsigned char*)(old * 65536);
      memset(foreign[f], 0xF0 + f % 16, 65536);
      ++f;
    }
    size[i] = (size_t)(i * 2654435761u) % 50000;
    block[i] = malloc(size[i]);
    CHECK(block[i] != NULL);
    if (block[i]) fill(block[i], size[i], (unsigned)i);
  }
  for (int i = 0; i < BLOCKS; ++i) {
    if (!block[i]) continue;
    CHECK(intact(block[i], size[i], (unsigned)i));
    for (int j = 0; j < f; ++j) /* outside every foreign page */
      CHECK(block[i] + size[i] <= foreign[j] || foreign[j] + 65536 <= block[i]);
  }
  for (int j = 0; j < f; ++j)
    for (int k = 0; k < 65536; ++k)
      if (foreign[j][k] != 0xF0 + j % 16) {
        CHECK(!"foreign page overwritten");
        break;
      }
  for (int i = 0; i < BLOCKS; ++i) free(block[i]);
  return finish("foreign_grow");
}
