"""The benchmark suite: code size, speed and memory of every wasmalloc variant against wasi-libc's dlmalloc.

    .venv/bin/python bench/run.py [--quick] [--variants V ...] [--reps N] [--no-node] [--readme]

Builds what it needs (a Meson cross build per variant, the workloads, Lua from Debian's source package), runs the
suite and writes bench/out/results.json, bench/out/results.md and the plots bench/out/*.png / *.svg.
--quick: small inputs, one repetition (a smoke run). --readme: also regenerate README.md's bench block
(bench/report.py does that alone from an existing results.json). bench/README.md explains the method.
"""
import argparse
import glob
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

import wasmtime

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "out")
CACHE = os.path.join(BENCH, "cache")
sys.path.insert(0, BENCH)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import report  # noqa: E402
import size as size_harness  # noqa: E402
from wasm_names import function_names  # noqa: E402

CC = "clang-19"
WASI = ["--target=wasm32-wasi", "--sysroot=/usr"]
OPT = ["-O2"]
REF = "dlmalloc"
MEMORY_CAP = 1 << 30        # speed and memory runs: memory.grow fails past 1 GiB
# A run using more than FACTOR x dlmalloc's instructions (but at least MIN) is stopped and reported as a timeout.
FUEL_LIMIT = {"full": (50, 20 * 10**9), "quick": (10, 10**9)}

# name, program, full-mode arguments, quick-mode arguments, what it does
WORKLOADS = [
    ("random", "random", ["20"], ["2"], "random actions, sizes 1..10,000, 50 % alloc / 50 % free"),
    ("random-realloc", "random", ["20", "mixed"], ["2", "mixed"],
     "random actions, sizes 1..10,000, 40 % alloc / 40 % free / 20 % realloc"),
    ("small", "small", ["10"], ["1"], "sizes 8..128, churn over 20,000 live slots"),
    ("growth", "growth", ["2"], ["1"], "strings and vectors grown by appending (realloc)"),
    ("tree", "tree", ["2"], ["1"], "binary trees of 24..48-byte nodes built and torn down"),
    ("large", "large", ["4"], ["1"], "blocks of 64 KiB..4 MiB, at most 24 live, some realloc"),
    ("ratchet", "ratchet", ["4"], ["1"], "working set that keeps growing, every other older block freed"),
    ("aligned", "aligned", ["10"], ["1"], "half aligned_alloc (16..4096), half malloc, sizes 1..8192"),
    ("lua", "lua", ["5"], ["1"], "Lua 5.4 (Debian source package) running an allocation-heavy script"),
]
# Heap efficiency: label, fill.c mode, memory cap (bytes)
EFFICIENCY = [
    ("sizes 1..10,000", "large", 32 << 20),
    ("sizes 8..128", "small", 16 << 20),
]
LUA_DEFINES = ["-DLUA_COMPAT_5_3", "-DLUAI_THROW(L,c)=abort()", "-DLUAI_TRY(L,c,a)=a", "-Dluai_jmpbuf=int",
               "-DLUA_TMPNAMBUFSIZE=32", "-Dlua_tmpnam(b,e)=(e=-1)", "-D_WASI_EMULATED_SIGNAL",
               "-D_WASI_EMULATED_PROCESS_CLOCKS",
               # Lua seeds its string hash with time() and the addresses of its state and of a local: fixed here,
               # or instruction counts vary from run to run and from allocator to allocator.
               "-Dluai_makeseed(L)=0x5eedu"]
LUA_LIBS = ["-lwasi-emulated-signal", "-lwasi-emulated-process-clocks"]


def log(msg):
    print(msg, flush=True)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout


def stale(target, sources):
    return not os.path.exists(target) or any(os.path.getmtime(s) > os.path.getmtime(target) for s in sources)


# ---------------------------------------------------------------------------------------------------- building

def build_variant(v):
    """Meson cross build of one variant; returns the path of its libwasmalloc.a."""
    d = os.path.join(OUT, "build", v)
    if not os.path.exists(os.path.join(d, "build.ninja")):
        shutil.rmtree(d, ignore_errors=True)
        run(["meson", "setup", d, "--cross-file", os.path.join(ROOT, "cross/wasm32-wasi.ini"), f"-Dvariant={v}"],
            cwd=ROOT)
    run(["ninja", "-C", d, "src/libwasmalloc.a"])
    return os.path.join(d, "src", "libwasmalloc.a")


