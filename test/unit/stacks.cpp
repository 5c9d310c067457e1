// Every stack of wrappers a build can select (wrappers/stack.hpp: each variant, with or without counters, debug
// checks and the lock): each implements the whole interface itself, and stats(), check() and reset() do what
// include/wasmalloc.h says for that stack.
#include <catch2/catch.hpp>

#include <vector>

#include "stats_check.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

/// The variant at the bottom of a stack.
template <class A> struct BottomT { using type = A; };
template <class V> struct BottomT<Counted<V>> : BottomT<V> {};
template <class V, class R> struct BottomT<Checked<V, R>> : BottomT<V> {};
template <class V, class L> struct BottomT<Locked<V, L>> : BottomT<V> {};
template <template <class> class V, class M> struct BottomT<V<CountingSource<M>>> { using type = V<M>; };
template <class A>
using Bottom = typename BottomT<A>::type;

}  // namespace

TEMPLATE_LIST_TEST_CASE("every stack: random calls with stats and check after each", "[stacks]", AllStacks) {
  STATIC_REQUIRE(Allocator<TestType>);
  TestType a;
  RandomBytes in(7);
  InterpreterOptions options;
  options.max_ops = 400;
  options.max_size = 70000;
  interpret(a, in, options, [](TestType& x, const Shadow& s) { check_stats(x, s); });
}

TEMPLATE_LIST_TEST_CASE("every stack: reset does what the variant's reset does, and the heap works after it",
                        "[stacks]", AllStacks) {
  TestType a;
  Bottom<TestType> plain;
  using C = Api<TestType>;
  std::vector<void*> blocks;
  for (int i = 0; i < 20; ++i) {
    void* p = C::malloc(a, 100 + 10 * size_t(i));
    Api<Bottom<TestType>>::malloc(plain, 100 + 10 * size_t(i));
    if (p) blocks.push_back(p);
  }
  for (size_t i = 0; i < blocks.size(); i += 2) C::free(a, blocks[i]);  // some wait in a debug quarantine
  size_t got = a.reset(), expected = plain.reset();
  REQUIRE(got == expected);  // every wrapper passes reset on; only a variant that resets does
  REQUIRE((got != 0) == TestType::kTraits.resets);
  REQUIRE(a.check());
  // The heap works after a reset: new blocks keep their contents and free cleanly (under debug checks, no block
  // from before the reset is taken for a live or a freed one).
  std::vector<std::pair<void*, uint32_t>> again;
  for (uint32_t i = 0; i < 30; ++i) {
    void* p = C::malloc(a, 64 + i);
    if (!p) continue;
    fill_pattern(p, 64 + i, i);
    again.push_back({p, i});
  }
  for (auto [p, i] : again) {
    REQUIRE(has_pattern(p, 64 + i, i));
    C::free(a, p);
  }
  if (got == 0)  // nothing was reset: the blocks from before are still live
    for (size_t i = 1; i < blocks.size(); i += 2) C::free(a, blocks[i]);
  REQUIRE(a.check());
  check_stats(a, Shadow{0, 0, 0});
}
