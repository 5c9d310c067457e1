// tlsf: two-level segregated fit. O(1) malloc and free, boundary tags, coalescing, small-size quick lists: the
// general-purpose variant. Its heap, TlsfHeap, is also the heap of `slab` (slab.hpp), which puts size classes
// in front of it.
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
// The top: a free block that ends its region (the heap's last free block, and the last one of a region that
// other code's growth cut off) is not listed by size but in a list of its own, kTop, just past the size bins. A
// request therefore carves the top only when no other free block fits, as dlmalloc does with its top chunk.
// Memory that was handed out and freed has likely been touched; the top is mostly pages no one has touched yet,
// and the first touch of each 4 KiB page is a page fault in the engine (a read maps the zero page, and a write
// after it faults again). Taking the top by size, as plain TLSF
// does, put new blocks on fresh pages while touched holes waited: on the bench's large workload (64 KiB..4 MiB
// blocks, realloc copies) 17 % more page faults than dlmalloc for the same bytes copied, nearly all of them a
// copy reading a block's never-written pages, and 1.3x its time; with the rule, as many faults as dlmalloc.
//
// Quick lists (the tlsf variant): a freed block of at most kQuickMax bytes does not merge at once; it waits,
// still marked used, on the list of its exact size, and the next request of that size pops it (a few
// instructions each way: the small-object and build-and-tear-down workloads run 1.3-2x faster in wasm
// instructions with them). They do not leak as wee_alloc's size classes did: before memory grows, and before
// every aligned request (align > 16, which they never serve and which they would otherwise fragment: +15 % pages
// on the bench's aligned workload), every waiting block is released and merges.
//
// Invariants (all verified by check()):
//  - regions are ordered by address, disjoint, inside [heap_base, end); each is a chain of blocks ending at
//    a size-0 sentinel; the newest region's sentinel ends at top_end_.
//  - no two free blocks are adjacent; a block's P bit equals its predecessor's F bit (a region's first block
//    has P = 0); every free block's footer equals its size.
//  - a free block is in exactly one list: kTop's if the block after it is its region's sentinel, else
//    bin_of(its size)'s; a bin's bitmap bit is set iff its list is non-empty; a summary bit is set iff its
//    bitmap word is non-zero; bits past the last bin are clear.
//  - a quick list holds used blocks of exactly its size, inside the heap.
//
// Fit: a request takes the head of its own bin if that fits, else the head of the first non-empty bin whose
// blocks all fit (two lowest_bit scans); that is kTop only when no other bin has a block, and its head must
// then be checked. Only when these miss, i.e. right before memory would grow, are the first kOwnBinSearch blocks
// of the request's own bin and then kTop searched (first fit; kTop holds one block per region), and the quick
// lists merged; that keeps peak memory near a best fit's. The own-bin search is bounded: a bin holding thousands
// of blocks just too small for the requests that keep coming would otherwise be walked through on every one of
// them (quadratic). Growth asks for the fewest pages that hold the request, counting the free block at the
// heap's end, which the new pages merge into when they follow it; a heap with kGrowthShift > 0 asks for at least
// 1/2^kGrowthShift of its size (geometric growth: memory.grow is slow in V8), and for the fewest pages if that
// much cannot be had.
//
// Complexity: allocate, deallocate, resize and usable_size are O(1) (a constant number of bit scans and list
// operations), except the quick-list merges (before memory grows, and for an aligned request): linear in the
// blocks freed onto the quick lists since the last merge, O(1) amortized per free.
//
// Aligned requests (align > 16) take a block with room for the request plus the alignment, cut at the aligned
// address and give the leading gap back as a free block, so they cost at most `align` bytes more than the
// request and never pile up memory (emscripten #21277).
//
// check() walks every region block by block and every bin list and quick list, and names the first invariant
// above found broken. It reads a word only after checking that the word lies inside [heap_base, top_end_) (a
// corrupt pointer into other code's pages between two regions is read: that memory exists).
#pragma once

#include "allocator.hpp"

