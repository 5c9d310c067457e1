// slab-specific tests: the class mapping at every boundary, the carve region used up and given back, frees in
// random order across every class, aligned requests of every power of two up to 64 KiB, and blocks held on the
// class lists going back to the heap (for other classes) before memory grows. The behaviour every variant shares
// is in variants.cpp and abi/api.cpp; these look inside through Slab's test-only inspectors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "variants.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

using S = Slab<FakeMemory>;
using H = S::Heap;
/// The largest request whose block is of class c.
constexpr size_t largest_request(size_t c) { return S::class_size(c) - H::kWord; }

struct Held {
  void* p;
  size_t n;
  uint32_t tag;
};

void* take(S& a, std::vector<Held>& live, size_t n, size_t align = kMinAlign) {
  void* p = a.allocate(n, align);
  REQUIRE(p != nullptr);
  REQUIRE(as_addr(p) % align == 0);
  REQUIRE(a.usable_size(p) >= n);
  uint32_t tag = uint32_t(live.size() * 7 + n);
  fill_pattern(p, n, tag);
  live.push_back({p, n, tag});
  return p;
}

void give_back(S& a, const Held& h) {
  REQUIRE(has_pattern(h.p, h.n, h.tag));
  a.deallocate(h.p);
}

/// Free every block of `live`, then flush: nothing is in use, and each region is one free block.
void give_back_all(S& a, const std::vector<Held>& live) {
  for (const Held& h : live) give_back(a, h);
  a.flush();
  REQUIRE(a.check());
  REQUIRE(a.stats().in_use == 0);
  std::map<size_t, size_t> per_region;
  a.heap().for_each_block([&](size_t r, uintptr_t, size_t, bool f) { per_region[r] += f ? 1 : 100; });
  for (auto [region, n] : per_region) REQUIRE(n == 1);
}

}  // namespace

TEST_CASE("slab: class mapping at every boundary", "[slab]") {
  REQUIRE(S::class_size(S::kClasses - 1) == S::kSmallMax);
  for (size_t c = 1; c < S::kClasses; ++c) {
    CAPTURE(c);
    size_t cs = S::class_size(c);
    REQUIRE(cs % kMinAlign == 0);
    REQUIRE(S::class_of(cs) == c);
    REQUIRE(S::class_of(cs + kMinAlign - 1) == c);
    if (c > 1) {
      REQUIRE(cs > S::class_size(c - 1));
      REQUIRE(S::class_of(cs - kMinAlign) == c - 1);
    }
  }
  // Rounding a block up to its class costs at most 1/2^kClassSlLog2 of it.
  for (size_t s = kMinAlign; s <= S::kSmallMax; s += kMinAlign) {
    CAPTURE(s);
    size_t up = S::class_size(S::class_of(s - 1) + 1);
    REQUIRE(up >= s);
    REQUIRE((up - s) << S::kClassSlLog2 <= s);
  }
}

TEST_CASE("slab: every class boundary is served from its class and reused by it", "[slab]") {
  S a;
  std::vector<Held> live;
  // The smallest block is the heap's (16 bytes on wasm32, 32 on a 64-bit host): smaller classes never occur.
  const size_t first = S::class_of(H::kMinBlock);
  for (size_t c = first; c < S::kClasses; ++c) {
    CAPTURE(c);
    size_t n = largest_request(c);
    void* p = take(a, live, n);
    REQUIRE(H::size_of(H::block_of(p)) >= S::class_size(c));
    REQUIRE(S::class_of(H::size_of(H::block_of(p))) == c);
    // One byte more is the next class (or a large block past the last one).
    void* q = take(a, live, n + 1);
    REQUIRE(H::size_of(H::block_of(q)) > S::class_size(c));
    // A freed block serves the next request of its class, the smallest one included.
    size_t smallest = c == first ? 0 : largest_request(c - 1) + 1;
    a.deallocate(p);
    live.erase(live.end() - 2);
    REQUIRE(a.allocate(smallest, kMinAlign) == p);
    live.push_back({p, 0, 0});
    REQUIRE(a.check());
  }
  give_back_all(a, live);
}

