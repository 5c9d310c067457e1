// variants: the concept every allocator variant satisfies.
#pragma once

#include "../source/memory_source.hpp"

namespace wasmalloc {

/// What the shim needs from a variant. Preconditions the shim guarantees: `align` is a power of two with
/// kMinAlign <= align <= kMaxAlign, `size <= kMaxRequest`, and `p` came from this allocator and is still live.
///  - `allocate(size, align)`: a block of at least `size` bytes aligned to `align`, distinct from every live
///    block (also for size 0), or nullptr when memory cannot be had; a failure leaves the heap as it was.
///  - `deallocate(p)`: give the block back (a variant may keep it unused forever: page, bump).
///  - `usable_size(p)`: how many bytes from p the caller may use; at least what was asked for.
///  - `resize(p, size)`: grow or shrink the block in place if the variant can; false leaves it untouched.
///  - `check()`: walk the heap and verify every invariant of the variant; true if all hold.
template <class A>
concept Allocator = requires(A& a, size_t n, void* p) {
  { a.allocate(n, n) } -> SameAs<void*>;
  { a.deallocate(p) } -> SameAs<void>;
  { a.usable_size(p) } -> SameAs<size_t>;
  { a.resize(p, n) } -> SameAs<bool>;
  { a.check() } -> SameAs<bool>;
};

}  // namespace wasmalloc
