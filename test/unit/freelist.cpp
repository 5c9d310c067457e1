// freelist (src/variants/freelist.hpp) on FakeMemory: coalescing, alignment gaps, realloc in place, growth,
// and lol_alloc's end-state property: after any sequence, freeing everything leaves exactly one free block per
// contiguous run of our memory.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "interpreter.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

constexpr size_t kWord = sizeof(uintptr_t);

struct Block {
  uintptr_t at;
  size_t size;
  bool free;
};

std::vector<Block> blocks(Freelist<FakeMemory>& a) {
  std::vector<Block> out;
  a.for_each_block([&](uintptr_t at, size_t size, bool free) { out.push_back({at, size, free}); });
  return out;
}

std::vector<Block> free_blocks(Freelist<FakeMemory>& a) {
  std::vector<Block> out;
  for (const Block& b : blocks(a))
    if (b.free) out.push_back(b);
  return out;
}

/// The block that holds p (its header is the word below p).
uintptr_t block_of(void* p) { return as_addr(p) - kWord; }

/// The first block and the end of the initial memory's free space, as the design block lays them out.
uintptr_t initial_first(FakeMemory& m) { return align_up(m.heap_base() + kWord, 16) - kWord; }
uintptr_t initial_end(FakeMemory& m) { return align_down(m.heap_end(), 16) - kWord; }

/// Free everything, then verify lol_alloc's end state: the heap is free blocks separated only by gap blocks
/// (foreign memory, headed by our tail word), one free block per run, and the free bytes add up to all of our
/// memory less 16 bytes per gap.
void require_one_free_block_per_run(Freelist<FakeMemory>& a, const std::map<uintptr_t, size_t>& live) {
  for (auto& [addr, size] : live) a.deallocate(as_ptr<void>(addr));
  REQUIRE(a.check());
  FakeMemory& m = a.source();
  std::vector<Block> all = blocks(a);
  REQUIRE(!all.empty());
  REQUIRE(all.front().at == initial_first(m));
  REQUIRE(all.front().free);
  size_t free_bytes = 0, gaps = 0, gap_bytes = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const Block& b = all[i];
    REQUIRE(b.free == (i % 2 == 0));  // free, gap, free, gap, ..., free
    if (b.free) {
      free_bytes += b.size;
    } else {
      // A gap: from our old tail word (the word below a page boundary) to 16 - W bytes into new pages.
      REQUIRE((b.at + kWord) % kPageSize == 0);
      REQUIRE((b.at + b.size + kWord - 16) % kPageSize == 0);
      ++gaps;
      gap_bytes += b.size;
    }
  }
  REQUIRE(all.back().free);
  uintptr_t last_end = all.back().at + all.back().size;
  size_t trailing_foreign = m.end() - (last_end + kWord);  // foreign pages added by a grow that then failed
  REQUIRE(gap_bytes - 16 * gaps + trailing_foreign == m.foreign_total() * kPageSize);
  size_t our_grown = (m.pages() - 2 - m.foreign_total()) * kPageSize;
  REQUIRE(free_bytes == initial_end(m) - initial_first(m) + our_grown - 16 * gaps);
  if (m.foreign_total() == 0) REQUIRE(all.size() == 1);
}

}  // namespace

TEST_CASE("freelist: lol_alloc's property over random sequences, check() after every step", "[freelist]") {
  for (uint32_t seed = 1; seed <= 24; ++seed) {
    CAPTURE(seed);
    Freelist<FakeMemory> a;
    FakeMemory& m = a.source();
    if (seed % 3 == 0) m.set_foreign_pages(1 + seed % 2);  // non-contiguous growth
    m.set_max_pages(seed % 4 == 1 ? 24 : 600);              // some seeds run out of memory often
    RandomBytes in(seed);
    InterpreterOptions options;
    options.max_ops = 3000;
    options.max_size = 150000;
    interpret(a, in, options, [](Freelist<FakeMemory>&, const Shadow&) {});  // frees everything at the end
    require_one_free_block_per_run(a, {});
  }
}