namespace wasmalloc {

/// The TLSF heap: regions of boundary-tagged blocks, size bins with bitmaps, the top, growth. It deals in blocks
/// (addresses of block headers); the variants built on it (Tlsf below, Slab) turn them into the C API's.
/// kGrowthShift: memory grows by at least 1/2^kGrowthShift of the heap (0: by what a request needs).
/// kKeepZero: memory the heap never handed out stays zero but for block headers and free blocks' links and
/// footers (growth that merges into a free block zeroes the words it makes stale; slab's calloc relies on it).
template <MemorySource M, unsigned kGrowthShift = 0, bool kKeepZero = false>
class TlsfHeap {
 public:
  // Tunable: the bins per power of two above kLinear are 2^kSlLog2. More bins fit requests more tightly (less
  // memory lost to good fit), at the cost of a bigger bin table (no code: 6 instead of 5 took the bench's
  // random, random-realloc and ratchet peaks down 1-3 pages for about 1 % more instructions on random).
  static constexpr unsigned kSlLog2 = 6;
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
  /// The list of the free blocks that end a region (the top, see above): one past the size bins, so that a
  /// search that finds no bin with a fitting block ends there, and its head's fit is checked.
  static constexpr size_t kTop = kBins;
  /// Bitmap words, with room for kTop's bit (a search may start at index kBins without a special case).
  static constexpr size_t kMapWords = kBins / 64 + 1;

  static_assert(is_pow2(kMinAlign) && kWord < kMinAlign && kMinAlign % kWord == 0);
  static_assert(kMinAlign >= 4, "two flag bits in every header");
  static_assert(kMinBlock % kMinAlign == 0 && kMinBlock >= 4 * kWord);
  static_assert(2 * kWord <= kMinAlign, "a page-aligned region has room for its link word and first header");
  static_assert(kMapWords <= 64, "one summary word covers the bitmap");
  static_assert(kLinear >= kMinBlock, "the smallest block is in the linear range");

  // ---- blocks

  /// A free block's first words (a used block has only the header).
  struct FreeBlock {
    uintptr_t header;
    FreeBlock* next;
    FreeBlock** pprev;  // &heads_[bin] or &previous->next: unlinking needs no branch on which
  };

  static uintptr_t& word(uintptr_t a) { return *as_ptr<uintptr_t>(a); }
  static uintptr_t& header(uintptr_t b) { return word(b); }
  static size_t size_of(uintptr_t b) { return header(b) & ~kFlags; }
  static uintptr_t block_of(const void* p) { return as_addr(p) - kWord; }
  static void* payload(uintptr_t b) { return as_ptr<void>(b + kWord); }

  /// The block size that serves `size` bytes: header plus payload, rounded to 16.
  static size_t block_size(size_t size) {
    size_t s = align_up(size + kWord, kMinAlign);
    if constexpr (kMinBlock > kMinAlign)
      if (s < kMinBlock) s = kMinBlock;
    return s;
  }

  /// The bin of a block of size s (any s > 0): the linear range's index, or the power of two's group plus the
  /// kSlLog2 bits below the top bit.
  static size_t bin_of(size_t s) {
    unsigned f = floor_log2(s | kLinear);
    return (size_t(f - kSlLog2 - kAlignLog2) << kSlLog2) + (s >> (f - kSlLog2));
  }

  // ---- what the variants do with blocks

  /// Unlink and return a free block of at least `want` bytes; before memory grows, call flush() (which releases
  /// what the variant holds back, and says whether it released anything) and try again. 0 if memory cannot grow.
  template <class Flush>
  uintptr_t take(size_t want, Flush flush) {
    for (unsigned grows = 0;;) {
      // O(1): the head of want's own bin if it fits, else any block of the first non-empty bin whose blocks all
      // fit. The search ends at kTop, the region ends, when no other bin fits; its head may be too small.
      size_t i = bin_of(want);
      FreeBlock* f = heads_[i];
      if (!f || (f->header & ~kFlags) < want) {
        f = heads_[search(want)];
        if (f && (f->header & ~kFlags) < want) f = nullptr;
        // Before memory grows: any block of kTop that fits (it holds one block per region).
        if (!f)
          for (f = heads_[kTop]; f && (f->header & ~kFlags) < want;) f = f->next;
      }
      if (f) {
        unlink(f);
        return as_addr(f);
      }
      // Then release what the variant holds back, and only then grow.
      if (!flush() && !grow(want, grows++)) return 0;
    }
  }

