// source: EmscriptenSbrk, linear memory as an emscripten program shares it. Selected for emscripten builds
// (selected.hpp) in place of WasmMemory.
//
// Why not memory.grow: emscripten's JavaScript keeps views (HEAP8, HEAPU8, ...) of memory's ArrayBuffer, which
// memory.grow detaches. Emscripten's own growth (sbrk -> emscripten_resize_heap) replaces them; a memory.grow behind
// its back leaves them stale, and with -sALLOW_MEMORY_GROWTH the program hangs or dies at the next JS access
// (printf, file I/O). And emscripten hands memory out from one break, sbrk's: pages a memory.grow added would be
// given again by the next sbrk call (other code's, or libc's), corrupting our blocks.
//
// So every byte the heap gets comes from sbrk, and what sbrk gave anyone else is never ours:
//  - the initial heap is claimed at first use: from the break then (the linker's __heap_base, unless other code
//    called sbrk first) up to the first page boundary at or above it. Emscripten's break does not start on a
//    page boundary: this partial page is what heap_base()/heap_end() describe. The rest of the initial memory
//    (16 MiB by default) stays sbrk's; growth takes it page by page before memory itself grows.
//  - grow(pages) pads the break up to a page boundary, then takes the pages: the start of the pages, or
//    kGrowFailed if they would end past emscripten_get_heap_max() (the memory's size without
//    -sALLOW_MEMORY_GROWTH, -sMAXIMUM_MEMORY with it) or sbrk fails; all or nothing. The bound is checked before
//    sbrk is called: a build without growth has ABORTING_MALLOC=1 by default, under which emscripten aborts the
//    program when sbrk asks for more memory, where malloc must return NULL with ENOMEM. When nobody else moved
//    the break in between, the pages follow our previous ones. The padding is lost to everyone.
//  - end() is memory.size (WasmMemory's): all memory, whatever sbrk has or has not handed out of it.
// Pages from sbrk are fresh (zero) unless a caller gave memory back with a negative increment, which emscripten's
// own code never does.
//
// sbrk lives in emscripten's libmalloc, which -sMALLOC=none leaves out (3.1.6): src/meson.build compiles the
// installed emscripten's own sbrk.c into libwasmalloc.a then (docs/toolchains.md, "With emscripten").
#pragma once

#include "wasm_memory.hpp"

extern "C" void* sbrk(intptr_t increment);
extern "C" size_t emscripten_get_heap_max(void);  // <emscripten/heap.h>

namespace wasmalloc {

struct EmscriptenSbrk {
  static uintptr_t heap_base() {
    if (!end_) claim();
    return base_;
  }
  static uintptr_t heap_end() {
    if (!end_) claim();
    return end_;
  }
  static uintptr_t end() { return WasmMemory::end(); }
  static uintptr_t grow(size_t pages) {
    uintptr_t brk = as_addr(sbrk(0));
    uintptr_t limit = emscripten_get_heap_max();
    limit = limit < kAddressEnd ? limit : kAddressEnd;
    if (brk > limit) return kGrowFailed;  // (also keeps align_up below from wrapping past 4 GiB)
    uintptr_t start = align_up(brk, kPageSize);
    if (start > limit || pages > (limit - start) / kPageSize) return kGrowFailed;
    size_t bytes = start - brk + pages * kPageSize;  // below 4 GiB: sbrk takes it as unsigned
    uintptr_t got = as_addr(sbrk(intptr_t(bytes)));
    if (got == uintptr_t(-1)) return kGrowFailed;
    // Defensive: if the break moved since sbrk(0) (only possible with threads, which the sbrk.o built into the
    // library does not support), the padding may not reach a boundary; what sbrk gave is then lost.
    start = align_up(got, kPageSize);
    return start + pages * kPageSize <= got + bytes ? start : kGrowFailed;
  }
  static Growth growth() { return {}; }

 private:
  /// The initial heap: the break now, up to the page boundary at or above it (memory always ends on a page
  /// boundary, so sbrk needs no growth for it).
  static void claim() {
    uintptr_t brk = as_addr(sbrk(0));
    uintptr_t boundary = align_up(brk, kPageSize);
    uintptr_t got = as_addr(sbrk(intptr_t(boundary - brk)));
    if (got == brk) {
      base_ = brk;
      end_ = boundary;
    } else {  // sbrk failed, or another thread moved the break in between: an empty initial heap
      base_ = end_ = got == uintptr_t(-1) ? brk : got;
    }
  }
  static inline uintptr_t base_ = 0;
  static inline uintptr_t end_ = 0;  // 0 until claimed (the initial heap never ends at address 0)
};
static_assert(MemorySource<EmscriptenSbrk>);

}  // namespace wasmalloc