TEST_CASE("freelist: free coalesces with neither, the next, the previous and both neighbours", "[freelist]") {
  Freelist<FakeMemory> a;
  void* pad = a.allocate(40, 16);
  void* x[5];
  for (void*& p : x) p = a.allocate(100, 16);  // 112-byte blocks, laid end to end
  void* guard = a.allocate(40, 16);
  REQUIRE(free_blocks(a).size() == 1);  // the rest of the initial memory
  const size_t n = align_up(100 + kWord, 16);
  REQUIRE(block_of(x[1]) - block_of(x[0]) == n);

  a.deallocate(x[1]);  // neither neighbour free
  auto f = free_blocks(a);
  REQUIRE(f.size() == 2);
  REQUIRE(f[0].at == block_of(x[1]));
  REQUIRE(f[0].size == n);

  a.deallocate(x[0]);  // the next neighbour is free
  f = free_blocks(a);
  REQUIRE(f.size() == 2);
  REQUIRE(f[0].at == block_of(x[0]));
  REQUIRE(f[0].size == 2 * n);

  a.deallocate(x[3]);  // neither
  a.deallocate(x[4]);  // the previous neighbour is free
  f = free_blocks(a);
  REQUIRE(f.size() == 3);
  REQUIRE(f[1].at == block_of(x[3]));
  REQUIRE(f[1].size == 2 * n);

  a.deallocate(x[2]);  // both neighbours free
  f = free_blocks(a);
  REQUIRE(f.size() == 2);
  REQUIRE(f[0].at == block_of(x[0]));
  REQUIRE(f[0].size == 5 * n);
  REQUIRE(a.check());

  a.deallocate(guard);  // both again, the next being the rest of the heap
  f = free_blocks(a);
  REQUIRE(f.size() == 1);
  REQUIRE(f[0].at == block_of(x[0]));
  a.deallocate(pad);
  require_one_free_block_per_run(a, {});
}

TEST_CASE("freelist: the padding before an aligned block is reused by later small blocks", "[freelist]") {
  Freelist<FakeMemory> a;
  void* p = a.allocate(100, 4096);
  REQUIRE(as_addr(p) % 4096 == 0);
  auto f = free_blocks(a);
  REQUIRE(f.size() == 2);  // the padding before p, and the rest after it
  REQUIRE(f[0].at == initial_first(a.source()));
  REQUIRE(f[0].at + f[0].size == block_of(p));
  size_t padding = f[0].size;
  REQUIRE(padding >= 16);
  // Small blocks fill the padding first (first fit, address order), up to its last byte.
  std::vector<void*> small;
  for (size_t used = 0; used + 32 <= padding; used += 32) {
    void* q = a.allocate(32 - kWord, 16);
    REQUIRE(as_addr(q) < as_addr(p));
    small.push_back(q);
  }
  REQUIRE(a.check());
  if (padding % 32 == 0) REQUIRE(free_blocks(a).size() == 1);  // the padding is used up exactly
  for (void* q : small) a.deallocate(q);
  a.deallocate(p);
  require_one_free_block_per_run(a, {});
}

TEST_CASE("freelist: realloc grows into the next free block, leaving the rest free", "[freelist][resize]") {
  Freelist<FakeMemory> a;
  auto* p = static_cast<unsigned char*>(a.allocate(100, 16));
  void* q = a.allocate(1000, 16);
  void* r = a.allocate(10, 16);
  fill_pattern(p, 100, 1);
  a.deallocate(q);
  size_t pages = a.source().pages();
  REQUIRE(a.resize(p, 600));  // into q's old space; the rest of it stays free
  REQUIRE(a.usable_size(p) >= 600);
  REQUIRE(a.usable_size(p) < 616);
  REQUIRE(has_pattern(p, 100, 1));
  auto f = free_blocks(a);
  REQUIRE(f.size() == 2);
  REQUIRE(f[0].at == block_of(p) + a.usable_size(p) + kWord);
  REQUIRE(f[0].at + f[0].size == block_of(r));
  fill_pattern(p, 600, 2);
  size_t whole = block_of(r) - block_of(p) - kWord;
  REQUIRE(a.resize(p, whole));  // exactly all of it
  REQUIRE(a.usable_size(p) == whole);
  REQUIRE(free_blocks(a).size() == 1);
  REQUIRE(has_pattern(p, 600, 2));
  REQUIRE(!a.resize(p, whole + 1));  // r is in the way
  REQUIRE(a.usable_size(p) == whole);
  REQUIRE(a.source().pages() == pages);
  REQUIRE(a.check());
}

TEST_CASE("freelist: a realloc that cannot grow gives back what it absorbed", "[freelist][resize]") {
  Freelist<FakeMemory> a;
  void* p = a.allocate(100, 16);
  void* q = a.allocate(200, 16);
  void* r = a.allocate(10, 16);
  a.deallocate(q);
  auto before = blocks(a);
  size_t usable = a.usable_size(p);
  REQUIRE(!a.resize(p, 100000));  // q's space is not enough and r is in the way
  REQUIRE(a.usable_size(p) == usable);
  auto after = blocks(a);
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    REQUIRE(after[i].at == before[i].at);
    REQUIRE(after[i].size == before[i].size);
    REQUIRE(after[i].free == before[i].free);
  }
  REQUIRE(a.check());
  (void)r;
}

