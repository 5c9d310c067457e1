"""Run a wasm module under wasmtime (the PyPI package), as a command-line tool would.

    wasmrun [--invoke NAME] [--fuel FILE] [--max-memory BYTES] [--dir HOST[::GUEST]]... MODULE [ARGS...]

A WASI command module runs its _start; with --invoke, the named export (no arguments) is called instead and its
integer result becomes the exit status. A module without _start (a freestanding test module, which imports
nothing) has its export `run` invoked that way; one with neither is only instantiated. --fuel writes the number
of wasm instructions executed (wasmtime fuel) to FILE. --max-memory caps linear memory (memory.grow fails past
it). The environment variables WASMRUN_DIRS (comma-separated HOST[::GUEST]) and WASMRUN_MAX_MEMORY do the same as
the options, for use through Meson's exe_wrapper.
"""
import os
import sys

import wasmtime

FUEL = 1 << 62


def main(argv):
    dirs = [d for d in os.environ.get("WASMRUN_DIRS", "").split(",") if d]
    max_memory = int(os.environ.get("WASMRUN_MAX_MEMORY", "0")) or None
    invoke = fuel_file = None
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--invoke":
            invoke = argv.pop(0)
        elif opt == "--fuel":
            fuel_file = argv.pop(0)
        elif opt == "--max-memory":
            max_memory = int(argv.pop(0))
        elif opt == "--dir":
            dirs.append(argv.pop(0))
        else:
            sys.exit(f"wasmrun: unknown option {opt}")
    if not argv:
        sys.exit(__doc__)
    path = argv[0]

    config = wasmtime.Config()
    config.consume_fuel = fuel_file is not None
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    if fuel_file:
        store.set_fuel(FUEL)
    if max_memory:
        store.set_limits(memory_size=max_memory)
    module = wasmtime.Module.from_file(engine, path)
    linker = wasmtime.Linker(engine)
    if module.imports:
        wasi = wasmtime.WasiConfig()
        wasi.argv = [os.path.basename(path)] + argv[1:]
        wasi.inherit_stdin()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        wasi.inherit_env()
        for d in dirs:
            host, _, guest = d.partition("::")
            wasi.preopen_dir(host, guest or host)
        store.set_wasi(wasi)
        linker.define_wasi()
    instance = linker.instantiate(store, module)
    exports = instance.exports(store)
    if invoke is None and exports.get("_start") is None:
        if exports.get("run") is None:  # e.g. Meson's sanity-check program: instantiating it is the check
            print(f"wasmrun: {path} exports neither _start nor run: instantiated only", file=sys.stderr)
            return 0
        invoke = "run"
    code = 0
    try:
        result = instance.exports(store)[invoke or "_start"](store)
        if invoke is not None:
            print(result)
            code = int(result or 0)
    except wasmtime.ExitTrap as e:
        code = e.code
    except wasmtime.Trap as e:
        sys.stdout.flush()
        print(f"wasmrun: trap: {e}", file=sys.stderr)
        code = 134
    finally:
        sys.stdout.flush()
        if fuel_file:
            with open(fuel_file, "w") as f:
                f.write(f"{FUEL - store.get_fuel()}\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
