// Replays every saved fuzz input (test/fuzz/regressions/: inputs that once crashed, plus a few seeds) on every
// variant, with the same interpreter as the libFuzzer target, so that CI checks them without libFuzzer.
#include <catch2/catch.hpp>

#include <dirent.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "interpret.hpp"

using namespace wasmalloc::test;

TEMPLATE_TEST_CASE("saved fuzz inputs replay cleanly", "[fuzz]", WASMALLOC_ALL_VARIANTS) {
  const std::string dir = WASMALLOC_FUZZ_REGRESSIONS;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  size_t files = 0, ops = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream f(dir + "/" + e->d_name, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    INFO("input " << e->d_name);
    ops += fuzz::interpret<TestType>(bytes.data(), bytes.size());  // aborts with a message on a failed check
    ++files;
  }
  closedir(d);
  REQUIRE(files > 0);
  WARN("replayed " << files << " inputs, " << ops << " operations");
}
