// slab: size classes in front of a TLSF heap. The fast variant: malloc and free of a block up to kSmallMax bytes
// are a list pop and push (about ten wasm instructions each); everything else is tlsf's heap (TlsfHeap, tlsf.hpp),
// which this variant shares with `tlsf`: the top rule, growth, aligned requests and the large-block path.
//
// Assumptions: those of tlsf.hpp (one thread; foreign growth; sizes far below 2^(word bits)).
//
// Blocks are TlsfHeap's: one word of header, sizes multiples of 16, boundary tags when free. A request of up to
// kSmallMax bytes of block is rounded up to its size class: the classes are 16 bytes apart up to 256 and then
// 2^kClassSlLog2 per power of two (8: at most 12.5 % of a block is rounding, about 6 % on average; with 16 per
// doubling the bench's peak pages are 1.6 % lower (geomean) and its allocation-bound workloads run 2-6 % more
// instructions), so that a freed block serves every later request of its class:
//
//   classes_[c]: a stack of used blocks of at least class_size(c) bytes (a block of size s is on class_of(s),
//   the largest class it holds), linked through each block's first payload word, as tlsf's quick lists are.
//
//   malloc(n) -> c = the class of n's block -> pop classes_[c]                          (a hit: done)
//                -> a hole of the heap that fits (O(1) good fit), split to the class size
//                -> else a cut of class_size(c) bytes from the front of the carve region
//                -> else a new carve region from the heap (below)
//   free(p)   -> a block of at most kSmallMax bytes is pushed on its class, unmerged; a larger one goes back to
//                the heap (it merges with free neighbours at once)
//
// The carve region is one used block of the heap, taken from the heap's top (memory never handed out, which the
// heap gives only when no other free block fits) when it has kCarveMin bytes to spare; misses are cut from its
// front, each cut a block with a header, and what is left keeps a header too, so the heap's walk and check() see
// ordinary blocks. Holes come before the carve region, so that blocks that live long do not pin the top while
// holes wait (test/unit/regressions.cpp's steady-state test), and the top is cut in address order.
//
// Nothing is held back from the heap for long: right before memory would grow (in TlsfHeap::take), every class
// list and the carve region are released and merge with their neighbours, and the request tries again; only
// then does memory grow, by at least 1/32 of the heap (kGrowthShift: memory.grow is slow in V8; the bench's
// ratchet runs 4x faster under V8 with it). So memory is shared between the classes as in tlsf (no class keeps
// pages another class needs), and peak memory stays near tlsf's. The lists are also released when a free of a
// block over kLinearMax (256) bytes finds them holding more than half the heap: blocks that no later request of
// their class takes (those of aligned requests, say) would otherwise pile up until growth, and long-lived small
// blocks placed meanwhile split the heap (test/unit/regressions.cpp's steady-state test grew 2 -> 5 pages without
// this). The frees of small blocks, the frequent ones, do not check: checking on every free cost the bench's
// tree workload 15 % more instructions (lists released in the middle of a teardown the rebuild would reuse).
//
// Aligned requests and blocks over kSmallMax take tlsf's paths; once freed, a block of up to kSmallMax bytes goes
// on its class like any other.
//
// calloc: memory the heap has never handed out reads as zero (fresh pages), but for block headers and the links
// and footer of each free block (TlsfHeap's kKeepZero). fresh_ is the highest end of any block handed out or
// carve region given back; a block cut from above it needs no fill but for the words the heap wrote there while
// it was free: the two links (at its start, where its payload starts) and the footer (its last word).
//
// realloc: a class block keeps its size when it shrinks or grows within it; others resize in place as tlsf's do,
// a large block at the heap's end by growing memory under it.
//
// Invariants (check() verifies them, after the heap's): each class list holds used blocks of the heap whose
// size s has class_of(s) == its class and s <= kSmallMax, with no cycle; the carve region, if any, is a used
// block of the heap.
//
// Complexity: O(1) for everything but the releases of the lists, linear in the blocks held (each block is
// released at most once per time it was freed: O(1) amortized).
#pragma once

#include "tlsf.hpp"

namespace wasmalloc {

template <MemorySource M>
class Slab {
 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = true, .uses_initial = true, .resets = false};

  // Tunables.
  static constexpr unsigned kGrowthShift = 5;     // memory grows by at least 1/2^5 of the heap
  static constexpr unsigned kClassSlLog2 = 3;     // 2^3 classes per power of two above 256 bytes
  static constexpr size_t kSmallMax = 16384;      // the largest class block
  static constexpr size_t kCarveMin = 4096;       // the top with this much to spare becomes the carve region
  static constexpr size_t kCarveHoleMin = 65536;  // and a hole with this much

