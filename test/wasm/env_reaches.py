"""The runner passes the environment to the program, as a shell runs a command: stress.c reads STRESS_STEPS.
    env_reaches.py RUNNER STRESS_MODULE
Runs the module with STRESS_STEPS=777 and requires "777 operations" in its output (exit 77, skipped, for a
variant that never allocates)."""
import os
import subprocess
import sys

runner, module = sys.argv[1:3]
r = subprocess.run([runner, module], capture_output=True, text=True, env={**os.environ, "STRESS_STEPS": "777"})
print(r.stdout + r.stderr)
if r.returncode == 77:
    sys.exit(77)
sys.exit(0 if r.returncode == 0 and "777 operations" in r.stdout else 1)
