// wrappers: Wrapper<V>, what every wrapper (Checked, Counted, Locked) shares: it holds the variant V it wraps
// (inner_), has V's traits (a wrapper changes how a call is made, not what the variant can do) and hands out V's
// memory source.
#pragma once

#include "../variants/allocator.hpp"

namespace wasmalloc {

template <Allocator V>
class Wrapper {
 public:
  static constexpr Traits kTraits = V::kTraits;
  /// V's source, for tests (never locked: they set the fake memory's knobs between runs).
  auto& source() { return inner_.source(); }

 protected:
  V inner_{};
};

}  // namespace wasmalloc
