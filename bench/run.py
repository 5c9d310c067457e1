"""The benchmark suite: code size, speed and memory of every wasmalloc variant against wasi-libc's dlmalloc.

    .venv/bin/python bench/run.py [--quick] [--variants V ...] [--reps N] [--no-node] [--publish]

Phases, in this order (bench/README.md says how to run it; docs/benchmarks.md gives the method):
  fetch     the real programs' Debian source packages, into bench/cache/src (a private apt configuration)
  build     one Meson cross build per variant and system (bench/out/build/VARIANT-wasi, VARIANT-none), -Dbench=true,
            target `bench`; then the name-section check: dlmalloc in a module exactly when it should be
  size      bytes of the size modules
  emscripten  bytes of one program linked by emcc with each variant, dlmalloc and emmalloc (emscripten_sizes.py)
  rust      the Rust size table: lol_alloc's hello/goodbye cdylib with each allocator (bench/rust_sizes.py)
  fuel      every module once under wasmtime with fuel: status, output, instructions, peak pages
  wasmtime  wall and CPU time under wasmtime, allocators alternating, --reps rounds
  node      the same under Node's WASI (V8)
  profile   where the time goes: the share of wall-time samples inside the allocator's functions (the wasmtime
            command-line tool's guest profiler), and the program's own time beside dlmalloc's
  memory    the floor of peak memory (counting builds) and heap efficiency (bench/workloads/fill.c)
  report    bench/out/results.json, results.md and plots; with --publish also README.md's bench block,
            docs/benchmarks.md and docs/img/bench.svg
--quick: small inputs, one round, no untimed runs first (the CI smoke run: its figures mean nothing).
"""
import argparse
import glob
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "out")
BUILD = os.path.join(OUT, "build")
CACHE = os.path.join(BENCH, "cache")
SOURCES = os.path.join(CACHE, "src")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import wasmtools  # noqa: E402

sys.path.insert(0, BENCH)
import emscripten_sizes  # noqa: E402
import report  # noqa: E402
import rust_sizes  # noqa: E402

REF = report.REF
MEMORY_CAP = 1 << 30  # memory.grow fails past 1 GiB in the fuel and wasmtime runs
OOM_MARGIN = 64 << 20  # a program that fails with its memory this close to the cap ran out of it
# A run that executes more than FACTOR x dlmalloc's instructions (and at least LEAST) is stopped: "timeout".
FUEL_LIMIT = {"full": (50, 2 * 10**10), "quick": (10, 10**9)}
PROFILE_ROUNDS = 3  # guest-profiled runs of each allocator per workload (full mode), times added up
# The real programs' Debian source packages (bookworm), unpacked into bench/cache/src/PACKAGE.
PACKAGES = ["lua5.4", "sqlite3", "cmark"]
# cmark's input directory, preopened as /in (bench/cmark/meson.build writes the corpus there).
CORPUS = "/in/corpus.md"


@dataclass
class Workload:
    name: str
    program: str          # bench/out/build/VARIANT-wasi/bench/PROGRAM-ALLOCATOR.wasm
    full: list            # arguments, full mode
    quick: list           # arguments, quick mode
    what: str
    oom: str = ""         # what the program prints when an allocation fails (workloads: exit status 3)
    preopen: str = ""     # a build subdirectory to preopen as /in


