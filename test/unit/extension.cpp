// The extension API's parts (variants/stats.hpp, variants/counted.hpp, source/counting.hpp,
// source/static_arena.hpp) over every variant: figures that add up after every step, counters that match a shadow
// count and FakeMemory's own count of grow calls, reset (bump: the whole heap comes back, never other code's
// pages; others: nothing happens), and the fixed heap.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "source/static_arena.hpp"
#include "variants.hpp"
#include "variants/counted.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

using CFail = Counted<Fail<CountingSource<FakeMemory>>>;
using CPage = Counted<Page<CountingSource<FakeMemory>>>;
using CBump = Counted<Bump<CountingSource<FakeMemory>>>;
using CFreelist = Counted<Freelist<CountingSource<FakeMemory>>>;
using CTlsf = Counted<Tlsf<CountingSource<FakeMemory>>>;
#define COUNTED_VARIANTS CFail, CPage, CBump, CFreelist, CTlsf

template <class A>
constexpr bool kCounted = requires(A& a) { a.source().grown_bytes(); };

/// The FakeMemory under a variant, through a CountingSource if there is one.
template <class A>
FakeMemory& fake(A& a) {
  if constexpr (kCounted<A>) return a.source().inner();
  else return a.source();
}

bool known(size_t x) { return x != kUnknown; }

/// What must hold of every report.
template <class A>
void require_consistent(A& a, const HeapStats& s) {
  REQUIRE(known(s.free));
  REQUIRE(known(s.largest_free));
  REQUIRE(s.largest_free <= s.free);
  if (known(s.heap)) {
    REQUIRE(s.free <= s.heap);
    if (known(s.in_use)) REQUIRE(s.in_use + s.free <= s.heap);
    REQUIRE(s.heap <= fake(a).pages() * kPageSize);
  }
  if (known(s.peak_in_use) && known(s.in_use)) REQUIRE(s.peak_in_use >= s.in_use);
  if constexpr (kCounted<A>) {
    REQUIRE(known(s.heap));
    REQUIRE(known(s.in_use));
    REQUIRE(known(s.peak_in_use));
    REQUIRE(s.grow_calls == fake(a).grow_calls());
  }
  REQUIRE(a.check());
}

struct Live {
  void* p;
  size_t usable;
};

/// A seeded run of allocate/resize/free, with other code growing memory in the middle; figures checked each step.
template <class A>
void run_and_check(A& a, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Live> live;
  size_t in_use = 0, peak = 0;
  auto step_done = [&] {
    peak = std::max(peak, in_use);
    HeapStats s = heap_stats(a);
    require_consistent(a, s);
    if constexpr (kCounted<A>) {
      REQUIRE(s.in_use == in_use);
      REQUIRE(s.peak_in_use == peak);
    }
    if constexpr (SameAs<A, FreelistT>) REQUIRE(s.in_use >= in_use);  // gap blocks count as in use
    if constexpr (SameAs<A, TlsfT>) REQUIRE(s.in_use == in_use);      // quick-listed blocks count as free
    if constexpr (SameAs<A, FailT>) REQUIRE((s.heap == 0 && s.in_use == 0 && s.grow_calls == 0 && s.free == 0));
  };
  for (int i = 0; i < 400; ++i) {
    if (i == 200) fake(a).set_foreign_pages(1);
    if (i == 260) fake(a).set_foreign_pages(0);
    unsigned op = rng() % 10;
    if (op < 5 || live.empty()) {
      size_t size = rng() % 4 == 0 ? rng() % 100000 : rng() % 600;
      size_t align = size_t(16) << (rng() % 4 == 0 ? rng() % 8 : 0);
      if (void* p = a.allocate(size, align)) {
        live.push_back({p, a.usable_size(p)});
        in_use += live.back().usable;
      }
    } else if (op < 7) {
      Live& b = live[rng() % live.size()];
      if (a.resize(b.p, rng() % 3000)) {
        in_use = in_use - b.usable + a.usable_size(b.p);
        b.usable = a.usable_size(b.p);
      }
    } else {
      size_t k = rng() % live.size();
      in_use -= live[k].usable;
      a.deallocate(live[k].p);
      live.erase(live.begin() + long(k));
    }
    step_done();
  }
  for (Live& b : live) a.deallocate(b.p);
  in_use = 0;
  step_done();
}

}  // namespace

TEMPLATE_TEST_CASE("stats add up after every step, and counters match a shadow count", "[extension]",
                   WASMALLOC_ALL_VARIANTS, COUNTED_VARIANTS) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    TestType a;
    run_and_check(a, seed);
  }
}

TEMPLATE_TEST_CASE("an empty heap reports nothing in use", "[extension]", WASMALLOC_ALL_VARIANTS, COUNTED_VARIANTS) {
  TestType a;
  HeapStats s = heap_stats(a);
  require_consistent(a, s);
  if (known(s.in_use)) REQUIRE(s.in_use == 0);
  if (known(s.grow_calls)) REQUIRE(s.grow_calls == 0);
  if (known(s.peak_in_use)) REQUIRE(s.peak_in_use == 0);
}