  /// Make the unlisted block b (free and unlinked, or used and being resized) a used block of size s, freeing
  /// its tail if a whole block fits there (the tail merges with a free successor). Returns the payload.
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
    return payload(b);
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
    insert(b, size_of(b + s) ? bin_of(s) : kTop);  // a region's last block: the top, taken last
  }

  /// Shrink the used block b to s bytes in place (the tail becomes free), or grow it into a free block that
  /// follows; with may_grow, a block that ends the newest region (but for a free block after it) grows memory
  /// under itself, as
  /// a buffer that doubles at the heap's end does (it would otherwise be copied, and the heap hold both). False
  /// leaves the block as it was (pages grown meanwhile stay, free: other code grew memory in between, or memory
  /// cannot grow that much).
  bool resize(uintptr_t b, size_t s, bool may_grow = true) {
    size_t have = size_of(b);
    if (s > have) {
      uintptr_t n = b + have;
      size_t ns = header(n) & kFree ? size_of(n) : 0;
      if (ns < s - have) {
        if (!may_grow || n + ns + kWord != top_end_ || !add_pages(pages_for(s - have - ns))) return false;
        ns = header(n) & kFree ? size_of(n) : 0;  // the new pages merged into it, if they followed our end
        if (ns < s - have) return false;
      }
      unlink(as_ptr<FreeBlock>(n));
      header(b) += ns;
    }
    use(b, s);
    return true;
  }

  /// The padding in front of the block b that puts its payload on an `align` boundary: 0, or a gap that holds a
  /// block.
  static size_t gap_for(uintptr_t b, size_t align) {
    size_t g = align_up(b + kWord, align) - (b + kWord);
    if constexpr (kMinBlock > kMinAlign)
      if (g && g < kMinBlock) g += align;
    return g;
  }

  /// A used block of s bytes whose payload is aligned to `align` (> 16): a block with room for s plus the
  /// worst-case gap, cut at the aligned address; the leading gap goes back as a free block. The payload, or null.
  template <class Flush>
  void* take_aligned(size_t s, size_t align, Flush flush) {
    uintptr_t b = take(aligned_need(s, align), flush);
    return b ? use_aligned(b, s, align) : nullptr;
  }
  /// What a block must hold to serve s bytes at alignment `align` wherever it starts.
  static size_t aligned_need(size_t s, size_t align) { return s + align + kMinBlock - kMinAlign; }
  /// The unlisted free block b (of at least aligned_need(s, align) bytes) cut to a used block of s bytes whose
  /// payload is aligned; the gap before it and the rest after it go back as free blocks. Returns the payload.
  void* use_aligned(uintptr_t b, size_t s, size_t align) {
    size_t g = gap_for(b, align);
    if (g) header(b + g) = size_of(b) - g;
    void* p = use(b + g, s);
    if (g) {
      header(b) = g;  // the gap: its predecessor is used, since b was free
      release(b);
    }
    return p;
  }

  // ---- walking the heap

  /// Calls f(region, block address, size, free) for every block, regions from the newest (region 0).
  template <class F>
  void for_each_block(F&& f) {
    size_t n = 0;
    for (uintptr_t r = last_region_; r; r = word(r - kWord), ++n)
      for (uintptr_t b = r; size_of(b); b += size_of(b)) f(n, b, size_of(b), bool(header(b) & kFree));
  }