WORKLOADS = [
    Workload("random", "random", ["20"], ["2"], "talc's random actions: sizes 1..10,000, 50 % alloc / 50 % free"),
    Workload("random-realloc", "random", ["20", "mixed"], ["2", "mixed"],
             "the same, 40 % alloc / 40 % free / 20 % realloc to a new random size"),
    Workload("actions", "actions", ["20"], ["2"],
             "random alloc / free / realloc, sizes 1..10,000, one byte touched per block: allocator-bound"),
    Workload("small", "small", ["10"], ["1"], "sizes 8..128, churn over 20,000 live slots"),
    Workload("growth", "growth", ["6"], ["1"], "strings and vectors grown by appending (realloc)"),
    Workload("tree", "tree", ["4"], ["1"], "binary trees of 24..48-byte nodes built and torn down"),
    Workload("large", "large", ["8"], ["1"], "blocks of 64 KiB..4 MiB, at most 24 live, some realloc"),
    Workload("ratchet", "ratchet", ["8"], ["1"], "a working set that keeps growing, every other older block freed"),
    Workload("aligned", "aligned", ["10"], ["1"], "half aligned_alloc (16..4096), half malloc, sizes 1..8192"),
    Workload("lua", "lua", ["4"], ["1"], "Lua 5.4 running an allocation-heavy script (bench/lua/bench.lua)"),
    Workload("sqlite", "sqlite", ["--memdb", "--verify", "--size", "12"], ["--memdb", "--verify", "--size", "2"],
             "SQLite 3.40's speedtest1 on an in-memory database", oom=r"out of memory"),
    Workload("cmark", "cmark", [CORPUS] * 16, [CORPUS], "cmark 0.30 rendering Markdown to HTML "
             "(the corpus: Markdown texts from the Debian source packages, given N times)",
             oom=r"returned null pointer", preopen="bench/cmark"),
]
# Heap efficiency: label, fill.c mode, memory cap in bytes.
EFFICIENCY = [("sizes 1..10,000", "large", 32 << 20), ("sizes 8..128", "small", 16 << 20)]


def log(msg):
    print(msg, flush=True)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
    return r.stdout


# --------------------------------------------------------------------------------------------------------- fetch

def apt_options():
    """A private apt configuration under bench/cache/apt with one deb-src line: nothing on the system changes."""
    a = os.path.join(CACHE, "apt")
    os.makedirs(os.path.join(a, "lists", "partial"), exist_ok=True)
    with open(os.path.join(a, "sources.list"), "w") as f:
        f.write("deb-src http://deb.debian.org/debian bookworm main\n")
    return ["-o", f"Dir::Etc::SourceList={a}/sources.list", "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", f"Dir::State::Lists={a}/lists", "-o", f"Dir::Cache={a}/cache", "-o", "APT::Get::List-Cleanup=0"]


def unpack(dsc, tree):
    """The source package as Debian builds it: the upstream tarball with debian/patches applied."""
    shutil.rmtree(tree, ignore_errors=True)
    if shutil.which("dpkg-source"):
        run(["dpkg-source", "--no-check", "-x", dsc, tree])
        return
    os.makedirs(tree)  # the same by hand: upstream tarball, then debian/patches in series order
    stem = dsc[:-len(".dsc")]
    package_version = os.path.basename(stem).split("_")[1].rsplit("-", 1)[0]
    upstream = glob.glob(os.path.join(os.path.dirname(dsc), f"*_{package_version}.orig.tar.*"))[0]
    run(["tar", "xf", upstream, "-C", tree, "--strip-components=1"])
    run(["tar", "xf", glob.glob(stem + ".debian.tar.*")[0], "-C", tree])
    series = os.path.join(tree, "debian/patches/series")
    for p in open(series).read().split() if os.path.exists(series) else []:
        run(["patch", "-p1", "--no-backup-if-mismatch", "-i", os.path.join(tree, "debian/patches", p)], cwd=tree)


def fetch(s):
    """Debian bookworm's source packages of the real programs, once, into bench/cache/src/PACKAGE."""
    os.makedirs(SOURCES, exist_ok=True)
    missing = [p for p in PACKAGES if not glob.glob(os.path.join(SOURCES, f"{p}_*.dsc"))]
    if missing:
        log(f"[fetch] apt-get source --download-only {' '.join(missing)} (into bench/cache/src)")
        opts = apt_options()
        run(["apt-get"] + opts + ["update"])
        run(["apt-get"] + opts + ["source", "--download-only"] + missing, cwd=SOURCES)
    for p in PACKAGES:
        dsc = sorted(glob.glob(os.path.join(SOURCES, f"{p}_*.dsc")))[-1]
        version = os.path.basename(dsc)[len(p) + 1:-len(".dsc")]
        tree, stamp = os.path.join(SOURCES, p), os.path.join(SOURCES, p + ".unpacked")
        if not os.path.exists(stamp) or open(stamp).read() != version:
            log(f"[fetch] unpacking {p} {version}")
            unpack(dsc, tree)
            with open(stamp, "w") as f:
                f.write(version)
        s.res["meta"]["sources"][p] = version
    log("[fetch] " + ", ".join(f"{p} {v}" for p, v in s.res["meta"]["sources"].items()))


