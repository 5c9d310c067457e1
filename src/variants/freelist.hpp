// freelist: one address-ordered free list, first fit, coalescing with both neighbours on every free.
//
// Assumptions: small modules that want real reuse at the least code size, with few live blocks or few free
// blocks at a time (every operation walks the free list). Single-threaded (locking wraps a variant).
// The heap starts at heap_base and uses the initial memory up to heap_end before it grows. It grows by whole
// pages, enough for the whole request (as lol_alloc does) even when a free block at the top could hold part of
// it: the surplus merges into that block and serves later requests, and growing by only the shortfall cost 68
// more bytes in the hello module when measured. Other code may grow memory too: its pages are never touched.
//
// Block layout (W = one word; every block starts W bytes below a multiple of 16 and its size, header
// included, is a multiple of 16, so every p is 16-byte aligned with no padding):
//
//   in use:  | size | usable bytes (size - W) ...                     |
//   free:    | size | next free | unused ...                         |
//            ^ block (16k - W)  ^ p = block + W (16-byte aligned)    ^ block + size: the next block
//
//   heap:    base                                     top    memory we own ends at top + W
//            | block | block | ... | gap | block | ... | tail word (W bytes, never a block)
//
// How free finds the size: the one word below p holds the block's size (the only per-block overhead; a free
// block keeps it there too). Blocks tile [base, top) with no holes: the next block is at block + size.
//
// Growth: new pages [old, old + n pages). If they start where our memory ends (old == top + W), the heap just
// runs on: the tail word becomes the start of a free block that merges with a free block ending at top. If
// other code grew memory in between, the foreign bytes become a "gap" block: an in-use block that is never
// freed, whose header is our own tail word at top (so no foreign byte is ever written) and which ends at the
// first block of the new pages (old + 16 - W). So a walk from base by sizes crosses the whole heap.
//
// Invariants (check() verifies them all): blocks tile [base, top) exactly; every size is a nonzero multiple
// of 16 and stays in bounds; the free list is sorted by address, holds only blocks of the tiling and ends at 0;
// no two free blocks are adjacent (so freeing everything leaves exactly one free block per contiguous run of
// our memory, the runs being separated by gap blocks).
//
// Allocation: first fit; a high alignment may start the block inside a free block, and the space before it
// (a multiple of 16) stays on the list as a free block; the space after it goes back too. resize grows into a
// following free block or, at the top, into newly grown pages, and shrinks by freeing the tail.
// Complexity: allocate, deallocate and resize are O(free blocks); usable_size O(1); check() O(blocks).
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Freelist {
  // Tunables: none. Derived constants:
  static constexpr size_t kWord = sizeof(uintptr_t);  // the per-block header
  static constexpr size_t kMinBlock = kMinAlign;       // holds a free block's size and next words
  static_assert(2 * kWord <= kMinBlock && kMinAlign % kWord == 0);
  static_assert(is_pow2(kMinAlign));

 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = true, .uses_initial = true, .resets = false};

  void* allocate(size_t bytes, size_t align) {
    size_t need = rounded(bytes);
    // Blocks start at 16k - W, so only the bits of align above 16 can call for padding; for align 16 the
    // mask is 0 and the padding code folds away.
    size_t mask = (align - 1) & ~(kMinAlign - 1);
    for (;;) {
      uintptr_t prev = head(), b;
      while ((b = next(prev)) != 0) {
        // Padding before the block so that p = b + gap + W is aligned; no overflow (mod 2^N arithmetic).
        size_t gap = (0 - (b + kWord)) & mask;
        if (gap + need <= size(b)) return take(prev, b, gap, need);
        prev = b;
      }
      // Nothing fits: grow by enough for the request in fresh pages (room for the alignment padding
      // included), so one growth always suffices, contiguous or not; the next pass finds the block.
      if (!extend(need + align)) return nullptr;
    }
  }

  void* allocate_zeroed(size_t size) { return allocate_then_zero(*this, size); }

  /// The size is in the word below p; the block goes back on the list, merged with free neighbours.
  void deallocate(void* p) { release(as_addr(p) - kWord); }

  size_t usable_size(void* p) { return size(as_addr(p) - kWord) - kWord; }

  /// Shrink by freeing the tail; grow into a following free block and, at the top, into new contiguous pages.
  /// On failure the block is as it was (what it absorbed goes back); pages grown meanwhile stay free.
  bool resize(void* p, size_t bytes) {
    uintptr_t b = as_addr(p) - kWord;
    size_t need = rounded(bytes), have, original = size(b);
    bool ok = true;
    for (;;) {
      have = size(b);
      if (need <= have) break;
      uintptr_t prev = find(b), n = next(prev);
      if (n == b + have) {  // absorb the free block that follows; the excess is split off below
        next(prev) = next(n);
        size(b) = have + size(n);
      } else if (b + have != top_ || !extend(need - have)) {  // at the top: new pages become a following free block
        need = original;  // cannot: give back what was absorbed
        ok = false;
        break;
      }
    }
    if (need < have) {
      size(b) = need;
      size(b + need) = have - need;
      release(b + need);
    }
    return ok;
  }

  /// Walk every block from base to top alongside the free list and verify every invariant in the design block.
  CheckResult check() {
    uintptr_t b = base_, f = next(head());
    if (top_ == 0) {
      WASMALLOC_INSIST(f == 0, "freelist: free blocks before the heap has memory", f);
      return kIntact;
    }
    WASMALLOC_INSIST(b >= source_.heap_base() && (b + kWord) % kMinAlign == 0, "freelist: heap start misplaced", b);
    WASMALLOC_INSIST(top_ <= source_.end() - kWord && top_ > b, "freelist: heap top outside memory", top_);
    bool prev_free = false;
    while (b < top_) {
      size_t s = size(b);
      WASMALLOC_INSIST(s != 0 && s % kMinAlign == 0, "freelist: block size not a nonzero multiple of 16", b);
      WASMALLOC_INSIST(s <= top_ - b, "freelist: block runs past the heap top", b);
      bool is_free = b == f;
      if (is_free) {
        WASMALLOC_INSIST(!prev_free, "freelist: two adjacent free blocks (a missed merge)", b);
        f = next(f);
      }
      prev_free = is_free;
      b += s;
    }
    WASMALLOC_INSIST(b == top_, "freelist: blocks do not end at the heap top", b);
    WASMALLOC_INSIST(f == 0, "freelist: free-list entry off the block chain, out of order or out of bounds", f);
    return kIntact;
  }

  /// For tests: call fn(block, size, is_free) for every block from base to top (gap blocks show as in use).
  template <class F>
  void for_each_block(F fn) {
    uintptr_t f = next(head());
    for (uintptr_t b = base_; top_ != 0 && b < top_ && size(b) != 0 && size(b) <= top_ - b; b += size(b)) {
      fn(b, size(b), b == f);
      if (b == f) f = next(f);
    }
  }

  /// A walk over every block. The heap is the blocks plus the tail word; other code's pages that lie between two
  /// of our growths are inside it as gap blocks, counted in use (a walk cannot tell a gap from a block of the same
  /// size). When the source counts, the heap is exact: the initial memory taken plus the grown pages.
  HeapStats stats() {
    HeapStats s;
    s.heap = s.in_use = s.free = s.largest_free = 0;
    for_each_block([&s](uintptr_t, size_t size, bool is_free) {
      s.heap += size;
      if (!is_free) {
        s.in_use += size - kWord;
      } else {
        s.free += size;
        if (size > s.largest_free) s.largest_free = size;
      }
    });
    if (top_ != 0) s.heap += kWord;
    Growth g = source_.growth();
    s.grow_calls = g.calls;
    if (g.bytes != kUnknown) {
      // The initial memory is taken by the first extend() iff it holds a block (the same bounds as there).
      uintptr_t first = align_up(source_.heap_base() + kWord, kMinAlign) - kWord;
      uintptr_t end = align_down(source_.heap_end(), kMinAlign) - kWord;
      s.heap = (top_ != 0 && first < end ? end + kWord - first : 0) + g.bytes;
    }
    return s;
  }

  size_t reset() { return 0; }
  M& source() { return source_; }

 private:
  static uintptr_t& word(uintptr_t a, size_t i) { return as_ptr<uintptr_t>(a)[i]; }
  static uintptr_t& size(uintptr_t b) { return word(b, 0); }
  static uintptr_t& next(uintptr_t b) { return word(b, 1); }
  /// The list head poses as a free block of size 0 at the object's own address: it never ends where a block starts.
  uintptr_t head() { return as_addr(head_); }
  /// Block size for a request: the header plus the bytes, rounded to 16 (so at least kMinBlock).
  static size_t rounded(size_t bytes) { return align_up(bytes + kWord, kMinAlign); }

  /// The last free block below b (or the head): its next is the first free block at or above b.
  uintptr_t find(uintptr_t b) {
    uintptr_t prev = head(), n;
    while ((n = next(prev)) != 0 && n < b) prev = n;
    return prev;
  }

  /// Cut the block for `need` bytes at b + gap out of free block b (whose predecessor on the list is prev);
  /// the space before and after it stays on the list.
  void* take(uintptr_t prev, uintptr_t b, size_t gap, size_t need) {
    uintptr_t a = b + gap, n = next(b);
    size_t rest = size(b) - gap - need;
    if (rest != 0) {
      size(a + need) = rest;
      next(a + need) = n;
      n = a + need;
    }
    if (gap != 0) {
      size(b) = gap;
      prev = b;
    }
    next(prev) = n;
    size(a) = need;
    return as_ptr<void>(a + kWord);
  }

  /// Put block b (its size in its header) on the list, merged with a free block just after and just before it.
  void release(uintptr_t b) {
    uintptr_t prev = find(b), n = next(prev);
    next(b) = n;
    next(prev) = b;
    merge(b, n);
    merge(prev, b);
  }

  /// If free block y starts where free block x ends, make them one (y's successor becomes x's).
  static void merge(uintptr_t x, uintptr_t y) {
    if (x + size(x) == y) {
      size(x) += size(y);
      next(x) = next(y);
    }
  }

  /// Add memory to the heap: the first time, the initial memory [heap_base, heap_end) if it can hold a block;
  /// else whole pages for `bytes`. False if memory cannot grow.
  bool extend(size_t bytes) {
    // The new memory's first block and its end (the new tail word): [first, end) becomes a free block.
    uintptr_t top = top_, first = align_up(source_.heap_base() + kWord, kMinAlign) - kWord;
    uintptr_t end = align_down(source_.heap_end(), kMinAlign) - kWord;
    if (top != 0 || first >= end) {
      size_t pages = pages_for(bytes);
      uintptr_t old = source_.grow(pages);
      if (old == kGrowFailed) return false;
      first = old + kMinAlign - kWord;
      end = old + pages * kPageSize - kWord;  // may wrap past 0 at 4 GiB: the arithmetic is mod 2^N
    }
    // Pages that start where our memory ends (old == top + W) run the heap on from the tail word; else the
    // foreign bytes in between become the gap block, headed by our tail word (see "Growth" above).
    if (first == top + kMinAlign) first = top;
    else if (top != 0) size(top) = first - top;
    else base_ = first;
    top_ = end;
    size(first) = end - first;
    release(first);
    return true;
  }

  [[no_unique_address]] M source_{};
  uintptr_t head_[2] = {0, 0};  // {0, first free block}: see head()
  uintptr_t top_ = 0;           // the tail word's address; 0 until the heap has memory
  uintptr_t base_ = 0;          // the first block (for check())
};

}  // namespace wasmalloc
