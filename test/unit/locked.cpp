// The thread_safe wrapper (wrappers/locked.hpp, core/spin_lock.hpp) on the host with real threads, built with
// ThreadSanitizer: several threads run the random interpreter (each with its own blocks) on one Locked<V> of every
// variant, while another thread keeps asking for stats() and check(). Built again without the lock
// (Locked<V, NoLock>, -DWASMALLOC_TEST_NO_LOCK), the same test must fail: TSan reports the races (test/meson.build
// registers that build as a test that must fail).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "interpreter.hpp"

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
  TestLock lock;
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

TEMPLATE_LIST_TEST_CASE("threads share one locked heap; stats and check run beside them", "[locked]", Allocating) {
  using L = Locked<TestType, TestLock>;
  L a;
  fake(a).set_max_pages(1500);
  const size_t kThreads = 4, kSteps = TestType::kTraits.reuses ? 20000 : 1000;
  std::atomic<bool> done{false};
  std::atomic<size_t> failures{0}, reports{0};
  // wasmalloc_stats and wasmalloc_check from another thread (the red team's defect 3: stats walked the heap
  // without the lock).
  std::thread watcher([&] {
    while (!done) {
      HeapStats s = a.stats();
      if (s.free != kUnknown && s.largest_free > s.free) ++failures;
      if (reports++ % 8 == 0 && !a.check()) ++failures;
      std::this_thread::sleep_for(std::chrono::microseconds(200));  // leave the lock to the workers mostly
    }
  });
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      RandomBytes in(uint32_t(t + 1));
      InterpreterOptions options;
      options.max_ops = kSteps;
      options.max_size = 5000;
      options.environment = false;
      options.shared = true;
      options.tag_base = uint32_t(t) << 24;
      options.check_every = 0;  // the watcher checks all along
      try {
        interpret(a, in, options);
      } catch (const Failure& f) {
        UNSCOPED_INFO(f.what());
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  done = true;
  watcher.join();
  REQUIRE(failures == 0);
  REQUIRE(reports > 0);
  REQUIRE(a.check());
}
