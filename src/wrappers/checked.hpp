// wrappers: Checked<V, R>, the debug_checks wrapper: any variant V with every block guarded, so that misuse is
// reported at once (the call, the address and the problem, then a trap) instead of corrupting memory.
//
// Layout: each block of V holds a header just below the pointer handed out, and a canary just after the
// requested size (V's block is asked for offset + size + kTail bytes with the caller's alignment, where offset is
// kHeader, or the alignment when that is larger, so that p = q + offset keeps the alignment):
//
//   q (from V)                                     p (returned)                 p + size
//   | pad ... | size | offset = p - q | front canary | state | user bytes ...    | tail canary (4 bytes) |
//              p-24   p-12             p-8            p-4
//
//   state:  kLive ^ p while the block is live, kFreed ^ p once freed (so a copied header does not validate);
//   canaries: kCanary ^ p, byte-wise after the user bytes (they need not be aligned).
//
// What is caught (each reported through R::fail(call, problem, address), which never returns; call is free,
// realloc or malloc_usable_size):
//  - a pointer outside every block V ever handed out, or not 16-aligned, or whose header does not carry a live
//    state: "pointer not from malloc" (walloc #7's hang);
//  - a header whose state says freed: "double free";
//  - a damaged front canary (a write below the block) or tail canary (a write past its end):
//    "block header overwritten" / "write past the end of a block";
//  - use after free: freed blocks are filled with kPoison and wait in a small quarantine (kQuarantine blocks,
//    first in first out) before V gets them back; a byte that changed meanwhile is "write to freed memory".
//    The quarantine also makes a double free of a recently freed block certain to be seen, even for variants
//    that reuse the header's bytes once the block is theirs again. When V runs out of memory, the quarantine
//    is emptied (checked) and the request retried, so out-of-memory behaviour is the same as without checks.
// Pointers are only read after they were found inside [lo_, hi_), the span of all blocks V handed out: a wild
// pointer is reported without touching it. (A pointer into other code's pages inside that span is read: on
// wasm that memory exists; it fails the state check.)
//
// Requests the guards would push past kMaxRequest fail (NULL) before V is asked, as they would without checks.
//
// The rest of the interface, declared: check() verifies the quarantined blocks' headers, then V's heap. stats()
// are V's figures, so the guards and the quarantined blocks count as in use. reset() resets V if V can; then the
// quarantine is dropped (its blocks died with the others) and nothing is checked of them.
//
// Cost: kHeader + kTail (+ alignment) bytes per block, a fill of every freed block, and the quarantine's delay
// in reuse.
#pragma once

#include "../report/reporter.hpp"
#include "wrapper.hpp"

namespace wasmalloc {

template <Allocator V, Reporter R = TrapReporter>
class Checked : public Wrapper<V> {
 public:
  static constexpr size_t kHeader = 32;       // below p: size, offset, front canary, state (room for 64-bit words)
  static constexpr size_t kTail = 4;          // after the user bytes: the tail canary
  static constexpr size_t kQuarantine = 8;    // freed blocks held back (poisoned) before V reuses them
  static constexpr uint32_t kLive = 0xA110C8EDu, kFreed = 0xF4EEF4EEu, kCanary = 0xCA7A12C5u;
  static constexpr unsigned char kPoison = 0xDF;
  static_assert(kHeader % kMinAlign == 0 && kHeader >= sizeof(size_t) + 3 * sizeof(uint32_t) + 8);

  void* allocate(size_t size, size_t align) { return guarded(size, align, false); }
  /// calloc: V's zeroed block (fresh memory need not be filled), then the guards.
  void* allocate_zeroed(size_t size) { return guarded(size, kMinAlign, true); }
  void deallocate(void* ptr) {
    auto* p = live_block("free", ptr);
    word(p, 1) = kFreed ^ tag(p);
    fill_bytes(p, kPoison, size_word(p));
    // Into the quarantine; the oldest entry goes back to V after its poison is checked.
    unsigned char* old = quarantine_[next_];
    quarantine_[next_] = p;
    next_ = (next_ + 1) % kQuarantine;
    if (old) release("free", old);
  }

  size_t usable_size(void* ptr) { return size_word(live_block("malloc_usable_size", ptr)); }

  /// Shrinking keeps the block (new tail canary); growing is left to the shim (allocate, copy, free).
  bool resize(void* ptr, size_t size) {
    auto* p = live_block("realloc", ptr);
    if (size == 0) size = 1;
    if (size > size_word(p)) return false;
    size_word(p) = size;
    put_tail(p, size);
    return true;
  }

