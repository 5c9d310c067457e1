"""Tables and plots from the suite's results (bench/out/results.json, written by bench/run.py).

    .venv/bin/python bench/report.py [--readme] [RESULTS.json]

Prints the markdown tables; --readme replaces the block of README.md between `<!-- bench:begin -->` and
`<!-- bench:end -->` with them, headed by the date and the compiler, wasmtime and Node versions.
"""
import math
import os
import statistics
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
REF = "dlmalloc"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def measured(res):
    """Allocators that were built (dlmalloc first)."""
    return [a for a in res["meta"]["allocators"] if a not in res["build_errors"]]


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def status_cell(run):
    s = run["status"]
    return s


def fuel_ratio(res, wl, a):
    runs = res["runs"][wl]
    r = runs.get(a)
    return r["fuel"] / runs[REF]["fuel"] if r and r["status"] == "ok" else None


def summary(res):
    """Per allocator: geometric means of the fuel and wall-time ratios over the workloads it ran."""
    out = {}
    for a in measured(res):
        f, w, n, ran = [], [], [], 0
        for wl in res["workloads"]:
            r = res["runs"][wl["name"]].get(a)
            if not r or r["status"] != "ok":
                continue
            ran += 1
            f.append(fuel_ratio(res, wl["name"], a))
            if "wasmtime_ratio" in r:
                w.append(r["wasmtime_ratio"]["median"])
            if "node_ratio" in r:
                n.append(r["node_ratio"]["median"])
        out[a] = {"ran": ran, "of": len(res["workloads"]), "fuel": geomean(f), "wasmtime": geomean(w),
                  "node": geomean(n)}
    return out


def table(head, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(head) - 1)
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_ratio_spread(st):
    if st["max"] - st["min"] < 0.005:
        return f"{st['median']:.2f}"
    return f"{st['median']:.2f} ({st['min']:.2f}–{st['max']:.2f})"


