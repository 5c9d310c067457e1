// Real threads on one wasm memory: runs hammer.wasm (the thread_safe library, no libc) in several Node workers
// that share one WebAssembly.Memory, each on its own stack, and fails unless every worker's checks pass. The logic
// is in pool.mjs, which the browser's version of this test (test/browser/threads.html) uses too.
//   node threads.mjs hammer.wasm [WORKERS [STEPS]]
import { readFile } from 'node:fs/promises';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { runPool, workerRun, summary } from './pool.mjs';

if (isMainThread) {
  const [path, workers, steps] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));  // pool.mjs's defaults
  const timer = setTimeout(() => {  // a corrupted free list can loop forever: fail instead of hanging
    console.log('timed out after 120 s: workers stuck (corrupted heap?)');
    process.exit(1);
  }, 120000);
  const spawn = (data) => new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: data });
    w.on('message', resolve);
    w.on('error', reject);
  });
  const result = await runPool(await readFile(path), { workers, steps, spawn });
  clearTimeout(timer);
  console.log(summary(result));
  process.exitCode = result.failures === 0 ? 0 : 1;
} else {
  parentPort.postMessage(workerRun(workerData));
}
