// The debug_checks wrapper (wrappers/checked.hpp) over every variant: it detects misuse and reports it, naming the
// call (here through a reporter that throws, so each detection is a normal test expectation), and it changes
// nothing else (test/fuzz/replay.cpp runs the saved fuzz inputs through it with every check of the interpreter).
#include <catch2/catch.hpp>

#include <string>

#include "interpreter.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

template <class V>
using CheckedT = Checked<V, ThrowReporter>;

/// What the wrapper reported for `f` ("call: problem"), or "" if nothing.
template <class F>
std::string detected(F f, const void** address = nullptr) {
  try {
    f();
  } catch (const Detected& d) {
    if (address) *address = d.address;
    return d.what();
  }
  return "";
}

constexpr const char* kNotFromMalloc = "pointer not from malloc";
bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEMPLATE_LIST_TEST_CASE("debug checks: double free is reported with its address", "[checked]", Allocating) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  void* p = C::malloc(a, 100);
  REQUIRE(p != nullptr);
  C::free(a, p);
  const void* at = nullptr;
  REQUIRE(starts(detected([&] { C::free(a, p); }, &at), "free: double free"));
  REQUIRE(at == p);
  REQUIRE(starts(detected([&] { C::realloc(a, p, 10); }), "realloc: double free"));
  REQUIRE(starts(detected([&] { C::usable_size(a, p); }), "malloc_usable_size: double free"));
  REQUIRE(a.check());
  // Long after: blocks freed since pushed p out of the quarantine. Variants that never reuse keep its header;
  // the others may have reused the bytes, and then it reads as a pointer not from malloc.
  for (int i = 0; i < 20; ++i) C::free(a, C::malloc(a, 100 + i));
  std::string late = detected([&] { C::free(a, p); });
  if constexpr (!TestType::kTraits.reuses) REQUIRE(starts(late, "free: double free"));
  else REQUIRE(starts(late, "free: "));
}

TEMPLATE_LIST_TEST_CASE("debug checks: pointers malloc did not hand out are reported without being read", "[checked]", AllVariants) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  int on_stack[8] = {};
  // Before any allocation: nothing can be freed (fail included).
  REQUIRE(detected([&] { C::free(a, on_stack); }) == std::string("free: ") + kNotFromMalloc);
  if constexpr (TestType::kTraits.allocates) {
    auto* p = static_cast<unsigned char*>(C::malloc(a, 1000));
    REQUIRE(p != nullptr);
    const void* at = nullptr;
    REQUIRE(detected([&] { C::free(a, p + 8); }, &at) == std::string("free: ") + kNotFromMalloc);  // misaligned
    REQUIRE(at == p + 8);
    REQUIRE(starts(detected([&] { C::free(a, p + 64); }), std::string("free: ") + kNotFromMalloc));  // inside
    REQUIRE(detected([&] { C::free(a, on_stack); }) == std::string("free: ") + kNotFromMalloc);
    // Far outside the heap (unmapped here: a read would crash the test, so it must not be read). The report
    // names the call that was given the pointer.
    REQUIRE(detected([&] { C::free(a, as_ptr<void>(uintptr_t(0x10))); }) == std::string("free: ") + kNotFromMalloc);
    REQUIRE(detected([&] { C::realloc(a, as_ptr<void>(fake(a).end() + 4096), 5); }) ==
            std::string("realloc: ") + kNotFromMalloc);
    REQUIRE(detected([&] { C::usable_size(a, as_ptr<void>(fake(a).end() + 4096)); }) ==
            std::string("malloc_usable_size: ") + kNotFromMalloc);
    C::free(a, p);
  }
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("debug checks: overwritten canaries and headers are reported", "[checked]", Allocating) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  for (size_t size : {size_t(0), size_t(1), size_t(13), size_t(100), size_t(4096)}) {
    auto* p = static_cast<unsigned char*>(C::malloc(a, size));
    REQUIRE(C::usable_size(a, p) == (size ? size : 1));
    p[size ? size : 1] ^= 1;  // one byte past the end
    REQUIRE(detected([&] { C::free(a, p); }) == "free: write past the end of a block");
    p[size ? size : 1] ^= 1;
    p[-6] ^= 0x40;  // the front canary, just below the block
    REQUIRE(detected([&] { C::free(a, p); }) == "free: block header overwritten (write below the block)");
    p[-6] ^= 0x40;
    p[-1] ^= 0x40;  // the state word
    REQUIRE(starts(detected([&] { C::free(a, p); }), std::string("free: ") + kNotFromMalloc));
    p[-1] ^= 0x40;
    C::free(a, p);  // repaired: a normal free
  }
  // A block shrunk by realloc moves its tail canary.
  auto* p = static_cast<unsigned char*>(C::malloc(a, 100));
  REQUIRE(C::realloc(a, p, 50) == p);
  p[50] = 0;
  REQUIRE(detected([&] { C::free(a, p); }) == "free: write past the end of a block");
}

TEMPLATE_LIST_TEST_CASE("debug checks: writes to freed memory are reported when the block leaves quarantine",
                   "[checked]", Allocating) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  auto* p = static_cast<unsigned char*>(C::malloc(a, 200));
  C::free(a, p);
  REQUIRE(p[0] == CheckedT<TestType>::kPoison);  // freed memory is poisoned
  REQUIRE(p[199] == CheckedT<TestType>::kPoison);
  p[123] = 42;  // use after free
  const void* at = nullptr;
  std::string what = detected([&] {
    for (size_t i = 0; i <= CheckedT<TestType>::kQuarantine; ++i) C::free(a, C::malloc(a, 16));
  }, &at);
  REQUIRE(what == "free: write to freed memory");
  REQUIRE(at == p + 123);
}

TEMPLATE_LIST_TEST_CASE("debug checks: out of memory still returns NULL, and the quarantine is given back first",
                   "[checked][oom]", Allocating) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  a.source().set_max_pages(40);
  std::vector<void*> blocks;
  while (void* p = C::malloc(a, 30000)) blocks.push_back(p);
  REQUIRE(errno == ENOMEM);
  REQUIRE(C::malloc(a, SIZE_MAX - 8) == nullptr);
  for (void* p : blocks) C::free(a, p);
  if constexpr (TestType::kTraits.reuses) {  // everything comes back, the quarantined blocks included
    for (size_t i = 0; i < blocks.size(); ++i) REQUIRE(C::malloc(a, 30000) != nullptr);
  }
  REQUIRE(a.check());
}

TEMPLATE_LIST_TEST_CASE("release builds: variants that never reuse ignore every free, so double and foreign frees "
                        "are harmless", "[checked][release]", NeverReusing) {
  TestType a;
  using C = Api<TestType>;
  int on_stack = 0;
  C::free(a, &on_stack);  // never read: these variants' free does nothing
  REQUIRE(on_stack == 0);
  if constexpr (TestType::kTraits.allocates) {
    auto* p = static_cast<unsigned char*>(C::malloc(a, 100));
    fill_pattern(p, 100, 3);
    C::free(a, p);
    C::free(a, p);  // double free
    auto* q = static_cast<unsigned char*>(C::malloc(a, 100));
    REQUIRE(q != p);  // nothing was reused, so nothing is handed out twice
    REQUIRE(has_pattern(p, 100, 3));
  }
  REQUIRE(a.check());
}
