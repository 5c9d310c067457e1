"""Code size of each variant (and of wasi-libc's dlmalloc) in the two modules of ../shared/anchors.md.

    python3 bench/size.py [VARIANT...]     prints a markdown table; --json FILE also writes the figures

hello: freestanding wasm32 hello/goodbye module; capi: wasm32-wasi reactor exporting the whole C API.
Both: -Oz, LTO, --strip-all, then wasm-opt -Oz with the target_features and producers custom sections
stripped (metadata, 86 bytes, that Rust modules do not carry). Bytes of the whole module, and its gzip -9 size.
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG = "clang++-19"
CC = "clang-19"
CFLAGS = ["-Oz", "-flto", "-mbulk-memory"]
LIB_FLAGS = ["-std=c++20", "-ffreestanding", "-fno-exceptions", "-fno-rtti", "-nostdinc++"]
TARGETS = {
    "hello": (["--target=wasm32", "-ffreestanding"], ["--target=wasm32", "-nostdlib", "-Wl,--no-entry"], False),
    "capi": (["--target=wasm32-wasi", "--sysroot=/usr"], ["--target=wasm32-wasi", "--sysroot=/usr", "-mexec-model=reactor"], True),
}


def variants():
    text = open(os.path.join(ROOT, "meson_options.txt")).read()
    m = re.search(r"option\('variant'.*?choices:\s*\[([^\]]*)\]", text, re.S)
    return re.findall(r"'(\w+)'", m.group(1))


def run(cmd):
    subprocess.run(cmd, check=True)


def build(variant, kind, tmp):
    """Build one module; variant None means no wasmalloc (wasi-libc's dlmalloc). Returns the .wasm path."""
    cflags, ldflags, wasi = TARGETS[kind]
    objs = []
    if variant:
        cfg = os.path.join(tmp, variant)
        os.makedirs(cfg, exist_ok=True)
        with open(os.path.join(cfg, "wasmalloc_config.h"), "w") as f:
            f.write(f"#define WASMALLOC_VARIANT_CLASS {variant.capitalize()}\n"
                    f'#define WASMALLOC_VARIANT_HEADER "variants/{variant}.hpp"\n'
                    f'#define WASMALLOC_VARIANT_NAME "{variant}"\n'
                    f"#define WASMALLOC_VARIANT_ID {variant}\n"
                    f"#define WASMALLOC_HAVE_ERRNO {1 if wasi else 0}\n")
        obj = os.path.join(tmp, f"{variant}-{kind}-shim.o")
        run([CLANG] + cflags + CFLAGS + LIB_FLAGS + ["-I", cfg, "-I", os.path.join(ROOT, "include"),
             "-c", os.path.join(ROOT, "src/shim/malloc.cpp"), "-o", obj])
        objs.append(obj)
    src = os.path.join(ROOT, "bench/modules", kind + ".c")
    out = os.path.join(tmp, f"{variant or 'dlmalloc'}-{kind}.wasm")
    run([CC] + cflags + CFLAGS + ["-I", os.path.join(ROOT, "include"), src] + objs + ldflags +
        ["-Wl,--strip-all", "-o", out])
    run(["wasm-opt", "-Oz", "--enable-bulk-memory", "--strip-target-features", "--strip-producers", out, "-o", out])
    return out


def measure(path):
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def main(argv):
    json_out = None
    if argv[:1] == ["--json"]:
        json_out = argv[1]
        argv = argv[2:]
    names = argv or variants()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v in names + ["dlmalloc"]:
            rows[v] = {}
            for kind in TARGETS:
                if v == "dlmalloc" and kind == "hello":
                    continue  # dlmalloc needs wasi-libc: it has only the wasi module
                rows[v][kind] = measure(build(None if v == "dlmalloc" else v, kind, tmp))
    print("| allocator | hello/goodbye bytes (gzip) | whole C API, wasi (gzip) |")
    print("| --- | ---: | ---: |")
    for v, r in rows.items():
        cell = lambda k: f"{r[k][0]:,} ({r[k][1]:,})" if k in r else "n/a"
        print(f"| {v} | {cell('hello')} | {cell('capi')} |")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({v: {k: {"bytes": b, "gzip": g} for k, (b, g) in r.items()} for v, r in rows.items()}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
