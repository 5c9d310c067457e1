"""Prove that dlmalloc is not in the modules linked with wasmalloc.

    no_dlmalloc.py REFERENCE.wasm MODULE.wasm...

dlmalloc's internal functions (dlmalloc, dispose_chunk, internal_memalign, ...) show in the name section of an
unstripped module. The reference module, linked without wasmalloc, must have them (so the check can fail);
every other module must have none of them, and must have named functions at all (not stripped).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from wasm_names import function_names  # noqa: E402

DLMALLOC = {"dlmalloc", "dlfree", "dlrealloc", "dispose_chunk", "internal_memalign", "tmalloc_small", "sys_alloc"}

reference, modules = sys.argv[1], sys.argv[2:]
bad = 0
ref_hits = DLMALLOC & set(function_names(reference))
print(f"{os.path.basename(reference)} (linked without wasmalloc): dlmalloc functions {sorted(ref_hits)}")
if not ref_hits:
    print("  FAIL: the reference should contain dlmalloc; the check would prove nothing")
    bad += 1
for m in modules:
    names = set(function_names(m))
    hits = DLMALLOC & names
    print(f"{os.path.basename(m)}: {len(names)} named functions, dlmalloc functions {sorted(hits) or 'none'}")
    if hits or not names:
        bad += 1
print("no_dlmalloc:", "FAILED" if bad else "ok")
sys.exit(1 if bad else 0)
