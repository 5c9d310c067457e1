// C++ under emscripten: std::vector, std::string and std::map, whose operator new and delete (emscripten's
// libc++abi) must reach wasmalloc's malloc and free. Linked with -Wl,--wrap=malloc,--wrap=free: the wrappers
// count the calls and pass them on (to wasmalloc: which-malloc checks that the module holds no other allocator).
// Memory grows past its initial 16 MiB (-sALLOW_MEMORY_GROWTH).
#include <stdio.h>
#include <stdlib.h>

#include <map>
#include <string>
#include <vector>

extern "C" {
extern const bool wasmalloc_test_allocates;  // the variant's trait (test/wasm/traits.cpp)
void* __real_malloc(size_t);
void __real_free(void*);
static size_t mallocs, frees;
void* __wrap_malloc(size_t n) {
  ++mallocs;
  return __real_malloc(n);
}
void __wrap_free(void* p) {
  if (p) ++frees;
  __real_free(p);
}
}

static int failures;
static void* volatile sink;  // what goes through it is not optimised away
#define CHECK(c) ((c) ? (void)0 : (void)(failures++, fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c)))

int main() {
  if (!wasmalloc_test_allocates) {  // `fail`: operator new would abort
    printf("skipped: the variant allocates nothing\n");
    return 77;
  }
  int* one = new int(7);
  sink = one;
  CHECK(mallocs == 1 && *one == 7);
  delete static_cast<int*>(sink);
  CHECK(frees == 1);
  {
    std::vector<std::string> words;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < 2000; ++i) {
      words.push_back("word number " + std::to_string(i) + " of a string long enough to leave the SSO buffer");
      index[words.back()] = i;
    }
    std::vector<long long> big(3 << 20);  // 24 MiB: memory grows
    for (size_t i = 0; i < big.size(); ++i) big[i] = (long long)i * 3;
    for (size_t i = 0; i < words.size(); ++i) CHECK(index.at(words[i]) == i);
    long long sum = 0;
    for (long long v : big) sum += v % 7;
    CHECK(sum > 0 && big[12345] == 12345 * 3);
  }
  CHECK(mallocs > 4000 && mallocs == frees);
  printf("containers: %zu mallocs, %zu frees reached wasmalloc through operator new/delete: %s\n", mallocs, frees,
         failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