  /// The figures of a walk over every block (the variant adjusts in_use and free for the blocks it holds back):
  /// each region's link word and sentinel count in `heap` (not the alignment padding before a region).
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
    s.heap += regions * 2 * kWord;
    s.grow_calls = source_.growth().calls;
    return s;
  }
  /// For the stats of a used block the variant holds back (on a list of its own): it counts as free.
  static void count_as_free(HeapStats& s, uintptr_t b) {
    size_t size = size_of(b);
    s.in_use -= size - kWord;
    s.free += size;
    if (size > s.largest_free) s.largest_free = size;
  }

  /// Whether a free block other than the top holds `want` bytes (the take() it promises is O(1)).
  bool holds_fit(size_t want) const { return search(want) < kTop; }

  /// Whether block b is the last of its region (the block after it is the sentinel).
  static bool ends_region(uintptr_t b) { return size_of(b + size_of(b)) == 0; }

  /// Whether `n` bytes at b can be read: inside [heap_base, top_end_) and where block headers sit.
  bool readable(uintptr_t b, size_t n) {
    return b >= source_.heap_base() && b < top_end_ && n <= top_end_ - b && (b + kWord) % kMinAlign == 0;
  }

  /// More blocks than this cannot fit in the heap: a list that long is a cycle.
  size_t max_blocks() {
    uintptr_t lowest = source_.heap_base();
    return top_end_ > lowest ? (top_end_ - lowest) / kMinBlock : 0;
  }

  /// Walk every region and every bin; the first invariant of the design block found broken, or kIntact.
  CheckResult check() {
    uintptr_t lowest = source_.heap_base();
    WASMALLOC_INSIST(top_end_ <= source_.end(), "tlsf: heap end beyond memory", top_end_);
    size_t max_blocks = this->max_blocks();
    // Bitmaps against lists, and each listed block against its bin.
    size_t listed = 0;
    for (size_t w = 0; w < 64; ++w) {
      bool marked = (summary_ >> w) & 1;
      WASMALLOC_INSIST(w >= kMapWords ? !marked : marked == (words_[w] != 0),
                       "tlsf: summary bit disagrees with its bitmap word", w);
    }
    for (size_t i = 0; i < kMapWords * 64; ++i) {
      bool marked = (words_[i / 64] >> (i % 64)) & 1;
      if (i > kTop) {
        WASMALLOC_INSIST(!marked, "tlsf: bitmap bit set past the last bin", i);
        continue;
      }
      WASMALLOC_INSIST(marked == (heads_[i] != nullptr), "tlsf: bitmap bit disagrees with its bin's list", i);
      FreeBlock** expected = &heads_[i];
      for (FreeBlock* f = heads_[i]; f; f = f->next) {
        uintptr_t b = as_addr(f);
        WASMALLOC_INSIST(readable(b, kMinBlock), "tlsf: listed free block outside the heap", b);
        size_t fs = f->header & ~kFlags;
        WASMALLOC_INSIST(f->header & kFree, "tlsf: listed block not marked free", b);
        WASMALLOC_INSIST(fs >= kMinBlock && readable(b + fs, kWord), "tlsf: listed free block's size out of bounds",
                         b);
        WASMALLOC_INSIST((size_of(b + fs) ? bin_of(fs) : kTop) == i, "tlsf: free block in the wrong bin", b);
        WASMALLOC_INSIST(f->pprev == expected, "tlsf: free block's back link is wrong", b);
        WASMALLOC_INSIST(++listed <= max_blocks, "tlsf: a bin's list is a cycle", b);
        expected = &f->next;
      }
    }
    // Blocks against their neighbours, region by region from the newest; each region lies below the next
    // newer one's link word.
    size_t walked = 0;
    uintptr_t bound = top_end_;
    for (uintptr_t r = last_region_; r;) {
      WASMALLOC_INSIST(r >= lowest + kWord && r < bound && (r + kWord) % kMinAlign == 0,
                       "tlsf: region start out of order or outside the heap", r);
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
          bool from_head = pp >= as_addr(heads_) && pp <= as_addr(heads_ + kTop);
          WASMALLOC_INSIST(from_head || (pp >= lowest && pp + kWord <= top_end_ && pp % kWord == 0),
                           "tlsf: free block's back link points outside the heap", b);
          WASMALLOC_INSIST(*f->pprev == f, "tlsf: free block missing from its bin's list", b);
          WASMALLOC_INSIST(++walked <= listed, "tlsf: more free blocks than listed", b);
        }
        prev = h;
        b += s;
      }
      WASMALLOC_INSIST(r != last_region_ || b + kWord == top_end_,
                       "tlsf: newest region does not end at the heap end", b);
      bound = r - kWord;
      r = word(r - kWord);  // the link word: r >= heap_base + W was checked above
    }
    WASMALLOC_INSIST(walked == listed, "tlsf: a listed free block is not in any region", walked);
    return kIntact;
  }

  /// The blocks a variant holds on lists of its own (HeldLists): each readable, a used block, of a size that
  /// fits its list (size_fits(list, size)); no list a cycle.
  template <class Lists, class Fits>
  CheckResult check_held(Lists& lists, Fits&& size_fits) {
    CheckResult r = kIntact;
    bool bounded = lists.for_each(max_blocks(), [&](size_t c, uintptr_t b) {
      r = check_held_block(b, size_fits(c, readable(b, 2 * kWord) ? size_of(b) : 0));
      return bool(r);
    });
    if (!r) return r;
    WASMALLOC_INSIST(bounded, "tlsf: a held list is a cycle", max_blocks());
    return kIntact;
  }

  M& source() { return source_; }
  /// The end of the newest region: memory above it was never written by this heap.
  uintptr_t top_end() const { return top_end_; }

  // For tests: inspection only.
  /// Blocks in bin i's list, and whether its bitmap bit is set.
  size_t list_length(size_t i) const {
    size_t n = 0;
    for (FreeBlock* f = heads_[i]; f; f = f->next) ++n;
    return n;
  }
  bool bin_marked(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }

 private:
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

  CheckResult check_held_block(uintptr_t b, bool size_fits) {
    WASMALLOC_INSIST(readable(b, 2 * kWord), "tlsf: held block outside the heap", b);
    WASMALLOC_INSIST(!(header(b) & kFree), "tlsf: held block marked free", b);
    WASMALLOC_INSIST(size_fits, "tlsf: held block of the wrong size for its list", b);
    return kIntact;
  }

  /// Take f off its list. The list became empty iff f was its head (pprev points into heads_) and had no next:
  /// then the bin's bit goes (the bin comes from pprev, not from f's size: a region's last block is in kTop).
  void unlink(FreeBlock* f) {
    // An empty asm that "changes" f: without it, -Oz LTO rewrites unlink to take f->next and f->pprev, loaded at
    // each of its call sites (+43 bytes in the C API module). It emits no code.
    __asm__("" : "+r"(f));
    FreeBlock* n = f->next;
    FreeBlock** pp = f->pprev;
    *pp = n;
    if (n) {
      n->pprev = pp;
    } else {
      size_t i = (as_addr(pp) - as_addr(heads_)) / sizeof(FreeBlock*);  // huge if pp is another block's next
      if (i <= kTop && !(words_[i / 64] &= ~(uint64_t(1) << (i % 64)))) summary_ &= ~(uint64_t(1) << (i / 64));
    }
  }

  /// The first non-empty bin whose every block holds `want` bytes, or kTop.
  size_t search(size_t want) const {
    size_t i = bin_of(want - 1) + 1;
    size_t w = i / 64;
    uint64_t bits = words_[w] & (~uint64_t(0) << (i % 64));
    if (!bits) {
      uint64_t above = summary_ & (~uint64_t(1) << w);
      if (!above) return kTop;
      w = lowest_bit(above);
      bits = words_[w];
    }
    return w * 64 + lowest_bit(bits);
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
      return add_pages(pages_for(need));
    }
    adopt(lo, hi);
    return true;
  }

  /// Grow memory by `pages` (at least 1/2^kGrowthShift of the heap, if that much can be had) and make them one
  /// free block (adopt). False if memory cannot grow.
  bool add_pages(size_t pages) {
    uintptr_t lo = kGrowFailed;
    if constexpr (kGrowthShift > 0) {
      size_t heap = top_end_ ? top_end_ - source_.heap_base() : 0;
      size_t least = heap >> kGrowthShift >> floor_log2(kPageSize);
      if (least > pages) lo = source_.grow(least);  // geometric; if that much cannot be had, the fewest pages
      if (lo != kGrowFailed) pages = least;
    }
    if (lo == kGrowFailed) lo = source_.grow(pages);
    if (lo == kGrowFailed) return false;
    adopt(lo, lo + pages * kPageSize);
    return true;
  }

  /// Make the new memory [lo, hi) one free block: pages that start at our end extend the newest region (its
  /// sentinel becomes the block's header, and it merges with a free block before it); others start a region of
  /// their own.
  void adopt(uintptr_t lo, uintptr_t hi) {
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
    // Merged into the free block before it: the old sentinel (b) and that block's old footer now lie inside it.
    if constexpr (kKeepZero)
      if (flags & kPrevFree) word(b) = word(b - kWord) = 0;
  }

  [[no_unique_address]] M source_{};
  uint64_t summary_ = 0;              // bit w: words_[w] != 0
  uint64_t words_[kMapWords] = {};    // bit i % 64 of word i / 64: heads_[i] != nullptr
  FreeBlock* heads_[kTop + 1] = {};  // each bin's free list, then kTop's
  uintptr_t top_end_ = 0;             // end of the newest region (its sentinel's end); 0 before first use
  uintptr_t last_region_ = 0;         // first block of the newest region; 0 while there is none
};

