"""The docs match the code: what this checks, the docs could otherwise get wrong silently.

    python3 test/docs_check.py      (a host test: `host docs`)

- README.md's variant table lists exactly the registry's variants (meson_options.txt, through scripts/wasmtools.py).
- Every test a doc table names (a quoted test-case name, `wasm NAME` or `debug CASE`) exists.
- Every repository path the README and docs/ name (`docs/...`, `src/...`, `test/...`, `scripts/...`) exists.
- Nothing in the repository points outside it (the project stands alone), and the README stays short.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from wasmtools import variants  # noqa: E402

problems = []
readme = open(os.path.join(ROOT, "README.md")).read()
docs = {p: open(p).read() for p in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))}

# The variant table: rows "| `name` ..." of the "## Variants" section.
section = readme.split("\n## Variants\n", 1)[1].split("\n## ", 1)[0]
listed = re.findall(r"^\| `(\w+)`", section, re.M)
if listed != variants():
    problems.append(f"README variant table lists {listed}, the registry has {variants()}")

# Tests named in the docs' tables.
sources = "".join(open(p).read() for p in glob.glob(os.path.join(ROOT, "test", "**", "*.cpp"), recursive=True))
wasm_meson = open(os.path.join(ROOT, "test", "wasm", "meson.build")).read()
for path, text in docs.items():
    for table in re.findall(r"^\|.*\| tests \|\n(?:\|.*\|\n?)+", text, re.M):  # tables with a "tests" column
        for row in table.splitlines()[2:]:
            cells = [c.strip() for c in row.strip("|").split("|")]
            for name in re.findall(r'"([^"]+)"', cells[-1]):
                stem = name.rstrip(". ").removesuffix("...").rstrip(", ")
                if stem and stem not in sources:
                    problems.append(f"{os.path.relpath(path, ROOT)}: no host test named {name!r}")
            for debug, name in re.findall(r"`(debug )?(\w+)`", cells[-1]):
                if debug and f"'{name}'" not in wasm_meson:
                    problems.append(f"{os.path.relpath(path, ROOT)}: no misuse case {name!r} in test/wasm/meson.build")
                if not debug and not glob.glob(os.path.join(ROOT, "test", "*", name + ".c")):
                    problems.append(f"{os.path.relpath(path, ROOT)}: no wasm test program {name}.c")

# Paths named in the README and docs.
for path, text in [("README.md", readme)] + list(docs.items()):
    for ref in set(re.findall(r"(?:^|(?<=[\s`(\[]))((?:docs|src|test|scripts|bench|cross|include)/[\w./-]*\w)", text,
                              re.M)):
        generated = ref.startswith(("bench/out", "bench/cache"))  # made by a bench run, git-ignored
        if not os.path.exists(os.path.join(ROOT, ref)) and "*" not in ref and "NAME" not in ref and not generated:
            problems.append(f"{os.path.relpath(path, ROOT)}: names {ref}, which does not exist")

# Standing alone, and a short front door.
tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
for f in tracked:
    full = os.path.join(ROOT, f)
    if os.path.isfile(full) and "../shared" in open(full, errors="replace").read() and f != "test/docs_check.py":
        problems.append(f"{f}: points outside the repository (../shared)")
lines = readme.count("\n")
if lines > 200:
    problems.append(f"README.md has {lines} lines (at most 200: the reference belongs in docs/)")

for p in problems:
    print("docs:", p)
print(f"docs: {len(problems)} problems")
sys.exit(1 if problems else 0)
