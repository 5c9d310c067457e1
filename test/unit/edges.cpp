// The edges an outside red team broke the library at (issue "Hardening"), each over every variant or stack it
// concerns: memory that ends at the top of the wasm32 address space (4 GiB), huge aligned requests under the debug
// checks, and reuse of freed blocks under the debug checks. (Stats under the lock: unit/locked.cpp under TSan;
// reset under the wrappers: unit/stacks.cpp; tlsf's check() on a corrupt heap: unit/tlsf.cpp; a linker without
// __heap_end: the wasm tests.)
#include <catch2/catch.hpp>

#include <cerrno>
#include <map>
#include <vector>

#include "interpreter.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

/// A memory of `initial` pages of a whole wasm32 address space (4 GiB), with the heap in its last `heap` bytes.
void at_the_top(FakeMemory& m, size_t initial, size_t heap) {
  m.configure(initial, initial * kPageSize - heap, FakeMemory::kWasm32Pages);
}

using AllocatingOrChecked = Concat<Allocating, AllChecked>;
using CheckedReusing = Filter<AllChecked, [](Traits t) { return t.reuses; }>;

}  // namespace

TEMPLATE_LIST_TEST_CASE("at the 4 GiB end: growth stops below it, blocks stay intact, check() holds",
                        "[edges][4gib]", AllocatingOrChecked) {
  using C = Api<TestType>;
  TestType a;
  FakeMemory& m = fake(a);
  constexpr size_t kTop = FakeMemory::kWasm32Pages;
  at_the_top(m, kTop - 40, 0x3000);
  void* first = C::malloc(a, 100);
  if (!first) return;  // a debug-checked fail: nothing to hold
  fill_pattern(first, 100, 1);
  // Large blocks until memory is full: the last page of the address space is never handed out (its end, 2^32,
  // would wrap to 0 on wasm32: the red team's tlsf then laid a new region over the heap).
  std::vector<void*> big;
  for (size_t pages : {size_t(20), size_t(12), size_t(7), size_t(3), size_t(1), size_t(1), size_t(1)}) {
    errno = 0;
    if (void* p = C::malloc(a, pages * kPageSize - 64)) {
      big.push_back(p);
      REQUIRE(as_addr(p) + pages * kPageSize - 64 <= m.base() + (kTop - 1) * kPageSize);  // below the top page
    } else {
      REQUIRE(errno == ENOMEM);
    }
    REQUIRE(a.check());
  }
  errno = 0;
  REQUIRE(C::malloc(a, 2 * kPageSize) == nullptr);  // fails, memory full
  REQUIRE(errno == ENOMEM);
  void* next = C::malloc(a, 100);  // may fit in what is left, but never on top of a live block
  REQUIRE(next != first);
  REQUIRE(has_pattern(first, 100, 1));
  // Other code grows memory to the whole 4 GiB: our figures and check() still hold.
  m.set_max_pages(kTop);
  m.foreign_grow(kTop - m.pages());
  REQUIRE(m.pages() == kTop);
  REQUIRE(m.end() - m.base() == (FakeMemory::kWasm32Pages - 1) * kPageSize);  // as WasmMemory reads it
  REQUIRE(a.check());
  REQUIRE(C::malloc(a, kPageSize) == nullptr);
  for (void* p : big) C::free(a, p);
  C::free(a, next);
  C::free(a, first);
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("at the 4 GiB end: ever smaller blocks fill memory up to the top (test/wasm/edge_4gib.c)",
                        "[edges][4gib]", Allocating) {
  using C = Api<TestType>;
  for (size_t offset = 0x1000; offset <= 0x40000; offset += 0xfc00) {  // heap bases 63 KiB apart
    CAPTURE(offset);
    TestType a;
    FakeMemory& m = fake(a);
    at_the_top(m, 4, 4 * kPageSize - offset);  // a small memory in a 4 GiB address space, as a wasm module has
    std::map<uintptr_t, size_t> live;
    auto take = [&](size_t n) {
      errno = 0;
      auto* p = static_cast<unsigned char*>(C::malloc(a, n));
      if (!p) {
        REQUIRE(errno == ENOMEM);
        return;
      }
      auto next = live.lower_bound(as_addr(p));
      REQUIRE((next == live.end() || as_addr(p) + n <= next->first));
      REQUIRE((next == live.begin() || std::prev(next)->first + std::prev(next)->second <= as_addr(p)));
      live[as_addr(p)] = n;
      fill_pattern(p, std::min(n, size_t(16)), uint32_t(n));  // the first 16 bytes, and the last 16 apart from them
      if (n >= 32) fill_pattern(p + n - 16, 16, uint32_t(n) + 7);
    };
    take(100);
    for (size_t n = size_t(1) << 31; n >= 32; n /= 2)
      for (size_t k = 0; k < 3; ++k) take(n - 8 * k);
    REQUIRE(m.pages() >= FakeMemory::kWasm32Pages - 8);
    for (auto [x, n] : live) {
      REQUIRE(has_pattern(as_ptr<void>(x), std::min(n, size_t(16)), uint32_t(n)));
      if (n >= 32) REQUIRE(has_pattern(as_ptr<void>(x + n - 16), 16, uint32_t(n) + 7));
    }
    REQUIRE(a.check());
    for (auto [x, n] : live) C::free(a, as_ptr<void>(x));
    REQUIRE(a.check());
  }
}

TEMPLATE_LIST_TEST_CASE("at the 4 GiB end: random calls with the memory ending there", "[edges][4gib]", Allocating) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    TestType a;
    at_the_top(fake(a), FakeMemory::kWasm32Pages - 24, 0x8000);
    RandomBytes in(seed);
    InterpreterOptions options;
    options.max_ops = 2000;
    options.max_size = 300000;
    interpret(a, in, options);
  }
}

