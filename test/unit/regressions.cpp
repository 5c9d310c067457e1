// Regression tests for the failure patterns users hit in other wasm allocators (docs/anchors.md), over the
// variants on FakeMemory. Each test names the report it guards against. A variant that never reuses memory
// (page, bump) cannot reach a steady state, so those tests run on the reusing variants (the Reusing list); the
// rest (termination, correctness, no growth on failure) on all.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdint>
#include <random>
#include <vector>

#include "variants.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

struct Block {
  void* p;
  size_t size;
  uint32_t tag;
};

template <class A>
void* must_alloc(A& a, size_t size, size_t align, std::vector<Block>& live, uint32_t& tag) {
  void* p = Api<A>::aligned_alloc(a, align, size);
  REQUIRE(p != nullptr);
  REQUIRE(as_addr(p) % align == 0);
  REQUIRE(Api<A>::usable_size(a, p) >= size);
  fill_pattern(p, size, ++tag);
  live.push_back({p, size, tag});
  return p;
}

template <class A>
void free_block(A& a, Block b) {
  REQUIRE(has_pattern(b.p, b.size, b.tag));
  Api<A>::free(a, b.p);
}

}  // namespace

// wee_alloc #106: a free block big enough for a request but too small to split lost the rest of the free list,
// so every later allocation grew memory. A repeated alloc/free pattern that produces exactly such fits must
// reach a steady state: after a warm-up, memory stops growing.
TEMPLATE_LIST_TEST_CASE("wee_alloc #106: a repeated alloc/free pattern reaches a steady state", "[regression]", Reusing) {
  TestType a;
  auto& m = a.source();
  uint32_t tag = 0;
  std::vector<Block> keep;
  size_t pages_after_warmup = 0, calls_after_warmup = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<Block> live;
    // A block freed, then a request slightly smaller: it fits without room to split off the remainder.
    void* x = must_alloc(a, 64, 16, live, tag);
    void* y = must_alloc(a, 200 + round % 7 * 16, 16, live, tag);
    free_block(a, live[0]);
    live.erase(live.begin());
    must_alloc(a, 56, 16, live, tag);   // into x's block, remainder below any minimum block
    must_alloc(a, 1000, 16, live, tag);
    must_alloc(a, 4000 + round % 5 * 300, 64, live, tag);
    must_alloc(a, 40000, 16, live, tag);  // large, may span pages
    (void)x;
    (void)y;
    // Free in an order that leaves holes between live blocks, then the rest.
    for (size_t i = 0; i < live.size(); i += 2) free_block(a, live[i]);
    for (size_t i = 1; i < live.size(); i += 2) free_block(a, live[i]);
    if (round % 100 == 0) {  // a slowly growing set of long-lived blocks between the rounds' blocks
      must_alloc(a, 24, 16, keep, tag);
    }
    REQUIRE(a.check());
    if (round == 20) {
      pages_after_warmup = m.pages();
      calls_after_warmup = m.grow_calls();
    }
  }
  INFO("pages after warm-up " << pages_after_warmup << ", at the end " << m.pages());
  REQUIRE(m.pages() == pages_after_warmup);
  REQUIRE(m.grow_calls() == calls_after_warmup);
  for (auto& b : keep) free_block(a, b);
  REQUIRE(a.check());
}

// wee_alloc #100: a huge request that fails still grew memory. Any request that cannot be met fails without
// growing, on a fresh heap (first use) and on one in use; the heap then still works.
TEMPLATE_LIST_TEST_CASE("wee_alloc #100: a failed huge request does not grow memory", "[regression][oom]", AllVariants) {
  using C = Api<TestType>;
  TestType a;
  auto& m = a.source();
  for (int in_use = 0; in_use < 2; ++in_use) {
    size_t pages = m.pages(), calls = m.grow_calls();
    for (size_t size : {SIZE_MAX - 8, SIZE_MAX, SIZE_MAX - kPageSize, kMaxRequest + 1}) {
      errno = 0;
      REQUIRE(C::malloc(a, size) == nullptr);
      REQUIRE(errno == ENOMEM);
      errno = 0;
      REQUIRE(C::calloc(a, 1, size) == nullptr);
      REQUIRE(errno == ENOMEM);
      REQUIRE(C::aligned_alloc(a, 4096, size) == nullptr);
    }
    REQUIRE(m.grow_calls() == calls);  // refused before memory.grow is even asked
    // Possible in principle but more than memory can ever hold here: the source refuses, nothing is kept.
    m.set_max_pages(64);
    REQUIRE(C::malloc(a, 65 * kPageSize) == nullptr);
    REQUIRE(C::malloc(a, SIZE_MAX / 2 + 1) == nullptr);  // 2 GiB on wasm32: possible in principle there
    REQUIRE(C::aligned_alloc(a, kPageSize, 64 * kPageSize) == nullptr);
    REQUIRE(m.pages() == pages);
    REQUIRE(a.check());
    m.set_max_pages(FakeMemory::kDefaultAddressPages);
    if constexpr (TestType::kTraits.allocates) {
      void* p = C::malloc(a, 100);  // the heap still works
      REQUIRE(p != nullptr);
      fill_pattern(p, 100, 7);
      if constexpr (TestType::kTraits.uses_initial) {
        REQUIRE(as_addr(p) >= m.heap_base());
        REQUIRE(as_addr(p) + 100 <= m.heap_end());
      }
    }
  }
}

