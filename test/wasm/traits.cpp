// What the wasm test programs may expect of the library under test: the traits its variant declares
// (variants/allocator.hpp), for C programs. Linked into every test program (test/wasm/meson.build).
#include "selected.hpp"

extern "C" {
extern const bool wasmalloc_test_allocates = wasmalloc::Selected::kTraits.allocates;
extern const bool wasmalloc_test_reuses = wasmalloc::Selected::kTraits.reuses;
extern const bool wasmalloc_test_uses_initial = wasmalloc::Selected::kTraits.uses_initial;
extern const bool wasmalloc_test_resets = wasmalloc::Selected::kTraits.resets;
}
