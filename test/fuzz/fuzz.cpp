// libFuzzer target: the fuzzer's bytes are an operation sequence (see interpret.hpp) run on one variant, chosen by
// WASMALLOC_FUZZ_VARIANT (FailT, PageT, BumpT, ... as in support/variants.hpp), or on every variant in turn if
// it is unset. Built by scripts/fuzz with clang++-19 -fsanitize=fuzzer,address,undefined.
#include <cstdlib>
#include <cstring>

#include "interpret.hpp"

using namespace wasmalloc::test;

namespace {

#define WASMALLOC_STR_(...) #__VA_ARGS__
#define WASMALLOC_STR(...) WASMALLOC_STR_(__VA_ARGS__)

/// Run the input on the variant at `index` in the list (or on all of them if index < 0).
template <class... Vs>
void run(int index, const uint8_t* data, size_t size) {
  int i = 0;
  ((index < 0 || index == i++ ? (void)fuzz::interpret<Vs>(data, size) : (void)0), ...);
}

int selected() {
  static int index = [] {
    const char* want = std::getenv("WASMALLOC_FUZZ_VARIANT");
    if (!want || !*want) return -1;
    // The names of the list, in order: "FailT, PageT, ..." split at ", ".
    const char* names = WASMALLOC_STR(WASMALLOC_ALL_VARIANTS);
    int i = 0;
    for (const char* p = names; *p;) {
      size_t n = std::strcspn(p, ", ");
      if (n == std::strlen(want) && std::strncmp(p, want, n) == 0) return i;
      p += n;
      p += std::strspn(p, ", ");
      ++i;
    }
    std::fprintf(stderr, "WASMALLOC_FUZZ_VARIANT=%s is not one of: %s\n", want, names);
    std::exit(2);
  }();
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  run<WASMALLOC_ALL_VARIANTS>(selected(), data, size);
  return 0;
}