// talc #47: an infinite loop on requests near the page size. Every size around multiples of the page, at
// several alignments, terminates with a correct block; they are freed and requested again.
TEMPLATE_LIST_TEST_CASE("talc #47: requests at and around page sizes terminate and are correct", "[regression]", Allocating) {
  TestType a;
  auto& m = a.source();
  const long deltas[] = {-64, -33, -32, -17, -16, -15, -9, -8, -4, -1, 0, 1, 4, 8, 15, 16, 17, 32, 64};
  // page and bump never reuse: fewer multiples so that they fit in FakeMemory's reserve.
  const size_t max_k = TestType::kTraits.reuses ? 3 : 1;
  for (int foreign = 0; foreign < 2; ++foreign) {
    m.set_foreign_pages(foreign);
    uint32_t tag = 0;
    std::vector<Block> live;
    for (int round = 0; round < 2; ++round) {
      for (size_t k = 0; k <= max_k; ++k)
        for (long d : deltas) {
          long size = long(k * kPageSize) + d;
          if (size < 0) continue;
          for (size_t align : {size_t(16), size_t(4096), kPageSize}) {
            must_alloc(a, size_t(size), align, live, tag);
            REQUIRE(a.check());
          }
        }
      // Free every other block, then the rest: gaps of page-ish sizes get reused in round 2.
      for (size_t i = 0; i < live.size(); i += 2) free_block(a, live[i]);
      for (size_t i = 1; i < live.size(); i += 2) free_block(a, live[i]);
      live.clear();
      REQUIRE(a.check());
    }
  }
}

// talc #49: corruption once a free gap passed 16 MiB. Free gaps of 16 MiB and more (one big block, and many
// small ones merged) are handed out again intact, and a request that fits such a gap does not grow memory.
TEMPLATE_LIST_TEST_CASE("talc #49: free gaps larger than 16 MiB work", "[regression]", Allocating) {
  using C = Api<TestType>;
  TestType a;
  auto& m = a.source();
  const size_t big = (size_t(16) << 20) + 12345;
  uint32_t tag = 0;
  std::vector<Block> live;
  // A 16 MiB+ block between two small ones; freed, it is a gap of more than 16 MiB.
  must_alloc(a, 100, 16, live, tag);
  must_alloc(a, big, 16, live, tag);
  must_alloc(a, 100, 16, live, tag);
  // Then many blocks, which will merge into one gap of ~20 MiB, and a block that keeps it from the heap's end.
  std::vector<Block> many;
  for (int i = 0; i < 320; ++i) must_alloc(a, kPageSize, 16, many, tag);
  must_alloc(a, 100, 16, live, tag);
  free_block(a, live[1]);
  REQUIRE(a.check());
  for (auto& b : many) free_block(a, b);
  REQUIRE(a.check());
  size_t pages = m.pages();
  std::vector<Block> again;
  must_alloc(a, big + 1000, 16, again, tag);  // fits in either gap
  must_alloc(a, 3 * kPageSize, 16, again, tag);
  must_alloc(a, 10, 16, again, tag);
  if constexpr (TestType::kTraits.reuses) REQUIRE(m.pages() == pages);
  REQUIRE(a.check());
  for (auto& b : again) REQUIRE(has_pattern(b.p, b.size, b.tag));
  REQUIRE(has_pattern(live[0].p, 100, live[0].tag));
  REQUIRE(has_pattern(live[2].p, 100, live[2].tag));
  // Shrink and grow a huge block by realloc across the 16 MiB mark.
  void* p = again[0].p;
  void* q = C::realloc(a, p, (size_t(17) << 20));
  REQUIRE(q != nullptr);
  REQUIRE(has_pattern(q, again[0].size, again[0].tag));
  C::free(a, q);
  for (size_t i = 1; i < again.size(); ++i) free_block(a, again[i]);
  free_block(a, live[0]);
  free_block(a, live[2]);
  free_block(a, live[3]);
  REQUIRE(a.check());
}

