// bump: a bump pointer that never reuses memory.
//
// Assumptions: short-lived programs, or modules that allocate a little at start-up and keep it; frees are
// ignored. The heap starts at heap_base and uses the initial memory up to heap_end before it grows.
//
// Block layout (W = one word; blocks are laid end to end):
//
//   ... | padding | end | usable bytes (end - p)      | padding | end | usable bytes ...    top       limit
//                       ^ p (aligned)                ^ end of this block, == top just after it was cut
//
// Growth: when a block does not fit in [top, limit), memory grows by the pages the block needs on its own (its
// size, its alignment and its word), so one grow call always suffices. If the new pages follow ours, [top,
// limit) simply gets longer (the block may start in the old tail; at most one page more than needed is taken,
// and later blocks use it). If other code grew memory in between, that memory is not ours: the old tail is
// abandoned and allocation goes on in the new pages.
//
// The word below p records the block's end: it gives malloc_usable_size, and lets realloc grow or shrink the
// newest block in place (the vector-append pattern). Code size is the point of this variant (lol_alloc's bump
// is the bar), so freeing does nothing, not even rolling back the newest block: that would cost the free()
// of every module 34 bytes.
//
// Invariants: top <= limit; [top, limit) is unused memory we own; every block's word lies in memory we own.
// Complexity: O(1) for everything, at most one memory.grow per call. check(): top and limit are ordered.
//
// A linker that does not define __heap_end (before LLVM 16) leaves the static limit null: the fit test is done in
// double-width arithmetic (core's Wide: i64 on wasm32), where a null limit never fits, so the first block grows
// fresh pages and the initial memory past __heap_base goes unused (nothing is corrupted; the cost for modules from
// newer linkers is a few bytes).
// stats() and reset() then count the initial heap as empty (initial_end()).
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Bump {
 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = false, .uses_initial = true, .resets = true};

  void* allocate(size_t size, size_t align) {
    if constexpr (!StaticHeap<M>) {
      if (!limit_) {  // first use, for sources that only know their heap at run time
        top_ = as_ptr<unsigned char>(source_.heap_base());
        limit_ = as_ptr<unsigned char>(source_.heap_end());
      }
    }
    for (;;) {  // twice at most: after a successful grow the block fits
      // In Wide arithmetic nothing wraps, and a null limit never fits.
      size_t offset = kWord + ((0 - (as_addr(top_) + kWord)) & (align - 1));
      if (Wide(as_addr(top_)) + offset + size <= as_addr(limit_)) {
        unsigned char* p = top_ + offset;
        top_ = end_word(p) = p + size;
        return p;
      }
      if (!claim(pages_for(kWord + align + size))) return nullptr;
    }
  }

  /// Bump never hands out memory twice, but resize and reset give memory back to it: always filled.
  void* allocate_zeroed(size_t size) { return allocate_then_zero(*this, size); }
  void deallocate(void*) {}

  size_t usable_size(void* p) { return size_t(end_word(p) - static_cast<unsigned char*>(p)); }

  bool resize(void* p, size_t size) {
    auto* a = static_cast<unsigned char*>(p);
    if (end_word(a) != top_) return size <= size_t(end_word(a) - a);  // not the newest block: only what fits
    // If the new pages do not follow ours, top moves to them (for later blocks) and this block cannot grow.
    if (size > size_t(limit_ - a) && !(claim(pages_for(size - size_t(limit_ - a))) && top_ == end_word(a)))
      return false;
    top_ = end_word(a) = a + size;
    return true;
  }

  CheckResult check() {
    WASMALLOC_INSIST(top_ <= limit_ || !limit_, "bump: top above limit", top_);  // null: nothing taken yet
    return kIntact;
  }

  /// The free run [top, limit). Blocks are not recorded (a block's padding depends on its alignment, so they
  /// cannot be walked): in_use and peak need Counted. The heap is the initial memory plus the grown pages: known
  /// while memory has not grown, or exactly when the source counts.
  HeapStats stats() {
    uintptr_t base = source_.heap_base(), end = initial_end();
    uintptr_t top = limit_ ? as_addr(top_) : base, limit = limit_ ? as_addr(limit_) : end;
    Growth g = source_.growth();
    HeapStats s;
    s.free = s.largest_free = limit - top;
    s.grow_calls = g.calls;
    if (g.bytes != kUnknown) s.heap = end - base + g.bytes;
    else if (limit == end) s.heap = end - base;  // never grew (a bump heap that grew never ends at heap_end)
    return s;
  }

  /// Empty the heap: every block dies, and allocation starts again at heap_base. Returns the bytes free after.
  /// It reclaims the initial memory [heap_base, heap_end). Pages grown since are reclaimed only where the source
  /// proves no other code's memory lies among them (a counting source watched every growth): bump does not
  /// record where its grown runs start, as that would cost every module bytes in malloc. Over plain
  /// WasmMemory, pages grown before a reset are given up for good, and the next growth takes new ones.
  size_t reset() {
    uintptr_t base = source_.heap_base(), end = initial_end(), limit = as_addr(limit_);
    Growth g = source_.growth();
    if (g.run_end != 0 && limit_ && limit != end && limit == g.run_end) {
      if (g.run_start == end) end = limit;  // every growth continued the initial memory: all of it is ours
      else if (limit - g.run_start > end - base) base = g.run_start, end = limit;  // the larger run we own
    }
    top_ = as_ptr<unsigned char>(base);
    limit_ = as_ptr<unsigned char>(end);
    return end - base;
  }

  M& source() { return source_; }

 private:
  static constexpr size_t kWord = sizeof(unsigned char*);
  static_assert(kWord < kMinAlign);
  static unsigned char*& end_word(void* p) { return static_cast<unsigned char**>(p)[-1]; }

  /// The end of the initial heap this bump uses: the static bound (heap_base when a linker left it undefined:
  /// then the initial memory is not used), or the source's.
  uintptr_t initial_end() {
    if constexpr (StaticHeap<M>) return M::kHeapEnd >= M::kHeapBase ? as_addr(M::kHeapEnd) : as_addr(M::kHeapBase);
    else return source_.heap_end();
  }

  /// Grow memory by `pages` and make them ours: appended to [top, limit) if they follow it, else [top, limit)
  /// moves to them. False (nothing changed) if memory cannot grow.
  bool claim(size_t pages) {
    uintptr_t old = source_.grow(pages);
    if (old == kGrowFailed) return false;
    auto* start = as_ptr<unsigned char>(old);
    if (start != limit_) top_ = start;
    limit_ = start + pages * kPageSize;
    return true;
  }

  [[no_unique_address]] M source_{};
  unsigned char* top_ = static_heap_base<M>();
  unsigned char* limit_ = static_heap_end<M>();  // end of the memory we own after top_
};

}  // namespace wasmalloc
