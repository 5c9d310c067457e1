// wrappers: how a build's options stack the wrappers around a variant. selected.hpp builds the one this build's
// options name; the host tests build every combination over the fake memory (test/unit/stacks.cpp).
//
//   Locked<                        -Dthread_safe: one lock around everything below
//     Checked<                     -Ddebug_checks: guards, quarantine, reports through R
//       Counted<V<CountingSource<M>>>   -Dstats_counters: in-use and peak counters; the source counts growth
//       or V<M>>>
#pragma once

#include "../source/counting.hpp"
#include "checked.hpp"
#include "counted.hpp"
#include "locked.hpp"

namespace wasmalloc {

template <template <class> class V, class M, bool kCounters>
using WithCounters = Choose<kCounters, Counted<V<CountingSource<M>>>, V<M>>;
template <class A, bool kChecks, class R>
using WithChecks = Choose<kChecks, Checked<A, R>, A>;
template <class A, bool kLock>
using WithLock = Choose<kLock, Locked<A>, A>;

/// Variant V over memory source M, with the wrappers the three options ask for.
template <template <class> class V, class M, bool kCounters, bool kChecks, class R, bool kLock>
using Stack = WithLock<WithChecks<WithCounters<V, M, kCounters>, kChecks, R>, kLock>;

}  // namespace wasmalloc