# --------------------------------------------------------------------------------------------------------- build

def meson_build(directory, cross, variant):
    """Configure (once) and build the target `bench` of one cross build. Ninja reconfigures by itself when a
    meson.build changes."""
    if not os.path.exists(os.path.join(directory, "build.ninja")):
        shutil.rmtree(directory, ignore_errors=True)
        run(["meson", "setup", directory, "--cross-file", os.path.join(ROOT, "cross", cross), f"-Dvariant={variant}",
             "-Dbench=true", f"-Dbench_sources={os.path.relpath(SOURCES, ROOT)}"], cwd=ROOT)
    run(["ninja", "-C", directory, "bench"])


def module_path(variant, system, name):
    return os.path.join(BUILD, f"{variant}-{system}", "bench", name + ".wasm")


def build(s):
    """Every variant's two builds; a variant whose build fails is reported, not measured."""
    for v in s.variants:
        for system, cross in (("wasi", "wasm32-wasi.ini"), ("none", "wasm32.ini")):
            log(f"[build] {v}-{system}")
            try:
                meson_build(os.path.join(BUILD, f"{v}-{system}"), cross, v)
            except RuntimeError as e:
                s.res["build_errors"][v] = str(e)[-3000:]
                log(f"[build] variant {v} FAILED to build: reported, not measured\n{str(e)[-1500:]}")
                break
    built = [v for v in s.variants if v not in s.res["build_errors"]]
    if not built:
        sys.exit("no variant built")
    s.allocs = [REF] + built
    programs = {w.program for w in WORKLOADS} | {"fill"}
    for p in programs:
        for v in built:
            s.module[v, p] = module_path(v, "wasi", f"{p}-{v}")
        # wasi-libc's dlmalloc: the same link in every variant's build; the first build's is used.
        s.module[REF, p] = module_path(built[0], "wasi", f"{p}-dlmalloc")
        if p != "fill":
            s.module["count", p] = module_path(built[0], "wasi", f"{p}-count")
    for (alloc, p), path in sorted(s.module.items()):
        if wasmtools.has_dlmalloc(path) != (alloc not in built):
            sys.exit(f"{path}: dlmalloc should {'not ' if alloc in built else ''}be in it, and "
                     f"{'is' if alloc in built else 'is not'} ({wasmtools.identify(path)[1]})")
    log(f"[build] {len(s.module)} modules; dlmalloc in each exactly when it should be (name sections)")


# ---------------------------------------------------------------------------------------------------------- size

def size(s):
    """hello/goodbye (freestanding build) and the whole C API (wasi build), and the latter without wasmalloc."""
    for a in s.allocs:
        paths = {"capi": module_path(s.allocs[1], "wasi", "capi-dlmalloc")} if a == REF else {
            "hello": module_path(a, "none", f"hello-{a}"), "capi": module_path(a, "wasi", f"capi-{a}")}
        s.res["size"][a] = {}
        for kind, path in paths.items():
            data = open(path, "rb").read()
            s.res["size"][a][kind] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}
    log("[size] whole C API: " + ", ".join(f"{a} {s.res['size'][a]['capi']['bytes']:,} B" for a in s.allocs))


# ------------------------------------------------------------------------------------------------- running modules

def tail(data, n=4096):
    return data[-n:].decode("utf-8", "replace")


