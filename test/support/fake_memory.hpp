// FakeMemory: a MemorySource for host tests. It reserves a region of address space and plays linear memory in
// it: a heap base that is not page-aligned, an initial memory end, growth that can be refused after a number of
// pages, and "foreign" growth (other code calling memory.grow between our calls) that makes growth
// non-contiguous. Memory past the current end is not mapped (PROT_NONE: touching it is a SEGV), and under ASan
// every byte below the end that the allocator does not own (static data, other code's pages) is poisoned, so a
// variant that touches memory outside what the source gave it fails the test at once. Only the pages reached
// are ever poisoned or unpoisoned, so a FakeMemory costs little to make (the fuzzer makes one per input).
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
  static constexpr size_t kReservedPages = 2048;  // 128 MiB of address space, touched only where used

  FakeMemory() {
    void* m = mmap(nullptr, (kReservedPages + 1) * kPageSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED) std::abort();
    mapping_ = static_cast<unsigned char*>(m);
    // Memory "address 0" is page-aligned inside the mapping, as wasm memory is.
    base_ = align_up(as_addr(mapping_), kPageSize);
    configure(kDefaultInitialPages, kDefaultHeapBaseOffset);
  }
  ~FakeMemory() {
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(base_), mapped_pages_ * kPageSize);
    munmap(mapping_, (kReservedPages + 1) * kPageSize);
  }
  FakeMemory(const FakeMemory&) = delete;
  FakeMemory& operator=(const FakeMemory&) = delete;

  /// The module starts with `initial_pages` of memory, of which [heap_base_offset, end) is the heap's.
  void configure(size_t initial_pages, size_t heap_base_offset) {
    map_up_to(initial_pages);
    pages_ = initial_pages;
    heap_base_ = base_ + heap_base_offset;
    heap_end_ = base_ + initial_pages * kPageSize;
    ASAN_POISON_MEMORY_REGION(as_ptr<void>(base_), mapped_pages_ * kPageSize);
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(heap_base_), heap_end_ - heap_base_);
  }
  /// Memory may never exceed this many pages in all (like a module's maximum or an engine's limit).
  void set_max_pages(size_t pages) { max_pages_ = pages < kReservedPages ? pages : kReservedPages; }
  /// Before each grow, other code grows memory by this many pages (0: growth stays contiguous).
  void set_foreign_pages(size_t pages) { foreign_pages_ = pages; }

  // The MemorySource interface.
  uintptr_t heap_base() { return heap_base_; }
  uintptr_t heap_end() { return heap_end_; }
  uintptr_t end() { return base_ + pages_ * kPageSize; }
  uintptr_t grow(size_t pages) {
    ++grow_calls_;
    if (foreign_pages_ != 0 && pages_ + foreign_pages_ <= max_pages_) {
      map_up_to(pages_ + foreign_pages_);
      ASAN_POISON_MEMORY_REGION(as_ptr<void>(end()), foreign_pages_ * kPageSize);  // someone else's memory
      pages_ += foreign_pages_;
      foreign_total_ += foreign_pages_;
    }
    if (pages > max_pages_ - pages_) return kGrowFailed;
    uintptr_t old = end();
    map_up_to(pages_ + pages);
    pages_ += pages;
    ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(old), pages * kPageSize);
    return old;
  }

  // For tests.
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

  unsigned char* mapping_ = nullptr;
  size_t mapped_pages_ = 0;  // pages [0, mapped_pages_) are accessible; the rest of the reservation is PROT_NONE
  uintptr_t base_ = 0;
  uintptr_t heap_base_ = 0;
  uintptr_t heap_end_ = 0;
  size_t pages_ = 0;
  size_t max_pages_ = kReservedPages;
  size_t foreign_pages_ = 0;
  size_t foreign_total_ = 0;
  size_t grow_calls_ = 0;
};
static_assert(MemorySource<FakeMemory>);

}  // namespace wasmalloc::test