def apt_options():
    a = os.path.join(CACHE, "apt")
    os.makedirs(os.path.join(a, "lists", "partial"), exist_ok=True)
    with open(os.path.join(a, "sources.list"), "w") as f:
        f.write("deb-src http://deb.debian.org/debian bookworm main\n")
    return ["-o", f"Dir::Etc::SourceList={a}/sources.list", "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", f"Dir::State::Lists={a}/lists", "-o", f"Dir::Cache={a}/cache", "-o", "APT::Get::List-Cleanup=0"]


def fetch_lua():
    """Debian's lua5.4 source package, fetched once with a private apt configuration (a bookworm deb-src line;
    nothing on the system is changed) and unpacked with Debian's patches. Returns (source dir, version)."""
    src = os.path.join(CACHE, "src")
    os.makedirs(src, exist_ok=True)
    if not glob.glob(os.path.join(src, "lua5.4_*.dsc")):
        log("fetching Debian source package lua5.4 into bench/cache/src ...")
        opts = apt_options()
        run(["apt-get"] + opts + ["update"])
        run(["apt-get"] + opts + ["source", "--download-only", "lua5.4"], cwd=src)
    dsc = sorted(glob.glob(os.path.join(src, "lua5.4_*.dsc")))[-1]
    version = os.path.basename(dsc)[len("lua5.4_"):-len(".dsc")]
    tree = os.path.join(src, "lua5.4-" + version)
    if not os.path.exists(os.path.join(tree, "src", "lua.h")):
        shutil.rmtree(tree, ignore_errors=True)
        if shutil.which("dpkg-source"):
            run(["dpkg-source", "-x", dsc, tree])
        else:  # the same by hand: upstream tarball, then debian/patches in series order
            os.makedirs(tree)
            orig = glob.glob(os.path.join(src, "lua5.4_*.orig.tar.*"))[0]
            run(["tar", "xf", orig, "-C", tree, "--strip-components=1"])
            run(["tar", "xf", glob.glob(os.path.join(src, f"lua5.4_{version}.debian.tar.*"))[0], "-C", tree])
            for p in open(os.path.join(tree, "debian/patches/series")).read().split():
                run(["patch", "-p1", "-i", os.path.join(tree, "debian/patches", p)], cwd=tree)
    return tree, version


def compile_objects(lua_tree):
    """Objects shared by every allocator's link: one per workload program, and Lua's."""
    objdir = os.path.join(OUT, "obj")
    os.makedirs(os.path.join(objdir, "lua"), exist_ok=True)
    common = os.path.join(BENCH, "workloads", "common.h")
    programs = {}
    for name in sorted({w[1] for w in WORKLOADS if w[1] != "lua"} | {"fill"}):
        src = os.path.join(BENCH, "workloads", name + ".c")
        obj = os.path.join(objdir, name + ".o")
        if stale(obj, [src, common]):
            run([CC] + WASI + OPT + ["-Wall", "-c", src, "-o", obj])
        programs[name] = ([obj], [])

    lua_src = os.path.join(lua_tree, "src")
    inc = os.path.join(BENCH, "lua", "include")
    flags_file = os.path.join(objdir, "lua", "flags")
    flags = " ".join(WASI + OPT + LUA_DEFINES) + "\n" + lua_tree
    if not os.path.exists(flags_file) or open(flags_file).read() != flags:  # new flags or source: rebuild all
        shutil.rmtree(os.path.join(objdir, "lua"))
        os.makedirs(os.path.join(objdir, "lua"))
        open(flags_file, "w").write(flags)
    objs = []
    for src in sorted(glob.glob(os.path.join(lua_src, "*.c"))):
        base = os.path.basename(src)[:-2]
        if base in ("lua", "luac"):
            continue  # the interpreter's and compiler's mains: driver.c replaces them
        obj = os.path.join(objdir, "lua", base + ".o")
        if stale(obj, [src]):
            run([CC] + WASI + OPT + ["-w", "-I", inc] + LUA_DEFINES + ["-c", src, "-o", obj])
        objs.append(obj)
    script = os.path.join(BENCH, "lua", "bench.lua")
    inc_file = os.path.join(objdir, "lua", "bench_lua.inc")
    if stale(inc_file, [script]):
        data = open(script, "rb").read()
        with open(inc_file, "w") as f:
            f.write(",\n".join(",".join(str(b) for b in data[i:i + 32]) for i in range(0, len(data), 32)) + ",\n")
    for name, extra in (("driver", ["-I", lua_src, "-I", os.path.join(objdir, "lua"), "-I", inc]), ("stubs", [])):
        src = os.path.join(BENCH, "lua", name + ".c")
        obj = os.path.join(objdir, "lua", "_" + name + ".o")
        if stale(obj, [src, common, inc_file]):
            run([CC] + WASI + OPT + ["-Wall", "-D_WASI_EMULATED_PROCESS_CLOCKS"] + extra + ["-c", src, "-o", obj])
        objs.append(obj)
    programs["lua"] = (objs, LUA_LIBS)
    return programs


