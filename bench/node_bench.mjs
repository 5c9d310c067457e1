// Wall time under Node's node:wasi (V8) for the benchmark suite (bench/run.py writes the job file).
//   node --expose-gc bench/node_bench.mjs JOBS.json RESULTS.json
// writes {key: {times, status, pages}} to RESULTS.json. The modules' own output goes to this process's stdout,
// each run's after a line "@@run KEY" (node:wasi given a regular file as stdout aborted the process after a
// module that grows memory many times, so the caller reads a pipe instead).
// JOBS.json: {"reps": R, "jobs": [{"key": K, "wasm": PATH, "args": [...]}, ...]}. Every module is compiled once
// and run once untimed (so V8 has tiered it up); then the jobs run in turn, R rounds, each round starting one job
// later so that no job always runs first. A run is timed from instantiation to the return of _start.
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function runOnce(module, job) {
  writeSync(1, `\n@@run ${job.key}\n`);
  const wasi = new WASI({ version: 'preview1', args: [job.key, ...job.args], env: {}, returnOnExit: true });
  const t0 = performance.now();
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  let status;
  try {
    status = wasi.start(instance);
  } catch (e) {
    status = `trap: ${e.message}`;
  }
  const ms = performance.now() - t0;
  const pages = instance.exports.memory.buffer.byteLength / 65536;
  // Free this instance's memory now, outside the timed part (node runs with --expose-gc), so that the large
  // memories of earlier runs do not pile up.
  globalThis.gc?.();
  return { ms, status, pages };
}

const modules = new Map();
const results = {};
for (const job of spec.jobs) {
  if (!modules.has(job.wasm)) modules.set(job.wasm, new WebAssembly.Module(readFileSync(job.wasm)));
  const first = runOnce(modules.get(job.wasm), job);
  results[job.key] = { times: [], status: first.status, pages: first.pages };
}
for (let r = 0; r < spec.reps; r++) {
  for (let i = 0; i < spec.jobs.length; i++) {
    const job = spec.jobs[(i + r) % spec.jobs.length];
    const run = runOnce(modules.get(job.wasm), job);
    results[job.key].times.push(run.ms / 1000);
    if (run.status !== 0) results[job.key].status = run.status;
  }
}
writeFileSync(process.argv[3], JSON.stringify(results));
