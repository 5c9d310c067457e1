// Replays every saved fuzz input (test/fuzz/regressions/: inputs that once crashed, plus a few seeds) on every
// fuzz target: each variant, and each under the counters and the debug checks, with the same interpreter and
// stats hook as the libFuzzer target, so that CI checks them without libFuzzer.
#include <dirent.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stats_check.hpp"

using namespace wasmalloc::test;

namespace {
using FuzzTargets = Concat<AllVariants, AllCounted, AllChecked>;  // as in fuzz.cpp
}

TEMPLATE_LIST_TEST_CASE("saved fuzz inputs replay cleanly", "[fuzz]", FuzzTargets) {
  const std::string dir = WASMALLOC_FUZZ_REGRESSIONS;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  size_t files = 0, ops = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(dir + "/" + e->d_name, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    INFO("input " << e->d_name);
    TestType a;
    Bytes in(bytes.data(), bytes.size());
    ops += interpret(a, in, {}, [](TestType& x, const Shadow& s) { check_stats(x, s); });
    ++files;
  }
  closedir(d);
  REQUIRE(files > 0);
  WARN("replayed " << files << " inputs, " << ops << " operations");
}