def link(alloc, lib, program, objs, libs):
    """Link one workload against a variant's library (ahead of libc) or, for dlmalloc, against libc alone, and
    check from the name section that dlmalloc is in the module exactly when it should be."""
    d = os.path.join(OUT, "wasm", alloc)
    os.makedirs(d, exist_ok=True)
    out = os.path.join(d, program + ".wasm")
    # No -O at link time: clang would run wasm-opt (if on PATH) over the module, and drop its name section.
    run([CC] + WASI + objs + ([lib] if lib else []) + libs + ["-o", out])
    has_dl = "dlmalloc" in function_names(out)
    if has_dl != (alloc == REF):
        raise RuntimeError(f"{out}: dlmalloc {'still' if has_dl else 'not'} linked in")
    return out


# ------------------------------------------------------------------------------------------------------ running

class Engine:
    """wasmtime in this process. With fuel, counts executed wasm instructions; without, for wall time."""

    def __init__(self, fuel):
        cfg = wasmtime.Config()
        cfg.consume_fuel = fuel
        self.fuel = fuel
        self.engine = wasmtime.Engine(cfg)
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        self.modules = {}
        self.tmp = tempfile.mkdtemp(prefix="bn-run-")

    def run(self, path, args, fuel=None, max_memory=MEMORY_CAP):
        module = self.modules.get(path)
        if module is None:
            module = self.modules[path] = wasmtime.Module.from_file(self.engine, path)
        store = wasmtime.Store(self.engine)
        wasi = wasmtime.WasiConfig()
        wasi.argv = [os.path.basename(path)] + list(args)
        out = os.path.join(self.tmp, "stdout")
        wasi.stdout_file = out
        wasi.stderr_file = os.path.join(self.tmp, "stderr")
        store.set_wasi(wasi)
        if self.fuel:
            store.set_fuel(fuel)
        store.set_limits(memory_size=max_memory)
        t0 = time.perf_counter()
        instance = self.linker.instantiate(store, module)
        try:
            instance.exports(store)["_start"](store)
            code = 0
        except wasmtime.ExitTrap as e:
            code = e.code
        except wasmtime.Trap as e:
            code = "timeout" if self.fuel and store.get_fuel() == 0 else f"trap: {str(e).splitlines()[0]}"
        seconds = time.perf_counter() - t0
        r = {"code": code, "seconds": seconds, "pages": instance.exports(store)["memory"].size(store),
             "output": open(out).read()}
        if self.fuel:
            r["fuel"] = fuel - store.get_fuel()
        return r


def parse(output):
    return dict(re.findall(r"(\w+)=(\S+)", output))


