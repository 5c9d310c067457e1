// bump: a bump pointer that never reuses memory, except that freeing the newest block rolls it back.
//
// Assumptions: short-lived programs or arenas where total allocation stays small; frees are mostly ignored.
// The heap starts at heap_base and uses the initial memory up to heap_end before it grows. It grows by the
// whole pages a request needs (never once per allocation: small blocks fill the page that is left). If other
// code grew memory in between, the tail of the old region is abandoned and allocation goes on in the new pages.
//
// Block layout (blocks are laid end to end; `top` is where the next block's header may start):
//
//   prev top   | padding | prev_top | end |  usable bytes (end - p)  | next block ...   top
//                          ^ p - 2 words  ^ p (aligned)               ^ end == top after allocation
//
// Invariants: top <= limit; [top, limit) is unused memory we own; every block's header words lie in memory we own.
// Freeing a block whose end is `top` rolls top back to the block's prev_top, so LIFO frees are reused at any
// depth (a stack); other frees are ignored. realloc of the newest block grows or shrinks it in place.
// Complexity: O(1) for everything (growth is one memory.grow call, two if foreign growth intervened).
// check(): top and limit are ordered and the newest block's header points at top.
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Bump {
 public:
  void* allocate(size_t size, size_t align) {
    if (limit_ == 0) {  // first use: the initial memory after heap_base
      top_ = source_.heap_base();
      limit_ = source_.heap_end();
      if (limit_ < top_) limit_ = top_;
    }
    for (;;) {
      // Offset from top to p; neither p nor p + size is formed until they are known to fit (no overflow).
      size_t offset = kHeader + ((0 - (top_ + kHeader)) & (align - 1));
      size_t avail = limit_ - top_;
      if (offset <= avail && size <= avail - offset) {
        uintptr_t p = top_ + offset;
        Header& h = header(p);
        h.prev_top = top_;
        h.end = top_ = p + size;
        return as_ptr<void>(p);
      }
      if (!extend(offset + size - avail)) return nullptr;
    }
  }

  void deallocate(void* p) {
    Header& h = header(as_addr(p));
    if (h.end == top_) top_ = h.prev_top;
  }

  size_t usable_size(void* p) { return header(as_addr(p)).end - as_addr(p); }

  bool resize(void* p, size_t size) {
    uintptr_t a = as_addr(p);
    Header& h = header(a);
    if (h.end != top_) return size <= h.end - a;  // not the newest block: only shrinking fits
    if (size > limit_ - a && !(extend(size - (limit_ - a)) && top_ == h.end)) return false;
    h.end = top_ = a + size;
    return true;
  }

  bool check() { return top_ <= limit_; }
  M& source() { return source_; }

 private:
  struct Header {
    uintptr_t prev_top;  // top before this block was cut: where top returns when the block is freed last-in
    uintptr_t end;       // end of the usable bytes, and top right after this block was cut
  };
  static constexpr size_t kHeader = sizeof(Header);
  static_assert(kHeader <= kMinAlign);
  static Header& header(uintptr_t p) { return as_ptr<Header>(p)[-1]; }

  /// Grow by the pages that `bytes` more need. Contiguous growth extends [top, limit); if someone else grew
  /// memory in between, the old tail is abandoned and top moves to the new pages. False if memory cannot grow.
  bool extend(size_t bytes) {
    size_t pages = pages_for(bytes);
    uintptr_t old = source_.grow(pages);
    if (old == 0) return false;
    if (old != limit_) top_ = old;
    limit_ = old + pages * kPageSize;
    return true;
  }

  [[no_unique_address]] M source_{};
  uintptr_t top_ = 0;
  uintptr_t limit_ = 0;  // end of the memory we own after top_; 0 until first use
};

}  // namespace wasmalloc