TEST_CASE("freelist: realloc at the top of the heap grows memory in place", "[freelist][resize]") {
  Freelist<FakeMemory> a;
  FakeMemory& m = a.source();
  auto* p = static_cast<unsigned char*>(a.allocate(100, 16));
  fill_pattern(p, 100, 3);
  size_t pages = m.pages();
  // The free rest of the initial memory follows p: realloc absorbs it, then grows by just the shortfall.
  size_t rest = initial_end(m) - (block_of(p) + a.usable_size(p) + kWord);
  size_t want = a.usable_size(p) + rest + 3 * kPageSize;
  REQUIRE(a.resize(p, want));
  REQUIRE(m.pages() == pages + 3);
  REQUIRE(a.usable_size(p) >= want);
  REQUIRE(has_pattern(p, 100, 3));
  fill_pattern(p, want, 4);  // ASan: all of it is ours
  REQUIRE(free_blocks(a).empty());
  REQUIRE(a.check());
  // And again from there, the block now ending at the top.
  REQUIRE(a.resize(p, want + 1));
  REQUIRE(m.pages() == pages + 4);
  REQUIRE(has_pattern(p, want, 4));
  REQUIRE(a.check());
  // Shrinking in place gives the tail back as one free block up to the top.
  REQUIRE(a.resize(p, 50));
  REQUIRE(a.usable_size(p) == 64 - kWord);
  REQUIRE(has_pattern(p, 50, 4));
  auto f = free_blocks(a);
  REQUIRE(f.size() == 1);
  REQUIRE(f[0].at == block_of(p) + 64);
  require_one_free_block_per_run(a, {{as_addr(p), 50}});
}

TEST_CASE("freelist: realloc at the top fails cleanly when the new pages are not contiguous", "[freelist][resize]") {
  Freelist<FakeMemory> a;
  FakeMemory& m = a.source();
  void* p = a.allocate(initial_end(m) - initial_first(m) - kWord, 16);  // all of the initial memory
  REQUIRE(block_of(p) == initial_first(m));
  REQUIRE(free_blocks(a).empty());
  m.set_foreign_pages(1);
  size_t usable = a.usable_size(p);
  REQUIRE(!a.resize(p, usable + 100));
  REQUIRE(a.usable_size(p) == usable);
  REQUIRE(m.foreign_total() == 1);
  REQUIRE(a.check());
  auto f = free_blocks(a);
  REQUIRE(f.size() == 1);  // the new pages wait, free, beyond the gap
  REQUIRE(f[0].at == m.end() - kPageSize + 16 - kWord);
  require_one_free_block_per_run(a, {{as_addr(p), 0}});
}

TEST_CASE("freelist: contiguous growth merges into the free block at the top", "[freelist][grow]") {
  Freelist<FakeMemory> a;
  FakeMemory& m = a.source();
  void* p = a.allocate(100, 16);
  auto f = free_blocks(a);
  REQUIRE(f.size() == 1);
  uintptr_t tail = f[0].at;
  void* q = a.allocate(f[0].size + 1000, 16);  // more than the tail block holds
  REQUIRE(m.grow_calls() == 1);
  REQUIRE(block_of(q) == tail);  // served from the tail block merged with the new pages
  f = free_blocks(a);
  REQUIRE(f.size() == 1);
  REQUIRE(f[0].at + f[0].size + kWord == m.end());
  REQUIRE(a.check());
  // With the top block in use, growth starts a free block at the old tail word: still one run.
  void* r = a.allocate(f[0].size - kWord, 16);
  REQUIRE(free_blocks(a).empty());
  void* s = a.allocate(10, 16);
  REQUIRE(block_of(s) == block_of(r) + a.usable_size(r) + kWord);
  require_one_free_block_per_run(a, {{as_addr(p), 0}, {as_addr(q), 0}, {as_addr(r), 0}, {as_addr(s), 0}});
}

TEST_CASE("freelist: non-contiguous growth leaves foreign pages alone and gets a run of its own", "[freelist][grow]") {
  Freelist<FakeMemory> a;
  FakeMemory& m = a.source();
  m.set_foreign_pages(2);
  std::map<uintptr_t, size_t> live;
  for (int i = 0; i < 40; ++i) {
    size_t size = 1000 + 7919 * i % 30000;
    void* p = a.allocate(size, 16);
    REQUIRE(p != nullptr);
    fill_pattern(p, size, i);  // ASan: a foreign byte is poisoned
    live[as_addr(p)] = size;
    REQUIRE(a.check());
  }
  REQUIRE(m.foreign_total() >= 4);
  size_t gaps = 0;
  for (const Block& b : blocks(a))
    if (!b.free && !live.count(b.at + kWord)) ++gaps;
  REQUIRE(gaps * 2 == m.foreign_total());  // every growth was foreign-separated: one gap block each
  require_one_free_block_per_run(a, live);
  REQUIRE(free_blocks(a).size() == gaps + 1);
}