def classify(run_result, ref_checksum):
    """Status of a run: ok, oom, corrupt, bad checksum, timeout, trap or exit N; with a detail string."""
    code, out = run_result["code"], run_result["output"].strip()
    if code == 0:
        fields = parse(out)
        if "checksum" not in fields:
            return "no output", out[-200:]
        if ref_checksum and fields["checksum"] != ref_checksum:
            return "bad checksum", f"{fields['checksum']} != {ref_checksum}"
        return "ok", ""
    if code == 3:
        return "oom", out
    if code == 70 and not out:  # wasi-libc's startup code could not allocate argv (__main_void: _Exit(70))
        return "oom at startup", "exit 70 before main: wasi-libc could not allocate argv"
    if code == 4:
        return "corrupt", out
    if code == "timeout":
        return "timeout", "stopped: too many instructions (FUEL_LIMIT in bench/run.py)"
    return (code if isinstance(code, str) and code.startswith("trap") else f"exit {code}"), out[-200:]


def node_batch(node, prog, modules, allocs, wl_args, reps):
    """Run the allocators' modules of one workload in one Node process (bench/node_bench.mjs), alternating.
    Node 20 itself sometimes crashes (SIGSEGV/abort) on modules that call memory.grow thousands of times, even with
    no allocator involved; so a batch that crashes is run again, and an allocator whose module was running at three
    crashes is left out (reported as "node crashed"). Returns (results by allocator, outputs, crashed set)."""
    crashed, strikes = set(), {}
    while True:
        jobs = [{"key": a, "wasm": modules[a, prog], "args": wl_args} for a in allocs if a not in crashed]
        with tempfile.TemporaryDirectory(prefix="bn-node-") as tmp:
            with open(os.path.join(tmp, "jobs.json"), "w") as f:
                json.dump({"reps": reps, "jobs": jobs}, f)
            r = subprocess.run([node, "--no-warnings", "--expose-gc", os.path.join(BENCH, "node_bench.mjs"),
                                os.path.join(tmp, "jobs.json"), os.path.join(tmp, "results.json")],
                               capture_output=True, text=True)
            outputs = {}  # every run's output, by allocator
            for section in r.stdout.split("\n@@run ")[1:]:
                key, _, text = section.partition("\n")
                outputs.setdefault(key, []).append(text)
            if r.returncode == 0:
                return json.load(open(os.path.join(tmp, "results.json"))), outputs, crashed
        last = r.stdout.rsplit("\n@@run ", 1)[-1].partition("\n")[0] if "@@run" in r.stdout else None
        if last is None:
            raise RuntimeError(f"node failed (status {r.returncode}): {r.stderr[-500:]}")
        strikes[last] = strikes.get(last, 0) + 1
        give_up = strikes[last] >= 3
        log(f"  node crashed (status {r.returncode}) while running {last}'s module; "
            + ("leaving it out" if give_up else "running the batch again"))
        if give_up:
            crashed.add(last)
            if last == REF:  # no reference: no Node ratios for this workload
                return {}, {}, set(allocs)


def ratio_stats(times, ref_times):
    """Per-repetition ratios (runs of the same round paired), their median, min and max."""
    ratios = [t / r for t, r in zip(times, ref_times)]
    return {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}


