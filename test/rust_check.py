"""The Rust crate builds the library as Meson does: what this checks, the crate could otherwise drift from silently.

    python3 test/rust_check.py      (scripts/test-rust runs it first)

- rust/Cargo.toml's variant features are exactly the registry's variants (meson_options.txt, through
  scripts/wasmtools.py), in its order, and its default feature is the registry's default variant.
- Its other features are Meson's boolean build options (bench excepted: not a library option) plus export_c_api.
- rust/build.rs writes every macro meson.build sets in wasmalloc_config.h (the `conf.set...` lines).
- Both builds take the compile flags from src/cpp_args.txt, and build.rs's -std= is meson.build's cpp_std.
- rust/README.md's feature table lists the variants, in the registry's order.
- rust/src/lib.rs's copies of C facts: MIN_ALIGN is src/core/core.hpp's kMinAlign, and HeapStats has the fields of
  include/wasmalloc.h's wasmalloc_heap_stats, in order, with the matching types (the C code writes the struct).
"""
import os
import re
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from wasmtools import default_variant, variants  # noqa: E402


def read(path):
    return open(os.path.join(ROOT, path)).read()


problems = []
cargo = tomllib.loads(read("rust/Cargo.toml"))
features = cargo["features"]
meson_options = read("meson_options.txt")
build_rs = read("rust/build.rs")
meson_build = read("meson.build")

options = [name for name, kind in re.findall(r"option\('(\w+)', type: '(\w+)'", meson_options) if kind == "boolean"]
library_options = [o for o in options if o != "bench"]
extra = ["export_c_api"]  # the crate's own: the C names exported from a cdylib
listed_variants = [f for f in features if f not in library_options + extra + ["default"]]
if listed_variants != variants():
    problems.append(f"rust/Cargo.toml's variant features are {listed_variants}, meson_options.txt has {variants()}")
if features.get("default") != [default_variant()]:
    problems.append(f"rust/Cargo.toml's default features are {features.get('default')}, the default variant is "
                    f"{default_variant()}")
missing = [o for o in library_options if o not in features]
if missing:
    problems.append(f"rust/Cargo.toml lacks the features {missing} (Meson's boolean options)")

for macro in re.findall(r"conf\.set\w*\('(\w+)'", meson_build):
    if f"#define {macro} " not in build_rs:
        problems.append(f"rust/build.rs does not write {macro}, which meson.build sets")

if "fs.read('cpp_args.txt')" not in read("src/meson.build"):
    problems.append("src/meson.build does not read its flags from src/cpp_args.txt")
if 'csrc.join("cpp_args.txt")' not in build_rs:
    problems.append("rust/build.rs does not read its flags from csrc/cpp_args.txt")
std = re.search(r"'cpp_std=([\w+]+)'", meson_build).group(1)
if f'"-std={std}"' not in build_rs:
    problems.append(f"rust/build.rs does not compile with -std={std} (meson.build's cpp_std)")
if os.readlink(os.path.join(ROOT, "rust", "csrc")) != "../src" or \
        os.readlink(os.path.join(ROOT, "rust", "include")) != "../include":
    problems.append("rust/csrc and rust/include must be the symlinks ../src and ../include (one copy of the sources)")

listed = re.search(r"exactly one of ((?:`\w+`(?:, )?)+)", read("rust/README.md"))
if not listed or re.findall(r"`(\w+)`", listed.group(1)) != variants():
    problems.append(f"rust/README.md's feature table does not list the variants {variants()}")

lib_rs = read("rust/src/lib.rs")
min_align = re.search(r"pub const MIN_ALIGN: usize = (\d+);", lib_rs)
k_min_align = re.search(r"kMinAlign = (\d+);", read("src/core/core.hpp"))
if not min_align or not k_min_align or min_align.group(1) != k_min_align.group(1):
    problems.append("rust/src/lib.rs's MIN_ALIGN is not src/core/core.hpp's kMinAlign")
C_TO_RUST = {"size_t": "usize", "int": "i32", "const char*": "*const u8"}
c_struct = re.search(r"typedef struct wasmalloc_heap_stats \{(.*?)\} wasmalloc_heap_stats;",
                     read("include/wasmalloc.h"), re.S).group(1)
c_struct = re.sub(r"/\*.*?\*/", "", c_struct, flags=re.S)
c_fields = [(name, C_TO_RUST.get(ctype.strip(), ctype.strip()))
            for ctype, name in re.findall(r"^\s*([\w ]+\*?)\s+(\w+);", c_struct, re.M)]
rust_struct = re.search(r"pub struct HeapStats \{(.*?)\n\}", lib_rs, re.S).group(1)
rust_fields = re.findall(r"^\s*(?:pub )?(\w+): ([^,]+),", rust_struct, re.M)
if c_fields != rust_fields:
    problems.append(f"rust/src/lib.rs's HeapStats fields {rust_fields} are not wasmalloc_heap_stats's {c_fields}")

for p in problems:
    print("rust check:", p)
print(f"rust check: {len(problems)} problems")
sys.exit(1 if problems else 0)
