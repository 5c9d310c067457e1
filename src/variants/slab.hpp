// slab: size classes in front of a TLSF heap. The fast variant: malloc and free of a block up to kSmallMax are a
// list pop and push (about ten wasm instructions each); everything else is tlsf's heap (TlsfHeap, tlsf.hpp),
// which this variant shares with `tlsf`, the top rule and the large-block path included.
//
// Assumptions: those of tlsf.hpp (one thread; foreign growth; sizes far below 2^(word bits)).
//
// Blocks are TlsfHeap's: one word of header, sizes multiples of 16, boundary tags when free. A request of up to
// kSmallMax bytes of block is rounded up to its size class: the classes are 16 bytes apart up to 256 and then
// 2^kClassSlLog2 per power of two (8: at most 12.5 % of a block is rounding, 6 % on average), so that a freed
// block serves every later request of its class:
//
//   classes_[c]: a stack of used blocks of at least class_size(c) bytes (a block of size s is on class_of(s),
//   the largest class it holds), linked through each block's first payload word, as tlsf's quick lists are.
//
//   malloc(n) -> c = the class of n's block -> pop classes_[c]           (a hit: done)
//                                           -> else cut class_size(c) bytes from the front of the carve region
//                                           -> else refill the carve region from the heap (see below)
//   free(p)   -> a block of at most kSmallMax bytes is pushed on its class, unmerged; larger ones go back to
//                the heap (they merge with free neighbours at once)
//
// The carve region is one used block of the heap that misses are cut from, front first, each cut a block of its
// own with a header; what is left of it keeps a header too, so the heap's walk and check() see ordinary blocks.
// A miss it cannot serve releases what is left of it to the heap and takes a block for the request; if that block
// has kCarveMin bytes to spare, it becomes the new carve region (most often the heap's top, fresh memory: cuts
// then run up through it in address order), else the heap splits it as usual.
//
// Nothing is held back from the heap for long: right before memory would grow (in TlsfHeap::take), every class
// list and the carve region are released and merge with their neighbours, and the request tries again; only
// then does memory grow, by at least 1/16 of the heap (kGrowthShift: memory.grow is slow in V8). So memory is
// shared between the classes as in tlsf (no class keeps pages another class needs), and peak memory stays near
// tlsf's: what the lists hold is free memory that is reused, not pages asked for.
//
// Aligned requests of small blocks (align <= kCarveAlignMax) are cut from the carve region at an aligned address;
// the gap before them, a block of its own, goes to the class lists and serves small requests. Larger alignments
// and blocks take tlsf's aligned path.
//
// calloc: memory the heap has never handed out reads as zero (fresh pages). fresh_ is the highest end of any block
// handed out (and the heap's old end after it grew, since its last words then lie inside the heap); a block cut
// from above it needs no fill but for the words the heap wrote there while it was free: a free block's two links
// (at its start, where the block's payload starts) and its footer (its last word).
//
// realloc: a class block keeps its size when it shrinks or grows within it; others resize in place as tlsf's do.
//
// Invariants (check() verifies them, after the heap's): each class list holds used blocks of the heap whose
// size s has class_of(s) == its class and s <= kSmallMax, with no cycle; the carve region, if any, is a used
// block of the heap.
//
// Complexity: O(1) for everything but the release before growth, which is linear in the blocks held (each block
// is released at most once per time it was freed: O(1) amortized).
#pragma once

#include "tlsf.hpp"

namespace wasmalloc {

template <MemorySource M>
class Slab {
 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = true, .uses_initial = true, .resets = false};

  // Tunables.
  static constexpr unsigned kGrowthShift = 4;     // memory grows by at least 1/2^4 of the heap
  static constexpr unsigned kClassSlLog2 = 3;     // 2^3 classes per power of two above 256 bytes
  static constexpr size_t kSmallMax = 16384;      // the largest class block
  static constexpr size_t kCarveMin = 4096;       // a block with this much to spare becomes the carve region
  static constexpr size_t kCarveAlignMax = 4096;  // small blocks aligned up to this are cut from the carve region

  // Derived.
  using Heap = TlsfHeap<M, kGrowthShift>;
  static constexpr size_t kWord = Heap::kWord;
  static constexpr unsigned kAlignLog2 = floor_log2(kMinAlign);
  static constexpr size_t kClassLinear = kMinAlign << kClassSlLog2;  // classes are 16 bytes apart below this

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
  /// Class c (1 <= c < kClasses: class 0 holds no block) is held on list c - 1.
  static constexpr size_t kLists = kClasses - 1;
  static constexpr size_t list_of(size_t s) { return class_of(s) - 1; }
  /// The list of the class a request of an s-byte block is rounded up to (its size: class_size(list + 1)).
  static constexpr size_t list_for(size_t s) { return class_of(s - 1); }

  static_assert(is_pow2(kSmallMax) && class_size(class_of(kSmallMax)) == kSmallMax);
  static_assert(class_size(class_of(Heap::kMinBlock)) == Heap::kMinBlock);
  static_assert(class_of(class_size(kClasses - 1) - 1) + 1 == kClasses - 1, "round up lands on a class");
  static_assert(kCarveMin % kMinAlign == 0 && kCarveMin >= Heap::kMinBlock);
  static_assert(kCarveAlignMax <= kSmallMax);

