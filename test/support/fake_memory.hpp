// FakeMemory: a MemorySource for host tests. It reserves address space and plays a wasm32 linear memory in it: a
// heap base that is not page-aligned, an initial memory end, growth that can be refused after a number of pages,
// and "foreign" growth (other code calling memory.grow between our calls) that makes growth non-contiguous.
// Memory past the current end is not mapped (PROT_NONE: touching it is a SEGV), and under ASan every byte below
// the end that the allocator does not own (static data just below the heap, other code's pages) is poisoned, so
// a variant that touches memory outside what the source gave it fails the test at once. Only the pages reached
// are ever poisoned or unpoisoned, so a FakeMemory costs little to make (the fuzzer makes one per input).
//
// Its address space has `address_pages` pages (2,048 by default: 128 MiB). Like WasmMemory at 4 GiB, it never
// hands out pages that end at the top (source/memory_source.hpp, kAddressEnd): growth that reaches the top is
// done but refused, and end() reads at most the top page's start. configure(..., 65536) is
// a whole wasm32 memory (4 GiB of address space, reserved, not committed), so tests can stand at its end.
#pragma once

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "source/memory_source.hpp"

namespace wasmalloc::test {

class FakeMemory {
 public:
  static constexpr size_t kDefaultAddressPages = 2048;  // 128 MiB, touched only where used
  static constexpr size_t kWasm32Pages = 65536;         // 4 GiB: a whole wasm32 memory

  FakeMemory() { configure(kDefaultInitialPages, kDefaultHeapBaseOffset); }
  ~FakeMemory() { release(); }
  FakeMemory(const FakeMemory&) = delete;
  FakeMemory& operator=(const FakeMemory&) = delete;

  /// The module starts with `initial_pages` of memory, of which [heap_base_offset, end) is the heap's, in an
  /// address space of `address_pages`. Call before the allocator first uses its source.
  void configure(size_t initial_pages, size_t heap_base_offset, size_t address_pages = kDefaultAddressPages) {
    if (address_pages != address_pages_) {
      release();
      address_pages_ = address_pages;
      max_pages_ = address_pages;
      void* m = mmap(nullptr, (address_pages + 1) * kPageSize, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (m == MAP_FAILED) std::abort();
      mapping_ = static_cast<unsigned char*>(m);
      base_ = align_up(as_addr(mapping_), kPageSize);  // memory's "address 0" is page-aligned, as wasm's is
      mapped_pages_ = 0;
    }
    map_up_to(initial_pages);
    pages_ = initial_pages;
    heap_base_ = base_ + heap_base_offset;
    heap_end_ = base_ + initial_pages * kPageSize;
    // Static data: from the page below heap_base's page (the only ones a stray access near the heap reaches).
    uintptr_t page = align_down(heap_base_, kPageSize);
    poisoned_from_ = page > base_ ? page - kPageSize : base_;
    ASAN_POISON_MEMORY_REGION(as_ptr<void>(poisoned_from_), heap_base_ - poisoned_from_);
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(heap_base_), heap_end_ - heap_base_);
  }
  /// Memory may never exceed this many pages in all (like a module's maximum or an engine's limit).
  void set_max_pages(size_t pages) { max_pages_ = pages < address_pages_ ? pages : address_pages_; }
  /// Before each grow, other code grows memory by this many pages (0: growth stays contiguous).
  void set_foreign_pages(size_t pages) { foreign_pages_ = pages; }

  // The MemorySource interface.
  uintptr_t heap_base() { return heap_base_; }
  uintptr_t heap_end() { return heap_end_; }
  uintptr_t end() { return base_ + (pages_ < address_pages_ ? pages_ : address_pages_ - 1) * kPageSize; }
  uintptr_t grow(size_t pages) {
    ++grow_calls_;
    if (foreign_pages_ != 0 && pages_ + foreign_pages_ <= max_pages_) foreign_grow(foreign_pages_);
    if (pages_ > max_pages_ || pages > max_pages_ - pages_) return kGrowFailed;
    uintptr_t old = base_ + pages_ * kPageSize;
    map_up_to(pages_ + pages);
    pages_ += pages;
    // Growth that reaches the top page is given up, as WasmMemory gives up growth that reaches 4 GiB (kAddressEnd):
    // memory has grown (it never shrinks), but the pages are not handed out.
    if (pages_ == address_pages_) return kGrowFailed;
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(old), pages * kPageSize);
    return old;
  }
  Growth growth() { return {}; }  // a plain source: it keeps no count for the allocator

  // For tests.
  /// Other code grows memory now by `pages` (within the cap); its pages are poisoned. Their start, or 0.
  uintptr_t foreign_grow(size_t pages) {
    if (pages_ + pages > max_pages_) return 0;
    uintptr_t old = base_ + pages_ * kPageSize;
    map_up_to(pages_ + pages);
    ASAN_POISON_MEMORY_REGION(as_ptr<void>(old), pages * kPageSize);  // someone else's memory
    pages_ += pages;
    foreign_total_ += pages;
    return old;
  }
  size_t pages() const { return pages_; }
  size_t grow_calls() const { return grow_calls_; }
  size_t foreign_total() const { return foreign_total_; }
  uintptr_t base() const { return base_; }

 private:
  static constexpr size_t kDefaultInitialPages = 2;
  static constexpr size_t kDefaultHeapBaseOffset = 0x1234;  // not aligned: the heap must align it itself

  /// Make the first `pages` pages readable and writable (they read as zeros, as fresh wasm pages do).
  void map_up_to(size_t pages) {
    if (pages <= mapped_pages_) return;
    uintptr_t from = base_ + mapped_pages_ * kPageSize;
    if (mprotect(as_ptr<void>(from), (pages - mapped_pages_) * kPageSize, PROT_READ | PROT_WRITE) != 0) std::abort();
    mapped_pages_ = pages;
  }
  void release() {
    if (!mapping_) return;
    // Everything poisoned lies in [poisoned_from_, end of memory): static data near the heap, foreign pages.
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(poisoned_from_), base_ + pages_ * kPageSize - poisoned_from_);
    munmap(mapping_, (address_pages_ + 1) * kPageSize);
    mapping_ = nullptr;
  }

  unsigned char* mapping_ = nullptr;
  size_t address_pages_ = 0;
  size_t mapped_pages_ = 0;  // pages [0, mapped_pages_) are accessible; the rest of the reservation is PROT_NONE
  uintptr_t base_ = 0;
  uintptr_t poisoned_from_ = 0;
  uintptr_t heap_base_ = 0;
  uintptr_t heap_end_ = 0;
  size_t pages_ = 0;
  size_t max_pages_ = 0;
  size_t foreign_pages_ = 0;
  size_t foreign_total_ = 0;
  size_t grow_calls_ = 0;
};
static_assert(MemorySource<FakeMemory>);

}  // namespace wasmalloc::test