// talc #51, the ratchet: a working set that grows, with frees in between, made talc grow ten times the pages it
// needed. Peak memory must stay within a bound of the peak of live bytes.
TEMPLATE_LIST_TEST_CASE("talc #51: a growing working set with interleaved frees stays within a bound of live bytes",
                   "[regression]", Reusing) {
  using C = Api<TestType>;
  TestType a;
  auto& m = a.source();
  std::mt19937 rng(51);
  std::vector<Block> live;
  uint32_t tag = 0;
  size_t live_bytes = 0, peak_live = 0;
  // A vector that grows by realloc while small and medium blocks come and go around it.
  Block vec{C::malloc(a, 16), 16, ++tag};
  REQUIRE(vec.p != nullptr);
  fill_pattern(vec.p, vec.size, vec.tag);
  for (int step = 0; step < 6000; ++step) {
    size_t size = 1 + rng() % 10000;
    must_alloc(a, size, 16, live, tag);
    live_bytes += size;
    // Frees lag behind allocations: the working set ramps up (about one free per 1.4 allocations).
    if (rng() % 10 < 7 && !live.empty()) {
      size_t i = rng() % live.size();
      free_block(a, live[i]);
      live_bytes -= live[i].size;
      live[i] = live.back();
      live.pop_back();
    }
    if (step % 40 == 0 && vec.size < (size_t(1) << 20)) {  // the vector grows by half, up to 1 MiB
      REQUIRE(has_pattern(vec.p, vec.size, vec.tag));
      size_t n = vec.size + vec.size / 2 + 16;
      void* q = C::realloc(a, vec.p, n);
      REQUIRE(q != nullptr);
      REQUIRE(has_pattern(q, vec.size, vec.tag));
      vec = {q, n, ++tag};
      fill_pattern(q, n, vec.tag);
    }
    size_t total = live_bytes + vec.size;
    if (total > peak_live) peak_live = total;
  }
  REQUIRE(a.check());
  size_t grown = m.pages() - 2;  // FakeMemory starts with 2 pages
  INFO("peak live bytes " << peak_live << " (" << pages_for(peak_live) << " pages), memory grew " << grown
                          << " pages");
  WARN("talc #51 ratchet: peak live " << pages_for(peak_live) << " pages, memory grew " << grown << " pages");
  // Bound: twice the live peak plus a little: talc's report was ten times.
  REQUIRE(grown <= 2 * pages_for(peak_live) + 8);
  for (auto& b : live) free_block(a, b);
  free_block(a, vec);
  REQUIRE(a.check());
}

// emscripten #21277: emmalloc grew the heap to 2 GB on repeated 16-byte-aligned requests. Repeated aligned
// requests of every kind, freed again, must not balloon memory.
TEMPLATE_LIST_TEST_CASE("emscripten #21277: repeated aligned requests with frees do not balloon memory", "[regression]", Reusing) {
  using C = Api<TestType>;
  TestType a;
  auto& m = a.source();
  uint32_t tag = 0;
  size_t warm_pages = 0;
  std::vector<Block> keep;
  for (int round = 0; round < 3000; ++round) {
    std::vector<Block> live;
    for (size_t align : {size_t(16), size_t(32), size_t(64), size_t(256), size_t(4096), kPageSize}) {
      size_t size = (round * 37 + align) % 3000 + 1;
      must_alloc(a, size, align, live, tag);
      void* out = nullptr;
      INFO("round " << round << ", align " << align << ", pages " << m.pages());
      REQUIRE(C::posix_memalign(a, &out, align, size + 16) == 0);
      REQUIRE(as_addr(out) % align == 0);
      fill_pattern(out, size + 16, ++tag);
      live.push_back({out, size + 16, tag});
    }
    if (round % 300 == 0) must_alloc(a, 48, 16, keep, tag);  // a few long-lived blocks pin the heap
    for (auto& b : live) free_block(a, b);
    if (round == 10) warm_pages = m.pages();
    if (round % 100 == 0) REQUIRE(a.check());
  }
  INFO("pages after warm-up " << warm_pages << ", at the end " << m.pages());
  REQUIRE(m.pages() <= warm_pages + 2);
  REQUIRE(m.pages() < 40);  // 12 live blocks of at most ~70 KiB each at a time
  for (auto& b : keep) free_block(a, b);
}

