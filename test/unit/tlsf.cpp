// TLSF-specific tests: bin mapping, bitmaps against lists, coalescing, growth, quick lists, alignment, regions.
// The behaviour every variant shares is in variants.cpp; these look inside through Tlsf's test-only inspectors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "interpreter.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

using T = Tlsf<FakeMemory>;
using H = T::Heap;
constexpr size_t W = H::kWord;

struct Block {
  size_t region;
  uintptr_t addr;
  size_t size;
  bool free;
};

std::vector<Block> blocks(T& a) {
  std::vector<Block> out;
  a.heap().for_each_block([&](size_t r, uintptr_t b, size_t s, bool f) { out.push_back({r, b, s, f}); });
  return out;
}

std::vector<Block> free_blocks(T& a) {
  std::vector<Block> out;
  for (const Block& b : blocks(a))
    if (b.free) out.push_back(b);
  return out;
}

/// The free block that starts at block address b, if any.
bool is_free_block(T& a, uintptr_t b, size_t size) {
  for (const Block& x : blocks(a))
    if (x.addr == b) return x.free && x.size == size;
  return false;
}

/// The bin a free block is listed in: kTop for the last block of its region, else the bin of its size.
size_t listed_bin(const std::vector<Block>& all, size_t k) {
  bool last = k + 1 == all.size() || all[k + 1].region != all[k].region;
  return last ? H::kTop : H::bin_of(all[k].size);
}

/// Bitmaps and lists agree bin by bin, and every free block of the walk is on the list of its bin.
void require_bins_agree(T& a) {
  size_t listed = 0;
  for (size_t i = 0; i <= H::kTop; ++i) {
    size_t n = a.heap().list_length(i);
    REQUIRE(a.heap().bin_marked(i) == (n != 0));
    listed += n;
  }
  std::map<size_t, size_t> per_bin;
  std::vector<Block> all = blocks(a);
  for (size_t k = 0; k < all.size(); ++k)
    if (all[k].free) ++per_bin[listed_bin(all, k)];
  size_t walked = 0;
  for (auto [bin, n] : per_bin) {
    REQUIRE(a.heap().list_length(bin) == n);
    walked += n;
  }
  REQUIRE(walked == listed);
}

/// A size that bypasses the quick lists (its block is bigger than kQuickMax).
constexpr size_t kBig = T::kQuickMax + 200;

}  // namespace

TEST_CASE("tlsf: bin mapping at every boundary", "[tlsf]") {
  // The bins' lower bounds, built from the definition: 16-byte steps up to kLinear, then 2^kSlLog2 equal steps
  // per power of two, up to the word's top bit.
  std::vector<size_t> lower;
  for (size_t s = 0; s < H::kLinear; s += kMinAlign) lower.push_back(s);
  for (unsigned f = floor_log2(H::kLinear); f < H::kWordBits; ++f) {
    size_t step = (size_t(1) << f) >> H::kSlLog2;
    for (size_t k = 0; k < (size_t(1) << H::kSlLog2); ++k) lower.push_back((size_t(1) << f) + k * step);
  }
  REQUIRE(lower.size() == H::kBins);
  for (size_t i = 0; i < lower.size(); ++i) {
    CAPTURE(i, lower[i]);
    if (lower[i] != 0) REQUIRE(H::bin_of(lower[i]) == i);
    if (i > 0) REQUIRE(H::bin_of(lower[i] - 1) == i - 1);
    size_t top = i + 1 < lower.size() ? lower[i + 1] - 1 : SIZE_MAX;
    REQUIRE(H::bin_of(top) == i);
    REQUIRE(H::bin_of(lower[i] + (top - lower[i]) / 2) == i);
  }
  // Every block size of the linear range has a bin of its own.
  for (size_t s = H::kMinBlock; s < H::kLinear; s += kMinAlign) REQUIRE(H::bin_of(s) == s / kMinAlign);
}

TEST_CASE("tlsf: bitmaps agree with the lists through random calls", "[tlsf]") {
  T a;
  RandomBytes in(7);
  InterpreterOptions options;
  options.max_ops = 3000;
  options.max_size = 5000;
  options.environment = false;
  interpret(a, in, options, [](T& x, const Shadow& s) {
    if (s.step % 50 == 0) require_bins_agree(x);
  });
  a.flush_quick_lists();
  require_bins_agree(a);
  REQUIRE(a.check());
}

