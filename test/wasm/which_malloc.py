"""scripts/which-malloc on real modules: it must name the build's variant in every module linked with wasmalloc,
dlmalloc in the reference module (linked without it), and nothing ("unknown") once a module is stripped.

    which_malloc.py VARIANT STRIP REFERENCE.wasm MODULE.wasm...      (STRIP: llvm-strip)
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
variant, strip, reference, modules = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]


def which(path):
    return subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "which-malloc"), "--short", path],
                          check=True, capture_output=True, text=True).stdout.strip()


bad = 0
with tempfile.TemporaryDirectory() as tmp:
    stripped = os.path.join(tmp, "stripped.wasm")
    subprocess.run([strip, "-o", stripped, modules[0]], check=True)
    cases = [(m, f"wasmalloc {variant}") for m in modules] + [(reference, "dlmalloc"), (stripped, "unknown")]
    for path, want in cases:
        got = which(path)
        ok = got == want
        bad += not ok
        print(f"{os.path.basename(path)}: {got}{'' if ok else f'  FAIL: expected {want}'}")
    print(f"{os.path.basename(modules[0])}: {os.path.getsize(modules[0])} bytes, stripped {os.path.getsize(stripped)}")
print("which_malloc:", "FAILED" if bad else "ok")
sys.exit(1 if bad else 0)
