"""scripts/which-malloc on emcc-built modules: it must name the build's variant in every module linked with
wasmalloc (so emscripten's dlmalloc and emmalloc are not in them), and dlmalloc and emmalloc in the modules linked
with -sMALLOC=dlmalloc and -sMALLOC=emmalloc (each name is in the file's name: growth-dlmalloc.wasm, ...).

    which_malloc.py VARIANT -- MODULE.wasm... -- REFERENCE.wasm...
"""
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
variant, rest = sys.argv[1], sys.argv[3:]
modules, references = rest[:rest.index("--")], rest[rest.index("--") + 1:]


def which(path):
    return subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "which-malloc"), path],
                          check=True, capture_output=True, text=True).stdout.strip()


cases = [(m, f"wasmalloc {variant}") for m in modules]
cases += [(r, next(a for a in ("dlmalloc", "emmalloc") if a in os.path.basename(r))) for r in references]
bad = 0
for path, want in cases:
    line = which(path)
    got = line.split(": ", 1)[1].split(" (", 1)[0]
    ok = got == want
    bad += not ok
    print(line + ("" if ok else f"  FAIL: expected {want}"))
print("which_malloc:", "FAILED" if bad else "ok")
sys.exit(1 if bad else 0)
