// shim: how the C names are declared. Default visibility, so that a module linked with --export-dynamic exports
// them, unless the build defines WASMALLOC_HIDDEN_C_NAMES: the Rust crate does (rustc links every cdylib with
// --export-dynamic, which would export all of them; a Rust module's allocator is its own business) unless its
// feature export_c_api asks for the exports. Hidden names still link statically and stay in the name section.
#pragma once

#if defined(WASMALLOC_HIDDEN_C_NAMES)
#define WASMALLOC_EXPORT extern "C" __attribute__((visibility("hidden")))
#else
#define WASMALLOC_EXPORT extern "C" __attribute__((visibility("default")))
#endif