TEST_CASE("tlsf: coalescing in all four neighbour cases", "[tlsf]") {
  T a;
  // Five neighbours in a row, then the rest of the initial memory as one free block.
  void* p[5];
  for (auto& x : p) x = a.allocate(kBig, 16);
  auto b = [&](int k) { return as_addr(p[k]) - W; };
  size_t s = a.usable_size(p[0]) + W;
  for (int k = 1; k < 5; ++k) REQUIRE(b(k) == b(k - 1) + s);
  REQUIRE(free_blocks(a).size() == 1);  // the tail
  bool freed[5] = {};
  auto release = [&](int k) {
    a.deallocate(p[k]);
    freed[k] = true;
  };

  SECTION("neither neighbour free, then both") {
    release(1);
    REQUIRE(is_free_block(a, b(1), s));
    release(3);
    REQUIRE(is_free_block(a, b(3), s));
    REQUIRE(free_blocks(a).size() == 3);
    REQUIRE(a.check());
    release(2);  // both neighbours free: one block of three
    REQUIRE(is_free_block(a, b(1), 3 * s));
    REQUIRE(free_blocks(a).size() == 2);
  }
  SECTION("only the previous neighbour free") {
    release(1);
    release(2);
    REQUIRE(is_free_block(a, b(1), 2 * s));
    REQUIRE(free_blocks(a).size() == 2);
  }
  SECTION("only the next neighbour free") {
    release(2);
    release(1);
    REQUIRE(is_free_block(a, b(1), 2 * s));
    REQUIRE(free_blocks(a).size() == 2);
  }
  SECTION("the last block merges with the free tail") {
    std::vector<Block> before = free_blocks(a);
    release(4);
    std::vector<Block> after = free_blocks(a);
    REQUIRE(after.size() == 1);
    REQUIRE(after[0].addr == b(4));
    REQUIRE(after[0].size == before[0].size + s);
  }
  require_bins_agree(a);
  REQUIRE(a.check());
  for (int k = 0; k < 5; ++k)
    if (!freed[k]) a.deallocate(p[k]);
  REQUIRE(free_blocks(a).size() == 1);
  REQUIRE(a.check());
}

TEST_CASE("tlsf: small blocks wait on quick lists and merge before memory grows", "[tlsf]") {
  T a;
  auto& m = a.source();
  void* x = a.allocate(40, 16);
  a.deallocate(x);
  REQUIRE(a.allocate(40, 16) == x);  // same size: the same block, at once
  REQUIRE(a.check());
  // Fill the initial memory with small blocks, free them all (onto the quick lists), then ask for one block as
  // big as most of them together: the quick lists merge instead of memory growing.
  std::vector<void*> small;
  while (m.grow_calls() == 0) {
    void* p = a.allocate(100, 16);
    REQUIRE(p != nullptr);
    small.push_back(p);
  }
  size_t pages = m.pages();
  for (void* p : small) a.deallocate(p);
  a.deallocate(x);
  REQUIRE(a.check());
  void* big = a.allocate(small.size() * 64, 16);
  REQUIRE(big != nullptr);
  REQUIRE(m.pages() == pages);
  REQUIRE(a.check());
  a.deallocate(big);
  a.flush_quick_lists();
  REQUIRE(free_blocks(a).size() == 1);  // the initial memory and the growth are one region again
  REQUIRE(a.check());
}

TEST_CASE("tlsf: growth merges into the last free block and takes only the pages it needs", "[tlsf]") {
  T a;
  auto& m = a.source();
  void* first = a.allocate(kBig, 16);
  REQUIRE(first != nullptr);
  REQUIRE(m.grow_calls() == 0);
  std::vector<Block> f = free_blocks(a);
  REQUIRE(f.size() == 1);
  uintptr_t tail = f[0].addr;
  size_t tail_size = f[0].size;
  // A request 1000 bytes bigger than the tail: one page more, and the block starts where the tail did.
  size_t pages = m.pages();
  void* p = a.allocate(tail_size + 1000, 16);
  REQUIRE(p != nullptr);
  REQUIRE(m.pages() == pages + 1);
  REQUIRE(as_addr(p) - W == tail);
  REQUIRE(a.check());
  // A request that fits the rest of that page does not grow.
  f = free_blocks(a);
  REQUIRE(f.size() == 1);
  void* q = a.allocate(f[0].size - W, 16);
  REQUIRE(q != nullptr);
  REQUIRE(m.pages() == pages + 1);
  REQUIRE(free_blocks(a).empty());
  REQUIRE(a.check());
  a.deallocate(q);
  a.deallocate(p);
  a.deallocate(first);
  REQUIRE(free_blocks(a).size() == 1);
  REQUIRE(a.check());
}

