// The fuzz interpreter: turns bytes into a sequence of C API calls (CApi<A>, the shim's rules) on a variant over
// FakeMemory and checks each against a shadow model: every live block keeps its own pattern, no two overlap,
// results are aligned and large enough, failures set the right errno and leave everything intact, impossible
// requests never grow memory, and check() holds after every call. Used by the libFuzzer target (fuzz.cpp) and
// by the host test that replays saved inputs (replay.cpp). A violated check prints what and aborts.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "variants.hpp"

namespace wasmalloc::test::fuzz {

[[noreturn]] inline void failed(const char* what, int line, size_t op) {
  std::fprintf(stderr, "fuzz check failed at interpret.hpp:%d, operation %zu: %s\n", line, op, what);
  std::abort();
}
#define FUZZ_CHECK(c) ((c) ? (void)0 : failed(#c, __LINE__, op_index))

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ == end_; }
  uint8_t u8() { return p_ < end_ ? *p_++ : 0; }
  uint32_t u16() { return u8() | uint32_t(u8()) << 8; }
  uint32_t u32() { return u16() | u16() << 16; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

/// Run the operations in `data` on a fresh A. Returns the number of operations.
template <class A>
size_t interpret(const uint8_t* data, size_t size) {
  using C = Api<A>;
  struct Slot {
    void* p;
    size_t size;
    uint32_t tag;
  };
  constexpr size_t kSlots = 32, kMaxOps = 4096;
  A a;
  auto& m = a.source();
  Slot slots[kSlots] = {};
  constexpr size_t kForeign = 8;
  Slot foreign[kForeign] = {};  // pages other code grew, with their pattern
  size_t foreign_count = 0;
  std::map<uintptr_t, size_t> live;  // address -> size, for the overlap check
  uint32_t tag = 0;
  size_t op_index = 0;
  Bytes in(data, size);

  auto next_size = [&]() -> size_t {
    uint8_t kind = in.u8();
    switch (kind % 8) {
      case 0: return kind / 8;                                         // tiny, 0..31
      case 1: case 2: case 3: return in.u16() % 4096;                  // small
      case 4: return (in.u8() % 5) * kPageSize + int8_t(in.u8());      // around page multiples (talc #47)
      case 5: return in.u32() % (size_t(3) << 20);                     // up to 3 MiB
      case 6: return in.u16();                                         // up to 64 KiB
      default: {                                                       // impossible or near-limit
        uint8_t b = in.u8();
        return b < 128 ? SIZE_MAX - b : b < 192 ? kMaxRequest + (b - 128) : kMaxRequest - (b - 192) * 4096;
      }
    }
  };
  auto next_align = [&]() -> size_t {
    uint8_t b = in.u8();
    if (b < 200) return size_t(1) << (b % 18);        // 1 .. 128 KiB
    if (b < 230) return size_t(1) << (18 + b % 12);   // up to 2^29 (beyond kMaxAlign)
    return b;                                         // mostly not a power of two
  };
  // A request nobody can meet: refused before the source is asked.
  auto impossible = [](size_t n, size_t align) { return n > kMaxRequest || align > kMaxAlign; };
  auto is_free_of_overlap = [&](uintptr_t x, size_t n) {
    size_t extent = n ? n : 1;
    auto next = live.lower_bound(x);
    if (next != live.end() && x + extent > next->first) return false;
    if (next != live.begin()) {
      auto prev = std::prev(next);
      if (prev->first + (prev->second ? prev->second : 1) > x) return false;
    }
    return true;
  };
  auto adopt = [&](Slot& s, void* p, size_t n, size_t align) {
    uintptr_t x = as_addr(p);
    FUZZ_CHECK(x % (align > kMinAlign ? align : kMinAlign) == 0);
    FUZZ_CHECK(C::usable_size(a, p) >= n);
    FUZZ_CHECK(x >= m.heap_base() && x + n <= m.end());
    FUZZ_CHECK(is_free_of_overlap(x, n));
    // No byte of a block in other code's pages. (A 0-byte block may sit right at the end of our memory, which can
    // be where other code's pages begin: page and bump do that for 0 bytes at 64 KiB alignment; no byte is used.)
    for (size_t i = 0; i < foreign_count; ++i)
      FUZZ_CHECK(x + n <= as_addr(foreign[i].p) || x >= as_addr(foreign[i].p) + foreign[i].size);
    live[x] = n;
    s = {p, n, ++tag};
    fill_pattern(p, n, s.tag);
  };
  auto release = [&](Slot& s) {
    FUZZ_CHECK(has_pattern(s.p, s.size, s.tag));
    C::free(a, s.p);
    live.erase(as_addr(s.p));
    s = {};
  };
  // After a failed allocation: errno says why, memory did not grow for impossible requests.
  auto failed_cleanly = [&](size_t n, size_t align, size_t pages_before, int expected_errno) {
    FUZZ_CHECK(errno == expected_errno);
    if (impossible(n, align)) FUZZ_CHECK(m.pages() == pages_before);
  };

  while (!in.empty() && op_index < kMaxOps) {
    ++op_index;
    uint8_t op = in.u8();
    Slot& s = slots[(op >> 4) % kSlots];
    size_t pages_before = m.pages();
    errno = 0;
    switch (op % 10) {
      case 0: case 1: {  // malloc
        if (s.p) release(s);
        size_t n = next_size();
        void* p = C::malloc(a, n);
        if (p) adopt(s, p, n, kMinAlign);
        else failed_cleanly(n, kMinAlign, pages_before, ENOMEM);
        break;
      }
      case 2: {  // calloc, including overflowing products
        if (s.p) release(s);
        size_t count = in.u8() < 240 ? in.u8() % 8 + 1 : SIZE_MAX / (in.u8() + 1) + 1;
        size_t n = next_size(), total;
        bool overflow = __builtin_mul_overflow(count, n, &total);
        void* p = C::calloc(a, count, n);
        if (p) {
          FUZZ_CHECK(!overflow);
          bool zero = true;
          for (size_t i = 0; i < total; ++i) zero &= static_cast<unsigned char*>(p)[i] == 0;
          FUZZ_CHECK(zero);
          adopt(s, p, total, kMinAlign);
        } else {
          FUZZ_CHECK(errno == ENOMEM);
          if (overflow || impossible(total, kMinAlign)) FUZZ_CHECK(m.pages() == pages_before);
        }
        break;
      }
      case 3: {  // realloc, including realloc(NULL, n) on an empty slot
        size_t n = next_size();
        if (s.p) FUZZ_CHECK(has_pattern(s.p, s.size, s.tag));
        void* old = s.p;
        void* p = C::realloc(a, s.p, n);
        if (p) {
          size_t kept = s.size < n ? s.size : n;
          if (old) {
            FUZZ_CHECK(has_pattern(p, kept, s.tag));
            live.erase(as_addr(old));
          }
          adopt(s, p, n, kMinAlign);
        } else {
          failed_cleanly(n, kMinAlign, pages_before, ENOMEM);
          if (old) FUZZ_CHECK(has_pattern(s.p, s.size, s.tag));  // the old block is as it was
        }
        break;
      }
      case 4: {  // aligned_alloc, including bad alignments
        if (s.p) release(s);
        size_t align = next_align(), n = next_size();
        void* p = C::aligned_alloc(a, align, n);
        if (p) {
          FUZZ_CHECK(is_pow2(align));
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
        int r = C::posix_memalign(a, &out, align, n);
        bool valid = is_pow2(align) && align % sizeof(void*) == 0;
        if (r == 0) {
          FUZZ_CHECK(valid);
          adopt(s, out, n, align);
        } else {
          FUZZ_CHECK(out == &out);
          FUZZ_CHECK(r == (valid ? ENOMEM : EINVAL));
          if (!valid || impossible(n, align)) FUZZ_CHECK(m.pages() == pages_before);
        }
        break;
      }
      case 6: case 7: case 8: {  // free (free(NULL) on an empty slot)
        if (s.p) release(s);
        else C::free(a, nullptr);
        break;
      }
      default: {  // the environment: cap memory near its current size, or other code growing memory
        uint8_t b = in.u8();
        if (b < 100) m.set_max_pages(m.pages() + b % 16);
        else if (b < 140) m.set_max_pages(FakeMemory::kReservedPages);
        else if (b < 200) m.set_foreign_pages(b % 3);
        else {  // other code grows memory right now and fills its pages: no block may land there
          size_t n = 1 + b % 2;
          uintptr_t x = m.grow(n);  // (FakeMemory may add its own foreign pages first, even if this fails)
          if (x != kGrowFailed && foreign_count < kForeign) {
            Slot& f = foreign[foreign_count++];
            f = {as_ptr<void>(x), n * kPageSize, 0xF0000u + uint32_t(foreign_count)};
            fill_pattern(f.p, f.size, f.tag);

          }
        }
        break;
      }
    }
    FUZZ_CHECK(a.check());
  }
  for (Slot& s : slots)
    if (s.p) release(s);
  FUZZ_CHECK(a.check());
  for (size_t i = 0; i < foreign_count; ++i) FUZZ_CHECK(has_pattern(foreign[i].p, foreign[i].size, foreign[i].tag));
  return op_index;
}

#undef FUZZ_CHECK

}  // namespace wasmalloc::test::fuzz