def versions():
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "unknown"
    return {
        "clang": first_line([CC, "--version"]),
        "wasmtime": importlib.metadata.version("wasmtime"),
        "node": first_line(["node", "--version"]),
        "wasm_opt": first_line(["wasm-opt", "--version"]),
        "python": sys.version.split()[0],
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small inputs, one repetition (smoke run)")
    ap.add_argument("--variants", nargs="+", help="variants to measure (default: every choice in meson_options.txt)")
    ap.add_argument("--reps", type=int, help="wall-time repetitions (default 5, quick 1)")
    ap.add_argument("--no-node", action="store_true", help="skip the Node (V8) wall-time runs")
    ap.add_argument("--readme", action="store_true", help="also regenerate README.md's bench block")
    args = ap.parse_args(argv)
    reps = args.reps or (1 if args.quick else 5)
    all_variants = size_harness.variants()
    variants = args.variants or all_variants
    for v in variants:
        if v not in all_variants:
            sys.exit(f"unknown variant {v} (meson_options.txt has {', '.join(all_variants)})")
    started = time.time()
    os.makedirs(OUT, exist_ok=True)
    res = {"meta": {"date": time.strftime("%Y-%m-%d"), "mode": "quick" if args.quick else "full", "reps": reps,
                    "memory_cap": MEMORY_CAP, **versions()},
           "build_errors": {}, "size": {}, "workloads": [], "runs": {}, "efficiency": []}

    # 1. Build.
    libs = {}
    for v in variants:
        log(f"[build] meson cross build, variant {v}")
        try:
            libs[v] = build_variant(v)
        except RuntimeError as e:
            res["build_errors"][v] = str(e)[-2000:]
            log(f"[build] variant {v} FAILED to build: reported, not measured")
    allocs = [REF] + [v for v in variants if v in libs]
    res["meta"]["allocators"] = [REF] + variants
    lua_tree, lua_version = fetch_lua()
    res["meta"]["lua"] = f"lua5.4 {lua_version} (Debian bookworm source package)"
    log("[build] workloads and Lua objects")
    programs = compile_objects(lua_tree)
    modules = {}
    for a in allocs:
        for prog, (objs, extra) in programs.items():
            modules[a, prog] = link(a, libs.get(a), prog, objs, extra)
    log(f"[build] linked {len(programs)} programs x {len(allocs)} allocators")

    # 2. Code size (bench/size.py's method and modules).
    with tempfile.TemporaryDirectory(prefix="bn-size-") as tmp:
        for a in allocs:
            res["size"][a] = {}
            for kind in size_harness.TARGETS:
                if a == REF and kind == "hello":
                    continue  # dlmalloc needs wasi-libc: it has only the wasi module
                path = size_harness.build(None if a == REF else a, kind, tmp)
                b, g = size_harness.measure(path)
                res["size"][a][kind] = {"bytes": b, "gzip": g}
        log("[size] " + ", ".join(f"{a} {res['size'][a]['capi']['bytes']} B" for a in allocs))

    # 3. Fuel (twice in full mode, to check that it repeats), status, checksum and peak memory.
    fuel_engine = Engine(fuel=True)
    for name, prog, full_args, quick_args, what in WORKLOADS:
        wl_args = quick_args if args.quick else full_args
        res["workloads"].append({"name": name, "args": wl_args, "what": what})
        runs = res["runs"][name] = {}
        ref_checksum = None
        for a in allocs:
            factor, least = FUEL_LIMIT[res["meta"]["mode"]]
            budget = (1 << 62) if a == REF else max(factor * runs[REF]["fuel"], least)
            r = fuel_engine.run(modules[a, prog], wl_args, fuel=budget)
            status, detail = classify(r, ref_checksum)
            fields = parse(r["output"]) if status == "ok" else {}
            if a == REF:
                if status != "ok":
                    raise SystemExit(f"{name}: dlmalloc run failed: {status} {detail}")
                ref_checksum = fields["checksum"]
            entry = runs[a] = {"status": status, "detail": detail, "fuel": r["fuel"], "pages": r["pages"],
                               "fuel_seconds": r["seconds"]}
            if status == "ok":
                entry.update(checksum=fields["checksum"], ops=int(fields["ops"]), peak_live=int(fields["peak_live"]),
                             heap_base=int(fields["heap_base"]))
                if not args.quick:
                    again = fuel_engine.run(modules[a, prog], wl_args, fuel=budget)
                    entry["fuel_repeats"] = again["fuel"] == r["fuel"] and again["pages"] == r["pages"]
                    if not entry["fuel_repeats"]:
                        log(f"  WARNING: {name}/{a}: fuel {r['fuel']} then {again['fuel']}: not deterministic")
            ratio = f"{r['fuel'] / runs[REF]['fuel']:.3f}x dlmalloc" if status == "ok" else ""
            log(f"[fuel] {name:15} {a:9} {status:8} {r['fuel']:>14,} instr {r['pages']:>6} pages {ratio}"
                + (f"  ({detail.splitlines()[0] if detail else ''})" if status != "ok" else ""))
        floor_bytes = runs[REF]["heap_base"] + runs[REF]["peak_live"]
        res["runs"][name]["_floor_pages"] = -(-floor_bytes // 65536)

    # 4. Wall time under wasmtime: every allocator that ran, in turn, reps rounds.
    wall_engine = Engine(fuel=False)
    for name, prog, full_args, quick_args, _ in WORKLOADS:
        wl_args = quick_args if args.quick else full_args
        runs = res["runs"][name]
        ok = [a for a in allocs if runs[a]["status"] == "ok"]
        times = {a: [] for a in ok}
        for a in ok:
            wall_engine.run(modules[a, prog], wl_args)  # warm-up: compiles the module, touches the code
        for rep in range(reps):
            for i in range(len(ok)):
                a = ok[(i + rep) % len(ok)]
                r = wall_engine.run(modules[a, prog], wl_args)
                if classify(r, runs[REF]["checksum"])[0] != "ok":
                    raise SystemExit(f"{name}/{a}: wall-time run differs from the fuel run: {r['output']}")
                times[a].append(r["seconds"])
        for a in ok:
            runs[a]["wasmtime_s"] = times[a]
            runs[a]["wasmtime_ratio"] = ratio_stats(times[a], times[REF])
        log(f"[wasmtime] {name:15} " + "  ".join(
            f"{a} {statistics.median(times[a]) * 1000:.0f} ms ({runs[a]['wasmtime_ratio']['median']:.2f}x)"
            for a in ok))

    # 5. Wall time under Node (V8).
    node = shutil.which("node")
    if node and not args.no_node:
        for name, prog, full_args, quick_args, _ in WORKLOADS:
            wl_args = quick_args if args.quick else full_args
            runs = res["runs"][name]
            ok = [a for a in allocs if runs[a]["status"] == "ok"]
            got, outputs, crashed = node_batch(node, prog, modules, ok, wl_args, reps)
            for a in ok:
                if a in crashed:
                    runs[a]["node_status"] = "node crashed"
                    continue
                g = got[a]
                status = "ok"
                for text in outputs.get(a, [""]):
                    status = classify({"code": g["status"], "output": text}, runs[REF]["checksum"])[0]
                    if status != "ok":
                        break
                runs[a]["node_status"] = status
                runs[a]["node_pages"] = g["pages"]
                runs[a]["node_s"] = g["times"]
            for a in ok:
                if runs[a]["node_status"] == "ok" and runs[REF]["node_status"] == "ok":
                    runs[a]["node_ratio"] = ratio_stats(runs[a]["node_s"], runs[REF]["node_s"])
            log(f"[node] {name:15} " + "  ".join(
                f"{a} {statistics.median(runs[a]['node_s']) * 1000:.0f} ms "
                f"({runs[a]['node_ratio']['median']:.2f}x)" if "node_ratio" in runs[a] else f"{a} {runs[a]['node_status']}"
                for a in ok))
    else:
        log("[node] skipped" + ("" if node else ": node not found"))

    # 6. Heap efficiency: fill a capped heap with random sizes until the first allocation fails.
    for label, mode, cap in EFFICIENCY:
        entry = {"label": label, "mode": mode, "cap": cap, "allocs": {}}
        for a in allocs:
            r = wall_engine.run(modules[a, "fill"], ["1", mode], max_memory=cap)
            fields = parse(r["output"])
            if r["code"] == 0 and "live_at_failure" in fields:
                heap = cap - int(fields["heap_base"])
                live = int(fields["live_at_failure"])
                e = {"status": "ok", "live": live, "heap": heap, "share": live / heap,
                     "allocations": int(fields["failed_at"]), "request": int(fields["request"]), "pages": r["pages"]}
            else:
                e = {"status": "cap not reached" if r["code"] == 5 else classify(r, None)[0]}
            entry["allocs"][a] = e
        res["efficiency"].append(entry)
        log(f"[efficiency] {label:16} " + "  ".join(
            f"{a} {e['share'] * 100:.1f} %" if e["status"] == "ok" else f"{a} {e['status']}"
            for a, e in entry["allocs"].items()))

    res["meta"]["fuel_limit"] = FUEL_LIMIT[res["meta"]["mode"]]
    res["meta"]["seconds"] = round(time.time() - started)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    md = report.markdown(res)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(md)
    plots = report.plots(res, OUT)
    print()
    print(md)
    log(f"wrote bench/out/results.json, bench/out/results.md, " + ", ".join(
        os.path.relpath(p, ROOT) for p in plots) + f" in {res['meta']['seconds']} s")
    if args.readme:
        report.update_readme(res, os.path.join(ROOT, "README.md"))


if __name__ == "__main__":
    main(sys.argv[1:])
