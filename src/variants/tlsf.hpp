// tlsf: two-level segregated fit. O(1) malloc and free, boundary tags, coalescing, small-size quick lists: the
// general-purpose variant.
//
// Assumptions: one thread; memory comes from a MemorySource whose growth may be interleaved with other code's
// (foreign pages are never touched). Sizes stay far below 2^(word bits): the shim guarantees size <= kMaxRequest
// and align <= kMaxAlign, so a header, alignment slack and page rounding never overflow.
//
// Block layout (W = one word, 4 bytes on wasm32; every block size is a multiple of 16 and every block starts
// 16 - W bytes past a 16-byte boundary, so the payload after the header is 16-byte aligned):
//
//   used block                                       free block
//   +-----------------+                              +-----------------+
//   | size | P | F=0  |  header (W)                  | size | P=0| F=1 |  header (W)
//   +-----------------+ <- payload, 16-aligned        +-----------------+
//   | payload ...     |                              | next            |  free list of the block's bin
//   |                 |                              | pprev           |  the pointer that points at us
//   |                 |                              | ...             |
//   | (last word too) |                              | size            |  footer: the boundary tag
//   +-----------------+                              +-----------------+
//   F: this block is free.  P: the block before it is free, so its footer (the word below our header) is valid.
//   A used block's footer word is payload: one word of header per used block, usable size = size - W.
//
// Region layout (the initial memory, and each growth that does not follow our previous end):
//
//   lo          link  first block                                      sentinel  hi
//   | pad ...  | W   | hdr | ...   blocks laid end to end ...          | 0 | P |  (size 0, used, W bytes)
//   `link` holds the previous region's first block (0 for the oldest): check() walks every region through it.
//   Growth that starts exactly at our end turns the sentinel into the header of a new block, which is then freed
//   like any other block: it coalesces with a free block before it (the heap's last free block grows in place).
//
// Bins: a block of size s lives in bin bin_of(s). Below kLinear (16 << kSlLog2) bins are exact, 16 bytes
// apart; above, each power of two [2^f, 2^(f+1)) is cut into 2^kSlLog2 equal bins. One 64-bit word of bitmap
// covers 64 bins, and a summary word has a bit per non-empty bitmap word: finding the first non-empty bin at
// or above any index is two lowest_bit scans.
//
// Quick lists: a freed block of at most kQuickMax bytes does not merge at once; it waits, still marked used, on
// the list of its exact size, and the next request of that size pops it (a few instructions each way: the
// small-object and build-and-tear-down workloads run 1.3-2x faster in wasm instructions with them). They do
// not leak as wee_alloc's size classes did: before memory grows, and before every aligned request (align > 16,
// which they never serve and which they would otherwise fragment: +15 % pages on the bench's aligned workload),
// every waiting block is released and merges.
//
// Invariants (all verified by check()):
//  - regions are ordered by address, disjoint, inside [heap_base, end); each is a chain of blocks ending at
//    a size-0 sentinel; the newest region's sentinel ends at top_end_.
//  - no two free blocks are adjacent; a block's P bit equals its predecessor's F bit (a region's first block
//    has P = 0); every free block's footer equals its size.
//  - a free block is in exactly the list of bin_of(its size); a bin's bitmap bit is set iff its list is
//    non-empty; a summary bit is set iff its bitmap word is non-zero; bits past the last bin are clear.
//  - a quick list holds used blocks of exactly its size, inside the heap.
//
// Fit: a request takes the head of its own bin if that fits, else the head of the first non-empty bin whose
// blocks all fit (two lowest_bit scans). Only when both miss, i.e. right before memory would grow, are the first
// kOwnBinSearch blocks of the request's own bin searched (first fit) and the quick lists merged; that keeps peak
// memory near a best fit's. The search is bounded: a bin holding thousands of blocks just too small for the
// requests that keep coming would otherwise be walked through on every one of them (quadratic). Growth asks for the fewest pages that hold the request, counting the free block at the heap's
// end, which the new pages merge into when they follow it.
//
// Complexity: allocate, deallocate, resize and usable_size are O(1) (a constant number of bit scans and list
// operations), except the quick-list merges (before memory grows, and for an aligned request): linear in the
// blocks freed onto the quick lists since the last merge, O(1) amortized per free.
//
// Aligned requests (align > 16) first merge the quick lists, then take a block with room for the request plus
// the alignment, cut at the aligned address and give the leading gap back as a free block, so they cost at most `align` bytes more than the
// request and never pile up memory (emscripten #21277).
//
// check() walks every region block by block and every bin list and quick list, and names the first invariant
// above found broken. It reads a word only after checking that the word lies inside [heap_base, top_end_) (a
// corrupt pointer into other code's pages between two regions is read: that memory exists).
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

