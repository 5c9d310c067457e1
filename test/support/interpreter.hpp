// The one random-operation driver of the tests: it turns a stream of bytes into C API calls (CApi<A>, the shim's
// rules) on an allocator and checks each against a shadow model: every live block keeps its own pattern, no two
// overlap, results are aligned and large enough, failures set the right errno and leave everything intact,
// impossible requests never grow memory, and check() holds after every call. The bytes come from libFuzzer
// (test/fuzz/fuzz.cpp), from saved inputs (fuzz/replay.cpp) or from a seeded generator (the stress test and the
// variant and wrapper tests); a per-step hook lets a test check more (stats, bins) after each call.
// A violated check throws Failure naming the check, the operation and the step (Catch2 reports it; in the
// fuzzer it ends the process as a crash).
#pragma once

#include <cerrno>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "variants.hpp"

namespace wasmalloc::test {

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The fuzzer's bytes, read from the front; zeros once they run out.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ == end_; }
  uint8_t u8() { return p_ < end_ ? *p_++ : 0; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

/// Seeded random bytes, as many as asked for.
class RandomBytes {
 public:
  explicit RandomBytes(uint32_t seed) : rng_(seed) {}
  bool empty() const { return false; }
  uint8_t u8() { return uint8_t(rng_()); }

 private:
  std::mt19937 rng_;
};

struct InterpreterOptions {
  size_t max_ops = 4096;
  /// Requests that could succeed are drawn at most this large (stress runs keep blocks quick to fill);
  /// impossible ones (near SIZE_MAX) are drawn regardless.
  size_t max_size = size_t(3) << 20;
  /// Steps that change the environment: memory caps near the current size, other code growing memory.
  bool environment = true;
  /// The allocator is shared with other threads running their own interpreter: memory figures are not read
  /// (other threads move them), only this interpreter's own blocks are shadowed.
  bool shared = false;
  uint32_t tag_base = 0;  // distinct per thread, so patterns differ
  size_t check_every = 1;  // check() after every this many steps (0: only at the end)
};

/// What the hook sees after each step.
struct Shadow {
  size_t step;
  size_t live_blocks;
  size_t usable_in_use;  // the sum of usable_size() over the live blocks
};

template <class A, class In, class Hook>
class Interpreter {
 public:
  Interpreter(A& a, In& in, InterpreterOptions options, Hook hook) : a_(a), in_(in), opt_(options), hook_(hook) {}

  /// Run until the bytes or max_ops run out, then free everything; the number of operations.
  size_t run() {
    while (!in_.empty() && op_index_ < opt_.max_ops) step();
    for (Slot& s : slots_)
      if (s.p) release(s);
    CheckResult r = a_.check();
    if (!r) insist(false, (std::string("check() at the end: ") + Catch::StringMaker<CheckResult>::convert(r)).c_str());
    for (size_t i = 0; i < foreign_count_; ++i)
      insist(has_pattern(foreign_[i].p, foreign_[i].size, foreign_[i].tag), "other code's pages intact");
    return op_index_;
  }

 private:
  using C = Api<A>;
  struct Slot {
    void* p;
    size_t size;
    uint32_t tag;
    size_t usable;
  };
  static constexpr size_t kSlots = 32, kForeign = 8;

  void insist(bool ok, const char* what) {
    if (ok) return;
    char where[64];
    std::snprintf(where, sizeof where, " (operation %zu, code %u)", op_index_, unsigned(op_));
    throw Failure(std::string("interpreter check failed: ") + what + where);
  }

  uint32_t u16() { return in_.u8() | uint32_t(in_.u8()) << 8; }
  uint32_t u32() { return u16() | u16() << 16; }
  size_t limit(size_t n) { return n <= opt_.max_size ? n : n % (opt_.max_size + 1); }

  size_t next_size() {
    uint8_t kind = in_.u8();
    switch (kind % 8) {
      case 0: return kind / 8;                                               // tiny, 0..31
      case 1: case 2: case 3: return u16() % 4096;                           // small
      case 4: return limit((in_.u8() % 5) * kPageSize + int8_t(in_.u8()));   // around page multiples (talc #47)
      case 5: return limit(u32() % (size_t(3) << 20));                       // up to 3 MiB
      case 6: return limit(u16());                                           // up to 64 KiB
      default: {                                                             // impossible or near-limit
        uint8_t b = in_.u8();
        if (b < 128) return SIZE_MAX - b;
        if (b < 192) return kMaxRequest + (b - 128);
        return limit(kMaxRequest - (b - 192) * 4096);
      }
    }
  }
  size_t next_align() {
    uint8_t b = in_.u8();
    if (b < 200) return size_t(1) << (b % 18);       // 1 .. 128 KiB
    if (b < 230) return size_t(1) << (18 + b % 12);  // up to 2^29 (beyond kMaxAlign)
    return b;                                        // mostly not a power of two
  }
  /// A request nobody can meet: refused before the source is asked.
  static bool impossible(size_t n, size_t align) { return n > kMaxRequest || align > kMaxAlign; }

  bool free_of_overlap(uintptr_t x, size_t n) {
    size_t extent = n ? n : 1;
    auto next = live_.lower_bound(x);
    if (next != live_.end() && x + extent > next->first) return false;
    if (next != live_.begin()) {
      auto prev = std::prev(next);
      if (prev->first + (prev->second ? prev->second : 1) > x) return false;
    }
    return true;
  }
  void adopt(Slot& s, void* p, size_t n, size_t align) {
    uintptr_t x = as_addr(p);
    insist(x % (align > kMinAlign ? align : kMinAlign) == 0, "block aligned");
    size_t usable = C::usable_size(a_, p);
    insist(usable >= n, "usable size at least the request");
    if (!opt_.shared) {
      FakeMemory& m = fake(a_);
      insist(x >= m.heap_base() && x + n <= m.end(), "block inside memory");
    }
    insist(free_of_overlap(x, n), "block overlaps no other live block");
    // No byte of a block in other code's pages. (A 0-byte block may sit right at the end of our memory, which can
    // be where other code's pages begin: page and bump do that for 0 bytes at 64 KiB alignment; no byte is used.)
    for (size_t i = 0; i < foreign_count_; ++i)
      insist(x + n <= as_addr(foreign_[i].p) || x >= as_addr(foreign_[i].p) + foreign_[i].size,
             "block outside other code's pages");
    live_[x] = n;
    s = {p, n, opt_.tag_base + ++tag_, usable};
    usable_in_use_ += usable;
    fill_pattern(p, n, s.tag);
  }
  void release(Slot& s) {
    insist(has_pattern(s.p, s.size, s.tag), "live block's contents intact");
    usable_in_use_ -= s.usable;
    C::free(a_, s.p);
    live_.erase(as_addr(s.p));
    s = {};
  }
  size_t pages() { return opt_.shared ? 0 : fake(a_).pages(); }
  /// After a failed allocation: errno says why, memory did not grow for impossible requests.
  void failed_cleanly(size_t n, size_t align, size_t pages_before, int expected_errno) {
    insist(errno == expected_errno, "errno of a failed call");
    if (impossible(n, align)) insist(pages() == pages_before, "an impossible request grows no memory");
  }

  void step() {
    ++op_index_;
    op_ = in_.u8();
    Slot& s = slots_[(op_ >> 4) % kSlots];
    size_t pages_before = pages();
    errno = 0;
    switch (op_ % 10) {
      case 0: case 1: {  // malloc
        if (s.p) release(s);
        size_t n = next_size();
        void* p = C::malloc(a_, n);
        if (p) adopt(s, p, n, kMinAlign);
        else failed_cleanly(n, kMinAlign, pages_before, ENOMEM);
        break;
      }
      case 2: {  // calloc, including overflowing products
        if (s.p) release(s);
        size_t count = in_.u8() < 240 ? in_.u8() % 8 + 1 : SIZE_MAX / (in_.u8() + 1) + 1;
        size_t n = next_size(), total;
        bool overflow = __builtin_mul_overflow(count, n, &total);
        if (!overflow && total > opt_.max_size && !impossible(total, kMinAlign)) count = 1, total = n;
        void* p = C::calloc(a_, count, n);
        if (p) {
          insist(!overflow, "calloc of an overflowing product fails");
          bool zero = true;
          for (size_t i = 0; i < total; ++i) zero &= static_cast<unsigned char*>(p)[i] == 0;
          insist(zero, "calloc's block is zeroed");
          adopt(s, p, total, kMinAlign);
        } else {
          insist(errno == ENOMEM, "calloc fails with ENOMEM");
          if (overflow || impossible(total, kMinAlign)) insist(pages() == pages_before, "calloc grows no memory");
        }
        break;
      }
      case 3: {  // realloc, including realloc(NULL, n) on an empty slot
        size_t n = next_size();
        if (s.p) insist(has_pattern(s.p, s.size, s.tag), "live block's contents intact");
        void* old = s.p;
        void* p = C::realloc(a_, s.p, n);
        if (p) {
          size_t kept = s.size < n ? s.size : n;
          if (old) {
            insist(has_pattern(p, kept, s.tag), "realloc keeps the contents");
            live_.erase(as_addr(old));
            usable_in_use_ -= s.usable;
          }
          adopt(s, p, n, kMinAlign);
        } else {
          failed_cleanly(n, kMinAlign, pages_before, ENOMEM);
          if (old) insist(has_pattern(s.p, s.size, s.tag), "a failed realloc leaves the block as it was");
        }
        break;
      }
      case 4: {  // aligned_alloc, including bad alignments
        if (s.p) release(s);
        size_t align = next_align(), n = next_size();
        void* p = C::aligned_alloc(a_, align, n);
        if (p) {
          insist(is_pow2(align), "aligned_alloc only with a power of two");
          adopt(s, p, n, align);
        } else {
          failed_cleanly(n, align, pages_before, is_pow2(align) ? ENOMEM : EINVAL);
        }
        break;
      }
      case 5: {  // posix_memalign
        if (s.p) release(s);
        size_t align = next_align(), n = next_size();
        void* out = &out;
        int r = C::posix_memalign(a_, &out, align, n);
        bool valid = is_pow2(align) && align % sizeof(void*) == 0;
        if (r == 0) {
          insist(valid, "posix_memalign only with a valid alignment");
          adopt(s, out, n, align);
        } else {
          insist(out == &out, "a failed posix_memalign leaves *out");
          insist(r == (valid ? ENOMEM : EINVAL), "posix_memalign's error");
          if (!valid || impossible(n, align)) insist(pages() == pages_before, "posix_memalign grows no memory");
        }
        break;
      }
      case 6: case 7: case 8: {  // free (free(NULL) on an empty slot)
        if (s.p) release(s);
        else C::free(a_, nullptr);
        break;
      }
      default: {  // the environment: cap memory near its current size, or other code growing memory
        uint8_t b = in_.u8();
        if (!opt_.environment) break;
        FakeMemory& m = fake(a_);
        if (b < 100) m.set_max_pages(m.pages() + b % 16);
        else if (b < 140) m.set_max_pages(FakeMemory::kDefaultAddressPages);
        else if (b < 200) m.set_foreign_pages(b % 3);
        else {  // other code grows memory right now and fills its pages: no block may land there
          size_t n = 1 + b % 2;
          uintptr_t x = m.foreign_grow(n);
          if (x && foreign_count_ < kForeign) {
            Slot& f = foreign_[foreign_count_++];
            ASAN_UNPOISON_MEMORY_REGION(as_ptr<void>(x), n * kPageSize);  // the test plays the other code here
            f = {as_ptr<void>(x), n * kPageSize, 0xF0000u + uint32_t(foreign_count_), 0};
            fill_pattern(f.p, f.size, f.tag);
          }
        }
        break;
      }
    }
    if (opt_.check_every && op_index_ % opt_.check_every == 0) {
      CheckResult r = a_.check();
      if (!r) insist(false, (std::string("check(): ") + Catch::StringMaker<CheckResult>::convert(r)).c_str());
    }
    hook_(a_, Shadow{op_index_, live_.size(), usable_in_use_});
  }

  A& a_;
  In& in_;
  InterpreterOptions opt_;
  Hook hook_;
  Slot slots_[kSlots] = {};
  Slot foreign_[kForeign] = {};  // pages other code grew, with their pattern
  size_t foreign_count_ = 0;
  std::map<uintptr_t, size_t> live_;  // address -> size, for the overlap check
  uint32_t tag_ = 0;
  size_t op_index_ = 0;
  uint8_t op_ = 0;
  size_t usable_in_use_ = 0;
};

/// Run the operations `in` gives on allocator a; hook(a, shadow) after every step. The number of operations.
template <class A, class In, class Hook>
size_t interpret(A& a, In& in, InterpreterOptions options, Hook hook) {
  return Interpreter<A, In, Hook>(a, in, options, hook).run();
}
template <class A, class In>
size_t interpret(A& a, In& in, InterpreterOptions options = {}) {
  return interpret(a, in, options, [](A&, const Shadow&) {});
}

}  // namespace wasmalloc::test
