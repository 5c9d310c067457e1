// shim: the C API's rules, written once over any Allocator. The extern "C" functions in malloc.cpp and the host
// tests both call these, so errno, overflow and alignment rules live in one place.
#pragma once

#include "../variants/allocator.hpp"

#if WASMALLOC_HAVE_ERRNO
#include <errno.h>
#else
// No libc: nothing to set, but posix_memalign still returns these (the WASI numbering).
#define ENOMEM 48
#define EINVAL 28
#endif

namespace wasmalloc {

inline void set_errno([[maybe_unused]] int e) {
#if WASMALLOC_HAVE_ERRNO
  errno = e;
#endif
}

template <Allocator A>
struct CApi {
  /// A block of at least `size` bytes aligned to `align` (a power of two), or NULL with ENOMEM.
  static void* allocate(A& a, size_t size, size_t align) {
    if (align < kMinAlign) align = kMinAlign;
    void* p = size <= kMaxRequest && align <= kMaxAlign ? a.allocate(size, align) : nullptr;
    if (!p) set_errno(ENOMEM);
    return p;
  }

  static void* malloc(A& a, size_t size) { return allocate(a, size, kMinAlign); }

  static void free(A& a, void* p) {
    if (p) a.deallocate(p);
  }

  static void* calloc(A& a, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
      set_errno(ENOMEM);
      return nullptr;
    }
    void* p = malloc(a, total);
    if (p) fill_bytes(p, 0, total);
    return p;
  }

  /// realloc(NULL, n) is malloc(n). realloc(p, 0) keeps a minimal live block and returns it, as wasi-libc's
  /// dlmalloc does (test/wasm/realloc_zero.c shows dlmalloc's behaviour). On failure p is left as it was.
  static void* realloc(A& a, void* p, size_t size) {
    if (!p) return malloc(a, size);
    if (size <= kMaxRequest && a.resize(p, size)) return p;
    void* q = malloc(a, size);
    if (q) {
      size_t old = a.usable_size(p);
      copy_bytes(q, p, old < size ? old : size);
      a.deallocate(p);
    }
    return q;
  }

  /// C11: a non-power-of-two alignment is invalid (EINVAL). The size need not be a multiple of it.
  static void* aligned_alloc(A& a, size_t align, size_t size) {
    if (!is_pow2(align)) {
      set_errno(EINVAL);
      return nullptr;
    }
    return allocate(a, size, align);
  }

  /// POSIX: returns the error instead of setting errno, and leaves *out untouched on failure.
  static int posix_memalign(A& a, void** out, size_t align, size_t size) {
    if (!is_pow2(align) || align % sizeof(void*) != 0) return EINVAL;
    void* p = allocate(a, size, align);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
  }

  static size_t usable_size(A& a, void* p) { return p ? a.usable_size(p) : 0; }
};

}  // namespace wasmalloc
