// Behaviour every variant shares, tested on FakeMemory for every variant (see support/variants.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "variants.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

TEMPLATE_LIST_TEST_CASE("every variant satisfies the Allocator concept and starts consistent", "[variant]", AllVariants) {
  STATIC_REQUIRE(Allocator<TestType>);
  TestType a;
  REQUIRE(a.check());
  REQUIRE(a.source().grow_calls() == 0);  // nothing happens before the first allocation
}

TEST_CASE("fail never allocates and never touches memory", "[variant][fail]") {
  Fail<FakeMemory> a;
  for (size_t size : {size_t(0), size_t(1), size_t(16), size_t(70000), kMaxRequest})
    for (size_t align : {size_t(16), size_t(4096)}) REQUIRE(a.allocate(size, align) == nullptr);
  REQUIRE(a.source().grow_calls() == 0);
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("blocks are aligned, distinct, usable to their full size and keep their contents", "[variant]", Allocating) {
  TestType a;
  struct Block {
    unsigned char* p;
    size_t size;
  };
  std::vector<Block> blocks;
  const size_t sizes[] = {0, 1, 7, 15, 16, 17, 31, 100, 255, 1000, 4096, 65536 - 16, 65536, 100000};
  const size_t aligns[] = {16, 32, 64, 256, 4096, 65536, 131072};
  uint32_t tag = 0;
  for (size_t size : sizes) {
    for (size_t align : aligns) {
      auto* p = static_cast<unsigned char*>(a.allocate(size, align));
      REQUIRE(p != nullptr);
      REQUIRE(as_addr(p) % align == 0);
      size_t usable = a.usable_size(p);
      REQUIRE(usable >= size);
      fill_pattern(p, usable, tag++);  // the whole usable size is ours (ASan would object otherwise)
      blocks.push_back({p, usable});
      REQUIRE(a.check());
    }
  }
  tag = 0;
  for (const Block& b : blocks) REQUIRE(has_pattern(b.p, b.size, tag++));
  // Distinct: sorted by address, no block reaches into the next one (size-0 blocks included).
  std::sort(blocks.begin(), blocks.end(), [](const Block& x, const Block& y) { return x.p < y.p; });
  for (size_t i = 1; i < blocks.size(); ++i) {
    REQUIRE(blocks[i - 1].p != blocks[i].p);
    REQUIRE(blocks[i - 1].p + blocks[i - 1].size <= blocks[i].p);
  }
}

TEMPLATE_LIST_TEST_CASE("the heap starts at heap_base and uses the initial memory before growing", "[variant]", Allocating) {
  TestType a;
  auto& m = a.source();
  void* p = a.allocate(100, 16);
  REQUIRE(p != nullptr);
  if constexpr (TestType::kTraits.uses_initial) {
    REQUIRE(as_addr(p) >= m.heap_base());
    REQUIRE(as_addr(p) + 100 <= m.heap_end());
    REQUIRE(m.grow_calls() == 0);
  } else {
    REQUIRE(as_addr(p) >= m.heap_end());  // page: every block is fresh pages, by design
  }
}

TEMPLATE_LIST_TEST_CASE("memory grows in whole pages, not once per allocation", "[variant]", Allocating) {
  TestType a;
  auto& m = a.source();
  size_t start_pages = m.pages();
  const size_t n = TestType::kTraits.reuses || TestType::kTraits.uses_initial ? 20000 : 50;
  for (size_t i = 0; i < n; ++i) REQUIRE(a.allocate(24, 16) != nullptr);
  size_t grown = m.pages() - start_pages;
  REQUIRE(m.grow_calls() <= grown);  // each call got at least a page
  if constexpr (TestType::kTraits.uses_initial) {
    REQUIRE(m.grow_calls() < n / 100);  // small blocks share pages
    REQUIRE(grown * kPageSize <= n * 64 + kPageSize);
  }
}

TEMPLATE_LIST_TEST_CASE("out of memory returns null, leaves blocks intact, and grows nothing for impossible requests",
                   "[variant][oom]", Allocating) {
  TestType a;
  auto& m = a.source();
  m.set_max_pages(12);
  std::vector<std::pair<void*, size_t>> blocks;
  uint32_t tag = 0;
  for (;;) {
    void* p = a.allocate(5000, 16);
    if (!p) break;
    fill_pattern(p, 5000, tag++);
    blocks.emplace_back(p, 5000);
    REQUIRE(blocks.size() < 1000);
  }
  REQUIRE(m.pages() <= 12);
  REQUIRE(a.check());
  tag = 0;
  for (auto& b : blocks) REQUIRE(has_pattern(b.first, b.second, tag++));
  size_t pages = m.pages();
  for (size_t size : {kMaxRequest, kMaxRequest / 2, size_t(13) * kPageSize})
    REQUIRE(a.allocate(size, 16) == nullptr);
  REQUIRE(a.allocate(16, kMaxAlign) == nullptr);
  REQUIRE(m.pages() == pages);
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("foreign growth between our grows is never handed out", "[variant][foreign]", Allocating) {
  TestType a;
  auto& m = a.source();
  m.set_foreign_pages(1);
  std::vector<std::pair<unsigned char*, size_t>> blocks;
  uint32_t tag = 0;
  for (size_t i = 0; i < 300; ++i) {
    size_t size = (i * 7919) % 40000;
    auto* p = static_cast<unsigned char*>(a.allocate(size, 16));
    REQUIRE(p != nullptr);
    fill_pattern(p, size, tag++);  // ASan: a byte in a foreign page is poisoned and would fail here
    blocks.emplace_back(p, size);
    REQUIRE(a.check());
  }
  REQUIRE(m.foreign_total() > 0);
  tag = 0;
  for (auto& b : blocks) REQUIRE(has_pattern(b.first, b.second, tag++));
}

TEST_CASE("bump: frees are ignored and blocks are laid end to end", "[variant][bump]") {
  Bump<FakeMemory> a;
  auto* x = static_cast<unsigned char*>(a.allocate(100, 16));
  auto* y = static_cast<unsigned char*>(a.allocate(200, 16));
  a.deallocate(y);
  a.deallocate(x);
  auto* z = static_cast<unsigned char*>(a.allocate(100, 16));
  REQUIRE(y >= x + 100);
  REQUIRE(z >= y + 200);        // never reused
  REQUIRE(z - x < 300 + 3 * 16);  // only the words and alignment padding in between
  REQUIRE(a.check());
}

TEST_CASE("bump: the newest block grows and shrinks in place, also across a page boundary", "[variant][bump]") {
  Bump<FakeMemory> a;
  auto* p = static_cast<unsigned char*>(a.allocate(10, 16));
  fill_pattern(p, 10, 1);
  REQUIRE(a.resize(p, 3 * kPageSize));  // past the initial memory: grows contiguously
  REQUIRE(a.usable_size(p) >= 3 * kPageSize);
  REQUIRE(a.usable_size(p) < 3 * kPageSize + 16);
  REQUIRE(has_pattern(p, 10, 1));
  fill_pattern(p, 3 * kPageSize, 2);
  REQUIRE(a.resize(p, 50));
  REQUIRE(a.usable_size(p) >= 50);
  REQUIRE(a.usable_size(p) < 50 + 16);
  void* q = a.allocate(1, 16);
  REQUIRE(!a.resize(p, a.usable_size(p) + 1));  // no longer the newest
  REQUIRE(a.resize(p, 49));   // shrinking always fits
  REQUIRE(a.check());
  (void)q;
}

TEST_CASE("page: every block has pages of its own and realloc fits within them", "[variant][page]") {
  Page<FakeMemory> a;
  auto& m = a.source();
  void* p = a.allocate(1, 16);
  REQUIRE(m.pages() == 3);
  REQUIRE(a.usable_size(p) == kPageSize - 16);
  REQUIRE(a.resize(p, kPageSize - 16));
  REQUIRE(!a.resize(p, kPageSize - 15));
  void* q = a.allocate(kPageSize - 16, 16);
  REQUIRE(m.pages() == 4);
  void* r = a.allocate(kPageSize - 15, 16);  // one byte more than a page holds with its end word
  REQUIRE(m.pages() == 6);
  REQUIRE(as_addr(r) - as_addr(q) == kPageSize);
}