struct Empty {};

/// Lists of used blocks that a variant holds back from the heap instead of releasing them (tlsf's quick lists,
/// slab's size classes): list c is a stack, linked through each block's first payload word. kIndexed keeps a
/// bitmap of the non-empty lists (at most 64), for first_at_least().
template <size_t kLists, bool kIndexed = false>
class HeldLists {
 public:
  static_assert(!kIndexed || kLists <= 64);
  struct Held {
    uintptr_t header;
    Held* next;
  };
  void push(size_t c, uintptr_t b) {
    Held* h = as_ptr<Held>(b);
    h->next = heads_[c];
    heads_[c] = h;
    if constexpr (kIndexed) nonempty_ |= uint64_t(1) << c;
  }
  /// The block on top of list c, taken off it; 0 if the list is empty.
  uintptr_t pop(size_t c) {
    Held* h = heads_[c];
    if (h) {
      heads_[c] = h->next;
      if constexpr (kIndexed)
        if (!h->next) nonempty_ &= ~(uint64_t(1) << c);
    }
    return as_addr(h);
  }
  /// The block on top of list c, left there; 0 if the list is empty.
  uintptr_t top(size_t c) const { return as_addr(heads_[c]); }
  /// The first non-empty list at or after c, or kLists (kIndexed only).
  size_t first_at_least(size_t c) const {
    uint64_t m = c < 64 ? nonempty_ & (~uint64_t(0) << c) : 0;
    return m ? lowest_bit(m) : kLists;
  }
  /// Take every block off every list and give it to release(b). False if there was none.
  template <class F>
  bool drain(F&& release) {
    bool any = false;
    for (Held*& head : heads_)
      while (Held* h = head) {
        head = h->next;
        release(as_addr(h));
        any = true;
      }
    if constexpr (kIndexed) nonempty_ = 0;
    return any;
  }
  /// Calls f(c, b) for every held block b of list c, for at most `limit` blocks in all; false if there were more
  /// (a cycle).
  template <class F>
  bool for_each(size_t limit, F&& f) {
    for (size_t c = 0; c < kLists; ++c)
      for (Held* h = heads_[c]; h; h = h->next) {
        if (limit-- == 0) return false;
        if (!f(c, as_addr(h))) return true;
      }
    return true;
  }
  /// A list's bit says whether it is non-empty (kIndexed); the list where that fails, or kLists.
  size_t index_broken() const {
    if constexpr (kIndexed)
      for (size_t c = 0; c < kLists; ++c)
        if (bool((nonempty_ >> c) & 1) != (heads_[c] != nullptr)) return c;
    return kLists;
  }