// wasi-libc #94: the space between __heap_base and the end of the initial memory must be used. With a large
// initial memory, allocations that fit in it never grow memory.
TEMPLATE_LIST_TEST_CASE("wasi-libc #94: a large initial memory is used before growing", "[regression]", Allocating) {
  TestType a;
  auto& m = a.source();
  m.configure(40, 3 * kPageSize + 0x4321);  // 37 pages of heap, starting at an odd address
  uint32_t tag = 0;
  std::vector<Block> live;
  size_t heap = m.heap_end() - m.heap_base();
  if constexpr (TestType::kTraits.uses_initial) {
    // 90 % of the initial heap in blocks of mixed sizes, all inside it.
    size_t used = 0;
    for (size_t i = 0; used + 20000 < heap * 9 / 10; ++i) {
      size_t size = (i * 7919) % 20000;
      void* p = must_alloc(a, size, 16, live, tag);
      REQUIRE(as_addr(p) >= m.heap_base());
      REQUIRE(as_addr(p) + size <= m.heap_end());
      used += size + 16;
    }
    REQUIRE(m.grow_calls() == 0);
  } else {
    void* p = must_alloc(a, 100, 16, live, tag);
    REQUIRE(as_addr(p) >= m.heap_end());  // page takes fresh pages by design
  }
  REQUIRE(a.check());
  for (auto& b : live) REQUIRE(has_pattern(b.p, b.size, b.tag));
}

// wasi-libc #114: other code grows memory too (sbrk users, another allocator), also before the first malloc.
// Its pages are never handed out or written, through allocation, frees, reuse and realloc.
TEMPLATE_LIST_TEST_CASE("wasi-libc #114: foreign memory.grow callers before and between ours are left alone",
                   "[regression][foreign]", Allocating) {
  using C = Api<TestType>;
  TestType a;
  auto& m = a.source();
  // Before the first allocation, someone grows memory by 3 pages and fills them (an sbrk-style user).
  uintptr_t theirs = m.grow(3);
  REQUIRE(theirs != kGrowFailed);
  fill_pattern(as_ptr<void>(theirs), 3 * kPageSize, 999);
  m.set_foreign_pages(2);  // and keeps growing between our grows (those pages stay ASan-poisoned)
  std::mt19937 rng(114);
  std::vector<Block> live;
  uint32_t tag = 0;
  const int steps = TestType::kTraits.reuses ? 3000 : 300;
  for (int step = 0; step < steps; ++step) {
    unsigned op = rng() % 10;
    if (op < 5 || live.empty()) {
      size_t size = rng() % 4 == 0 ? 30000 + rng() % 100000 : rng() % 3000;
      void* p = must_alloc(a, size, size_t(16) << (rng() % 3), live, tag);
      REQUIRE((as_addr(p) + size <= theirs || as_addr(p) >= theirs + 3 * kPageSize));
    } else if (op < 8) {
      size_t i = rng() % live.size();
      free_block(a, live[i]);
      live[i] = live.back();
      live.pop_back();
    } else {
      size_t i = rng() % live.size();
      REQUIRE(has_pattern(live[i].p, live[i].size, live[i].tag));
      size_t n = rng() % 60000;
      void* q = C::realloc(a, live[i].p, n);
      REQUIRE(q != nullptr);
      REQUIRE(has_pattern(q, std::min(n, live[i].size), live[i].tag));
      REQUIRE((as_addr(q) + n <= theirs || as_addr(q) >= theirs + 3 * kPageSize));
      live[i] = {q, n, ++tag};
      fill_pattern(q, n, tag);
    }
    if (step % 50 == 0) REQUIRE(a.check());
  }
  REQUIRE(m.foreign_total() > 0);
  REQUIRE(has_pattern(as_ptr<void>(theirs), 3 * kPageSize, 999));
  for (auto& b : live) free_block(a, b);
  REQUIRE(a.check());
  REQUIRE(has_pattern(as_ptr<void>(theirs), 3 * kPageSize, 999));
}
