"""Run a wasm module under wasmtime (the PyPI package), as a command-line tool would: Meson's exe_wrapper for
the wasm cross files, and the runner of scripts/demo and scripts/test-consumers.

    wasmrun [--invoke NAME] [--fuel FILE] [--max-memory BYTES] [--dir HOST[::GUEST]]... MODULE [ARGS...]

A WASI command module runs its _start; with --invoke, the named export (no arguments) is called instead and its
integer result becomes the exit status. A module without _start (a freestanding test module, which imports
nothing) has its export `run` invoked that way; one with neither is only instantiated (Meson's sanity check).
--fuel writes the number of wasm instructions executed (wasmtime fuel) to FILE. --max-memory caps linear memory
(memory.grow fails past it). The environment variables WASMRUN_DIRS (comma-separated HOST[::GUEST]) and
WASMRUN_MAX_MEMORY do the same as the options, for use through Meson's exe_wrapper. A trap exits with 134.
"""
import os
import sys

from wasmtools import Wasmtime


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
    r = Wasmtime(fuel=fuel_file is not None).run(argv[0], argv[1:], max_memory=max_memory, dirs=dirs,
                                                  invoke=invoke)
    sys.stdout.flush()
    if r.trap:
        print(f"wasmrun: trap: {r.trap}", file=sys.stderr)
    elif r.result is not None:
        print(r.result)
    if fuel_file:
        with open(fuel_file, "w") as f:
            f.write(f"{r.fuel}\n")
    return r.code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