def markdown(res):
    m = res["meta"]
    allocs = measured(res)
    variants = [a for a in allocs if a != REF]
    wls = [w["name"] for w in res["workloads"]]
    summ = summary(res)
    parts = []
    if res["build_errors"]:
        parts.append("Not built (build failed, so not measured): " + ", ".join(sorted(res["build_errors"])) + ".")

    # Code size.
    rows = []
    for a in allocs:
        s = res["size"].get(a, {})
        cell = lambda k: f"{s[k]['bytes']:,} ({s[k]['gzip']:,})" if k in s else "n/a"
        rows.append([a, cell("hello"), cell("capi")])
    parts.append("**Code size**, bytes (gzip -9 bytes). hello/goodbye: freestanding module exporting malloc(1) "
                 "and free; whole C API: wasm32-wasi reactor exporting all seven functions. -Oz, LTO, stripped, "
                 "wasm-opt -Oz.\n\n" + table(["allocator", "hello/goodbye", "whole C API (wasi)"], rows))

    # Fuel.
    rows = []
    for wl in wls:
        runs = res["runs"][wl]
        row = [wl, f"{runs[REF]['fuel'] / 1e6:,.0f}"]
        for a in variants:
            r = fuel_ratio(res, wl, a)
            row.append(f"{r:.2f}" if r is not None else status_cell(runs[a]))
        rows.append(row)
    rows.append(["**geomean** (workloads run)", ""] + [
        f"{summ[a]['fuel']:.2f} ({summ[a]['ran']}/{summ[a]['of']})" if summ[a]["fuel"] else f"– (0/{summ[a]['of']})"
        for a in variants])
    parts.append("**Instructions executed** (wasmtime fuel; deterministic), ratio to dlmalloc: below 1 is fewer "
                 "instructions than dlmalloc. The whole program is counted (the workload's own work too, which "
                 "pulls ratios towards 1).\n\n"
                 + table(["workload", "dlmalloc (10⁶ instr.)"] + variants, rows))

    # Wall time.
    for engine, key, label in (("wasmtime", "wasmtime", f"wasmtime {m['wasmtime']} (Cranelift)"),
                               ("node", "node", f"Node {m['node']} (V8)")):
        if not any(f"{key}_ratio" in res["runs"][wl][a] for wl in wls for a in allocs if a in res["runs"][wl]):
            continue
        rows = []
        for wl in wls:
            runs = res["runs"][wl]
            ref = runs[REF]
            row = [wl, f"{statistics.median(ref[key + '_s']) * 1000:,.0f}" if key + "_s" in ref else "–"]
            for a in variants:
                r = runs[a]
                if f"{key}_ratio" in r:
                    row.append(fmt_ratio_spread(r[f"{key}_ratio"]))
                elif r["status"] != "ok":
                    row.append(status_cell(r))
                else:
                    row.append(r.get(f"{key}_status", "–"))
            rows.append(row)
        rows.append(["**geomean** (workloads run)", ""] + [
            f"{summ[a][key]:.2f}" if summ[a][key] else "–" for a in variants])
        parts.append(f"**Wall time under {label}**, ratio to dlmalloc: median of {m['reps']} alternating runs "
                     "(min–max of the per-round ratios); below 1 is faster. Noisy: not a pass/fail figure.\n\n"
                     + table(["workload", "dlmalloc (ms)"] + variants, rows))

    # Peak memory.
    rows = []
    for wl in wls:
        runs = res["runs"][wl]
        row = [wl, f"{runs['_floor_pages']:,}", f"{runs[REF]['pages']:,}"]
        for a in variants:
            r = runs[a]
            if r["status"] == "ok":
                row.append(f"{r['pages']:,} ({r['pages'] / runs[REF]['pages']:.2f})")
            else:
                row.append(status_cell(r) + (f" (>{m['memory_cap'] >> 16:,})" if r["status"] == "oom" else ""))
        rows.append(row)
    parts.append("**Peak linear memory**, 64 KiB pages at exit (wasm memory never shrinks), with the ratio to "
                 "dlmalloc. Floor: the workload's static data and stack (`__heap_base`) plus its peak live "
                 f"requested bytes, rounded up to pages. oom: an allocation failed (memory capped at "
                 f"{m['memory_cap'] >> 20:,} MiB = {m['memory_cap'] >> 16:,} pages).\n\n"
                 + table(["workload", "floor", "dlmalloc"] + variants, rows))

    # Heap efficiency.
    rows = []
    for a in allocs:
        row = [a]
        for e in res["efficiency"]:
            x = e["allocs"].get(a)
            if x is None:
                row.append("–")
            elif x["status"] == "ok":
                pct = x["share"] * 100
                row.append((f"{pct:.1f} %" if pct >= 1 else f"{pct:.2f} %")
                           + (" (first allocation)" if x["allocations"] == 0 else ""))
            else:
                row.append(x["status"])
        rows.append(row)
    heads = [f"{e['label']}, {e['cap'] >> 20} MiB cap" for e in res["efficiency"]]
    parts.append("**Heap efficiency**: requested bytes live when the first allocation fails, as a share of the "
                 "heap (memory cap minus `__heap_base`); random sizes, one free for every two allocations.\n\n"
                 + table(["allocator"] + heads, rows))

    factor, least = m.get("fuel_limit", (50, 0))
    parts.append("Statuses: *oom*: an allocation returned NULL (the workload stops); *oom at startup*: wasi-libc "
                 "could not allocate argv before main; *timeout*: stopped after "
                 f"{factor}x dlmalloc's instructions (at least {least:.0e}); *node crashed*: Node itself crashed "
                 "three times on that module (see bench/README.md); *bad checksum* / *corrupt*: wrong results.")

    # Workloads.
    rows = [[w["name"], " ".join(w["args"]), w["what"]] for w in res["workloads"]]
    parts.append("Workloads (bench/workloads/, fixed seeds; every allocator's checksum matches dlmalloc's or the "
                 "run is reported as failed):\n\n" + table(["workload", "args", "what"], rows, ["---", "---", "---"]))
    return "\n\n".join(parts) + "\n"


def header(res):
    m = res["meta"]
    return (f"Measured {m['date']} by `bench/run.py` ({m['mode']} mode, {m['seconds']} s): {m['clang']}; "
            f"wasmtime {m['wasmtime']} (PyPI); Node {m['node']}; {m['wasm_opt']}; {m['lua']}.")


def update_readme(res, path):
    text = open(path).read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{path}: no {BEGIN} ... {END} block to replace")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    text = text[:start] + "\n" + header(res) + "\n\n" + markdown(res) + text[end:]
    with open(path, "w") as f:
        f.write(text)
    print(f"updated the bench block of {path}")