TEST_CASE("without counters, each variant reports what it can know", "[extension]") {
  {
    FailT a;
    HeapStats s = heap_stats(a);
    REQUIRE((s.heap == 0 && s.in_use == 0 && s.peak_in_use == 0 && s.free == 0 && s.grow_calls == 0));
  }
  {
    PageT a;
    REQUIRE(a.allocate(10, 16));
    HeapStats s = heap_stats(a);
    REQUIRE((s.free == 0 && !known(s.heap) && !known(s.in_use) && !known(s.peak_in_use) && !known(s.grow_calls)));
  }
  {
    BumpT a;
    auto& m = a.source();
    void* p = a.allocate(1000, 16);
    HeapStats s = heap_stats(a);
    REQUIRE(s.heap == m.heap_end() - m.heap_base());  // not grown yet: the heap is the initial memory
    REQUIRE(s.free == m.heap_end() - (as_addr(p) + 1000));
    REQUIRE(a.allocate(3 * kPageSize, 16));
    s = heap_stats(a);
    REQUIRE(!known(s.heap));  // grown: bump cannot tell its own pages from other code's without a CountingSource
    REQUIRE(!known(s.in_use));
  }
  {
    FreelistT a;
    void* p = a.allocate(100, 16);
    void* q = a.allocate(3 * kPageSize, 16);
    HeapStats s = heap_stats(a);
    REQUIRE(s.in_use == a.usable_size(p) + a.usable_size(q));
    a.deallocate(p);
    a.deallocate(q);
    s = heap_stats(a);
    REQUIRE(s.in_use == 0);
    REQUIRE(s.free == s.largest_free);  // one contiguous run, all free: one block
    REQUIRE(s.free + sizeof(uintptr_t) == s.heap);  // everything but the tail word
  }
  {
    TlsfT a;
    void* p = a.allocate(1000, 16);
    void* small = a.allocate(40, 16);
    HeapStats s = heap_stats(a);
    REQUIRE(s.in_use == a.usable_size(p) + a.usable_size(small));
    REQUIRE(!known(s.peak_in_use));
    size_t free_before = s.free;
    a.deallocate(small);  // waits on a quick list, still marked used: stats must count it free
    s = heap_stats(a);
    REQUIRE(s.in_use == a.usable_size(p));
    REQUIRE(s.free == free_before + 48);
  }
}

TEST_CASE("counted heap bytes are the initial heap taken plus the grown pages", "[extension]") {
  CBump b;
  REQUIRE(b.allocate(5 * kPageSize, 16));
  auto& m = fake(b);
  HeapStats s = heap_stats(b);
  REQUIRE(s.heap == (m.heap_end() - m.heap_base()) + (m.pages() - 2) * kPageSize);
  REQUIRE(s.grow_calls == 1);
  CPage p;
  REQUIRE(p.allocate(5 * kPageSize, 16));
  s = heap_stats(p);
  REQUIRE(s.heap == 6 * kPageSize);
  REQUIRE(s.grow_calls == 1);
  CFreelist f;
  REQUIRE(f.allocate(100, 16));
  s = heap_stats(f);
  REQUIRE(s.grow_calls == 0);
  REQUIRE(s.heap <= fake(f).heap_end() - fake(f).heap_base());
  REQUIRE(s.heap + 2 * kMinAlign > fake(f).heap_end() - fake(f).heap_base());
}

TEMPLATE_TEST_CASE("reset: bump starts again at the bottom, other variants do nothing", "[extension]",
                   WASMALLOC_ALL_VARIANTS, COUNTED_VARIANTS) {
  TestType a;
  auto& m = fake(a);
  constexpr bool is_bump = SameAs<TestType, BumpT> || SameAs<TestType, CBump>;
  void* first = a.allocate(100, 16);
  size_t got = heap_reset(a);
  if constexpr (!is_bump) {
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
    size_t before = heap_stats(a).free;
    got = heap_reset(a);
    HeapStats s = heap_stats(a);
    REQUIRE(s.free == got);
    if constexpr (kCounted<TestType>) {
      REQUIRE(s.in_use == 0);
      REQUIRE(got > before);
      REQUIRE(got >= 5 * kPageSize);  // the larger run we own: the pages after the foreign ones
    } else {
      REQUIRE(got == initial);  // without a CountingSource only the initial memory is sure to be ours
    }
    // Fill everything the reset gave back: ASan poisons other code's pages, so a reset that reclaimed them fails.
    size_t filled = 0;
    for (;;) {
      HeapStats now = heap_stats(a);
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
  HeapStats s = heap_stats(a);
  REQUIRE(s.largest_free <= s.free);
  if constexpr (SameAs<TestType, Page<Arena>>) {
    REQUIRE(n == 0);  // page only ever grows (meson.build refuses this combination)
  } else {
    REQUIRE(n >= 35);  // 40,000 bytes hold 39 blocks of 1,000 with nothing else; headers and a few bytes of end
    REQUIRE(s.largest_free < 1000 + 16);
    if (known(s.heap)) REQUIRE(s.heap <= 40000);
  }
  if constexpr (requires { a.reset(); }) {
    REQUIRE(heap_reset(a) == 40000);  // the whole arena back
    size_t again = 0;
    while (a.allocate(1000, 16)) ++again;
    REQUIRE(again == n);
  }
}
