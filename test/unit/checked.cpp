// The debug_checks wrapper (variants/checked.hpp) over every variant: it detects misuse and reports it (here
// through a reporter that throws, so each detection is a normal test expectation), and it changes nothing else:
// the saved fuzz inputs and a random sequence run through it with every check of the fuzz interpreter.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>

#include "../fuzz/interpret.hpp"
#include "variants/checked.hpp"

using namespace wasmalloc;
using namespace wasmalloc::test;

namespace {

struct Detected : std::runtime_error {
  Detected(const char* what, const void* p) : std::runtime_error(what), address(p) {}
  const void* address;
};
struct ThrowReporter {
  [[noreturn]] static void fail(const char* what, const void* p) { throw Detected(what, p); }
};

template <class V>
using CheckedT = Checked<V, ThrowReporter>;

/// What the wrapper reported for `f`, or "" if nothing.
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

}  // namespace

TEMPLATE_TEST_CASE("debug checks: double free is reported with its address", "[checked]",
                   WASMALLOC_ALLOCATING_VARIANTS) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  void* p = C::malloc(a, 100);
  REQUIRE(p != nullptr);
  C::free(a, p);
  const void* at = nullptr;
  REQUIRE(detected([&] { C::free(a, p); }, &at) == "double free");
  REQUIRE(at == p);
  REQUIRE(detected([&] { C::realloc(a, p, 10); }) == "double free");
  REQUIRE(detected([&] { C::usable_size(a, p); }) == "double free");
  REQUIRE(a.check());
  // Long after: blocks freed since pushed p out of the quarantine. Variants that never reuse keep its header;
  // the others may have reused the bytes, and then it reads as a pointer not from malloc.
  for (int i = 0; i < 20; ++i) C::free(a, C::malloc(a, 100 + i));
  std::string late = detected([&] { C::free(a, p); });
  if constexpr (!Traits<TestType>::reuses) REQUIRE(late == "double free");
  else REQUIRE(!late.empty());
}

TEMPLATE_TEST_CASE("debug checks: pointers malloc did not hand out are reported without being read", "[checked]",
                   WASMALLOC_ALL_VARIANTS) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  int on_stack[8] = {};
  // Before any allocation: nothing can be freed (fail included).
  REQUIRE(detected([&] { C::free(a, on_stack); }) == "free of a pointer not from malloc");
  if constexpr (Traits<TestType>::allocates) {
    auto* p = static_cast<unsigned char*>(C::malloc(a, 1000));
    REQUIRE(p != nullptr);
    const void* at = nullptr;
    REQUIRE(detected([&] { C::free(a, p + 8); }, &at) == "free of a pointer not from malloc");  // misaligned
    REQUIRE(at == p + 8);
    REQUIRE(detected([&] { C::free(a, p + 64); }).rfind("free of a pointer not from malloc", 0) == 0);  // inside
    REQUIRE(detected([&] { C::free(a, on_stack); }) == "free of a pointer not from malloc");
    // Far outside the heap (unmapped here: a read would crash the test, so it must not be read).
    REQUIRE(detected([&] { C::free(a, as_ptr<void>(uintptr_t(0x10))); }) == "free of a pointer not from malloc");
    REQUIRE(detected([&] { C::realloc(a, as_ptr<void>(a.source().end() + 4096), 5); }) ==
            "free of a pointer not from malloc");
    C::free(a, p);
  }
  REQUIRE(a.check());
}

TEMPLATE_TEST_CASE("debug checks: overwritten canaries and headers are reported", "[checked]",
                   WASMALLOC_ALLOCATING_VARIANTS) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  for (size_t size : {size_t(0), size_t(1), size_t(13), size_t(100), size_t(4096)}) {
    auto* p = static_cast<unsigned char*>(C::malloc(a, size));
    REQUIRE(C::usable_size(a, p) == (size ? size : 1));
    p[size ? size : 1] ^= 1;  // one byte past the end
    REQUIRE(detected([&] { C::free(a, p); }) == "write past the end of a block");
    p[size ? size : 1] ^= 1;
    p[-6] ^= 0x40;  // the front canary, just below the block
    REQUIRE(detected([&] { C::free(a, p); }) == "block header overwritten (write below the block)");
    p[-6] ^= 0x40;
    p[-1] ^= 0x40;  // the state word
    REQUIRE(detected([&] { C::free(a, p); }).rfind("free of a pointer not from malloc", 0) == 0);
    p[-1] ^= 0x40;
    C::free(a, p);  // repaired: a normal free
  }
  // A block shrunk by realloc moves its tail canary.
  auto* p = static_cast<unsigned char*>(C::malloc(a, 100));
  REQUIRE(C::realloc(a, p, 50) == p);
  p[50] = 0;
  REQUIRE(detected([&] { C::free(a, p); }) == "write past the end of a block");
}

TEMPLATE_TEST_CASE("debug checks: writes to freed memory are reported when the block leaves quarantine",
                   "[checked]", WASMALLOC_ALLOCATING_VARIANTS) {
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
  REQUIRE(what == "write to freed memory");
  REQUIRE(at == p + 123);
}

TEMPLATE_TEST_CASE("debug checks: out of memory still returns NULL, and the quarantine is given back first",
                   "[checked][oom]", WASMALLOC_ALLOCATING_VARIANTS) {
  CheckedT<TestType> a;
  using C = Api<CheckedT<TestType>>;
  a.source().set_max_pages(40);
  std::vector<void*> blocks;
  while (void* p = C::malloc(a, 30000)) blocks.push_back(p);
  REQUIRE(errno == ENOMEM);
  REQUIRE(C::malloc(a, SIZE_MAX - 8) == nullptr);
  for (void* p : blocks) C::free(a, p);
  if constexpr (Traits<TestType>::reuses) {  // everything comes back, the quarantined blocks included
    for (size_t i = 0; i < blocks.size(); ++i) REQUIRE(C::malloc(a, 30000) != nullptr);
  }
  REQUIRE(a.check());
}

TEMPLATE_TEST_CASE("debug checks change nothing for correct programs: saved fuzz inputs and a random run",
                   "[checked]", WASMALLOC_ALL_VARIANTS) {
  const std::string dir = WASMALLOC_FUZZ_REGRESSIONS;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(dir + "/" + e->d_name, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    fuzz::interpret<CheckedT<TestType>>(bytes.data(), bytes.size());
  }
  closedir(d);
  std::mt19937 rng(6);
  std::vector<uint8_t> bytes(4000);
  for (auto& b : bytes) b = uint8_t(rng());
  fuzz::interpret<CheckedT<TestType>>(bytes.data(), bytes.size());
}

TEMPLATE_TEST_CASE("release builds: fail, page and bump ignore every free, so double and foreign frees are harmless",
                   "[checked][release]", FailT, PageT, BumpT) {
  TestType a;
  using C = Api<TestType>;
  int on_stack = 0;
  C::free(a, &on_stack);  // never read: these variants' free does nothing
  REQUIRE(on_stack == 0);
  if constexpr (Traits<TestType>::allocates) {
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
