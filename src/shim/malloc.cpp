// shim: the C ABI of the allocator (the extension API's functions are in extension.cpp, a separate object that a
// static link pulls in only when the program calls one of them). It defines all ten symbols that wasi-libc's
// dlmalloc.o defines, so that linking libwasmalloc.a ahead of libc keeps dlmalloc out of the module, and the
// three more that zig's libc allocator (lib/c/malloc.zig) defines beside them (reallocarray, memalign, valloc),
// so that a program calling one of those does not link zig's allocator beside wasmalloc; in emscripten builds, the
// three emscripten_builtin_* names its libc calls.
#include "wasmalloc.h"

#include "../selected.hpp"
#include "api.hpp"
#include "export.hpp"

// Not in an anonymous namespace: shim/extension.cpp reaches it too (declared hidden in selected.hpp).
constinit wasmalloc::Selected wasmalloc::selected_heap;
namespace {
wasmalloc::Selected& heap = wasmalloc::selected_heap;
using Api = wasmalloc::CApi<wasmalloc::Selected>;
}  // namespace

// Which allocator is this? The functions are defined under names that say so (wasmalloc_tlsf_malloc, ...) and
// the standard names are aliases of them: the name section of an unstripped module then tells
// scripts/which-malloc what is inside, at no cost in code, and stripping removes it with the other names.
// (A custom section would either survive --strip-all, costing every module its bytes, or, named .debug_*,
// crash binaryen 108's wasm-opt in modules with no other debug information.)
#define WASMALLOC_CAT_(a, b) a##b
#define WASMALLOC_CAT(a, b) WASMALLOC_CAT_(a, b)
#define WASMALLOC_STR_(x) #x
#define WASMALLOC_STR(x) WASMALLOC_STR_(x)
#define WASMALLOC_IMPL(fn) WASMALLOC_CAT(WASMALLOC_CAT(WASMALLOC_CAT(wasmalloc_, WASMALLOC_VARIANT), _), fn)
#define WASMALLOC_ALIAS(fn) __attribute__((alias(WASMALLOC_STR(WASMALLOC_IMPL(fn)))))

WASMALLOC_EXPORT void* WASMALLOC_IMPL(malloc)(size_t size) { return Api::malloc(heap, size); }
WASMALLOC_EXPORT void WASMALLOC_IMPL(free)(void* p) { Api::free(heap, p); }
WASMALLOC_EXPORT void* WASMALLOC_IMPL(calloc)(size_t n, size_t size) { return Api::calloc(heap, n, size); }
WASMALLOC_EXPORT void* WASMALLOC_IMPL(realloc)(void* p, size_t size) { return Api::realloc(heap, p, size); }
WASMALLOC_EXPORT void* WASMALLOC_IMPL(aligned_alloc)(size_t align, size_t size) {
  return Api::aligned_alloc(heap, align, size);
}
WASMALLOC_EXPORT int WASMALLOC_IMPL(posix_memalign)(void** out, size_t align, size_t size) {
  return Api::posix_memalign(heap, out, align, size);
}
WASMALLOC_EXPORT size_t WASMALLOC_IMPL(malloc_usable_size)(void* p) { return Api::usable_size(heap, p); }
WASMALLOC_EXPORT void* WASMALLOC_IMPL(reallocarray)(void* p, size_t n, size_t size) {
  return Api::reallocarray(heap, p, n, size);
}
WASMALLOC_EXPORT void* WASMALLOC_IMPL(memalign)(size_t align, size_t size) {
  return Api::aligned_alloc(heap, align, size);
}
WASMALLOC_EXPORT void* WASMALLOC_IMPL(valloc)(size_t size) {
  return Api::aligned_alloc(heap, wasmalloc::kPageSize, size);
}

WASMALLOC_EXPORT void* malloc(size_t size) WASMALLOC_ALIAS(malloc);
WASMALLOC_EXPORT void free(void* p) WASMALLOC_ALIAS(free);
WASMALLOC_EXPORT void* calloc(size_t n, size_t size) WASMALLOC_ALIAS(calloc);
WASMALLOC_EXPORT void* realloc(void* p, size_t size) WASMALLOC_ALIAS(realloc);
WASMALLOC_EXPORT void* aligned_alloc(size_t align, size_t size) WASMALLOC_ALIAS(aligned_alloc);
WASMALLOC_EXPORT int posix_memalign(void** out, size_t align, size_t size) WASMALLOC_ALIAS(posix_memalign);
WASMALLOC_EXPORT size_t malloc_usable_size(void* p) WASMALLOC_ALIAS(malloc_usable_size);
WASMALLOC_EXPORT void* reallocarray(void* p, size_t n, size_t size) WASMALLOC_ALIAS(reallocarray);
WASMALLOC_EXPORT void* memalign(size_t align, size_t size) WASMALLOC_ALIAS(memalign);
WASMALLOC_EXPORT void* valloc(size_t size) WASMALLOC_ALIAS(valloc);

// wasi-libc's internal names (used by its atexit, locale and stdio code).
WASMALLOC_EXPORT void* __libc_malloc(size_t size) { return Api::malloc(heap, size); }
WASMALLOC_EXPORT void __libc_free(void* p) { Api::free(heap, p); }
WASMALLOC_EXPORT void* __libc_calloc(size_t n, size_t size) { return Api::calloc(heap, n, size); }

#if WASMALLOC_EMSCRIPTEN
// Emscripten's libc allocates through these (getenv's environment, mmap, threads); its dlmalloc and emmalloc define
// them, and -sMALLOC=none leaves them undefined.
WASMALLOC_EXPORT void* emscripten_builtin_malloc(size_t size) WASMALLOC_ALIAS(malloc);
WASMALLOC_EXPORT void emscripten_builtin_free(void* p) WASMALLOC_ALIAS(free);
WASMALLOC_EXPORT void* emscripten_builtin_memalign(size_t align, size_t size) WASMALLOC_ALIAS(memalign);
#endif