def preopens(s, wl):
    """The directories a workload's runs preopen: {guest path: host path}."""
    return {"/in": os.path.join(BUILD, f"{s.allocs[1]}-wasi", wl.preopen)} if wl.preopen else {}


def preopen_args(s, wl):
    """The same as wasmtools takes them: "HOST::GUEST"."""
    return [f"{host}::{guest}" for guest, host in preopens(s, wl).items()]


def run_wasmtime(s, engine, wl, alloc, args=None, program=None, **kw):
    """One run of a workload's module under wasmtime, as a dict (the shape bench/node_bench.mjs returns too)."""
    path = s.module[alloc, program or wl.program]
    out, err = os.path.join(s.tmp, "stdout"), os.path.join(s.tmp, "stderr")
    dirs = preopen_args(s, wl)
    kw.setdefault("max_memory", MEMORY_CAP)
    r = engine.run(path, s.args_of(wl) if args is None else args, dirs=dirs, stdout=out, stderr=err, env=False, **kw)
    data = open(out, "rb").read()
    return {"code": r.code, "trap": r.trap, "out_of_fuel": r.out_of_fuel, "wall": r.seconds, "cpu": r.cpu_seconds,
            "pages": r.pages, "fuel": r.fuel, "out_sha256": hashlib.sha256(data).hexdigest(),
            "out_tail": tail(data), "err_tail": tail(open(err, "rb").read())}


def status(o, ref_sha, wl):
    """ok, or why not: timeout, bad checksum (output differs from dlmalloc's), oom (the program said so, or failed
    with memory within OOM_MARGIN of the cap), oom at startup, corrupt, trap: ..., exit N."""
    if o.get("out_of_fuel"):
        return "timeout"
    if o["code"] == 0 and not o["trap"]:
        return "ok" if ref_sha in (None, o["out_sha256"]) else "bad checksum"
    text = o["out_tail"] + o["err_tail"]
    if o["code"] == 70 and not text.strip():  # wasi-libc's startup could not allocate argv (__main_void: _Exit(70))
        return "oom at startup"
    if o["code"] == 3 or (wl.oom and re.search(wl.oom, text)) or o["pages"] << 16 >= MEMORY_CAP - OOM_MARGIN:
        return "oom"
    if o["code"] == 4:
        return "corrupt"
    return f"trap: {o['trap']}" if o["trap"] else f"exit {o['code']}"


def detail(o):
    lines = (o["out_tail"] + o["err_tail"]).strip().splitlines()
    return lines[-1][:200] if lines else ""


# ---------------------------------------------------------------------------------------------------------- fuel

def fuel(s):
    """Every module once with fuel (twice in full mode, which must give the same count): status, output hash,
    instructions, peak pages. dlmalloc's run sets the output every other allocator must print."""
    engine = wasmtools.Wasmtime(fuel=True)
    factor, least = FUEL_LIMIT[s.mode]
    for wl in WORKLOADS:
        runs = s.res["runs"][wl.name] = {}
        for a in s.allocs:
            budget = wasmtools.FUEL if a == REF else max(factor * runs[REF]["fuel"], least)
            o = run_wasmtime(s, engine, wl, a, fuel=budget)
            st = status(o, s.ref_sha.get(wl.name), wl)
            if a == REF:
                if st != "ok":
                    sys.exit(f"{wl.name}: dlmalloc's run failed: {st} {detail(o)}")
                s.ref_sha[wl.name] = o["out_sha256"]
            runs[a] = {"status": st, "detail": detail(o) if st != "ok" else "", "fuel": o["fuel"], "pages": o["pages"]}
            if st == "ok" and s.mode == "full":
                again = run_wasmtime(s, engine, wl, a, fuel=budget)
                runs[a]["fuel_repeats"] = (again["fuel"], again["pages"]) == (o["fuel"], o["pages"])
                if not runs[a]["fuel_repeats"]:
                    log(f"  WARNING {wl.name}/{a}: fuel {o['fuel']:,} then {again['fuel']:,}: not deterministic")
            ratio = f"{runs[REF]['fuel'] / o['fuel']:.2f}x" if st == "ok" else f"{st} {runs[a]['detail']}"
            log(f"[fuel] {wl.name:15} {a:9} {o['fuel']:>15,} instr {o['pages']:>6,} pages  {ratio}")


