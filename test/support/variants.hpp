// What every host test builds on: the variants of the registry (generated variant_list.hpp) over FakeMemory as
// lists for Catch2's TEMPLATE_LIST_TEST_CASE, chosen by the traits each variant declares (variants/allocator.hpp);
// every stack of wrappers a build can make; the C API's rules over any of them; block patterns.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <tuple>

#include "fake_memory.hpp"
#include "shim/api.hpp"
#include "variant_list.hpp"
#include "wrappers/stack.hpp"

namespace wasmalloc::test {

// ---- lists of allocator types

template <class... A>
using List = std::tuple<A...>;

template <class... L>
struct ConcatT;
template <class... A>
struct ConcatT<List<A...>> {
  using type = List<A...>;
};
template <class... A, class... B, class... L>
struct ConcatT<List<A...>, List<B...>, L...> : ConcatT<List<A..., B...>, L...> {};
template <class... L>
using Concat = typename ConcatT<L...>::type;

/// The allocators of list L whose traits satisfy Keep.
template <class L, auto Keep>
struct FilterT;
template <auto Keep, class... A>
struct FilterT<List<A...>, Keep> {
  using type = Concat<List<>, Choose<Keep(A::kTraits), List<A>, List<>>...>;
};
template <class L, auto Keep>
using Filter = typename FilterT<L, Keep>::type;

/// A reporter for the debug_checks wrapper that throws, so that each detection is a test expectation.
struct Detected : std::runtime_error {
  Detected(const char* call, const char* problem, const void* p)
      : std::runtime_error(std::string(call) + ": " + problem), address(p) {}
  const void* address;
};
struct ThrowReporter {
  [[noreturn]] static void fail(const char* call, const char* problem, const void* p) {
    throw Detected(call, problem, p);
  }
};

template <template <class> class... V>
struct Templates {
  template <class M>
  using Over = List<V<M>...>;
  /// Every variant with the wrappers three build options give (see wrappers/stack.hpp).
  template <bool kCounters, bool kChecks, bool kLock>
  using Stacks = List<Stack<V, FakeMemory, kCounters, kChecks, ThrowReporter, kLock>...>;
};
using Registry = Templates<WASMALLOC_VARIANT_TEMPLATES>;
inline constexpr const char* kVariantNames[] = {WASMALLOC_VARIANT_NAMES};

/// Every variant over FakeMemory, in the registry's order; and those that do what a test needs.
using AllVariants = Registry::Over<FakeMemory>;
using Allocating = Filter<AllVariants, [](Traits t) { return t.allocates; }>;
using Reusing = Filter<AllVariants, [](Traits t) { return t.reuses; }>;
using NeverReusing = Filter<AllVariants, [](Traits t) { return !t.reuses; }>;
/// With counters (-Dstats_counters), with debug checks (-Ddebug_checks), and every stack a build can make.
using AllCounted = Registry::Stacks<true, false, false>;
using AllChecked = Registry::Stacks<false, true, false>;
using AllStacks = Concat<AllVariants, AllCounted, AllChecked, Registry::Stacks<true, true, false>,
                         Registry::Stacks<false, false, true>, Registry::Stacks<true, false, true>,
                         Registry::Stacks<false, true, true>, Registry::Stacks<true, true, true>>;

/// The registry's name of variant A (an element of AllVariants).
template <class A, class L = AllVariants>
struct IndexOfT;
template <class A, class... B>
struct IndexOfT<A, List<A, B...>> {
  static constexpr size_t value = 0;
};
template <class A, class B0, class... B>
struct IndexOfT<A, List<B0, B...>> {
  static constexpr size_t value = 1 + IndexOfT<A, List<B...>>::value;
};
template <class A>
const char* variant_name() {
  return kVariantNames[IndexOfT<A>::value];
}

/// The FakeMemory under an allocator, through a counting source if there is one.
inline FakeMemory& fake_of(FakeMemory& m) { return m; }
template <class M>
FakeMemory& fake_of(CountingSource<M>& m) {
  return fake_of(m.inner());
}
template <class A>
FakeMemory& fake(A& a) {
  return fake_of(a.source());
}

/// The C API's rules over an allocator, as the shim applies them.
template <class A>
using Api = CApi<A>;

// ---- block patterns

/// Fill a block with a pattern derived from its tag, and check it later. The pattern repeats every 256 bytes, so
/// both work a row at a time (memcpy and memcmp: quick, and ASan checks every byte they touch).
inline unsigned char pattern_byte(uint32_t tag, size_t i) { return static_cast<unsigned char>(tag * 131 + i * 7 + 1); }
struct PatternRow {
  explicit PatternRow(uint32_t tag) {
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = pattern_byte(tag, i);
  }
  unsigned char bytes[256];
};
inline void fill_pattern(void* p, size_t n, uint32_t tag) {
  PatternRow row(tag);
  auto* b = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < n; i += sizeof row.bytes) std::memcpy(b + i, row.bytes, std::min(n - i, sizeof row.bytes));
}
inline bool has_pattern(const void* p, size_t n, uint32_t tag) {
  PatternRow row(tag);
  auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; i += sizeof row.bytes)
    if (std::memcmp(b + i, row.bytes, std::min(n - i, sizeof row.bytes)) != 0) return false;
  return true;
}

}  // namespace wasmalloc::test

// A failed REQUIRE(a.check()) prints the broken rule and its address.
namespace Catch {
template <>
struct StringMaker<wasmalloc::CheckResult> {
  static std::string convert(const wasmalloc::CheckResult& r) {
    if (!r.broken) return "intact";
    char at[32];
    std::snprintf(at, sizeof at, " at 0x%zx", size_t(r.where));
    return std::string("broken: ") + r.broken + at;
  }
};
}  // namespace Catch
