"""The benchmark suite's emscripten size table: one small C program (bench/modules/em_stress.c) linked by emcc
-Oz with each wasmalloc variant (-sMALLOC=none) and with emscripten's own dlmalloc and emmalloc; the bytes of
each .wasm. bench/run.py runs measure() as its `emscripten` phase; bench/report.py prints table().

The modules come from one Meson cross build per variant (cross/emscripten.ini, -Dbench=true, target `bench`:
bench/meson.build says what it holds); emscripten's two allocators are linked in every build, the first build's
are measured. Each module also runs once under Node, so that a size belongs to a program that works.
"""
import gzip
import os
import re
import shutil
import subprocess

CROSS = "emscripten.ini"
THEIRS = ["dlmalloc", "emmalloc"]  # -sMALLOC=... (dlmalloc is emscripten's default)
NODE = ["node", "--no-experimental-fetch"]  # Debian's emscripten 3.1.6 output needs it under Node 20


def log(msg):
    print(msg, flush=True)


def _run(js):
    """Status of one module's run: ok (with its output), or what went wrong."""
    try:
        r = subprocess.run(NODE + [os.path.basename(js)], cwd=os.path.dirname(js), capture_output=True, text=True,
                           timeout=120)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    out = r.stdout.strip()
    if r.returncode == 0 and out.startswith("checksum "):
        return "ok", out
    lines = (out + "\n" + r.stderr).strip().splitlines()
    return f"exit {r.returncode}: {lines[0][:80] if lines else ''}", out


def measure(s, meson_build, build_root, default_variant):
    """Build every variant's emscripten modules (meson_build: bench/run.py's), measure and run them, into
    s.res["emscripten_size"]. Without emcc the phase is skipped (and the table left out)."""
    if not shutil.which("emcc"):
        log("[emscripten] no emcc: skipped (scripts/setup installs Debian's emscripten)")
        return
    first = subprocess.run(["emcc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    version = re.search(r"\) (\d+\.\d+\.\d+)", first)
    modules = {}
    # The CI's smoke run (--quick): the default variant only (each build is a dozen slow emcc runs).
    variants = s.variants if s.mode == "full" else [v for v in s.variants if v == default_variant] or s.variants[:1]
    for v in variants:
        directory = os.path.join(build_root, f"{v}-emscripten")
        log(f"[emscripten] {v}")
        try:
            meson_build(directory, CROSS, v)
        except RuntimeError as e:
            log(f"[emscripten] variant {v} FAILED to build: not measured\n{str(e)[-1500:]}")
            continue
        for a in ([] if modules else THEIRS) + [v]:
            modules[a] = os.path.join(directory, "bench", f"em_stress-{a}")
    if not modules:
        return
    sizes, reference = {}, None
    for a in [x for x in THEIRS if x in modules] + [v for v in variants if v in modules]:
        data = open(modules[a] + ".wasm", "rb").read()
        status, out = _run(modules[a] + ".js")
        if a == THEIRS[0]:
            reference = out
        elif status == "ok" and out != reference:
            status = "bad checksum"
        sizes[a] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0)), "status": status}
    s.res["emscripten_size"] = {"emcc": version.group(1) if version else first.strip(), "sizes": sizes}
    log("[emscripten] .wasm bytes: " + ", ".join(f"{a} {x['bytes']:,}" + ("" if x["status"] == "ok" else
                                                   f" ({x['status']})") for a, x in sizes.items()))


def table(res):
    """The markdown table (empty when the results have no emscripten figures)."""
    em = res.get("emscripten_size")
    if not em:
        return ""
    ref = em["sizes"].get(THEIRS[0], {}).get("bytes")
    rows = []
    for a, x in em["sizes"].items():
        ratio = f"{x['bytes'] / ref:.2f}" if ref else "–"
        rows.append(f"| {a} | {x['bytes']:,} ({x['gzip']:,}) | {ratio} | {x['status']} |")
    return ("**Code size under emscripten**, bytes of the `.wasm` (gzip -9): one program, `bench/modules/em_stress.c` "
            "(seeded malloc, calloc, realloc and free over 256 slots, checked; printf), compiled and linked by "
            f"emcc {em['emcc']} with "
            "`-Oz -sALLOW_MEMORY_GROWTH`: with emscripten's dlmalloc (its default) and emmalloc (`-sMALLOC=...`), and "
            "with each variant (`-sMALLOC=none`; the library compiled `-Oz`, with emscripten's `sbrk.c`). The ratio "
            "is to dlmalloc's; run: the module under Node (ok: dlmalloc's checksum).\n\n"
            "| allocator | .wasm bytes (gzip) | / dlmalloc | run |\n| --- | ---: | ---: | --- |\n" + "\n".join(rows))