  // Derived.
  using Heap = TlsfHeap<M, kGrowthShift, true>;  // calloc: see above
  static constexpr size_t kWord = Heap::kWord;
  static constexpr unsigned kAlignLog2 = floor_log2(kMinAlign);
  static constexpr size_t kClassLinear = kMinAlign << kClassSlLog2;  // classes are 16 bytes apart below this
  static constexpr size_t kLinearMax = 2 * kClassLinear;  // up to here a block of s bytes is on class s / 16

  /// The class of a block of s bytes (16 <= s): the largest class whose size is at most s.
  static constexpr size_t class_of(size_t s) {
    unsigned f = floor_log2(s | kClassLinear);
    return (size_t(f - kClassSlLog2 - kAlignLog2) << kClassSlLog2) + (s >> (f - kClassSlLog2));
  }
  /// The block size of class c (its smallest block).
  static constexpr size_t class_size(size_t c) {
    size_t group = c >> kClassSlLog2;
    return group <= 1 ? c << kAlignLog2
                      : ((size_t(1) << kClassSlLog2) + (c & ((size_t(1) << kClassSlLog2) - 1)))
                            << (group + kAlignLog2 - 1);
  }
  static constexpr size_t kClasses = class_of(kSmallMax) + 1;

  static_assert(is_pow2(kSmallMax) && class_size(class_of(kSmallMax)) == kSmallMax);
  static_assert(class_size(class_of(Heap::kMinBlock)) == Heap::kMinBlock);
  static_assert(class_of(class_size(kClasses - 1) - 1) + 1 == kClasses - 1, "round up lands on a class");
  static_assert(class_of(kLinearMax) == kLinearMax >> kAlignLog2 && class_size(kLinearMax >> kAlignLog2) == kLinearMax);
  static_assert(kCarveMin % kMinAlign == 0 && kCarveMin >= Heap::kMinBlock);

  /// A block of at least `size` bytes aligned to `align`, or nullptr. See allocator.hpp for the preconditions.
  void* allocate(size_t size, size_t align) {
    size_t s = Heap::block_size(size);
    if (s <= kSmallMax && align <= kMinAlign) {
      size_t c = s <= kLinearMax ? s >> kAlignLog2 : class_of(s - 1) + 1;
      if (uintptr_t b = classes_.pop(c)) {
        held_ -= Heap::size_of(b);
        return Heap::payload(b);
      }
      s = class_size(c);
      // A hole of the heap that fits first (allocate_slow), then the carve region.
      if (!heap_.holds_fit(s))
        if (uintptr_t b = cut(s)) return hand_out(b);
    }
    return allocate_slow(s, align);
  }

  /// calloc: a block cut from memory never handed out is zero already, but for the words the heap kept there
  /// while it was free: a free block's links (its first two payload words) and footer (its last word).
  void* allocate_zeroed(size_t size) {
    fresh_block_ = 0;
    void* p = allocate(size, kMinAlign);
    if (!p) return p;
    uintptr_t b = Heap::block_of(p);
    if (b == fresh_block_) {
      auto& f = *as_ptr<typename Heap::FreeBlock>(b);
      f.next = nullptr;
      f.pprev = nullptr;
      Heap::word(b + Heap::size_of(b) - kWord) = 0;
    } else {
      fill_bytes(p, 0, size);
    }
    return p;
  }

  /// Small blocks go on their class list; larger ones back to the heap.
  void deallocate(void* p) {
    uintptr_t b = Heap::block_of(p);
    size_t s = Heap::size_of(b);
    if (s <= kSmallMax) {
      held_ += s;
      if (s <= kLinearMax) {
        classes_.push(s >> kAlignLog2, b);
      } else {
        classes_.push(class_of(s), b);
        if (held_ > (heap_.top_end() - heap_.source().heap_base()) / 2) flush();
      }
    } else {
      heap_.release(b);
    }
  }

  size_t usable_size(void* p) { return Heap::size_of(Heap::block_of(p)) - kWord; }

  /// A class block keeps its size while the request fits it; other blocks shrink in place or grow into a free
  /// block that follows. False leaves p as it was.
  bool resize(void* p, size_t size) {
    uintptr_t b = Heap::block_of(p);
    size_t s = Heap::block_size(size), have = Heap::size_of(b);
    if (s <= have && have <= kSmallMax) return true;
    if (!heap_.resize(b, s, s > kSmallMax)) return false;  // only a large block grows memory under itself
    note_handed_out(b + Heap::size_of(b));
    return true;
  }

  /// The heap's invariants, then the class lists' and the carve region's.
  CheckResult check() {
    CheckResult r = heap_.check();
    if (!r) return r;
    r = heap_.check_held(classes_,
                         [](size_t c, size_t s) { return s >= Heap::kMinBlock && s <= kSmallMax && class_of(s) == c; });
    if (!r) return r;
    WASMALLOC_INSIST(!carve_ || (heap_.readable(carve_, Heap::kMinBlock) && !(Heap::header(carve_) & Heap::kFree) &&
                                 Heap::size_of(carve_) >= Heap::kMinBlock),
                     "slab: the carve region is not a used block of the heap", carve_);
    return kIntact;
  }