def plots(res, outdir):
    """size_speed.{png,svg}: code size against speed for every allocator; peak_memory.{png,svg}: pages per
    workload. Returns the paths written."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    allocs = measured(res)
    colors = {a: plt.cm.tab10(i % 10) for i, a in enumerate(allocs)}
    summ = summary(res)
    written = []

    def save(fig, name):
        for ext in ("png", "svg"):
            p = os.path.join(outdir, f"{name}.{ext}")
            fig.savefig(p, dpi=110)
            written.append(p)
        plt.close(fig)

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8))
    for ax, key, title in zip(axes, ("fuel", "wasmtime", "node"),
                              ("instructions (wasmtime fuel)", "wall time, wasmtime", "wall time, Node (V8)")):
        absent = []
        for a in allocs:
            y = summ[a][key]
            x = res["size"].get(a, {}).get("capi", {}).get("bytes")
            if y is None or x is None:
                absent.append(a)
                continue
            ax.scatter([x], [y], s=70, color=colors[a], zorder=3)
            note = f"{a}" + (f" ({summ[a]['ran']}/{summ[a]['of']})" if summ[a]["ran"] < summ[a]["of"] else "")
            ax.annotate(note, (x, y), textcoords="offset points", xytext=(6, 4), fontsize=9)
        ax.axhline(1.0, color="grey", lw=0.8, ls="--", zorder=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("whole C API module, bytes (log)")
        ax.set_ylabel("geomean ratio to dlmalloc (log; lower is faster)")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        if absent:
            ax.text(0.02, 0.02, "no data: " + ", ".join(absent), transform=ax.transAxes, fontsize=8, color="grey")
    fig.suptitle("Code size against speed (n/m: ran n of m workloads; the geomean is over those)", fontsize=11)
    fig.tight_layout()
    save(fig, "size_speed")

    wls = [w["name"] for w in res["workloads"]]
    cap_pages = res["meta"]["memory_cap"] >> 16
    from matplotlib.patches import Patch
    fig, ax = plt.subplots(figsize=(12, 5.5))
    width = 0.8 / len(allocs)
    bottom = min(res["runs"][wl]["_floor_pages"] for wl in wls) / 3
    for i, a in enumerate(allocs):
        xs, hs, failed = [], [], []
        for j, wl in enumerate(wls):
            r = res["runs"][wl].get(a)
            x = j + (i - (len(allocs) - 1) / 2) * width
            if r and r["status"] == "ok":
                xs.append(x)
                hs.append(r["pages"])
            else:
                failed.append((x, r["status"] if r else "?"))
        ax.bar(xs, hs, width, color=colors[a])
        for x, s in failed:
            ax.bar([x], [cap_pages], width, color="none", edgecolor=colors[a], hatch="//", lw=0.6)
            ax.text(x, bottom * 1.15, s, rotation=90, ha="center", va="bottom", fontsize=7)
    for j, wl in enumerate(wls):
        floor = res["runs"][wl]["_floor_pages"]
        ax.hlines(floor, j - 0.42, j + 0.42, colors="black", lw=1.5)
    ax.set_yscale("log")
    ax.set_ylim(bottom=bottom)
    ax.set_xticks(range(len(wls)))
    ax.set_xticklabels(wls, rotation=20)
    ax.set_ylabel("peak linear memory, 64 KiB pages (log)")
    ax.set_title("Peak memory per workload (black line: floor = static data + peak live bytes; hatched: did not "
                 "complete)", fontsize=10)
    handles = [Patch(color=colors[a], label=a) for a in allocs]
    handles.append(plt.Line2D([], [], color="black", lw=1.5, label="floor"))
    ax.legend(handles=handles, fontsize=8, ncol=len(allocs) + 1, loc="upper left")
    ax.grid(True, axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    save(fig, "peak_memory")
    return written


if __name__ == "__main__":
    import json
    argv = sys.argv[1:]
    readme = "--readme" in argv
    argv = [a for a in argv if a != "--readme"]
    res = json.load(open(argv[0] if argv else os.path.join(BENCH, "out", "results.json")))
    if readme:
        update_readme(res, os.path.join(ROOT, "README.md"))
    else:
        print(header(res) + "\n\n" + markdown(res))