# ----------------------------------------------------------------------------------------------------- wall time

def ratio_stats(ref, mine):
    """Speedups of the rounds (dlmalloc's time / this allocator's, runs of one round paired): median, min, max."""
    ratios = [r / m for r, m in zip(ref, mine)]
    return {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}


def record(s, wl, engine, timed, untimed):
    """Store one engine's runs of one workload ({allocator: [run dicts]}): every run's status (the untimed ones'
    too), the timed runs' figures and the speedups against dlmalloc."""
    runs = s.res["runs"][wl.name]
    for a, outs in timed.items():
        st = next((x for x in (status(o, s.ref_sha[wl.name], wl) for o in untimed[a] + outs) if x != "ok"), "ok")
        runs[a][engine] = {"status": st, "wall": [o["wall"] for o in outs], "cpu": [o["cpu"] for o in outs],
                           "pages": outs[-1]["pages"]}
    ref = runs[REF].get(engine, {})
    for a in timed:
        e = runs[a][engine]
        if e["status"] == "ok" and ref.get("status") == "ok":
            e["speedup"] = {k: ratio_stats(ref[k], e[k]) for k in ("wall", "cpu")}
    log(f"[{engine}] {wl.name:15} " + "  ".join(
        f"{a} {statistics.median(runs[a][engine]['wall']) * 1000:.0f} ms" + (
            f" ({runs[a][engine]['speedup']['wall']['median']:.2f}x)" if "speedup" in runs[a][engine] else "")
        if runs[a][engine]["status"] == "ok" else f"{a} {runs[a][engine]['status']}" for a in timed))


def ran(s, wl):
    """The allocators whose fuel run of the workload was ok: the ones timed."""
    return [a for a in s.allocs if s.res["runs"][wl.name][a]["status"] == "ok"]


def wall_wasmtime(s):
    """Each allocator that ran the workload: one untimed run (full mode), then --reps rounds, each round starting
    with the next allocator. Timed: instantiation and _start (wasmtools; the module is compiled once, untimed)."""
    engine = wasmtools.Wasmtime()
    for wl in WORKLOADS:
        allocs = ran(s, wl)
        untimed = {a: [run_wasmtime(s, engine, wl, a)] if s.warmup else [] for a in allocs}
        timed = {a: [] for a in allocs}
        for rep in range(s.reps):
            for i in range(len(allocs)):
                a = allocs[(i + rep) % len(allocs)]
                timed[a].append(run_wasmtime(s, engine, wl, a))
        record(s, wl, "wasmtime", timed, untimed)


def wall_node(s):
    """The same under Node (bench/node_bench.mjs, one Node process per workload)."""
    node = shutil.which("node")
    if s.args.no_node or not node:
        log("[node] skipped" + ("" if node else ": node not found"))
        return
    for wl in WORKLOADS:
        allocs = ran(s, wl)
        jobs = [{"key": a, "wasm": s.module[a, wl.program], "args": s.args_of(wl), "preopens": preopens(s, wl)}
                for a in allocs]
        spec, results = os.path.join(s.tmp, "jobs.json"), os.path.join(s.tmp, "node.json")
        with open(spec, "w") as f:
            json.dump({"reps": s.reps, "warmup": s.warmup, "jobs": jobs}, f)
        r = subprocess.run([node, "--no-warnings", "--expose-gc", os.path.join(BENCH, "node_bench.mjs"), spec,
                            results], capture_output=True, text=True)
        if r.returncode != 0:
            log(f"[node] {wl.name}: node exited with status {r.returncode}: {r.stderr[-500:]}")
            for a in allocs:
                s.res["runs"][wl.name][a]["node"] = {"status": f"node crashed ({r.returncode})"}
            continue
        got = json.load(open(results))
        record(s, wl, "node", {a: got[a]["runs"] for a in allocs}, {a: got[a]["warmup"] for a in allocs})