TEMPLATE_LIST_TEST_CASE("debug checks: huge aligned requests fail with ENOMEM and grow nothing", "[edges][checked]",
                        AllChecked) {
  using C = Api<TestType>;
  TestType a;
  FakeMemory& m = fake(a);
  void* keep = C::malloc(a, 100);
  size_t pages = m.pages();
  // The red team's range, n in [kMaxRequest - 2^28, kMaxRequest] at 2^28 alignment, and its neighbours.
  for (size_t align : {size_t(16), size_t(32), size_t(4096), kMaxAlign}) {
    for (size_t back : {size_t(0), size_t(1), size_t(4), size_t(16), size_t(35), size_t(36), size_t(4096),
                        kMaxAlign / 2, kMaxAlign - 16, kMaxAlign, kMaxAlign + 36, kMaxAlign + 4 * kPageSize}) {
      CAPTURE(align, back);
      errno = 0;
      REQUIRE(C::aligned_alloc(a, align, kMaxRequest - back) == nullptr);
      REQUIRE(errno == ENOMEM);
    }
  }
  REQUIRE(m.pages() == pages);  // the red team saw traps, a hang, and memory grown to the cap
  REQUIRE(a.check());
  size_t calls = m.grow_calls();
  // Those whose guards alone pass kMaxRequest are refused before the variant asks for memory.
  for (size_t back = 0; back < TestType::kHeader + TestType::kTail; ++back)
    REQUIRE(C::malloc(a, kMaxRequest - back) == nullptr);
  REQUIRE(m.grow_calls() == calls);
  C::free(a, keep);
}

TEMPLATE_LIST_TEST_CASE("debug checks: a freed block is reused for a block of its size", "[edges][checked]",
                        CheckedReusing) {
  using C = Api<TestType>;
  TestType a;
  fake(a).set_max_pages(64);
  std::vector<void*> blocks;
  while (void* p = C::malloc(a, 1000)) blocks.push_back(p);
  REQUIRE(blocks.size() > 100);
  size_t freed = 0;
  for (size_t i = 0; i < blocks.size(); i += 2, ++freed) C::free(a, blocks[i]);
  size_t refilled = 0;
  while (C::malloc(a, 1000)) ++refilled;  // at the cap: only freed slots can serve
  INFO("freed " << freed << ", refilled " << refilled);
  REQUIRE(refilled >= freed);  // the red team's tlsf under debug checks refilled none of them
}
