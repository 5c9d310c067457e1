// The extension API's parts (each variant's stats() and reset(), wrappers/counted.hpp, source/counting.hpp,
// source/static_arena.hpp): figures that add up after every step of the random interpreter, counters that match
// its shadow and FakeMemory's own count of grow calls, reset (bump: the whole heap comes back, never other
// code's pages; others: nothing happens), and the fixed heap. test/unit/stacks.cpp covers the other wrappers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "source/static_arena.hpp"
#include "stats_check.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

using FreelistT = Freelist<FakeMemory>;
using TlsfT = Tlsf<FakeMemory>;
using CBump = Counted<Bump<CountingSource<FakeMemory>>>;
using CPage = Counted<Page<CountingSource<FakeMemory>>>;
using CFreelist = Counted<Freelist<CountingSource<FakeMemory>>>;

bool known(size_t x) { return x != kUnknown; }

using PlainAndCounted = Concat<AllVariants, AllCounted>;

}  // namespace

TEMPLATE_LIST_TEST_CASE("stats add up after every step, and counters match a shadow count", "[extension]",
                        PlainAndCounted) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    TestType a;
    RandomBytes in(seed);
    InterpreterOptions options;
    options.max_ops = 600;
    options.max_size = 100000;
    interpret(a, in, options, [](TestType& x, const Shadow& shadow) {
      check_stats(x, shadow);
      HeapStats s = x.stats();
      if constexpr (SameAs<TestType, FreelistT>) REQUIRE(s.in_use >= shadow.usable_in_use);  // gaps count as used
      if constexpr (SameAs<TestType, TlsfT>) REQUIRE(s.in_use == shadow.usable_in_use);  // quick lists count free
    });
  }
}

TEMPLATE_LIST_TEST_CASE("an empty heap reports nothing in use", "[extension]", PlainAndCounted) {
  TestType a;
  check_stats(a, Shadow{0, 0, 0});
  HeapStats s = a.stats();
  if (known(s.in_use)) REQUIRE(s.in_use == 0);
  if (known(s.grow_calls)) REQUIRE(s.grow_calls == 0);
  if (known(s.peak_in_use)) REQUIRE(s.peak_in_use == 0);
}

TEST_CASE("without counters, each variant reports what it can know", "[extension]") {
  {
    Fail<FakeMemory> a;
    HeapStats s = a.stats();
    REQUIRE((s.heap == 0 && s.in_use == 0 && s.peak_in_use == 0 && s.free == 0 && s.grow_calls == 0));
  }
  {
    Page<FakeMemory> a;
    REQUIRE(a.allocate(10, 16));
    HeapStats s = a.stats();
    REQUIRE((s.free == 0 && !known(s.heap) && !known(s.in_use) && !known(s.peak_in_use) && !known(s.grow_calls)));
  }
  {
    Bump<FakeMemory> a;
    auto& m = a.source();
    void* p = a.allocate(1000, 16);
    HeapStats s = a.stats();
    REQUIRE(s.heap == m.heap_end() - m.heap_base());  // not grown yet: the heap is the initial memory
    REQUIRE(s.free == m.heap_end() - (as_addr(p) + 1000));
    REQUIRE(a.allocate(3 * kPageSize, 16));
    s = a.stats();
    REQUIRE(!known(s.heap));  // grown: bump cannot tell its own pages from other code's without a CountingSource
    REQUIRE(!known(s.in_use));
  }
  {
    Freelist<FakeMemory> a;
    void* p = a.allocate(100, 16);
    void* q = a.allocate(3 * kPageSize, 16);
    HeapStats s = a.stats();
    REQUIRE(s.in_use == a.usable_size(p) + a.usable_size(q));
    a.deallocate(p);
    a.deallocate(q);
    s = a.stats();
    REQUIRE(s.in_use == 0);
    REQUIRE(s.free == s.largest_free);  // one contiguous run, all free: one block
    REQUIRE(s.free + sizeof(uintptr_t) == s.heap);  // everything but the tail word
  }
  {
    Tlsf<FakeMemory> a;
    void* p = a.allocate(1000, 16);
    void* small = a.allocate(40, 16);
    HeapStats s = a.stats();
    REQUIRE(s.in_use == a.usable_size(p) + a.usable_size(small));
    REQUIRE(!known(s.peak_in_use));
    size_t free_before = s.free;
    a.deallocate(small);  // waits on a quick list, still marked used: stats must count it free
    s = a.stats();
    REQUIRE(s.in_use == a.usable_size(p));
    REQUIRE(s.free == free_before + 48);
  }
}

