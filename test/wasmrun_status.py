"""scripts/wasmrun's exit status for a freestanding module's run(): the result itself for 0..255, 255 for any result
outside that range (a result of 256 or -256 must not read as 0, a pass), and wasmtime's 134 for a trap.

    .venv/bin/python test/wasmrun_status.py   (a host build's Meson test; the .venv has wasmtime's wat2wasm)
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from wasmtime import wat2wasm

# run()'s body -> the exit status wasmrun must give.
CASES = [("i32.const 0", 0), ("i32.const 7", 7), ("i32.const 255", 255), ("i32.const 256", 255),
         ("i32.const 512", 255), ("i32.const -1", 255), ("i32.const -256", 255), ("unreachable", 134)]

failures = 0
with tempfile.TemporaryDirectory() as tmp:
    for body, want in CASES:
        module = os.path.join(tmp, "run.wasm")
        with open(module, "wb") as f:
            f.write(wat2wasm(f'(module (func (export "run") (result i32) {body}))'))
        got = subprocess.run([os.path.join(ROOT, "scripts", "wasmrun"), module], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL).returncode
        print(f"run() {{ {body} }}: exit {got}, expected {want}")
        failures += got != want
sys.exit(1 if failures else 0)
