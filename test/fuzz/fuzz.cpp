// libFuzzer target: the fuzzer's bytes are an operation sequence (support/interpreter.hpp) run on one target:
// a variant over FakeMemory ("tlsf"), or a variant under a wrapper ("counted-tlsf": -Dstats_counters,
// "checked-tlsf": -Ddebug_checks), with stats() checked after every call. WASMALLOC_FUZZ_TARGET names it (unset:
// every target in turn); WASMALLOC_FUZZ_LIST=1 prints the names and exits (scripts/fuzz asks this way).
// Built in the host build with -fsanitize=fuzzer,address,undefined.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "stats_check.hpp"

using namespace wasmalloc::test;

namespace {

using Targets = Concat<AllVariants, AllCounted, AllChecked>;
constexpr size_t kVariants = std::tuple_size_v<AllVariants>;

std::string target_name(size_t i) {
  static const char* const kPrefix[] = {"", "counted-", "checked-"};
  return std::string(kPrefix[i / kVariants]) + kVariantNames[i % kVariants];
}

template <class A>
void run_one(const uint8_t* data, size_t size) {
  A a;
  Bytes in(data, size);
  interpret(a, in, {}, [](A& x, const Shadow& s) { check_stats(x, s); });
}

template <class... A>
void run(List<A...>*, size_t index, const uint8_t* data, size_t size) {
  size_t i = 0;
  ((i++ == index || index == SIZE_MAX ? run_one<A>(data, size) : void()), ...);
}

constexpr size_t kTargets = std::tuple_size_v<Targets>;

size_t selected() {
  static size_t index = [] {
    constexpr size_t n = kTargets;
    const char* want = std::getenv("WASMALLOC_FUZZ_TARGET");
    if (!want || !*want) return SIZE_MAX;
    for (size_t i = 0; i < n; ++i)
      if (target_name(i) == want) return i;
    std::fprintf(stderr, "WASMALLOC_FUZZ_TARGET=%s: no such target (WASMALLOC_FUZZ_LIST=1 lists them)\n", want);
    std::exit(2);
  }();
  return index;
}

}  // namespace

/// Before libFuzzer starts: WASMALLOC_FUZZ_LIST=1 prints the target names and ends the process.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("WASMALLOC_FUZZ_LIST")) {
    for (size_t i = 0; i < kTargets; ++i) std::printf("%s\n", target_name(i).c_str());
    std::fflush(stdout);
    _exit(0);  // not exit(): libFuzzer would call that a crash
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  run(static_cast<Targets*>(nullptr), selected(), data, size);
  return 0;
}
