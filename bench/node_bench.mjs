// Wall and CPU time under Node's node:wasi (V8), for bench/run.py:
//   node --expose-gc bench/node_bench.mjs JOBS.json RESULTS.json
// JOBS.json: {"reps": R, "warmup": BOOL, "jobs": [JOB, ...]}, JOB = {key, wasm (path), args, preopens}.
// Every module is compiled once (untimed) and, with warmup, run untimed until V8 has had time to tier it up
// (Liftoff code is replaced by TurboFan code in the background: a single short run is not enough):
// WARMUP_SECONDS of runs, at least one, at most WARMUP_RUNS. Then R rounds run every job once, each round
// starting one job later, so that no job always runs first. A run is timed from
// instantiation to the return of _start: wall time (performance.now) and CPU time (process.cpuUsage, user +
// system of the whole process, V8's helper threads included). The module's fd 1 and 2 go through the plain
// JavaScript fd_write of scripts/noderun.mjs: stdout is hashed (sha256, as bench/run.py hashes wasmtime's), and
// the last bytes of both are kept for the statuses.
// RESULTS.json: {K: {"warmup": [RUN, ...], "runs": [RUN, ...]}}, RUN = {wall, cpu, code, trap, pages, out_sha256,
// out_tail, err_tail}.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WASI } from 'node:wasi';
import { importsWithJsOutput } from '../scripts/noderun.mjs';

const TAIL = 4096;
const WARMUP_SECONDS = 0.5, WARMUP_RUNS = 20;
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function runOnce(module, job) {
  const out = { 1: { hash: createHash('sha256'), tail: Buffer.alloc(0) }, 2: { hash: null, tail: Buffer.alloc(0) } };
  const sink = (fd, bytes) => {
    const o = out[fd];
    o.hash?.update(bytes);
    o.tail = Buffer.concat([o.tail, bytes]).subarray(-TAIL);  // a copy: the module's memory may change
  };
  const wasi = new WASI({ version: 'preview1', args: [basename(job.wasm), ...job.args], env: {},
                          preopens: job.preopens || {}, returnOnExit: true });
  let instance;
  const imports = importsWithJsOutput(wasi, () => instance.exports.memory, sink);
  let code = 0, trap = '';
  const t0 = performance.now(), c0 = process.cpuUsage();
  instance = new WebAssembly.Instance(module, imports);
  try {
    code = wasi.start(instance);
  } catch (e) {
    code = 134;
    trap = String(e.message).split('\n')[0];
  }
  const cpu = process.cpuUsage(c0), wall = (performance.now() - t0) / 1000;
  const pages = instance.exports.memory.buffer.byteLength / 65536;
  instance = null;
  globalThis.gc?.();  // outside the timed span: earlier runs' memories do not pile up
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, code, trap, pages, out_sha256: out[1].hash.digest('hex'),
           out_tail: out[1].tail.toString('utf8'), err_tail: out[2].tail.toString('utf8') };
}

const modules = new Map();
const results = {};
for (const job of spec.jobs) {
  if (!modules.has(job.wasm)) modules.set(job.wasm, new WebAssembly.Module(readFileSync(job.wasm)));
  const warmup = [];
  const more = (spent) => spec.warmup && warmup.length < WARMUP_RUNS && (!warmup.length || spent < WARMUP_SECONDS);
  for (let spent = 0; more(spent);) {
    warmup.push(runOnce(modules.get(job.wasm), job));
    spent += warmup.at(-1).wall;
  }
  results[job.key] = { warmup, runs: [] };
}
for (let r = 0; r < spec.reps; r++) {
  for (let i = 0; i < spec.jobs.length; i++) {
    const job = spec.jobs[(i + r) % spec.jobs.length];
    results[job.key].runs.push(runOnce(modules.get(job.wasm), job));
  }
}
writeFileSync(process.argv[3], JSON.stringify(results));
