// The list every host test runs over: each variant on FakeMemory, whatever the build's `variant` option says.
// A new variant adds itself here, with its traits.
#pragma once

#include "fake_memory.hpp"
#include "shim/api.hpp"
#include "variants/bump.hpp"
#include "variants/fail.hpp"
#include "variants/freelist.hpp"
#include "variants/page.hpp"
#include "variants/tlsf.hpp"

namespace wasmalloc::test {

using FailT = Fail<FakeMemory>;
using PageT = Page<FakeMemory>;
using BumpT = Bump<FakeMemory>;
using FreelistT = Freelist<FakeMemory>;
using TlsfT = Tlsf<FakeMemory>;
#define WASMALLOC_ALL_VARIANTS FailT, PageT, BumpT, FreelistT, TlsfT
#define WASMALLOC_ALLOCATING_VARIANTS PageT, BumpT, FreelistT, TlsfT

/// What tests may expect of a variant.
template <class A> struct Traits;
template <> struct Traits<FailT> {
  static constexpr bool allocates = false;     // ever returns a block
  static constexpr bool reuses = false;        // any freed block can be handed out again
  static constexpr bool uses_initial = false;  // serves from [heap_base, heap_end) before growing
};
template <> struct Traits<PageT> {
  static constexpr bool allocates = true, reuses = false, uses_initial = false;
};
template <> struct Traits<BumpT> {
  static constexpr bool allocates = true, reuses = false, uses_initial = true;
};
template <> struct Traits<FreelistT> {
  static constexpr bool allocates = true, reuses = true, uses_initial = true;
};
template <> struct Traits<TlsfT> {
  static constexpr bool allocates = true, reuses = true, uses_initial = true;
};

/// The C API's rules over a variant, as the shim applies them.
template <class A>
using Api = CApi<A>;

/// Fill a block with a pattern derived from its tag, and check it later.
inline unsigned char pattern_byte(uint32_t tag, size_t i) { return static_cast<unsigned char>(tag * 131 + i * 7 + 1); }
inline void fill_pattern(void* p, size_t n, uint32_t tag) {
  auto* b = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) b[i] = pattern_byte(tag, i);
}
inline bool has_pattern(const void* p, size_t n, uint32_t tag) {
  auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i)
    if (b[i] != pattern_byte(tag, i)) return false;
  return true;
}

}  // namespace wasmalloc::test
