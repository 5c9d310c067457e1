// A C++ consumer: std::vector, std::string and std::map on wasmalloc. It shows that libc++'s operator new and
// delete end up in wasmalloc: the test links it with -Wl,--wrap=malloc,--wrap=free, so every call to malloc and
// free in the module (libc++abi's operator new and delete included) passes through the counters below on its way
// to the real malloc, and the module has no dlmalloc in it (the test checks its name section). Prints
// "containers ok ..." and exits 0 when every check holds.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "wasmalloc.h"

namespace {
// volatile: clang assumes that operator new does not touch the program's globals (-fassume-sane-operator-new),
// and would read the counters around `new` before the call.
volatile unsigned long mallocs, frees;
int* volatile escaped;  // keeps clang from eliding the new/delete pair below (C++ allows that)
}

extern "C" {
void* __real_malloc(size_t size);
void __real_free(void* p);
void* __wrap_malloc(size_t size) {
  mallocs = mallocs + 1;
  return __real_malloc(size);
}
void __wrap_free(void* p) {
  frees = frees + (p != nullptr);
  __real_free(p);
}
}

int main() {
  int failures = 0;
  unsigned long before = mallocs;
  escaped = new int(42);  // operator new -> malloc
  int* one = escaped;
  failures += mallocs != before + 1 || reinterpret_cast<uintptr_t>(one) % 16 != 0 || malloc_usable_size(one) < 4;
  before = frees;
  delete one;  // operator delete -> free
  failures += frees != before + 1;

  before = mallocs;
  {
    std::vector<std::string> words;
    std::map<std::string, int> counts;
    for (int i = 0; i < 2000; ++i) {
      std::string w = "a-longer-word-than-the-small-string-buffer-" + std::to_string(i % 97);
      words.push_back(w);
      ++counts[w];
    }
    failures += words.size() != 2000 || counts.size() != 97;
    int total = 0;
    for (const auto& [word, n] : counts) total += n;
    failures += total != 2000 || counts.begin()->first != "a-longer-word-than-the-small-string-buffer-0";
  }
  unsigned long container_mallocs = mallocs - before;
  failures += container_mallocs < 2000;  // every long string and map node is a heap block
  std::printf("containers %s: %lu mallocs, %lu frees through wasmalloc's malloc\n", failures ? "FAILED" : "ok",
              mallocs, frees);
  return failures != 0;
}
