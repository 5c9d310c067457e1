// What must hold of an allocator's stats() after any step (wasmalloc_stats' figures): known figures add up, the
// counters of a -Dstats_counters stack match the interpreter's shadow and the fake memory's own count of grow
// calls, and fail reports zeros. Used as the interpreter's per-step hook (extension tests, fuzzing the wrappers).
#pragma once

#include "interpreter.hpp"

namespace wasmalloc::test {

/// Counted at the top (perhaps under the lock): in_use is what the caller holds. Under debug checks, the guards
/// count as in use too, so only the sum's bounds hold there.
template <class A> inline constexpr bool kCountsCaller = false;
template <class V> inline constexpr bool kCountsCaller<Counted<V>> = true;
template <class V, class L> inline constexpr bool kCountsCaller<Locked<V, L>> = kCountsCaller<V>;
/// Built with counters anywhere in the stack: every figure is known.
template <class A> inline constexpr bool kCounters = false;
template <class V> inline constexpr bool kCounters<Counted<V>> = true;
template <class V, class L> inline constexpr bool kCounters<Locked<V, L>> = kCounters<V>;
template <class V, class R> inline constexpr bool kCounters<Checked<V, R>> = kCounters<V>;

template <class A>
void check_stats(A& a, const Shadow& shadow) {
  auto insist = [&](bool ok, const char* what) {
    if (!ok) throw Failure(std::string("stats: ") + what + " (operation " + std::to_string(shadow.step) + ")");
  };
  auto known = [](size_t x) { return x != kUnknown; };
  HeapStats s = a.stats();
  insist(known(s.free) && known(s.largest_free), "free and largest_free are always known");
  insist(s.largest_free <= s.free, "largest_free <= free");
  if (known(s.heap)) {
    insist(s.free <= s.heap, "free <= heap");
    if (known(s.in_use)) insist(s.in_use + s.free <= s.heap, "in_use + free <= heap");
    insist(s.heap <= fake(a).pages() * kPageSize, "heap <= memory");
  }
  if (known(s.peak_in_use) && known(s.in_use)) insist(s.peak_in_use >= s.in_use, "peak >= in_use");
  if constexpr (kCounters<A>) {
    insist(known(s.heap) && known(s.in_use) && known(s.peak_in_use), "counters: every figure known");
    insist(s.grow_calls == fake(a).grow_calls(), "counters: grow calls as the memory counted them");
  }
  if constexpr (kCountsCaller<A>) insist(s.in_use == shadow.usable_in_use, "counters: in_use is what is held");
  if constexpr (!A::kTraits.allocates)
    insist(s.heap == 0 && s.in_use == 0 && s.grow_calls == 0 && s.free == 0, "fail: no heap at all");
}

}  // namespace wasmalloc::test
