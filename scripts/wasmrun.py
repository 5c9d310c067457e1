"""Run a wasm module with the wasmtime command-line tool, as users run modules: Meson's exe_wrapper for the wasm
cross files, and the runner of scripts/demo and scripts/test-consumers. (The benchmark suite, which counts fuel
and times runs, uses wasmtime's Python embedding instead: scripts/wasmtools.py.)

    wasmrun [--max-memory BYTES] [--dir HOST[::GUEST]]... MODULE [ARGS...]

A WASI command module runs its _start. A module without _start that exports `run` (a freestanding test module,
which imports nothing) has run() called, and its integer result becomes the exit status; a module with neither is
only instantiated (Meson's sanity check). --max-memory caps linear memory (memory.grow fails past it; 0: no cap).
The environment variables WASMRUN_DIRS (comma-separated HOST[::GUEST]) and WASMRUN_MAX_MEMORY do the same as the
options, for use through Meson's exe_wrapper. The program sees this process's environment variables. A trap exits
with 134 (wasmtime's status for a trap); a run() result outside 0..255 exits with 255 (never with 0).

The tool is `wasmtime` in the project's .venv (wasmtools.WASMTIME_CLI).
"""
import os
import subprocess
import sys

from wasmtools import cli_run, export_names


def main(argv):
    dirs = [d for d in os.environ.get("WASMRUN_DIRS", "").split(",") if d]
    max_memory = os.environ.get("WASMRUN_MAX_MEMORY", "")
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--max-memory":
            max_memory = argv.pop(0)
        elif opt == "--dir":
            dirs.append(argv.pop(0))
        else:
            sys.exit(f"wasmrun: unknown option {opt}")
    if not argv:
        sys.exit(__doc__)
    module, args = argv[0], argv[1:]
    cmd = cli_run(max_memory, dirs)
    exports = export_names(module)
    if "_start" in exports or "run" not in exports:
        sys.stdout.flush()
        return subprocess.run(cmd + [module] + args).returncode
    if args:
        sys.exit("wasmrun: a module's run() takes no arguments")
    # run(): the CLI prints the result (and warns that --invoke with a result is experimental: not shown).
    r = subprocess.run(cmd + ["--invoke", "run", module], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sys.stderr.write("".join(line for line in r.stderr.splitlines(True) if "--invoke" not in line))
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        return r.returncode
    words = r.stdout.split()
    if not words:
        sys.exit("wasmrun: run() returned no result")
    result = int(words[-1])
    return result if 0 <= result <= 255 else 255


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
