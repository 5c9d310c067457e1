// The C API's edge cases (shim/api.hpp) over every variant on FakeMemory: what malloc, calloc, realloc,
// reallocarray, aligned_alloc, posix_memalign and malloc_usable_size return and set in errno.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdint>

#include "variants.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

TEMPLATE_LIST_TEST_CASE("free(NULL) and malloc_usable_size(NULL) do nothing", "[abi]", AllVariants) {
  TestType a;
  Api<TestType>::free(a, nullptr);
  REQUIRE(Api<TestType>::usable_size(a, nullptr) == 0);
  REQUIRE(a.source().grow_calls() == 0);
}

TEMPLATE_LIST_TEST_CASE("impossible requests fail with ENOMEM and never grow memory", "[abi][oom]", AllVariants) {
  using A = Api<TestType>;
  TestType a;
  REQUIRE((A::malloc(a, 64) != nullptr || !TestType::kTraits.allocates));  // the heap is in use
  size_t pages = a.source().pages();
  size_t calls = a.source().grow_calls();
  for (size_t size : {SIZE_MAX, SIZE_MAX - 8, SIZE_MAX - kPageSize, kMaxRequest + 1}) {
    errno = 0;
    REQUIRE(A::malloc(a, size) == nullptr);
    REQUIRE(errno == ENOMEM);
    errno = 0;
    REQUIRE(A::aligned_alloc(a, 64, size) == nullptr);
    REQUIRE(errno == ENOMEM);
  }
  errno = 0;
  REQUIRE(A::aligned_alloc(a, kMaxAlign * 2, 16) == nullptr);
  REQUIRE(errno == ENOMEM);
  REQUIRE(a.source().pages() == pages);
  REQUIRE(a.source().grow_calls() == calls);  // refused before asking the source
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("calloc: overflowing n * size fails with ENOMEM without growing", "[abi]", AllVariants) {
  using A = Api<TestType>;
  TestType a;
  const std::pair<size_t, size_t> cases[] = {{SIZE_MAX, 2}, {2, SIZE_MAX}, {size_t(1) << 33, size_t(1) << 33},
                                             {SIZE_MAX / 3 + 1, 3}};
  for (auto [n, size] : cases) {
    errno = 0;
    REQUIRE(A::calloc(a, n, size) == nullptr);
    REQUIRE(errno == ENOMEM);
  }
  REQUIRE(a.source().grow_calls() == 0);
}

TEMPLATE_LIST_TEST_CASE("reallocarray: overflowing n * size fails with ENOMEM and keeps the block", "[abi]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  auto* p = static_cast<unsigned char*>(A::reallocarray(a, nullptr, 10, 4));  // NULL: malloc(40)
  REQUIRE(p != nullptr);
  REQUIRE(A::usable_size(a, p) >= 40);
  for (int i = 0; i < 40; ++i) p[i] = static_cast<unsigned char>(i);
  size_t calls = a.source().grow_calls();
  errno = 0;
  REQUIRE(A::reallocarray(a, p, SIZE_MAX / 2 + 1, 2) == nullptr);
  REQUIRE(errno == ENOMEM);
  REQUIRE(a.source().grow_calls() == calls);
  auto* q = static_cast<unsigned char*>(A::reallocarray(a, p, 100, 8));
  REQUIRE(q != nullptr);
  for (int i = 0; i < 40; ++i) REQUIRE(q[i] == i);
  A::free(a, q);
  REQUIRE(a.check());
}

TEMPLATE_TEST_CASE("fail: every allocating call returns NULL with ENOMEM", "[abi][fail]", Fail<FakeMemory>) {
  using A = Api<TestType>;
  TestType a;
  void* out = &a;
  errno = 0;
  REQUIRE(A::malloc(a, 0) == nullptr);
  REQUIRE(errno == ENOMEM);
  errno = 0;
  REQUIRE(A::calloc(a, 1, 1) == nullptr);
  REQUIRE(errno == ENOMEM);
  errno = 0;
  REQUIRE(A::realloc(a, nullptr, 1) == nullptr);
  REQUIRE(errno == ENOMEM);
  errno = 0;
  REQUIRE(A::aligned_alloc(a, 64, 1) == nullptr);
  REQUIRE(errno == ENOMEM);
  REQUIRE(A::posix_memalign(a, &out, 64, 1) == ENOMEM);
  REQUIRE(out == &a);
  REQUIRE(a.source().grow_calls() == 0);
}

TEMPLATE_LIST_TEST_CASE("malloc(0) returns distinct pointers that can be freed", "[abi]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  void* p = A::malloc(a, 0);
  void* q = A::malloc(a, 0);
  REQUIRE(p != nullptr);
  REQUIRE(q != nullptr);
  REQUIRE(p != q);
  for (void* x : {q, p}) {
    REQUIRE(as_addr(x) % 16 == 0);
    A::free(a, x);
  }
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("calloc zeroes, also memory that was used before", "[abi]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  void* dirty = A::malloc(a, 1000);
  REQUIRE(dirty != nullptr);
  fill_pattern(dirty, 1000, 0xAB);
  A::free(a, dirty);  // variants that reuse memory hand these dirty bytes to calloc
  auto* p = static_cast<unsigned char*>(A::calloc(a, 10, 100));
  REQUIRE(p != nullptr);
  for (int i = 0; i < 1000; ++i) REQUIRE(p[i] == 0);
}

TEMPLATE_LIST_TEST_CASE("aligned_alloc and posix_memalign: alignment rules", "[abi]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  for (size_t bad : {size_t(0), size_t(3), size_t(24), size_t(48), size_t(100), SIZE_MAX}) {
    errno = 0;
    REQUIRE(A::aligned_alloc(a, bad, 64) == nullptr);
    REQUIRE(errno == EINVAL);
    void* out = &a;
    REQUIRE(A::posix_memalign(a, &out, bad, 64) == EINVAL);
    REQUIRE(out == &a);  // untouched on failure
  }
  void* out = &a;
  REQUIRE(A::posix_memalign(a, &out, sizeof(void*) / 2, 64) == EINVAL);  // power of two, not a multiple of void*
  REQUIRE(out == &a);
  for (size_t align : {size_t(1), size_t(2), size_t(8), size_t(16), size_t(32), size_t(1024), size_t(65536)}) {
    void* p = A::aligned_alloc(a, align, 17);  // size need not be a multiple of align
    REQUIRE(p != nullptr);
    REQUIRE(as_addr(p) % align == 0);
    REQUIRE(as_addr(p) % 16 == 0);  // never less than the default alignment
    if (align >= sizeof(void*)) {
      void* q = nullptr;
      REQUIRE(A::posix_memalign(a, &q, align, 17) == 0);
      REQUIRE(q != nullptr);
      REQUIRE(as_addr(q) % align == 0);
    }
  }
  a.source().set_max_pages(a.source().pages());
  out = &a;
  REQUIRE(A::posix_memalign(a, &out, 64, 10 * kPageSize) == ENOMEM);
  REQUIRE(out == &a);
}

TEMPLATE_LIST_TEST_CASE("realloc: NULL is malloc, contents are kept, 0 keeps a minimal block", "[abi]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  auto* p = static_cast<unsigned char*>(A::realloc(a, nullptr, 40));
  REQUIRE(p != nullptr);
  fill_pattern(p, 40, 7);
  void* other = A::malloc(a, 8);  // so that p is not the newest block
  p = static_cast<unsigned char*>(A::realloc(a, p, 100000));
  REQUIRE(p != nullptr);
  REQUIRE(has_pattern(p, 40, 7));
  fill_pattern(p, 100000, 8);
  p = static_cast<unsigned char*>(A::realloc(a, p, 30));
  REQUIRE(p != nullptr);
  REQUIRE(has_pattern(p, 30, 8));
  // As wasi-libc's dlmalloc (see test/wasm/realloc_zero.c): a live, freeable block, never NULL.
  void* z = A::realloc(a, p, 0);
  REQUIRE(z != nullptr);
  A::free(a, z);
  A::free(a, other);
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("a failed realloc leaves the old block intact", "[abi][oom]", Allocating) {
  using A = Api<TestType>;
  TestType a;
  auto* p = static_cast<unsigned char*>(A::malloc(a, 3000));
  REQUIRE(p != nullptr);
  fill_pattern(p, 3000, 3);
  void* pin = A::malloc(a, 16);  // p is not the newest block
  REQUIRE(pin != nullptr);
  a.source().set_max_pages(a.source().pages());
  size_t pages = a.source().pages();
  errno = 0;
  REQUIRE(A::realloc(a, p, 4 * kPageSize) == nullptr);
  REQUIRE(errno == ENOMEM);
  errno = 0;
  REQUIRE(A::realloc(a, p, SIZE_MAX) == nullptr);
  REQUIRE(errno == ENOMEM);
  REQUIRE(a.source().pages() == pages);
  REQUIRE(has_pattern(p, 3000, 3));
  REQUIRE(A::usable_size(a, p) >= 3000);
  REQUIRE(a.check());
}
