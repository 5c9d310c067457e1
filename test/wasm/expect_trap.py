"""Run a wasm module that commits misuse and check that the debug_checks build caught it:
    expect_trap.py RUNNER... -- MODULE CASE MESSAGE
The run must stop with a non-zero status before the program says "not caught" (a trap) and stderr must hold
"wasmalloc: CALL(0x<addr>): PROBLEM", where MESSAGE is "CALL: PROBLEM" (PROBLEM may go on past MESSAGE's end)
and the address is the one the program printed as "expect 0x<addr>"."""
import re
import subprocess
import sys

sep = sys.argv.index("--")
runner, (module, case, message) = sys.argv[1:sep], sys.argv[sep + 1:]
r = subprocess.run(runner + [module, case], capture_output=True, text=True)
expected = re.search(r"expect (0x[0-9a-f]+)", r.stdout)
got = re.search(r"wasmalloc: (\w+)\((0x[0-9a-f]+)\): (.*)", r.stderr)
print(r.stdout + r.stderr)
ok = r.returncode != 0 and "not caught" not in r.stdout and expected and got \
    and f"{got.group(1)}: {got.group(3)}".startswith(message) and got.group(2) == expected.group(1)
print(f"{case}: exit {r.returncode}, reported {got.group(0) if got else None!r}: {'ok' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