 private:
  Held* heads_[kLists] = {};
  [[no_unique_address]] Choose<kIndexed, uint64_t, Empty> nonempty_{};
};

template <MemorySource M>
class Tlsf {
 public:
  static constexpr Traits kTraits = {.allocates = true, .reuses = true, .uses_initial = true, .resets = false};
  using Heap = TlsfHeap<M>;

  // Tunable: freed blocks up to this size (header included) wait on a per-size quick list, still marked used,
  // for the next request of their size; they merge only when memory would otherwise grow.
  static constexpr size_t kQuickMax = 128;
  static_assert(kQuickMax % kMinAlign == 0 && kQuickMax >= Heap::kMinBlock);

  /// A block of at least `size` bytes aligned to `align`, or nullptr. See allocator.hpp for the preconditions.
  void* allocate(size_t size, size_t align) {
    size_t s = Heap::block_size(size);
    if (s <= kQuickMax && align <= kMinAlign)
      if (uintptr_t b = quick_.pop(s / kMinAlign)) return Heap::payload(b);
    if (align > kMinAlign) return allocate_aligned(s, align);
    uintptr_t b = heap_.take(s, Flush{this});
    return b ? heap_.use(b, s) : nullptr;
  }

  void* allocate_zeroed(size_t size) { return allocate_then_zero(*this, size); }

