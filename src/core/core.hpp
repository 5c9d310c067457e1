// core: freestanding helpers shared by every layer (alignment math, bit scans, copies, check results). No platform,
// no libc, no C++ standard library.
//
// Glossary (the one place these words are defined):
//   page    the 64 KiB WebAssembly page; memory grows only in whole pages.
//   block   the unit a variant hands out and takes back (its bytes plus whatever header the variant keeps).
//   source  where a variant gets memory from (see source/memory_source.hpp).
//   heap    the memory a variant manages: from the source's heap base to its current end.
//   variant an allocator (variants/): fail, page, bump, freelist, tlsf, ...; a wrapper (wrappers/) adds one
//           concern (locking, debug checks, counters) around any variant.
// "chunk" is not used.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace wasmalloc {

/// The wasm page size: the unit of memory.grow.
inline constexpr size_t kPageSize = 65536;

/// Every pointer the C API returns is aligned to this (as wasi-libc's dlmalloc).
inline constexpr size_t kMinAlign = 16;

/// The largest alignment the C API accepts. Larger ones fail with ENOMEM: no wasm memory could hold them usefully.
inline constexpr size_t kMaxAlign = size_t(1) << 28;

/// A figure that is not known in this build (the C API's WASMALLOC_UNKNOWN).
inline constexpr size_t kUnknown = size_t(-1);

/// Requests above this fail up front. Callers (the shim) guarantee `size <= kMaxRequest` and
/// `align <= kMaxAlign`, so a variant may add a header, alignment padding and page rounding without overflow.
inline constexpr size_t kMaxRequest = size_t(-1) - kMaxAlign - 4 * kPageSize;

constexpr bool is_pow2(size_t x) { return x != 0 && (x & (x - 1)) == 0; }

/// Round x up to a multiple of a (a power of two). x + a - 1 must not overflow.
constexpr uintptr_t align_up(uintptr_t x, size_t a) { return (x + a - 1) & ~uintptr_t(a - 1); }
constexpr uintptr_t align_down(uintptr_t x, size_t a) { return x & ~uintptr_t(a - 1); }

/// Whole pages needed for n bytes.
constexpr size_t pages_for(size_t n) { return (n + kPageSize - 1) / kPageSize; }

/// Index of the highest set bit of x (x != 0): one clz instruction on wasm, for 32- and 64-bit words alike.
template <class T>
constexpr unsigned floor_log2(T x) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  if constexpr (sizeof(T) == 4) return 31 - unsigned(__builtin_clz(uint32_t(x)));
  else return 63 - unsigned(__builtin_clzll(uint64_t(x)));
}

/// Index of the lowest set bit of a 64-bit bitmap (x != 0): one i64.ctz instruction on wasm.
constexpr unsigned lowest_bit(uint64_t x) { return unsigned(__builtin_ctzll(x)); }

/// Copy and fill without a libc: with -mbulk-memory these become memory.copy / memory.fill.
inline void copy_bytes(void* dst, const void* src, size_t n) { __builtin_memmove(dst, src, n); }
inline void fill_bytes(void* dst, int value, size_t n) { __builtin_memset(dst, value, n); }

/// Write one byte of each 4 KiB page of [dst, dst + n) (dst must not overlap what is copied into it next). Before a
/// memory.copy or memory.fill into pages nobody has touched: the engines run those instructions as a host memmove
/// or memset, and the page faults taken inside it cost more than the same faults taken by plain stores (measured on
/// the bench's large workload, multi-MiB reallocs into fresh pages: wall time 0.93x -> 1.02x dlmalloc's under
/// wasmtime, 0.99x -> 1.13x under V8).
inline void touch_pages(void* dst, size_t n) {
  for (size_t i = 0; i < n; i += 4096) static_cast<volatile unsigned char*>(dst)[i] = 0;
}

template <class T>
T* as_ptr(uintptr_t a) { return reinterpret_cast<T*>(a); }
inline uintptr_t as_addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

/// What a heap walk (an allocator's check()) found: nothing, or the first invariant it found broken, named as a rule
/// ("free block missing from its bin's list"), and the address where. Converts to true when the heap is intact.
struct CheckResult {
  const char* broken = nullptr;
  uintptr_t where = 0;
  constexpr explicit operator bool() const { return broken == nullptr; }
};
inline constexpr CheckResult kIntact{};

/// In a check(): stop at the first rule that does not hold, and say which and where.
#define WASMALLOC_INSIST(cond, rule, address)                                    \
  do {                                                                           \
    if (!(cond)) return ::wasmalloc::CheckResult{rule, uintptr_t(address)};      \
  } while (0)

template <class A, class B> inline constexpr bool kSame = false;
template <class A> inline constexpr bool kSame<A, A> = true;
/// std::same_as without the standard library.
template <class A, class B>
concept SameAs = kSame<A, B>;

/// std::conditional_t without the standard library.
template <bool B, class T, class F> struct ChooseT { using type = T; };
template <class T, class F> struct ChooseT<false, T, F> { using type = F; };
template <bool B, class T, class F>
using Choose = typename ChooseT<B, T, F>::type;

/// An unsigned integer twice as wide as an address: sums of an address and sizes never wrap in it (i64 on wasm32).
using Wide = Choose<(sizeof(uintptr_t) < 8), uint64_t, unsigned __int128>;

}  // namespace wasmalloc