TEST_CASE("counted heap bytes are the initial heap taken plus the grown pages", "[extension]") {
  CBump b;
  REQUIRE(b.allocate(5 * kPageSize, 16));
  auto& m = fake(b);
  HeapStats s = b.stats();
  REQUIRE(s.heap == (m.heap_end() - m.heap_base()) + (m.pages() - 2) * kPageSize);
  REQUIRE(s.grow_calls == 1);
  CPage p;
  REQUIRE(p.allocate(5 * kPageSize, 16));
  s = p.stats();
  REQUIRE(s.heap == 6 * kPageSize);
  REQUIRE(s.grow_calls == 1);
  CFreelist f;
  REQUIRE(f.allocate(100, 16));
  s = f.stats();
  REQUIRE(s.grow_calls == 0);
  REQUIRE(s.heap <= fake(f).heap_end() - fake(f).heap_base());
  REQUIRE(s.heap + 2 * kMinAlign > fake(f).heap_end() - fake(f).heap_base());
}

TEMPLATE_LIST_TEST_CASE("reset: a variant that resets starts again at the bottom, the others do nothing", "[extension]",
                        PlainAndCounted) {
  TestType a;
  auto& m = fake(a);

  void* first = a.allocate(100, 16);
  size_t got = a.reset();
  if constexpr (!TestType::kTraits.resets) {
    REQUIRE(got == 0);
    if (first) REQUIRE(a.usable_size(first) >= 100);
    REQUIRE(a.check());
    return;
  } else {
    size_t initial = m.heap_end() - m.heap_base();
    REQUIRE(got == initial);  // never grew: the whole initial heap
    REQUIRE(a.allocate(100, 16) == first);
    // Grow (with other code's pages in between for the second growth), then reset again.
    REQUIRE(a.allocate(2 * kPageSize, 16));
    m.set_foreign_pages(3);
    REQUIRE(a.allocate(5 * kPageSize, 16));
    m.set_foreign_pages(0);
    size_t before = a.stats().free;
    got = a.reset();
    HeapStats s = a.stats();
    REQUIRE(s.free == got);
    if constexpr (kCounters<TestType>) {
      REQUIRE(s.in_use == 0);
      REQUIRE(got > before);
      REQUIRE(got >= 5 * kPageSize);  // the larger run we own: the pages after the foreign ones
    } else {
      REQUIRE(got == initial);  // without a CountingSource only the initial memory is sure to be ours
    }
    // Fill everything the reset gave back: ASan poisons other code's pages, so a reset that reclaimed them fails.
    size_t filled = 0;
    for (;;) {
      HeapStats now = a.stats();
      if (now.free < 64) break;
      auto* p = static_cast<unsigned char*>(a.allocate(now.free - 32, 16));
      if (!p) break;
      fill_pattern(p, a.usable_size(p), 1);
      filled += a.usable_size(p);
      if (m.grow_calls() > 3) break;
    }
    REQUIRE(filled + 64 >= got);
    REQUIRE(a.check());
  }
}

TEMPLATE_TEST_CASE("a fixed heap: blocks inside the array, no growth, ENOMEM at its end", "[extension]", Bump<StaticArena<40000>>,
                   Freelist<StaticArena<40000>>, Tlsf<StaticArena<40000>>, Page<StaticArena<40000>>,
                   Counted<Bump<CountingSource<StaticArena<40000>>>>) {
  using Arena = StaticArena<40000>;
  TestType a;
  size_t n = 0;
  while (void* p = a.allocate(1000, 16)) {
    REQUIRE(as_addr(p) >= Arena::heap_base());
    REQUIRE(as_addr(p) + 1000 <= Arena::heap_end());
    fill_pattern(p, 1000, uint32_t(n));
    ++n;
    REQUIRE(a.check());
  }
  HeapStats s = a.stats();
  REQUIRE(s.largest_free <= s.free);
  if constexpr (SameAs<TestType, Page<Arena>>) {
    REQUIRE(n == 0);  // page only ever grows (meson.build refuses this combination)
  } else {
    REQUIRE(n >= 35);  // 40,000 bytes hold 39 blocks of 1,000 with nothing else; headers and a few bytes of end
    REQUIRE(s.largest_free < 1000 + 16);
    if (known(s.heap)) REQUIRE(s.heap <= 40000);
  }
  if constexpr (SameAs<TestType, Bump<Arena>> || SameAs<TestType, Counted<Bump<CountingSource<Arena>>>>) {
    REQUIRE(a.reset() == 40000);  // the whole arena back
    size_t again = 0;
    while (a.allocate(1000, 16)) ++again;
    REQUIRE(again == n);
  }
}