  CheckResult check() {
    for (unsigned char* p : quarantine_)
      WASMALLOC_INSIST(!p || word(p, 1) == (kFreed ^ tag(p)), "debug checks: a quarantined block's header changed",
                       p);
    return inner_.check();
  }
  HeapStats stats() { return inner_.stats(); }
  size_t reset() {
    size_t free = inner_.reset();
    if (free != 0)
      for (unsigned char*& p : quarantine_) p = nullptr;
    return free;
  }
 private:
  using Wrapper<V>::inner_;

  /// A block of V with the guards around `size` user bytes aligned to `align` (V's zeroed block if `zeroed`).
  void* guarded(size_t size, size_t align, bool zeroed) {
    if (size == 0) size = 1;  // malloc(0) and realloc(p, 0) give a minimal block: one writable byte
    // p = q + offset must keep the alignment: offset is a multiple of align (and of 16).
    size_t offset = align > kHeader ? align : kHeader;
    if (size > kMaxRequest - offset - kTail) return nullptr;  // V's own limit, with the guards
    size_t total = offset + size + kTail;
    auto get = [&] { return zeroed ? inner_.allocate_zeroed(total) : inner_.allocate(total, align); };
    void* q = get();
    if (!q && flush_quarantine("malloc")) q = get();
    if (!q) return nullptr;
    auto* p = static_cast<unsigned char*>(q) + offset;
    if (as_addr(q) < lo_ || !lo_) lo_ = as_addr(q);
    if (as_addr(p) + size + kTail > hi_) hi_ = as_addr(p) + size + kTail;
    size_word(p) = size;
    word(p, 3) = uint32_t(offset);
    word(p, 2) = kCanary ^ tag(p);
    word(p, 1) = kLive ^ tag(p);
    put_tail(p, size);
    return p;
  }


  static uint32_t& word(unsigned char* p, size_t i) { return reinterpret_cast<uint32_t*>(p)[-ptrdiff_t(i)]; }
  static size_t& size_word(unsigned char* p) { return *reinterpret_cast<size_t*>(p - 24); }
  static uint32_t tag(const void* p) { return uint32_t(as_addr(p)) * 2654435761u; }
  static void put_tail(unsigned char* p, size_t size) {
    uint32_t c = kCanary ^ tag(p);
    for (size_t i = 0; i < kTail; ++i) p[size + i] = static_cast<unsigned char>(c >> (8 * i));
  }
  static bool tail_ok(unsigned char* p, size_t size) {
    uint32_t c = kCanary ^ tag(p);
    for (size_t i = 0; i < kTail; ++i)
      if (p[size + i] != static_cast<unsigned char>(c >> (8 * i))) return false;
    return true;
  }

  /// The block at ptr if it is live and intact; anything else is reported, naming the call.
  unsigned char* live_block(const char* call, void* ptr) {
    auto* p = static_cast<unsigned char*>(ptr);
    uintptr_t a = as_addr(p);
    if (a % kMinAlign != 0 || a < lo_ + kHeader || a >= hi_) R::fail(call, "pointer not from malloc", p);
    uint32_t state = word(p, 1);
    if (state == (kFreed ^ tag(p))) R::fail(call, "double free (the block was already freed)", p);
    if (state != (kLive ^ tag(p))) R::fail(call, "pointer not from malloc (or its header was overwritten)", p);
    if (word(p, 2) != (kCanary ^ tag(p))) R::fail(call, "block header overwritten (write below the block)", p);
    if (!tail_ok(p, size_word(p))) R::fail(call, "write past the end of a block", p);
    return p;
  }

  /// Give a quarantined block back to V, after checking nothing wrote to it since it was freed (the report names
  /// the call that found it).
  void release(const char* call, unsigned char* p) {
    size_t n = size_word(p);
    if (word(p, 1) != (kFreed ^ tag(p))) R::fail(call, "write to freed memory (its header)", p);
    // A word at a time (p is 16-aligned), then the exact byte for the report.
    constexpr uintptr_t kWordPoison = uintptr_t(-1) / 255 * kPoison;
    size_t i = 0;
    for (; i + sizeof(uintptr_t) <= n && *reinterpret_cast<uintptr_t*>(p + i) == kWordPoison; i += sizeof(uintptr_t)) {
    }
    for (; i < n; ++i)
      if (p[i] != kPoison) R::fail(call, "write to freed memory", p + i);
    inner_.deallocate(p - word(p, 3));
  }

  bool flush_quarantine(const char* call) {
    bool any = false;
    for (unsigned char*& p : quarantine_)
      if (p) {
        release(call, p);
        p = nullptr;
        any = true;
      }
    return any;
  }

  uintptr_t lo_ = 0, hi_ = 0;  // the span of every block V handed out
  unsigned char* quarantine_[kQuarantine] = {};
  size_t next_ = 0;
};

}  // namespace wasmalloc
