// Seeded random operation sequences against a shadow model (every variant that allocates, on FakeMemory):
// each live block is filled with its own pattern and re-checked before it is freed or resized; blocks never
// overlap; check() holds after every step. Failed calls (out of memory) must leave every block intact.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "variants.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

struct Live {
  size_t size;
  uint32_t tag;
};

/// Operations per variant: WASMALLOC_STRESS_STEPS (default 1,000,000) for variants that reuse memory; bump, which
/// never reuses, a tenth; page, which spends 64 KiB on every block, a twentieth (both soon run out of the 1,500-page
/// cap and then exercise the out-of-memory paths).
template <class A>
size_t steps_for() {
  const char* env = std::getenv("WASMALLOC_STRESS_STEPS");
  size_t steps = env ? std::strtoull(env, nullptr, 10) : 1000000;
  return Traits<A>::reuses ? steps : Traits<A>::uses_initial ? steps / 10 : steps / 20;
}

template <class A>
size_t run_sequence(uint32_t seed, size_t steps) {
  using C = Api<A>;
  A a;
  a.source().set_max_pages(1500);
  std::mt19937 rng(seed);
  std::map<uintptr_t, Live> live;  // address -> block, ordered so overlap is checked against neighbours
  uint32_t next_tag = 1;
  size_t operations = 0;

  auto size_of = [&]() -> size_t {
    switch (rng() % 8) {
      case 0: return rng() % 9;                // tiny, including 0
      case 1: return 50000 + rng() % 100000;   // spans pages
      default: return rng() % 2000;
    }
  };
  auto add = [&](void* p, size_t size) {
    REQUIRE(p != nullptr);
    uintptr_t x = as_addr(p);
    REQUIRE(x % 16 == 0);
    REQUIRE(C::usable_size(a, p) >= size);
    auto next = live.lower_bound(x);
    if (next != live.end()) REQUIRE(x + (size ? size : 1) <= next->first);
    if (next != live.begin()) {
      auto prev = std::prev(next);
      REQUIRE(prev->first + (prev->second.size ? prev->second.size : 1) <= x);
    }
    uint32_t tag = next_tag++;
    fill_pattern(p, size, tag);
    live[x] = {size, tag};
  };
  auto pick = [&]() { auto it = live.begin(); std::advance(it, rng() % live.size()); return it; };

  for (size_t step = 0; step < steps; ++step) {
    unsigned op = rng() % 10;
    ++operations;
    if (op < 4 || live.empty()) {  // malloc / calloc / aligned_alloc
      size_t size = size_of();
      void* p;
      if (op == 0) {
        p = C::calloc(a, 1, size);
        bool zero = true;
        for (size_t i = 0; p && i < size; ++i) zero &= static_cast<unsigned char*>(p)[i] == 0;
        REQUIRE(zero);
      } else if (op == 1) {
        size_t align = size_t(1) << (rng() % 13);
        p = C::aligned_alloc(a, align, size);
        if (p) REQUIRE(as_addr(p) % align == 0);
      } else {
        p = C::malloc(a, size);
      }
      if (p) add(p, size);
      else REQUIRE(errno == ENOMEM);
    } else if (op < 8) {  // free
      auto it = pick();
      REQUIRE(has_pattern(as_ptr<void>(it->first), it->second.size, it->second.tag));
      C::free(a, as_ptr<void>(it->first));
      live.erase(it);
    } else {  // realloc
      auto it = pick();
      Live old = it->second;
      void* p = as_ptr<void>(it->first);
      REQUIRE(has_pattern(p, old.size, old.tag));
      size_t size = size_of();
      errno = 0;
      void* q = C::realloc(a, p, size);
      if (!q) {
        REQUIRE(errno == ENOMEM);
        REQUIRE(has_pattern(p, old.size, old.tag));  // untouched
      } else {
        size_t kept = old.size < size ? old.size : size;
        REQUIRE(has_pattern(q, kept, old.tag));
        live.erase(it);
        add(q, size);
      }
    }
    REQUIRE(a.check());
  }
  for (auto& [addr, b] : live) {
    REQUIRE(has_pattern(as_ptr<void>(addr), b.size, b.tag));
    C::free(a, as_ptr<void>(addr));
  }
  REQUIRE(a.check());
  return operations;
}

}  // namespace

TEMPLATE_TEST_CASE("random operations against a shadow model", "[stress]", WASMALLOC_ALLOCATING_VARIANTS) {
  size_t total = 0;
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    total += run_sequence<TestType>(seed, steps_for<TestType>() / 10);
  }
  // scripts/test prints these lines.
  std::string name = Catch::getResultCapture().getCurrentTestName();
  WARN("stress operations: " << total << " " << name.substr(name.rfind(' ') + 1));
}