  /// A block of at least `size` bytes aligned to `align`, or nullptr. See allocator.hpp for the preconditions.
  void* allocate(size_t size, size_t align) {
    size_t s = Heap::block_size(size);
    if (s <= kSmallMax && align <= kMinAlign) {
      size_t c = list_for(s);
      if (uintptr_t b = classes_.pop(c)) return Heap::payload(b);
      s = class_size(c + 1);
      // A larger held block, split (the rest is held on its own class); else a cut from the carve region.
      size_t d = classes_.first_at_least(c + 1);
      if (d < kLists) return Heap::payload(split(classes_.pop(d), s));
      if (uintptr_t b = cut(s, kMinAlign)) return hand_out(b);
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
    if (s <= kSmallMax) classes_.push(list_of(s), b);
    else heap_.release(b);
  }

  size_t usable_size(void* p) { return Heap::size_of(Heap::block_of(p)) - kWord; }

  /// A class block keeps its size while the request fits it; other blocks shrink in place or grow into a free
  /// block that follows. False leaves p as it was.
  bool resize(void* p, size_t size) {
    uintptr_t b = Heap::block_of(p);
    size_t s = Heap::block_size(size), have = Heap::size_of(b);
    if (s <= have && have <= kSmallMax) return true;
    if (!heap_.resize(b, s)) return false;
    note_handed_out(b + Heap::size_of(b));
    return true;
  }

  /// The heap's invariants, then the class lists' and the carve region's.
  CheckResult check() {
    CheckResult r = heap_.check();
    if (!r) return r;
    r = heap_.check_held(classes_,
                         [](size_t l, size_t s) { return s >= Heap::kMinBlock && s <= kSmallMax && list_of(s) == l; });
    if (!r) return r;
    WASMALLOC_INSIST(classes_.index_broken() == kLists, "slab: a class list's bit disagrees with the list",
                     classes_.index_broken());
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
    return classes_.drain([this](uintptr_t b) { heap_.release(b); }) || any;
  }

 private:
  /// The carve region's front as a used block of s bytes whose payload is aligned to `align` (the gap before it
  /// becomes a block on the class lists), or 0 if the region is too small.
  uintptr_t cut(size_t s, size_t align) {
    uintptr_t b = carve_;
    if (!b) return 0;
    uintptr_t h = Heap::header(b);
    size_t have = h & ~Heap::kFlags;
    size_t gap = align > kMinAlign ? Heap::gap_for(b, align) : 0;
    if (gap + s > have) return 0;
    size_t rest = have - gap - s;
    if constexpr (Heap::kMinBlock > kMinAlign)  // (not on wasm32: every rest holds a block)
      if (rest < Heap::kMinBlock) s += rest, rest = 0;
    if (gap) {
      Heap::header(b) = (h & Heap::kPrevFree) | gap;
      classes_.push(list_of(gap), b);
      b += gap;
      h = 0;
    }
    Heap::header(b) = (h & Heap::kPrevFree) | s;
    carve_ = rest ? b + s : 0;
    if (rest) Heap::header(b + s) = rest;
    return b;
  }

  /// The held block b cut to s bytes; the rest, if it holds a block, is held on its own class.
  uintptr_t split(uintptr_t b, size_t s) {
    uintptr_t h = Heap::header(b);
    size_t rest = (h & ~Heap::kFlags) - s;
    if (rest >= Heap::kMinBlock) {
      Heap::header(b) = (h & Heap::kPrevFree) | s;
      Heap::header(b + s) = rest;
      classes_.push(list_of(rest), b + s);
    }
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

  void release_carve() {
    if (carve_) heap_.release(carve_);
    carve_ = 0;
  }

  /// A miss the carve region cannot serve, a large block, or an aligned one.
  [[gnu::noinline]] void* allocate_slow(size_t s, size_t align) {
    uintptr_t end = heap_.top_end();
    uintptr_t b = 0;
    if (s <= kSmallMax && align <= kCarveAlignMax) {
      // An aligned request: the top of its class's list, if it happens to be aligned, or a cut at an aligned
      // address from the carve region.
      if (align > kMinAlign) {
        size_t c = list_for(s);
        uintptr_t t = classes_.top(c);
        if (t && as_addr(Heap::payload(t)) % align == 0) return Heap::payload(classes_.pop(c));
        s = class_size(c + 1);
        if ((b = cut(s, align))) return hand_out(b);
      }
      // A new carve region: what is left of the old one goes back first (it may merge into what the heap finds).
      release_carve();
      size_t need = align > kMinAlign ? Heap::aligned_need(s, align) : s;
      b = heap_.take(need, Flush{this});
      if (!b) return nullptr;
      // Only the top (memory never handed out, taken when nothing else fits) is carved: a hole is split to fit,
      // so that long-lived small blocks do not end up inside the large holes later requests need whole.
      if (Heap::size_of(b) - need >= kCarveMin && Heap::ends_region(b)) {
        heap_.use(b, Heap::size_of(b));  // the whole block, marked used: the carve region
        carve_ = b;
        b = cut(s, align);  // it fits: the block was taken for `need`
      } else if (align > kMinAlign) {
        b = Heap::block_of(heap_.use_aligned(b, s, align));
      } else {
        heap_.use(b, s);
      }
    } else if (align <= kMinAlign) {
      b = heap_.take(s, Flush{this});
      if (b) heap_.use(b, s);
    } else if (void* p = heap_.take_aligned(s, align, Flush{this})) {
      b = Heap::block_of(p);
    }
    if (!b) return nullptr;
    // Memory grew: the old end's sentinel and footer now lie inside the heap, and are not zero.
    if (heap_.top_end() != end) note_handed_out(end);
    return hand_out(b);
  }

  /// What the heap calls before memory grows (one type, so that take() is built once).
  struct Flush {
    Slab* slab;
    bool operator()() const { return slab->flush(); }
  };

  Heap heap_;
  HeldLists<kLists, true> classes_;
  uintptr_t carve_ = 0;        // the carve region (a used block), or 0
  uintptr_t fresh_ = 0;        // no block handed out ever reached above this (see "calloc")
  uintptr_t fresh_block_ = 0;  // the last block hand_out() cut from above fresh_, or 0
};

}  // namespace wasmalloc
