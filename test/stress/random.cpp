// Seeded random operation sequences against the shadow model of support/interpreter.hpp, on every variant that
// allocates: each live block keeps its own pattern, blocks never overlap, failed calls leave everything intact,
// check() holds after every step, while memory is capped and other code grows it now and then.
#include <cstdlib>

#include "interpreter.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

/// Operations per variant: WASMALLOC_STRESS_STEPS (default 1,000,000) for variants that reuse memory; bump, which
/// never reuses, a tenth; page, which spends 64 KiB on every block, a twentieth (both soon run out of memory and
/// then exercise the out-of-memory paths).
template <class A>
size_t steps_for() {
  const char* env = std::getenv("WASMALLOC_STRESS_STEPS");
  size_t steps = env ? std::strtoull(env, nullptr, 10) : 1000000;
  return A::kTraits.reuses ? steps : A::kTraits.uses_initial ? steps / 10 : steps / 20;
}

TEMPLATE_LIST_TEST_CASE("random operations against a shadow model", "[stress]", Allocating) {
  size_t total = 0;
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    TestType a;
    fake(a).set_max_pages(1500);
    RandomBytes in(seed);
    InterpreterOptions options;
    options.max_ops = steps_for<TestType>() / 10;
    options.max_size = 40000;  // every byte of every block is written and read back
    total += interpret(a, in, options);
  }
  WARN("stress operations: " << total << " " << variant_name<TestType>());  // scripts/test prints these lines
}