template <MemorySource M>
class Tlsf {
 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = true, .uses_initial = true, .resets = false};

  // Tunable: the bins per power of two above kLinear are 2^kSlLog2. More bins fit requests more tightly (less
  // memory lost to good fit), at the cost of a bigger bin table (no code: 6 instead of 5 took the bench's
  // random, random-realloc and ratchet peaks down 1-3 pages for about 1 % more instructions on random).
  static constexpr unsigned kSlLog2 = 6;
  // Tunable: freed blocks up to this size (header included) wait on a per-size quick list, still marked used,
  // for the next request of their size; they merge only when memory would otherwise grow. 0: no quick lists.
  static constexpr size_t kQuickMax = 128;
  // Tunable: how many blocks of a request's own bin are tried before memory grows (see "Fit").
  static constexpr unsigned kOwnBinSearch = 16;

  // Derived.
  static constexpr size_t kWord = sizeof(uintptr_t);
  static constexpr unsigned kAlignLog2 = floor_log2(kMinAlign);
  static constexpr size_t kFlags = kMinAlign - 1;   // low header bits that a multiple of 16 leaves free
  static constexpr uintptr_t kFree = 1;             // F: this block is free
  static constexpr uintptr_t kPrevFree = 2;         // P: the block before this one is free
  /// A free block holds header, next, pprev and footer.
  static constexpr size_t kMinBlock = (4 * kWord + kMinAlign - 1) / kMinAlign * kMinAlign;
  static constexpr size_t kLinear = kMinAlign << kSlLog2;  // sizes below this have a bin each
  static constexpr unsigned kWordBits = 8 * sizeof(size_t);
  /// Bins for every size below 2^kWordBits: the linear range, then 2^kSlLog2 per power of two above it.
  static constexpr size_t kBins = size_t(kWordBits - kAlignLog2 - kSlLog2 + 1) << kSlLog2;
  /// Bitmap words; the extra one lets a search start at index kBins (nothing fits) without a special case.
  static constexpr size_t kMapWords = kBins / 64 + 1;

  static_assert(is_pow2(kMinAlign) && kWord < kMinAlign && kMinAlign % kWord == 0);
  static_assert(kMinAlign >= 4, "two flag bits in every header");
  static_assert(kMinBlock % kMinAlign == 0 && kMinBlock >= 4 * kWord);
  static_assert(2 * kWord <= kMinAlign, "a page-aligned region has room for its link word and first header");
  static_assert(kMapWords <= 64, "one summary word covers the bitmap");
  static_assert(kLinear >= kMinBlock, "the smallest block is in the linear range");
  static_assert(kQuickMax % kMinAlign == 0);

  /// A block of at least `size` bytes aligned to `align`, or nullptr. See allocator.hpp for the preconditions.
  void* allocate(size_t size, size_t align) {
    size_t s = block_size(size);
    if (s <= kQuickMax && align <= kMinAlign) {
      if (QuickBlock* q = quick_[s / kMinAlign]) {
        quick_[s / kMinAlign] = q->next;
        return &q->next;
      }
    }
    if (align > kMinAlign) return allocate_aligned(s, align);
    uintptr_t b = take(s);
    return b ? use(b, s) : nullptr;
  }

  /// Give a block back. Small blocks go to their quick list; others merge with free neighbours at once.
  void deallocate(void* p) {
    uintptr_t b = as_addr(p) - kWord;
    size_t s = size_of(b);
    if (s <= kQuickMax) {
      QuickBlock* q = as_ptr<QuickBlock>(b);
      q->next = quick_[s / kMinAlign];
      quick_[s / kMinAlign] = q;
      return;
    }
    release(b);
  }

  /// Bytes usable from p: the block without its header.
  size_t usable_size(void* p) { return size_of(as_addr(p) - kWord) - kWord; }

  /// Shrink in place (the tail becomes free), or grow into a free block that follows. False leaves p as it was.
  bool resize(void* p, size_t size) {
    uintptr_t b = as_addr(p) - kWord;
    size_t s = block_size(size);
    size_t have = size_of(b);
    if (s > have) {
      uintptr_t n = b + have;
      uintptr_t nh = header(n);
      size_t ns = nh & ~kFlags;
      if (!(nh & kFree) || ns < s - have) return false;
      unlink(as_ptr<FreeBlock>(n));
      header(b) += ns;
    }
    use(b, s);
    return true;
  }

  /// Walk every region and every list; the first invariant of the design block found broken, or kIntact.
  CheckResult check() {
    uintptr_t lowest = source_.heap_base();
    WASMALLOC_INSIST(top_end_ <= source_.end(), "tlsf: heap end beyond memory", top_end_);
    // A block of n bytes at b can be read: it lies inside [heap_base, top_end_) and starts where blocks start.
    auto readable = [&](uintptr_t b, size_t n) {
      return b >= lowest && b < top_end_ && n <= top_end_ - b && (b + kWord) % kMinAlign == 0;
    };
    // More list entries than the heap can hold blocks means a cycle.
    size_t max_blocks = top_end_ > lowest ? (top_end_ - lowest) / kMinBlock : 0;
    // Bitmaps against lists, and each listed block against its bin.
    size_t listed = 0;
    WASMALLOC_INSIST(!heads_[kBins], "tlsf: the none-bin holds a block", heads_[kBins]);
    for (size_t w = 0; w < 64; ++w) {
      bool marked = (summary_ >> w) & 1;
      WASMALLOC_INSIST(w >= kMapWords ? !marked : marked == (words_[w] != 0), "tlsf: summary bit disagrees with its "
                       "bitmap word", w);
    }
    for (size_t i = 0; i < kMapWords * 64; ++i) {
      bool marked = (words_[i / 64] >> (i % 64)) & 1;
      if (i >= kBins) {
        WASMALLOC_INSIST(!marked, "tlsf: bitmap bit set past the last bin", i);
        continue;
      }
      WASMALLOC_INSIST(marked == (heads_[i] != nullptr), "tlsf: bitmap bit disagrees with its bin's list", i);
      FreeBlock** expected = &heads_[i];
      for (FreeBlock* f = heads_[i]; f; f = f->next) {
        uintptr_t b = as_addr(f);
        WASMALLOC_INSIST(readable(b, kMinBlock), "tlsf: listed free block outside the heap", b);
        WASMALLOC_INSIST(f->header & kFree, "tlsf: listed block not marked free", b);
        WASMALLOC_INSIST(bin_of(f->header & ~kFlags) == i, "tlsf: free block in the wrong bin", b);
        WASMALLOC_INSIST(f->pprev == expected, "tlsf: free block's back link is wrong", b);
        WASMALLOC_INSIST(++listed <= max_blocks, "tlsf: a bin's list is a cycle", b);
        expected = &f->next;
      }
    }
    // Quick lists: used blocks of their list's size.
    size_t quick = 0;
    for (size_t c = 0; c <= kQuickMax / kMinAlign; ++c)
      for (QuickBlock* q = quick_[c]; q; q = q->next) {
        uintptr_t b = as_addr(q);
        WASMALLOC_INSIST(readable(b, 2 * kWord), "tlsf: quick-list block outside the heap", b);
        WASMALLOC_INSIST(!(q->header & kFree), "tlsf: quick-list block marked free", b);
        WASMALLOC_INSIST((q->header & ~kFlags) == c * kMinAlign, "tlsf: quick-list block of the wrong size", b);
        WASMALLOC_INSIST(++quick <= max_blocks, "tlsf: a quick list is a cycle", b);
      }
    // Blocks against their neighbours, region by region from the newest; each region lies below the next
    // newer one's link word.
    size_t walked = 0;
    uintptr_t bound = top_end_;
    for (uintptr_t r = last_region_; r;) {
      WASMALLOC_INSIST(r >= lowest + kWord && r < bound && (r + kWord) % kMinAlign == 0, "tlsf: region start "
                       "out of order or outside the heap", r);
      uintptr_t prev = 0;  // header of the block before, 0 at the region's start
      uintptr_t b = r;
      for (;;) {
        WASMALLOC_INSIST(b + kWord <= bound, "tlsf: block chain runs past its region", b);
        uintptr_t h = header(b);
        size_t s = h & ~kFlags;
        WASMALLOC_INSIST(!(h & kFlags & ~(kFree | kPrevFree)), "tlsf: unknown flag bits in a header", b);
        WASMALLOC_INSIST(bool(h & kPrevFree) == bool(prev & kFree), "tlsf: P bit disagrees with the block before",
                         b);
        if (s == 0) {  // the sentinel
          WASMALLOC_INSIST(!(h & kFree), "tlsf: sentinel marked free", b);
          break;
        }
        WASMALLOC_INSIST(s >= kMinBlock && s <= bound - b - kWord, "tlsf: block size out of bounds", b);
        if (h & kFree) {
          FreeBlock* f = as_ptr<FreeBlock>(b);
          WASMALLOC_INSIST(!(prev & kFree), "tlsf: two adjacent free blocks (a missed merge)", b);
          WASMALLOC_INSIST(word(b + s - kWord) == s, "tlsf: free block's footer differs from its size", b);
          uintptr_t pp = as_addr(f->pprev);
          bool from_head = pp >= as_addr(heads_) && pp < as_addr(heads_ + kBins);
          WASMALLOC_INSIST(from_head || (pp >= lowest && pp + kWord <= top_end_ && pp % kWord == 0),
                           "tlsf: free block's back link points outside the heap", b);
          WASMALLOC_INSIST(*f->pprev == f, "tlsf: free block missing from its bin's list", b);
          WASMALLOC_INSIST(++walked <= listed, "tlsf: more free blocks than listed", b);
        }
        prev = h;
        b += s;
      }
      WASMALLOC_INSIST(r != last_region_ || b + kWord == top_end_, "tlsf: newest region does not end at the heap "
                       "end", b);
      bound = r - kWord;
      r = word(r - kWord);  // the link word: r >= heap_base + W was checked above
    }
    WASMALLOC_INSIST(walked == listed, "tlsf: a listed free block is not in any region", walked);
    return kIntact;
  }

  M& source() { return source_; }

  /// The bin of a block of size s (any s > 0): the linear range's index, or the power of two's group plus the
  /// kSlLog2 bits below the top bit.
  static size_t bin_of(size_t s) {
    unsigned f = floor_log2(s | kLinear);
    return (size_t(f - kSlLog2 - kAlignLog2) << kSlLog2) + (s >> (f - kSlLog2));
  }

  // For tests: inspection only.
  /// Blocks in bin i's list, and whether its bitmap bit is set.
  size_t list_length(size_t i) const {
    size_t n = 0;
    for (FreeBlock* f = heads_[i]; f; f = f->next) ++n;
    return n;
  }
  bool bin_marked(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  /// Merge every block waiting on a quick list into the free lists (as before growing memory).
  void flush_quick_lists() { flush_quick(); }
  /// A walk of every block, with the blocks waiting on the quick lists counted as free (they are marked used, but
  /// the next request of their size takes them) and each region's link word and sentinel counted in `heap` (not
  /// the alignment padding before a region).
  HeapStats stats() {
    HeapStats s;
    s.heap = s.in_use = s.free = s.largest_free = 0;
    size_t regions = 0;
    for_each_block([&](size_t region, uintptr_t, size_t size, bool is_free) {
      if (region + 1 > regions) regions = region + 1;
      s.heap += size;
      if (!is_free) s.in_use += size - kWord;
      else s.free += size;
      if (is_free && size > s.largest_free) s.largest_free = size;
    });
    for (QuickBlock* head : quick_)
      for (QuickBlock* q = head; q; q = q->next) {
        size_t size = size_of(as_addr(q));
        s.in_use -= size - kWord;
        s.free += size;
        if (size > s.largest_free) s.largest_free = size;
      }
    s.heap += regions * 2 * kWord;
    s.grow_calls = source_.growth().calls;
    return s;
  }
  size_t reset() { return 0; }
  /// Calls f(region, block address, size, free) for every block, regions from the newest (region 0).
  template <class F>
  void for_each_block(F&& f) {
    size_t n = 0;
    for (uintptr_t r = last_region_; r; r = word(r - kWord), ++n)
      for (uintptr_t b = r; size_of(b); b += size_of(b)) f(n, b, size_of(b), bool(header(b) & kFree));
  }

 private:
  /// A free block's first words (a used block has only the header).
  struct FreeBlock {
    uintptr_t header;
    FreeBlock* next;
    FreeBlock** pprev;  // &heads_[bin] or &previous->next: unlinking needs no branch on which
  };
  /// A block on a quick list: a used block whose first payload word links the list.
  struct QuickBlock {
    uintptr_t header;
    QuickBlock* next;
  };

  static uintptr_t& word(uintptr_t a) { return *as_ptr<uintptr_t>(a); }
  static uintptr_t& header(uintptr_t b) { return word(b); }
  static size_t size_of(uintptr_t b) { return header(b) & ~kFlags; }

  /// The block size that serves `size` bytes: header plus payload, rounded to 16.
  static size_t block_size(size_t size) {
    size_t s = align_up(size + kWord, kMinAlign);
    if constexpr (kMinBlock > kMinAlign)
      if (s < kMinBlock) s = kMinBlock;
    return s;
  }

  void insert(uintptr_t b, size_t i) {
    FreeBlock* f = as_ptr<FreeBlock>(b);
    FreeBlock* n = heads_[i];
    f->next = n;
    f->pprev = &heads_[i];
    if (n) n->pprev = &f->next;
    heads_[i] = f;
    words_[i / 64] |= uint64_t(1) << (i % 64);
    summary_ |= uint64_t(1) << (i / 64);
  }

  void unlink(FreeBlock* f) {
    size_t i = bin_of(f->header & ~kFlags);
    FreeBlock* n = f->next;
    FreeBlock** pp = f->pprev;
    *pp = n;
    if (n) n->pprev = pp;
    if (!heads_[i] && !(words_[i / 64] &= ~(uint64_t(1) << (i % 64)))) summary_ &= ~(uint64_t(1) << (i / 64));
  }

  /// The first non-empty bin whose every block holds `want` bytes, or kBins.
  size_t search(size_t want) const {
    size_t i = bin_of(want - 1) + 1;
    size_t w = i / 64;
    uint64_t bits = words_[w] & (~uint64_t(0) << (i % 64));
    if (!bits) {
      uint64_t above = summary_ & (~uint64_t(1) << w);
      if (!above) return kBins;
      w = lowest_bit(above);
      bits = words_[w];
    }
    return w * 64 + lowest_bit(bits);
  }

  /// Unlink and return a free block of at least `want` bytes, growing memory if need be; 0 if memory cannot
  /// grow.
  uintptr_t take(size_t want) {
    for (unsigned grows = 0;;) {
      // O(1): the head of want's own bin if it fits, else any block of the first non-empty bin whose blocks all
      // fit (heads_[kBins] is null: nothing).
      size_t i = bin_of(want);
      FreeBlock* f = heads_[i];
      if (!f || (f->header & ~kFlags) < want) f = heads_[search(want)];
      // Before memory grows: one of the first kOwnBinSearch blocks of want's own bin, if one fits.
      if (!f) {
        f = heads_[i];
        unsigned n = kOwnBinSearch;
        while (f && (f->header & ~kFlags) < want && --n) f = f->next;
        if (!n) f = nullptr;
      }
      if (f) {
        unlink(f);
        return as_addr(f);
      }
      // Then merge what the quick lists hold, and only then grow.
      if (!flush_quick() && !grow(want, grows++)) return 0;
    }
  }

  /// Release every block on the quick lists (they merge with their neighbours). False if there was none.
  bool flush_quick() {
    bool any = false;
    for (size_t c = 0; c <= kQuickMax / kMinAlign; ++c)
      while (QuickBlock* q = quick_[c]) {
        quick_[c] = q->next;
        release(as_addr(q));
        any = true;
      }
    return any;
  }

  /// Make the unlisted block b (free and unlinked, or used and being resized) a used block of size s, freeing
  /// its tail if a whole block fits there (the tail merges with a free successor).
  void* use(uintptr_t b, size_t s) {
    uintptr_t h = header(b);
    size_t have = h & ~kFlags;
    if (have - s >= kMinBlock) {
      header(b + s) = have - s;
      release(b + s);
      have = s;
    } else {
      header(b + have) &= ~kPrevFree;
    }
    header(b) = (h & kPrevFree) | have;
    return as_ptr<void>(b + kWord);
  }

  /// Free the used block b: merge it with free neighbours, tag it and list it.
  void release(uintptr_t b) {
    uintptr_t h = header(b);
    size_t s = h & ~kFlags;
    uintptr_t nh = header(b + s);
    if (nh & kFree) {
      unlink(as_ptr<FreeBlock>(b + s));
      s += nh & ~kFlags;
    }
    if (h & kPrevFree) {
      size_t ps = word(b - kWord);
      b -= ps;
      unlink(as_ptr<FreeBlock>(b));
      s += ps;
    }
    header(b) = s | kFree;
    word(b + s - kWord) = s;
    header(b + s) |= kPrevFree;
    insert(b, bin_of(s));
  }

  /// The padding in front of the free block b that puts its payload on an `align` boundary: 0, or a gap that
  /// holds a free block.
  static size_t gap_for(uintptr_t b, size_t align) {
    size_t g = align_up(b + kWord, align) - (b + kWord);
    if constexpr (kMinBlock > kMinAlign)
      if (g && g < kMinBlock) g += align;
    return g;
  }

  /// allocate() for align > 16, after merging the quick lists: a block with room for s plus the worst-case gap,
  /// cut at the aligned address; the leading gap goes back as a free block.
  [[gnu::noinline]] void* allocate_aligned(size_t s, size_t align) {
    flush_quick();
    uintptr_t b = take(s + align + kMinBlock - kMinAlign);
    if (!b) return nullptr;
    size_t g = gap_for(b, align);
    if (g) header(b + g) = size_of(b) - g;
    void* p = use(b + g, s);
    if (g) {
      header(b) = g;  // the gap: its predecessor is used, since b was free
      release(b);
    }
    return p;
  }

  /// Add memory for a request of `want` bytes: the initial memory the first time, then whole pages, made one
  /// free block. Pages that start at our end extend the newest region (its sentinel becomes the new block's
  /// header); others start a region of their own. The first two growths count the free block at our end,
  /// assuming growth follows it; if other code grew memory in between, a third asks for the whole request.
  bool grow(size_t want, unsigned grows) {
    uintptr_t lo = source_.heap_base();
    uintptr_t hi = source_.heap_end();
    // The initial memory is used first, unless too small for a region (a block, its link and its sentinel).
    if (top_end_ || hi - lo < kMinBlock + 2 * kWord + 2 * kMinAlign) {
      size_t need = want + kMinAlign;  // a region of its own loses up to 16 bytes to its link and alignment
      uintptr_t sentinel = top_end_ - kWord;
      if (grows < 2 && top_end_ && (header(sentinel) & kPrevFree)) need = want - word(sentinel - kWord);
      size_t pages = pages_for(need);
      lo = source_.grow(pages);
      if (lo == kGrowFailed) return false;
      hi = lo + pages * kPageSize;
    }
    uintptr_t e = align_down(hi, kMinAlign) - kWord;  // the new sentinel
    uintptr_t b = lo - kWord;
    uintptr_t flags = 0;
    if (lo == top_end_) {
      flags = header(b);  // the old sentinel's: whether the block before it is free
    } else {
      b = align_up(lo + 2 * kWord, kMinAlign) - kWord;
      word(b - kWord) = last_region_;
      last_region_ = b;
    }
    header(b) = flags + (e - b);
    header(e) = 0;
    top_end_ = e + kWord;
    release(b);
    return true;
  }

  [[no_unique_address]] M source_{};
  uint64_t summary_ = 0;            // bit w: words_[w] != 0
  uint64_t words_[kMapWords] = {};  // bit i % 64 of word i / 64: heads_[i] != nullptr
  FreeBlock* heads_[kBins + 1] = {};  // each bin's free list, and a null one for search()'s "none"
  QuickBlock* quick_[kQuickMax / kMinAlign + 1] = {};  // quick_[s / 16]: freed blocks of size s, kept as used
  uintptr_t top_end_ = 0;           // end of the newest region (its sentinel's end); 0 before first use
  uintptr_t last_region_ = 0;       // first block of the newest region; 0 while there is none
};

}  // namespace wasmalloc
