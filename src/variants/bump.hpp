// bump: a bump pointer that never reuses memory, except that freeing the newest block rolls it back.
//
// Assumptions: short-lived programs or arenas where total allocation stays small; frees are mostly ignored.
// The heap starts at heap_base and uses the initial memory up to heap_end before it grows. It grows by the
// whole pages a request needs (never once per allocation: small blocks fill the page that is left). If other
// code grew memory in between, the tail of the old region is abandoned and allocation goes on in the new pages.
//
// Block layout (W = one word; blocks are laid end to end):
//
//   ... | padding | end | usable bytes (end - p)       | end | usable bytes ...           top     limit
//                       ^ p (aligned)                  ^ end of this block, == top just after it was cut
//
// Every block's end is rounded so that end + W is a multiple of 16: the next 16-byte-aligned block needs no
// padding and starts its word right at the previous end. So freeing the newest block (end == top) can roll top
// back to p - W, which is the previous block's end: LIFO frees are reused at any depth. Other frees are
// ignored. realloc of the newest block grows or shrinks it in place (and grows memory if it must).
//
// Invariants: top <= limit; [top, limit) is unused memory we own. Complexity: O(1) for everything (growth is
// one memory.grow call, two if foreign growth intervened). check(): top and limit are ordered.
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Bump {
 public:
  void* allocate(size_t size, size_t align) {
    for (;;) {
      // Offset from top to p, and the whole cut; sums stay far from overflow (size <= kMaxRequest).
      size_t offset = kWord + ((0 - (top_ + kWord)) & (align - 1));
      size_t cut = offset + rounded(size);
      if (cut <= limit_ - top_) {
        uintptr_t p = top_ + offset;
        end_word(p) = top_ = top_ + cut;
        return as_ptr<void>(p);
      }
      if (!extend(cut - (limit_ - top_))) return nullptr;
    }
  }

  void deallocate(void* p) {
    uintptr_t a = as_addr(p);
    if (end_word(a) == top_) top_ = a - kWord;
  }

  size_t usable_size(void* p) { return end_word(as_addr(p)) - as_addr(p); }

  bool resize(void* p, size_t size) {
    uintptr_t a = as_addr(p);
    size_t want = rounded(size);
    if (end_word(a) != top_) return size <= end_word(a) - a;  // not the newest block: only what fits
    if (want > limit_ - a && !(extend(want - (limit_ - a)) && top_ == end_word(a))) return false;
    end_word(a) = top_ = a + want;
    return true;
  }

  bool check() { return top_ <= limit_; }
  M& source() { return source_; }

 private:
  static constexpr size_t kWord = sizeof(uintptr_t);
  static_assert(kWord < kMinAlign && kMinAlign % kWord == 0);
  static uintptr_t& end_word(uintptr_t p) { return as_ptr<uintptr_t>(p)[-1]; }
  /// Usable bytes for a request: with the next block's word, a multiple of 16.
  static size_t rounded(size_t size) { return align_up(size + kWord, kMinAlign) - kWord; }

  /// Get `bytes` more memory after top. The first time, that is the initial memory [heap_base, heap_end).
  /// After that, grow by whole pages: contiguous growth extends [top, limit); if someone else grew memory in
  /// between, the old tail is abandoned and top moves to the new pages. False if memory cannot grow.
  bool extend(size_t bytes) {
    if (limit_ == 0) {
      top_ = source_.heap_base();
      limit_ = source_.heap_end();
      return true;
    }
    size_t pages = pages_for(bytes);
    uintptr_t old = source_.grow(pages);
    if (old == kGrowFailed) return false;
    if (old != limit_) top_ = old;
    limit_ = old + pages * kPageSize;
    return true;
  }

  [[no_unique_address]] M source_{};
  uintptr_t top_ = 0;
  uintptr_t limit_ = 0;  // end of the memory we own after top_; 0 until first use
};

}  // namespace wasmalloc
