// Real threads on one wasm memory: runs hammer.wasm (the thread_safe library, no libc) in several Node workers
// that share one WebAssembly.Memory, each on its own stack, and fails unless every worker's checks pass.
//   node threads.mjs hammer.wasm [WORKERS [STEPS]]
import { readFile } from 'node:fs/promises';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';

const kInitialPages = 2048, kMaxPages = 4096, kStack = 65536;  // as linked: --initial-memory, --max-memory

if (isMainThread) {
  const [path, workers = '4', steps = '200000'] = process.argv.slice(2);
  const module = await WebAssembly.compile(await readFile(path));
  const memory = new WebAssembly.Memory({ initial: kInitialPages, maximum: kMaxPages, shared: true });
  // The first instance initializes the data segments (once, for every instance) and hands out the stacks.
  const main = await WebAssembly.instantiate(module, { env: { memory } });
  const started = Date.now();
  const timer = setTimeout(() => {  // a corrupted free list can loop forever: fail instead of hanging
    console.log('timed out after 120 s: workers stuck (corrupted heap?)');
    process.exit(1);
  }, 120000);
  const results = await Promise.all(Array.from({ length: Number(workers) }, (_, id) => {
    const stackTop = main.exports.alloc(kStack) + kStack;  // the stack grows down from its top
    const w = new Worker(new URL(import.meta.url), { workerData: { module, memory, stackTop, id, steps: Number(steps) } });
    return new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
  }));
  clearTimeout(timer);
  const failures = results.reduce((a, r) => a + r.failures, 0);
  const ops = results.reduce((a, r) => a + r.ops, 0);
  console.log(`${workers} workers, ${ops} operations on one shared memory in ${Date.now() - started} ms, ` +
              `${memory.buffer.byteLength / 65536} pages, ${failures} failed checks`);
  process.exitCode = failures === 0 ? 0 : 1;
} else {
  const { module, memory, stackTop, id, steps } = workerData;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  instance.exports.__stack_pointer.value = stackTop;
  const failures = instance.exports.run(id, steps);
  parentPort.postMessage({ failures, ops: steps });
}