  /// Give a block back. Small blocks go to their quick list; others merge with free neighbours at once.
  void deallocate(void* p) {
    uintptr_t b = Heap::block_of(p);
    size_t s = Heap::size_of(b);
    if (s <= kQuickMax) quick_.push(s / kMinAlign, b);
    else heap_.release(b);
  }

  /// Bytes usable from p: the block without its header.
  size_t usable_size(void* p) { return Heap::size_of(Heap::block_of(p)) - Heap::kWord; }

  /// Shrink in place (the tail becomes free), or grow into a free block that follows. False leaves p as it was.
  bool resize(void* p, size_t size) { return heap_.resize(Heap::block_of(p), Heap::block_size(size)); }

  /// The heap's invariants, then the quick lists': used blocks of their list's size.
  CheckResult check() {
    CheckResult r = heap_.check();
    return r ? heap_.check_held(quick_, [](size_t c, size_t s) { return s == c * kMinAlign; }) : r;
  }

  /// A walk of every block, with the blocks waiting on the quick lists counted as free (they are marked used,
  /// but the next request of their size takes them).
  HeapStats stats() {
    HeapStats s = heap_.stats();
    quick_.for_each(size_t(-1), [&](size_t, uintptr_t b) {
      Heap::count_as_free(s, b);
      return true;
    });
    return s;
  }
  size_t reset() { return 0; }
  M& source() { return heap_.source(); }

  // For tests: inspection only.
  Heap& heap() { return heap_; }
  /// Merge every block waiting on a quick list into the free lists (as before growing memory). False if none.
  bool flush_quick_lists() {
    return quick_.drain([this](uintptr_t b) { heap_.release(b); });
  }

 private:
  /// allocate() for align > 16, after merging the quick lists (which never serve it, and would fragment it).
  [[gnu::noinline]] void* allocate_aligned(size_t s, size_t align) {
    flush_quick_lists();
    return heap_.take_aligned(s, align, Flush{this});
  }
  /// What the heap calls before memory grows (one type, so that take() is built once).
  struct Flush {
    Tlsf* tlsf;
    bool operator()() const { return tlsf->flush_quick_lists(); }
  };

  Heap heap_;
  HeldLists<kQuickMax / kMinAlign + 1> quick_;  // list s / 16: freed blocks of size s, kept as used
};

}  // namespace wasmalloc