# ------------------------------------------------------------------------------------------------------- profile

def profile(s):
    """Each allocator that ran the workload, under the wasmtime CLI's guest profiler (wasmtools.allocator_share),
    allocators alternating, PROFILE_ROUNDS rounds (one in quick mode), times added up: the time inside the
    allocator's functions, and the time outside them (the program's own code, whose speed the allocator's
    placement of its data changes), for the report to set beside dlmalloc's. A failed run is logged and leaves
    that allocator without a profile."""
    rounds = 1 if s.args.quick else PROFILE_ROUNDS
    for wl in WORKLOADS:
        allocs = ran(s, wl)
        dirs = preopen_args(s, wl)
        got = {a: [0.0, 0.0] for a in allocs}
        for rnd in range(rounds):
            for i in range(len(allocs)):
                a = allocs[(i + rnd) % len(allocs)]
                if got[a] is None:
                    continue
                try:
                    inside, total = wasmtools.allocator_share(s.module[a, wl.program], s.args_of(wl), dirs=dirs,
                                                              max_memory=MEMORY_CAP)
                except RuntimeError as e:
                    log(f"  WARNING profile {wl.name}/{a}: {e}")
                    got[a] = None
                    continue
                got[a][0] += inside
                got[a][1] += total
        for a, t in got.items():
            if t:
                s.res["runs"][wl.name][a]["profile"] = {"allocator_ms": round(t[0], 3), "total_ms": round(t[1], 3)}
        log(f"[profile] {wl.name:15} " + "  ".join(
            f"{a} {t[0] / max(t[1], 1e-9) * 100:.0f} % of {t[1]:,.0f} ms" for a, t in got.items() if t))


# -------------------------------------------------------------------------------------------------------- memory