TEST_CASE("slab: the carve region is cut in address order, used up, continued across growth, and given back",
          "[slab]") {
  const size_t n = largest_request(S::class_of(256));  // blocks of 256 bytes
  S a;
  auto& m = a.source();
  std::vector<Held> live;
  uintptr_t next = H::block_of(take(a, live, n)) + 256;
  REQUIRE(a.carve_region() == next);
  size_t grows = m.grow_calls();
  while (m.grow_calls() < grows + 3) {
    // Each miss is cut from the front of the region; a region used up is followed by the pages grown after it
    // (the top), so that the blocks stay in address order.
    uintptr_t b = H::block_of(take(a, live, n));
    REQUIRE(b == next);
    next = b + 256;
    REQUIRE((a.carve_region() == next || a.carve_region() == 0));
    if (live.size() % 64 == 0) REQUIRE(a.check());
  }
  REQUIRE(live.size() > 3 * 256);  // three pages' worth
  // Freed blocks wait on their class; flushing gives them and the rest of the region back to the heap.
  give_back_all(a, live);
  REQUIRE(a.carve_region() == 0);
}

TEST_CASE("slab: blocks held on the class lists go back to the heap, for other classes, before memory grows",
          "[slab]") {
  S a;
  auto& m = a.source();
  std::vector<Held> small;
  const size_t n = largest_request(S::class_of(64));
  for (size_t total = 0; total < (size_t(2) << 20); total += 64) take(a, small, n);
  // Give back a third of them, the lowest in memory: they wait on their class list, unmerged (too few to flush on
  // free), together a run of memory that only a merge turns into larger blocks.
  std::sort(small.begin(), small.end(), [](const Held& x, const Held& y) { return x.p < y.p; });
  size_t freed = small.size() / 3;
  for (size_t k = 0; k < freed; ++k) give_back(a, small[k]);
  REQUIRE(a.check());
  HeapStats held = a.stats();
  REQUIRE(held.free >= freed * 64);
  // Blocks of another class, as many bytes as were freed (but for what the top and the carve region still hold):
  // served from the merged blocks, not from new memory.
  size_t pages = m.pages(), grows = m.grow_calls();
  std::vector<Held> large;
  for (size_t total = 0; total + 4096 < freed * 64 * 9 / 10; total += 4096) take(a, large, 4000);
  REQUIRE(m.grow_calls() == grows);
  REQUIRE(m.pages() == pages);
  REQUIRE(a.check());
  large.insert(large.end(), small.begin() + ptrdiff_t(freed), small.end());
  give_back_all(a, large);
}

TEST_CASE("slab: frees in random order across all classes, interleaved with new blocks", "[slab][stress]") {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    CAPTURE(seed);
    S a;
    std::mt19937 rng(seed);
    std::vector<Held> live;
    auto any_size = [&] {
      size_t c = 1 + rng() % (S::kClasses - 1);
      size_t lo = c == 1 ? 1 : largest_request(c - 1) + 1;
      return lo + rng() % (largest_request(c) - lo + 1);
    };
    for (int i = 0; i < 3000; ++i) take(a, live, any_size());
    for (int round = 0; round < 4; ++round) {
      std::shuffle(live.begin(), live.end(), rng);
      for (size_t k = 0; k < live.size() / 2; ++k) {
        give_back(a, live.back());
        live.pop_back();
        if (k % 64 == 0) REQUIRE(a.check());
      }
      for (int i = 0; i < 1500; ++i) take(a, live, any_size());
      REQUIRE(a.check());
    }
    std::shuffle(live.begin(), live.end(), rng);
    give_back_all(a, live);
  }
}

TEST_CASE("slab: aligned requests of every power of two up to 64 KiB", "[slab][aligned]") {
  S a;
  std::mt19937 rng(7);
  std::vector<Held> live;
  for (int round = 0; round < 3; ++round) {
    for (size_t align = kMinAlign; align <= 65536; align *= 2) {
      CAPTURE(align);
      for (size_t n : {size_t(1), size_t(100), align - 1, align, 3 * align + 40, S::kSmallMax - H::kWord, size_t(20000)})
        take(a, live, n, align);
      take(a, live, 1 + rng() % 3000);  // plain blocks in between
      REQUIRE(a.check());
    }
    // Free most in random order: later rounds take aligned blocks from what is freed (class lists and holes).
    std::shuffle(live.begin(), live.end(), rng);
    while (live.size() > 20) {
      give_back(a, live.back());
      live.pop_back();
    }
    REQUIRE(a.check());
  }
  give_back_all(a, live);
}