TEST_CASE("freelist: out of memory leaves the heap consistent and reusable", "[freelist][oom]") {
  Freelist<FakeMemory> a;
  FakeMemory& m = a.source();
  m.set_max_pages(6);
  std::map<uintptr_t, size_t> live;
  for (size_t size = 3000;; size += 1000) {
    void* p = a.allocate(size, 64);
    if (!p) break;
    live[as_addr(p)] = size;
  }
  REQUIRE(a.check());
  REQUIRE(a.allocate(5 * kPageSize, 16) == nullptr);
  REQUIRE(a.allocate(16, 8 * kPageSize) == nullptr);
  REQUIRE(a.check());
  // Free every other block: the space is found again without growing.
  size_t pages = m.pages(), i = 0, freed = 0;
  for (auto it = live.begin(); it != live.end(); ++i) {
    if (i % 2 == 0) {
      a.deallocate(as_ptr<void>(it->first));
      freed = it->second;
      it = live.erase(it);
    } else {
      ++it;
    }
  }
  REQUIRE(a.check());
  void* p = a.allocate(freed, 16);
  REQUIRE(p != nullptr);
  live[as_addr(p)] = freed;
  REQUIRE(m.pages() == pages);
  require_one_free_block_per_run(a, live);
}

TEST_CASE("freelist: blocks are rounded to 16 bytes with one word of overhead", "[freelist]") {
  Freelist<FakeMemory> a;
  void* p = a.allocate(0, 16);
  void* q = a.allocate(0, 16);
  void* r = a.allocate(16 - kWord + 1, 16);
  void* s = a.allocate(1, 16);
  REQUIRE(a.usable_size(p) == 16 - kWord);
  REQUIRE(as_addr(q) - as_addr(p) == 16);
  REQUIRE(a.usable_size(r) == 32 - kWord);
  REQUIRE(as_addr(s) - as_addr(r) == 32);
}

TEST_CASE("freelist: check() catches a broken heap", "[freelist][check]") {
  Freelist<FakeMemory> a;
  void* x = a.allocate(100, 16);
  void* y = a.allocate(100, 16);
  void* y2 = a.allocate(100, 16);
  void* z = a.allocate(100, 16);
  void* guard = a.allocate(100, 16);
  a.deallocate(x);
  a.deallocate(z);
  REQUIRE(a.check());
  auto word = [](uintptr_t at, int i) -> uintptr_t& { return as_ptr<uintptr_t>(at)[i]; };
  uintptr_t bx = block_of(x), by = block_of(y), by2 = block_of(y2), bz = block_of(z);

  SECTION("a size that breaks the tiling") {
    word(by, 0) += 16;
    REQUIRE(!a.check());
  }
  SECTION("sizes that tile but are not multiples of 16 (misaligned blocks)") {
    size_t sy = word(by, 0), sy2 = word(by2, 0);
    word(by, 0) = sy + 8;
    word(by2 + 8, 0) = sy2 - 8;
    REQUIRE(!a.check());
  }
  SECTION("a size that wraps around to an earlier block") {
    word(by, 0) = uintptr_t(0) - (by - bx);  // by + size == bx: a walk without bounds would loop forever
    REQUIRE(!a.check());
  }
  SECTION("a size of zero") {
    word(by, 0) = 0;
    REQUIRE(!a.check());
  }
  SECTION("a size past the top") {
    word(by, 0) = size_t(1) << 40;
    REQUIRE(!a.check());
  }
  SECTION("two adjacent free blocks (a missed coalesce)") {
    // Link y in between x and z without merging: sorted, tiled, but x, y and z are neighbours.
    word(by, 1) = bz;
    word(bx, 1) = by;
    REQUIRE(!a.check());
  }
  SECTION("a free list out of address order") {
    uintptr_t after_z = word(bz, 1);
    word(bx, 1) = after_z;  // x -> rest -> z: z comes after a higher block
    word(after_z, 1) = bz;
    word(bz, 1) = 0;
    REQUIRE(!a.check());
  }
  SECTION("a free-list entry that is not a block") {
    word(bx, 1) = bz + 16;
    REQUIRE(!a.check());
  }
  SECTION("a free-list cycle") {
    word(bz, 1) = bx;
    REQUIRE(!a.check());
  }
  (void)guard;
}
