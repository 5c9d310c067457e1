// The one place that turns the build's choice (the generated wasmalloc_config.h) into a type.
#pragma once

#include "wasmalloc_config.h"
#include "source/wasm_memory.hpp"
#include WASMALLOC_VARIANT_HEADER

namespace wasmalloc {
using Selected = WASMALLOC_VARIANT_CLASS<WasmMemory>;
static_assert(Allocator<Selected>);
}  // namespace wasmalloc
