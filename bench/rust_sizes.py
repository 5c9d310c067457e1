"""The bench's Rust size table: lol_alloc's hello/goodbye example (bench/rust/hello: `hello()` boxes one byte,
`goodbye(p)` frees it) as a wasm32-unknown-unknown cdylib, built with each global allocator and the same options:
bench/rust/Cargo.toml's release profile (opt-level "z", LTO, one codegen unit, panic = "abort", stripped), then
`wasm-opt -Oz` with the custom sections stripped. The allocators: the wasmalloc crate (rust/) with each variant,
lol_alloc 0.4.1's five, and Rust's default (std's dlmalloc port, in a std build of the same code).

bench/run.py runs it as its `rust` phase (results in results.json's "rust_size"); on its own:

    .venv/bin/python bench/rust_sizes.py [VARIANT ...]     print the table

Builds go to bench/out/rust (cargo, offline: scripts/setup fetched the crates bench/rust/Cargo.lock pins).
"""
import gzip
import os
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CARGO = os.path.join(ROOT, "scripts", "cargo")
WORKSPACE = os.path.join(BENCH, "rust")
TARGET_DIR = os.path.join(BENCH, "out", "rust")
TARGET = "wasm32-unknown-unknown"
MODULE = os.path.join(TARGET_DIR, TARGET, "release", "wasmalloc_bench_hello.wasm")
# As the C size modules (bench/meson.build), and the name section (the Rust linker's) too.
WASM_OPT = ["wasm-opt", "-Oz", "--enable-bulk-memory", "--strip-debug", "--strip-producers", "--strip-target-features"]
# lol_alloc's allocators: (cargo feature of bench/rust/hello, name, the wasmalloc variant it compares with).
LOL_ALLOC = [("lol_fail", "FailAllocator", "fail"), ("lol_leaking_page", "LeakingPageAllocator", "page"),
             ("lol_leaking", "LeakingAllocator (bump)", "bump"), ("lol_free_list", "FreeListAllocator", "freelist"),
             ("lol_locked_free_list", "LockedAllocator<FreeListAllocator>", None)]
DEFAULT = "Rust's default (std: dlmalloc)"


def build(feature, tmp):
    """Build hello/goodbye with one cargo feature; bytes and gzip -9 bytes after wasm-opt."""
    r = subprocess.run([CARGO, "build", "--offline", "--locked", "--release", "--target", TARGET, "--target-dir",
                        TARGET_DIR, "--features", feature], cwd=WORKSPACE, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"cargo build --features {feature}:\n{r.stderr[-2000:]}")
    out = os.path.join(tmp, feature.replace("/", "-") + ".wasm")
    subprocess.run(WASM_OPT + [MODULE, "-o", out], check=True)
    data = open(out, "rb").read()
    return {"bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}


def measure(variants, tmp, log=print):
    """{"wasmalloc": {variant: size}, "lol_alloc": {name: size}, "default": size}; a failed build is logged and
    left out."""
    res = {"wasmalloc": {}, "lol_alloc": {}, "default": None}
    jobs = ([(("wasmalloc", v), f"wasmalloc/{v}") for v in variants] +
            [(("lol_alloc", name), feature) for feature, name, _ in LOL_ALLOC] + [(("default", None), "std")])
    for (kind, name), feature in jobs:
        try:
            size = build(feature, tmp)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            log(f"[rust] {feature}: FAILED {e}")
            continue
        if kind == "default":
            res["default"] = size
        else:
            res[kind][name] = size
    log("[rust] hello/goodbye: " + ", ".join(
        [f"wasmalloc {v} {s['bytes']:,} B" for v, s in res["wasmalloc"].items()] +
        [f"lol_alloc {n} {s['bytes']:,} B" for n, s in res["lol_alloc"].items()] +
        ([f"default {res['default']['bytes']:,} B"] if res["default"] else [])))
    return res


def phase(s):
    """bench/run.py's `rust` phase."""
    s.res["rust_size"] = measure(s.variants, s.tmp, log=lambda m: print(m, flush=True))


def table(res):
    """Markdown for docs/benchmarks.md: each wasmalloc variant beside its lol_alloc counterpart, then the rest."""
    r = res.get("rust_size")
    if not r:
        return ""

    def cell(x):
        return f"{x['bytes']:,} ({x['gzip']:,})" if x else "failed to build"
    counterpart = {v: (name, r["lol_alloc"].get(name)) for _, name, v in LOL_ALLOC if v}
    rows = []
    for v, size in r["wasmalloc"].items():
        name, lol = counterpart.get(v, (None, None))
        diff = "" if not lol else ("at or below" if size["bytes"] <= lol["bytes"] else
                                   f"+{size['bytes'] - lol['bytes']:,} B")
        rows.append([f"wasmalloc `{v}`", cell(size), f"{name}: {cell(lol)}" if name else "–", diff])
    rows += [[f"lol_alloc {name}", cell(r["lol_alloc"].get(name)), "", ""] for _, name, v in LOL_ALLOC if not v]
    rows.append([DEFAULT, cell(r["default"]), "", ""])
    head = ["allocator", "bytes (gzip)", "lol_alloc counterpart, bytes (gzip)", "against it"]
    lines = ["| " + " | ".join(head) + " |", "| --- | ---: | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return ("**Code size from Rust**, bytes (gzip -9): lol_alloc's hello/goodbye example (`bench/rust/hello`: "
            "`Box::new(42u8)` returned, then dropped) as a wasm32-unknown-unknown cdylib with each global "
            "allocator: the wasmalloc crate's variants, lol_alloc 0.4.1's allocators and Rust's default (a std "
            "build). Same options for all: opt-level \"z\", LTO, panic = \"abort\", stripped, "
            "`wasm-opt -Oz`, custom sections stripped (`bench/rust_sizes.py`). The crate's C++ is compiled at `-Oz` "
            "apart from Rust's link-time optimisation (rustc 1.63's LLVM 14 cannot read clang 19's bitcode); "
            "wasm-opt inlines across the two afterwards.\n\n" + "\n".join(lines))


def main(argv):
    import tempfile
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import wasmtools
    variants = argv or wasmtools.variants()
    with tempfile.TemporaryDirectory() as tmp:
        print(table({"rust_size": measure(variants, tmp)}))


if __name__ == "__main__":
    main(sys.argv[1:])