def memory(s):
    """The floor of each workload (its counting build: __heap_base + peak live requested bytes) and heap
    efficiency (fill.c under a memory cap, until the first allocation fails)."""
    engine = wasmtools.Wasmtime()
    for wl in WORKLOADS:
        o = run_wasmtime(s, engine, wl, "count")
        fields = dict(re.findall(r"(\w+)=(\d+)", o["err_tail"]))
        if status(o, s.ref_sha[wl.name], wl) != "ok" or "peak_live" not in fields:
            sys.exit(f"{wl.name}: the counting build failed: {status(o, s.ref_sha[wl.name], wl)} {detail(o)}")
        live, base = int(fields["peak_live"]), int(fields["heap_base"])
        s.res["runs"][wl.name]["_floor"] = {"peak_live": live, "heap_base": base, "pages": -(-(base + live) // 65536)}
    log("[memory] floor (pages): " + ", ".join(
        f"{wl.name} {s.res['runs'][wl.name]['_floor']['pages']:,}" for wl in WORKLOADS))
    fill = Workload("fill", "fill", [], [], "")
    for label, mode, cap in EFFICIENCY:
        entry = {"label": label, "mode": mode, "cap": cap, "allocs": {}}
        for a in s.allocs:
            o = run_wasmtime(s, engine, fill, a, args=["1", mode], max_memory=cap)
            fields = dict(re.findall(r"(\w+)=(\d+)", o["out_tail"]))
            if o["code"] == 0 and "live_at_failure" in fields:
                heap = cap - int(fields["heap_base"])
                e = {"status": "ok", "live": int(fields["live_at_failure"]), "heap": heap,
                     "share": int(fields["live_at_failure"]) / heap, "allocations": int(fields["failed_at"]),
                     "request": int(fields["request"]), "pages": o["pages"]}
            else:
                e = {"status": "cap not reached" if o["code"] == 5 else status(o, None, fill)}
            entry["allocs"][a] = e
        s.res["efficiency"].append(entry)
        log(f"[memory] efficiency, {label}: " + "  ".join(
            f"{a} {e['share'] * 100:.1f} %" if e["status"] == "ok" else f"{a} {e['status']}"
            for a, e in entry["allocs"].items()))


# -------------------------------------------------------------------------------------------------------- report

def write_report(s):
    s.res["meta"]["seconds"] = round(time.time() - s.started)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(s.res, f, indent=1)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(report.document(s.res))
    report.plot(s.res, os.path.join(OUT, "bench.svg"))
    log(f"[report] bench/out/results.json, results.md, bench.svg ({s.res['meta']['seconds']} s in all)")
    if s.args.publish:
        report.publish(s.res)


# ---------------------------------------------------------------------------------------------------------- main

PHASES = [("fetch", fetch), ("build", build), ("size", size),
          ("emscripten", lambda s: emscripten_sizes.measure(s, meson_build, BUILD, wasmtools.default_variant())),
          ("rust", rust_sizes.phase), ("fuel", fuel), ("wasmtime", wall_wasmtime), ("node", wall_node),
          ("profile", profile), ("memory", memory), ("report", write_report)]


class Suite:
    """What the phases share: the options, the results being built up, the modules."""

    def __init__(self, args):
        self.args = args
        self.mode = "quick" if args.quick else "full"
        self.reps = args.reps or (1 if args.quick else 5)
        self.warmup = not args.quick  # untimed runs first (quick mode: a smoke run, its times mean nothing)
        self.variants = args.variants or wasmtools.variants()
        self.started = time.time()
        self.tmp = tempfile.mkdtemp(prefix="wasmalloc-bench-")
        self.allocs = []     # dlmalloc, then the variants that built
        self.module = {}     # (allocator or "count", program) -> .wasm path
        self.ref_sha = {}    # workload -> sha256 of dlmalloc's output
        self.res = {"meta": {"date": time.strftime("%Y-%m-%d"), "mode": self.mode, "reps": self.reps,
                             "memory_cap": MEMORY_CAP, "fuel_limit": FUEL_LIMIT[self.mode], "sources": {},
                             "allocators": [REF] + self.variants, "phase_seconds": {}, **versions()},
                    "build_errors": {}, "size": {}, "runs": {}, "efficiency": [],
                    "workloads": [{"name": w.name, "args": self.args_of(w), "what": w.what} for w in WORKLOADS]}

    def args_of(self, wl):
        return wl.quick if self.args.quick else wl.full


def versions():
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "unknown"
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               "unknown") if os.path.exists("/proc/cpuinfo") else "unknown"
    return {"clang": first_line(["clang-19", "--version"]), "wasmtime": importlib.metadata.version("wasmtime"),
            "wasmtime_cli": first_line([wasmtools.WASMTIME_CLI, "--version"]),
            "node": first_line(["node", "--version"]), "wasm_opt": first_line(["wasm-opt", "--version"]),
            "python": sys.version.split()[0], "cpu": f"{cpu}, {os.cpu_count()} cores"}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small inputs, one round (smoke run)")
    ap.add_argument("--variants", nargs="+", help="variants to measure (default: all, as Meson lists them)")
    ap.add_argument("--reps", type=int, help="timed rounds (default 5, quick 1)")
    ap.add_argument("--no-node", action="store_true", help="skip the Node (V8) runs")
    ap.add_argument("--publish", action="store_true",
                    help="also write README.md's bench block, docs/benchmarks.md and docs/img/bench.svg")
    args = ap.parse_args(argv)
    unknown = set(args.variants or []) - set(wasmtools.variants())
    if unknown:
        ap.error(f"unknown variant(s) {', '.join(sorted(unknown))} (Meson knows {', '.join(wasmtools.variants())})")
    if args.publish and args.quick:
        ap.error("--publish takes a full run")
    os.makedirs(OUT, exist_ok=True)
    s = Suite(args)
    try:
        for name, phase in PHASES:
            t0 = time.time()
            phase(s)
            s.res["meta"]["phase_seconds"][name] = round(time.time() - t0, 1)
    finally:
        shutil.rmtree(s.tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
