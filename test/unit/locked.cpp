// The thread_safe wrapper (variants/locked.hpp, core/spin_lock.hpp) on the host with real threads, built with
// ThreadSanitizer: several threads allocate, fill, check and free through one Locked<V> for every variant.
// Without the lock (Locked<V, NoLock>, see WASMALLOC_TEST_NO_LOCK) TSan reports the races and the test fails.
#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "variants.hpp"
#include "variants/locked.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {
struct NoLock {
  void lock() {}
  void unlock() {}
};
#ifdef WASMALLOC_TEST_NO_LOCK
using TestLock = NoLock;
#else
using TestLock = SpinLock;
#endif
}  // namespace

TEST_CASE("the spin lock excludes: a plain counter under it counts every increment", "[locked]") {
  SpinLock lock;
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        lock.lock();
        ++counter;
        lock.unlock();
      }
    });
  for (auto& t : threads) t.join();
  REQUIRE(counter == 400000);
}

TEMPLATE_TEST_CASE("threads share one locked heap", "[locked]", WASMALLOC_ALLOCATING_VARIANTS) {
  using L = Locked<TestType, TestLock>;
  using C = Api<L>;
  L a;
  a.source().set_max_pages(1500);
  const int kThreads = 4, kSteps = Traits<TestType>::reuses ? 20000 : 300;
  std::atomic<int> bad{0}, allocated{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(t + 1);
      struct B {
        void* p;
        size_t n;
        uint32_t tag;
      };
      std::vector<B> mine;
      for (int i = 0; i < kSteps; ++i) {
        if (mine.size() < 20 && rng() % 3 != 0) {
          size_t n = rng() % 3000;
          void* p = rng() % 4 ? C::malloc(a, n) : C::aligned_alloc(a, size_t(16) << (rng() % 5), n);
          if (!p) continue;
          ++allocated;
          uint32_t tag = uint32_t(t) << 24 | uint32_t(i);
          fill_pattern(p, n, tag);
          mine.push_back({p, n, tag});
        } else if (!mine.empty()) {
          size_t k = rng() % mine.size();
          if (!has_pattern(mine[k].p, mine[k].n, mine[k].tag)) ++bad;
          if (rng() % 4 == 0) {  // realloc
            size_t n = rng() % 5000;
            void* q = C::realloc(a, mine[k].p, n);
            if (q) {
              size_t kept = n < mine[k].n ? n : mine[k].n;
              if (!has_pattern(q, kept, mine[k].tag)) ++bad;
              fill_pattern(q, n, mine[k].tag);
              mine[k] = {q, n, mine[k].tag};
            }
          } else {
            C::free(a, mine[k].p);
            mine[k] = mine.back();
            mine.pop_back();
          }
        }
      }
      for (auto& b : mine) {
        if (!has_pattern(b.p, b.n, b.tag)) ++bad;
        C::free(a, b.p);
      }
    });
  for (auto& t : threads) t.join();
  REQUIRE(bad == 0);
  REQUIRE(allocated > kThreads * 10);
  REQUIRE(a.check());
}