  /// A walk of every block, with the blocks held on the class lists and the carve region counted as free.
  HeapStats stats() {
    HeapStats s = heap_.stats();
    classes_.for_each(size_t(-1), [&](size_t, uintptr_t b) {
      Heap::count_as_free(s, b);
      return true;
    });
    if (carve_) Heap::count_as_free(s, carve_);
    return s;
  }
  size_t reset() { return 0; }
  M& source() { return heap_.source(); }

  // For tests: inspection only.
  Heap& heap() { return heap_; }
  uintptr_t carve_region() const { return carve_; }
  /// Release the class lists and the carve region to the heap (as before growing memory). False if nothing was.
  bool flush() {
    bool any = carve_ != 0;
    release_carve();
    held_ = 0;
    return classes_.drain([this](uintptr_t b) { heap_.release(b); }) || any;
  }

 private:
  /// The carve region's front as a used block of s bytes, or 0 if the region is too small.
  uintptr_t cut(size_t s) {
    uintptr_t b = carve_;
    if (!b) return 0;
    uintptr_t h = Heap::header(b);
    size_t have = h & ~Heap::kFlags;
    if (s > have) return 0;
    size_t rest = have - s;
    if constexpr (Heap::kMinBlock > kMinAlign)  // (not on wasm32: every rest holds a block)
      if (rest < Heap::kMinBlock) s = have, rest = 0;
    Heap::header(b) = (h & Heap::kPrevFree) | s;
    carve_ = rest ? b + s : 0;
    if (rest) Heap::header(b + s) = rest;
    return b;
  }

  /// The payload of block b, noting whether it was cut from memory never handed out (for calloc).
  void* hand_out(uintptr_t b) {
    fresh_block_ = b + kWord >= fresh_ ? b : 0;
    note_handed_out(b + Heap::size_of(b));
    return Heap::payload(b);
  }
  void note_handed_out(uintptr_t end) {
    if (end > fresh_) fresh_ = end;
  }

  /// What is left of the carve region goes back to the heap; its header may end up inside a merged free block,
  /// so its bytes count as handed out (for calloc).
  void release_carve() {
    if (!carve_) return;
    note_handed_out(carve_ + Heap::size_of(carve_));
    heap_.release(carve_);
    carve_ = 0;
  }

  /// A miss that no list nor the carve region serves, a large block, or an aligned one.
  [[gnu::noinline]] void* allocate_slow(size_t s, size_t align) {
    uintptr_t b = 0;
    if (s <= kSmallMax && align <= kMinAlign) {
      // A hole that fits, or the top when nothing else does: the top becomes the carve region if it has room to
      // spare (what is left of the old region goes back to the heap).
      b = heap_.take(s, Flush{this});
      if (!b) return nullptr;
      if (Heap::size_of(b) - s >= (Heap::ends_region(b) ? kCarveMin : kCarveHoleMin)) {
        heap_.use(b, Heap::size_of(b));  // the whole block, marked used (before the old region goes back, which
        release_carve();                  // would merge with it if free): the new carve region
        carve_ = b;
        b = cut(s);  // it fits: the block was taken for s
      } else {
        heap_.use(b, s);
      }
    } else if (align <= kMinAlign) {
      b = heap_.take(s, Flush{this});
      if (b) heap_.use(b, s);
    } else if (s <= kSmallMax && !heap_.holds_fit(Heap::aligned_need(s, align)) &&
               (b = classes_.top(class_of(s - 1) + 1)) && as_addr(Heap::payload(b)) % align == 0) {
      held_ -= Heap::size_of(classes_.pop(class_of(s - 1) + 1));  // the top of its class's list happens to be aligned
      return Heap::payload(b);
    } else if (void* p = heap_.take_aligned(s, align, Flush{this})) {
      b = Heap::block_of(p);
    } else {
      b = 0;
    }
    if (!b) return nullptr;
    return hand_out(b);
  }

  /// What the heap calls before memory grows (one type, so that take() is built once).
  struct Flush {
    Slab* slab;
    bool operator()() const { return slab->flush(); }
  };

  Heap heap_;
  HeldLists<kClasses> classes_;
  uintptr_t carve_ = 0;        // the carve region (a used block), or 0
  size_t held_ = 0;            // bytes on the class lists
  uintptr_t fresh_ = 0;        // no block handed out ever reached above this (see "calloc")
  uintptr_t fresh_block_ = 0;  // the last block hand_out() cut from above fresh_, or 0
};

}  // namespace wasmalloc