TEST_CASE("tlsf: page-boundary sizes", "[tlsf]") {
  T a;
  auto& m = a.source();
  std::vector<std::pair<void*, size_t>> live;
  uint32_t tag = 0;
  for (size_t pages = 1; pages <= 4; ++pages)
    for (long d : {-32L, -17L, -16L, -8L, -4L, -1L, 0L, 1L, 4L, 15L, 16L}) {
      size_t size = pages * kPageSize + d - W;
      void* p = a.allocate(size, 16);
      REQUIRE(p != nullptr);
      REQUIRE(a.usable_size(p) >= size);
      REQUIRE(a.usable_size(p) < size + kMinAlign + H::kMinBlock);
      fill_pattern(p, size, tag++);
      live.emplace_back(p, size);
      REQUIRE(a.check());
    }
  tag = 0;
  for (auto& [p, size] : live) REQUIRE(has_pattern(p, size, tag++));
  for (size_t k = 0; k < live.size(); k += 2) a.deallocate(live[k].first);
  REQUIRE(a.check());
  for (size_t k = 1; k < live.size(); k += 2) a.deallocate(live[k].first);
  REQUIRE(free_blocks(a).size() == 1);
  REQUIRE(a.check());
  // Everything is free and contiguous: a request for all of it is served without growth.
  size_t pages = m.pages();
  void* all = a.allocate(free_blocks(a)[0].size - W, 16);
  REQUIRE(all != nullptr);
  REQUIRE(m.pages() == pages);
}

TEST_CASE("tlsf: sizes near the maximum fail cleanly, without growing", "[tlsf][oom]") {
  T a;
  auto& m = a.source();
  REQUIRE(a.allocate(kBig, 16) != nullptr);
  size_t pages = m.pages();
  size_t calls = m.grow_calls();
  for (size_t size : {kMaxRequest, kMaxRequest - 1, kMaxRequest / 2, size_t(0xFFFFFFFF) - 64, size_t(0xFFFF0000),
                      size_t(1) << 31, size_t(FakeMemory::kDefaultAddressPages) * kPageSize}) {
    CAPTURE(size);
    REQUIRE(H::bin_of(size) < H::kBins);
    REQUIRE(a.allocate(size, 16) == nullptr);
    REQUIRE(a.allocate(size, kMaxAlign) == nullptr);
    REQUIRE(a.check());
  }
  // The failed growths asked for too much and were refused: nothing changed.
  REQUIRE(m.pages() == pages);
  REQUIRE(m.grow_calls() - calls <= 14);
  // Right below the memory's limit still works.
  m.set_max_pages(m.pages() + 40);
  void* p = a.allocate(39 * kPageSize, 16);
  REQUIRE(p != nullptr);
  fill_pattern(p, 39 * kPageSize, 3);
  REQUIRE(a.check());
  REQUIRE(a.resize(p, 10));
  REQUIRE(a.check());
}

TEST_CASE("tlsf: aligned requests waste at most the alignment and never balloon the heap", "[tlsf][aligned]") {
  for (size_t align : {size_t(16), size_t(32), size_t(64), size_t(4096), size_t(65536)}) {
    CAPTURE(align);
    T a;
    auto& m = a.source();
    // Repeated aligned allocate/free (emscripten #21277): memory stays put.
    for (int i = 0; i < 5000; ++i) {
      void* p = a.allocate(16 + i % 200, align);
      REQUIRE(p != nullptr);
      REQUIRE(as_addr(p) % align == 0);
      a.deallocate(p);
    }
    REQUIRE(m.pages() <= 2 + pages_for(align + 4096));
    a.flush_quick_lists();
    REQUIRE(free_blocks(a).size() == 1);
    REQUIRE(a.check());
    // Many live aligned blocks: each costs at most its size, a header and the alignment.
    size_t start = m.pages();
    const size_t n = align >= 4096 ? 64 : 2000;
    for (size_t i = 0; i < n; ++i) {
      void* p = a.allocate(100, align);
      REQUIRE(p != nullptr);
      REQUIRE(as_addr(p) % align == 0);
    }
    REQUIRE((m.pages() - start) * kPageSize <= n * (128 + align) + 2 * kPageSize);
    require_bins_agree(a);
    REQUIRE(a.check());
  }
}

