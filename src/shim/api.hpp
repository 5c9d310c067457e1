// shim: the C API's rules, written once over any Allocator. The extern "C" functions in malloc.cpp and the host
// tests both call these, so errno, overflow and alignment rules live in one place.
#pragma once

#include "../config.hpp"
#include "../variants/allocator.hpp"

#if WASMALLOC_LIBC
#include <errno.h>
#endif

namespace wasmalloc {

// The error numbers: libc's where there is one; without, posix_memalign still returns WASI's numbers.
#if WASMALLOC_LIBC
inline constexpr int kENOMEM = ENOMEM, kEINVAL = EINVAL;
#else
inline constexpr int kENOMEM = 48, kEINVAL = 28;
#endif

inline void set_errno([[maybe_unused]] int e) {
#if WASMALLOC_LIBC
  errno = e;
#endif
}

template <Allocator A>
struct CApi {
  /// A block of at least `size` bytes aligned to `align` (a power of two), or NULL with ENOMEM.
  static void* allocate(A& a, size_t size, size_t align) {
    if (align < kMinAlign) align = kMinAlign;
    void* p = size <= kMaxRequest && align <= kMaxAlign ? a.allocate(size, align) : nullptr;
    if (!p) set_errno(kENOMEM);
    return p;
  }

  static void* malloc(A& a, size_t size) { return allocate(a, size, kMinAlign); }

  static void free(A& a, void* p) {
    if (p) a.deallocate(p);
  }

  static void* calloc(A& a, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
      set_errno(kENOMEM);
      return nullptr;
    }
    void* p = total <= kMaxRequest ? a.allocate_zeroed(total) : nullptr;
    if (!p) set_errno(kENOMEM);
    return p;
  }

  /// realloc(NULL, n) is malloc(n). realloc(p, 0) keeps a minimal live block and returns it, as wasi-libc's
  /// dlmalloc does (test/wasm/realloc_zero.c shows dlmalloc's behaviour). On failure p is left as it was.
  static void* realloc(A& a, void* p, size_t size) {
    if (!p) return malloc(a, size);
    if (size <= kMaxRequest && a.resize(p, size)) return p;
    void* q = malloc(a, size);
    if (q) {
      size_t n = a.usable_size(p);
      if (n > size) n = size;
      touch_pages(q, n);
      copy_bytes(q, p, n);
      a.deallocate(p);
    }
    return q;
  }

  /// realloc of n * size bytes: a product that overflows fails with ENOMEM and leaves p as it was (BSD, glibc,
  /// musl).
  static void* reallocarray(A& a, void* p, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
      set_errno(kENOMEM);
      return nullptr;
    }
    return realloc(a, p, total);
  }

  /// C11: a non-power-of-two alignment is invalid (EINVAL). The size need not be a multiple of it.
  /// memalign (the old name, as musl has it) is the same; valloc aligns to a wasm page (65,536 bytes).
  static void* aligned_alloc(A& a, size_t align, size_t size) {
    if (!is_pow2(align)) {
      set_errno(kEINVAL);
      return nullptr;
    }
    return allocate(a, size, align);
  }

  /// POSIX: returns the error instead of setting errno, and leaves *out untouched on failure.
  static int posix_memalign(A& a, void** out, size_t align, size_t size) {
    if (!is_pow2(align) || align % sizeof(void*) != 0) return kEINVAL;
    void* p = allocate(a, size, align);
    if (!p) return kENOMEM;
    *out = p;
    return 0;
  }

  static size_t usable_size(A& a, void* p) { return p ? a.usable_size(p) : 0; }
};

}  // namespace wasmalloc