TEST_CASE("tlsf: an aligned request merges the quick lists first", "[tlsf][aligned]") {
  T a;
  void* x = a.allocate(40, 16);
  void* y = a.allocate(kBig, 16);  // x's successor stays used
  uintptr_t xb = as_addr(x) - W;
  a.deallocate(x);
  REQUIRE(!is_free_block(a, xb, 48));  // waiting on its quick list, still marked used
  void* p = a.allocate(16, 64);        // needs more than x's 48 bytes: x's block is merged, not taken
  REQUIRE(p != nullptr);
  REQUIRE(as_addr(p) % 64 == 0);
  REQUIRE(is_free_block(a, xb, 48));
  REQUIRE(a.check());
  a.deallocate(p);
  a.deallocate(y);
  REQUIRE(a.check());
}

TEST_CASE("tlsf: resize grows into a free neighbour and shrinks in place", "[tlsf]") {
  T a;
  void* p = a.allocate(kBig, 16);
  void* q = a.allocate(kBig, 16);
  void* r = a.allocate(kBig, 16);
  fill_pattern(p, kBig, 1);
  size_t s = a.usable_size(p) + W;
  REQUIRE(!a.resize(p, kBig + 100));  // q is in use
  a.deallocate(q);
  REQUIRE(a.resize(p, kBig + 100));   // into q's space; the rest of q stays free
  REQUIRE(a.usable_size(p) >= kBig + 100);
  REQUIRE(has_pattern(p, kBig, 1));
  REQUIRE(a.check());
  REQUIRE(a.resize(p, 2 * s - W));  // exactly all of q
  REQUIRE(a.usable_size(p) == 2 * s - W);
  REQUIRE(!a.resize(p, 2 * s));     // r is in use
  REQUIRE(a.check());
  REQUIRE(a.resize(p, 10));         // the tail is freed
  REQUIRE(a.usable_size(p) < 10 + H::kMinBlock);
  REQUIRE(is_free_block(a, as_addr(p) - W + a.usable_size(p) + W, 2 * s - a.usable_size(p) - W));
  REQUIRE(has_pattern(p, 10, 1));
  require_bins_agree(a);
  REQUIRE(a.check());
  a.deallocate(r);
  a.deallocate(p);
  REQUIRE(free_blocks(a).size() == 1);
  REQUIRE(a.check());
}

TEST_CASE("tlsf: the free block at the heap's end is taken only when no other block fits", "[tlsf]") {
  T a;
  // o, hole, p, filler, then a free tail smaller than the hole: plain TLSF's good fit would take the tail (the
  // smaller bin); the top rule takes the hole, which the program has likely touched already.
  void* o = a.allocate(kBig, 16);
  void* hole = a.allocate(8 * kBig, 16);
  void* p = a.allocate(kBig, 16);
  uintptr_t hb = as_addr(hole) - W;
  size_t hs = a.usable_size(hole) + W;
  size_t tail = free_blocks(a).back().size;
  REQUIRE(tail > 2 * hs);
  size_t t = align_down(hs / 2, kMinAlign);
  void* filler = a.allocate(tail - t - W, 16);  // leaves a tail of t bytes
  REQUIRE(filler != nullptr);
  a.deallocate(hole);
  std::vector<Block> fb = free_blocks(a);
  REQUIRE(fb.size() == 2);
  REQUIRE(fb.back().size == t);
  require_bins_agree(a);
  REQUIRE(H::bin_of(fb.back().size) < H::bin_of(hs));
  void* x = a.allocate(kBig, 16);  // fits both: the hole
  REQUIRE(as_addr(x) - W == hb);
  void* y = a.allocate(hs, 16);    // fits neither: memory grows under the tail
  REQUIRE(as_addr(y) > as_addr(filler));
  require_bins_agree(a);
  REQUIRE(a.check());
  (void)o;
  (void)p;
}

TEST_CASE("tlsf: foreign growth makes regions; freeing everything leaves one free block per region",
          "[tlsf][foreign]") {
  T a;
  auto& m = a.source();
  m.set_foreign_pages(2);
  std::vector<void*> live;
  std::mt19937 rng(11);
  for (int i = 0; i < 400; ++i) {
    size_t size = rng() % 4 == 0 ? 20000 + rng() % 100000 : rng() % 3000;
    void* p = a.allocate(size, size_t(16) << (rng() % 4));
    REQUIRE(p != nullptr);
    fill_pattern(p, size, 0);  // ASan: never in foreign pages
    live.push_back(p);
  }
  REQUIRE(m.foreign_total() > 0);
  REQUIRE(a.check());
  std::shuffle(live.begin(), live.end(), rng);
  for (void* p : live) {
    a.deallocate(p);
    REQUIRE(a.check());
  }
  a.flush_quick_lists();
  REQUIRE(a.check());
  std::map<size_t, size_t> free_per_region, blocks_per_region;
  for (const Block& b : blocks(a)) {
    ++blocks_per_region[b.region];
    if (b.free) ++free_per_region[b.region];
  }
  REQUIRE(blocks_per_region.size() > 1);
  for (auto [region, n] : blocks_per_region) {
    CAPTURE(region);
    REQUIRE(n == 1);
    REQUIRE(free_per_region[region] == 1);
  }
}

TEST_CASE("tlsf: an initial memory too small for a block is skipped", "[tlsf]") {
  for (size_t left : {size_t(0), size_t(8), size_t(40), size_t(63)}) {
    CAPTURE(left);
    T a;
    auto& m = a.source();
    m.configure(2, 2 * kPageSize - left);
    void* p = a.allocate(10, 16);
    REQUIRE(p != nullptr);
    REQUIRE(as_addr(p) >= m.heap_end());
    REQUIRE(m.grow_calls() == 1);
    REQUIRE(a.check());
    a.deallocate(p);
    REQUIRE(a.check());
  }
}

TEST_CASE("tlsf: random calls with check() after every step; freeing all leaves one free block per region",
          "[tlsf][stress]") {
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    CAPTURE(seed);
    T a;
    auto& m = a.source();
    m.set_max_pages(300);
    if (seed % 3 == 0) m.set_foreign_pages(1);
    RandomBytes in(seed);
    InterpreterOptions options;
    options.max_ops = 4000;
    options.max_size = 210000;
    interpret(a, in, options, [](T& x, const Shadow& s) {
      if (s.step % 500 == 0) require_bins_agree(x);
    });
    a.flush_quick_lists();
    REQUIRE(a.check());
    std::map<size_t, size_t> per;
    for (const Block& b : blocks(a)) per[b.region] += b.free ? 1 : 100;
    for (auto [region, n] : per) REQUIRE(n == 1);  // one free block, nothing used, in every region
  }
}

TEST_CASE("tlsf: check() names a corrupt back link without reading past the heap", "[tlsf][check]") {
  // A used block whose header is overwritten to say "free", with a footer to match: the region walk takes it for a
  // free block and reaches its back link, which points at the heap's last bytes (the red team's case: the old
  // check() compared the link with the heap end, then read a whole word there, past the end of memory).
  T a;
  void* x = a.allocate(1000, 16);
  void* y = a.allocate(1000, 16);
  void* z = a.allocate(1000, 16);
  REQUIRE(a.check());
  uintptr_t b = as_addr(y) - W;  // y's block: header, then the words a free block keeps (next, pprev)
  size_t size = a.usable_size(y) + W;
  std::vector<Block> all = blocks(a);
  uintptr_t heap_end = 0;  // the newest region's sentinel end
  for (const Block& k : all)
    if (k.addr + k.size + W > heap_end) heap_end = k.addr + k.size + W;
  REQUIRE(heap_end == a.source().end());  // the heap ends where memory does: a read past it faults
  uintptr_t* w = as_ptr<uintptr_t>(b);
  uintptr_t saved[3] = {w[0], w[2], as_ptr<uintptr_t>(b + size)[-1]};
  w[0] |= H::kFree;
  as_ptr<uintptr_t>(b + size)[-1] = size;  // the footer
  for (uintptr_t bad : {heap_end - 1, heap_end - W + 1, heap_end, uintptr_t(16), b + 1}) {
    CAPTURE(bad);
    w[2] = bad;
    CheckResult r = a.check();
    REQUIRE(!r);
    REQUIRE(r.where == b);
    REQUIRE(std::string(r.broken).find("back link") != std::string::npos);
  }
  w[0] = saved[0], w[2] = saved[1], as_ptr<uintptr_t>(b + size)[-1] = saved[2];
  REQUIRE(a.check());
  a.deallocate(x);
  a.deallocate(y);
  a.deallocate(z);
  REQUIRE(a.check());
}
