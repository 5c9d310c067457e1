// The thread test's logic, written once for Node (threads.mjs: worker_threads) and the browser
// (test/browser/threads.html: Web Workers): one shared WebAssembly.Memory, hammer.wasm instantiated once on the
// main thread (which initializes the data segments and hands out the stacks) and once in every worker, each
// worker on its own stack calling run(); the caller supplies only how to start a worker.
//   const result = await runPool(bytes, { workers, steps, spawn, initialPages, maxPages, growTo });
//     spawn(data) starts a worker that calls workerRun(data) and resolves to what it returns.
//     growTo (bytes, optional): while every worker runs, the main thread mallocs 1 MiB blocks until memory is
//     larger than this, so that memory grows under the workers; the blocks are checked after the run.
//   result: { workers, failures, ops, ms, pages, grownWhileRunning (bytes of growth while every worker was running) }

// As hammer.wasm is linked in test/threads/meson.build (--initial-memory, --max-memory): the imported memory's
// limits must fit the module's.
export const kInitialPages = 2048, kMaxPages = 4096;
const kStack = 65536;

export async function runPool(bytes, { workers = 4, steps = 200000, spawn,
                                       initialPages = kInitialPages, maxPages = kMaxPages, growTo = 0 }) {
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maxPages, shared: true });
  const main = await WebAssembly.instantiate(module, { env: { memory } });
  const sync = new Int32Array(new SharedArrayBuffer(8));  // [workers started, workers finished]
  const started = Date.now();
  const running = Promise.all(Array.from({ length: workers }, (_, id) => {
    const stackTop = main.exports.alloc(kStack) + kStack;  // the stack grows down from its top
    if (stackTop === kStack) throw new Error('no memory for a worker stack');
    return spawn({ module, memory, stackTop, id, steps, sync });
  }));
  const growth = growTo ? await growUnder(running, main.exports.alloc, memory, sync, workers, growTo) : null;
  const results = await running;
  return {
    workers,
    failures: results.reduce((a, r) => a + r.failures, 0) + (growth ? growth.failures() : 0),
    ops: results.reduce((a, r) => a + r.ops, 0),
    ms: Date.now() - started,
    pages: memory.buffer.byteLength / 65536,
    grownWhileRunning: growth ? growth.whileRunning : 0,
  };
}

// The main thread's part of growTo: wait until every worker runs, then malloc 1 MiB blocks (the workers meanwhile
// allocating and filling in the pages each growth adds) until memory is larger than growTo. Returns the bytes
// grown while no worker had finished, and a function that counts the blocks that are misaligned or lost their
// contents (called after the run).
async function growUnder(running, alloc, memory, sync, workers, growTo) {
  let failed = false;
  running.catch(() => { failed = true; });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  for (const deadline = Date.now() + 30000; Atomics.load(sync, 0) < workers;) {
    if (failed || Date.now() > deadline) throw new Error('the workers did not start');
    await tick();
  }
  const kBlock = 1 << 20, blocks = [];
  let whileRunning = 0, bad = 0;
  while (memory.buffer.byteLength <= growTo) {
    const before = memory.buffer.byteLength;
    const ptr = alloc(kBlock);
    if (ptr === 0 || ptr % 16 !== 0) { bad++; break; }
    new Uint8Array(memory.buffer, ptr, kBlock).fill(blocks.length % 251 + 1);
    blocks.push(ptr);
    if (Atomics.load(sync, 1) === 0) whileRunning += memory.buffer.byteLength - before;
  }
  const intact = (ptr, k) => new Uint8Array(memory.buffer, ptr, kBlock).every((b) => b === k % 251 + 1);
  return { whileRunning, failures: () => bad + blocks.filter((ptr, k) => !intact(ptr, k)).length };
}

// In a worker: instantiate the module over the shared memory, take the stack, run.
export function workerRun({ module, memory, stackTop, id, steps, sync }) {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  instance.exports.__stack_pointer.value = stackTop;
  Atomics.add(sync, 0, 1);
  const failures = instance.exports.run(id, steps);
  Atomics.add(sync, 1, 1);
  return { failures, ops: steps };
}

// The line both runners print.
export const summary = (r) =>
  `${r.workers} workers, ${r.ops} operations on one shared memory in ${r.ms} ms, ${r.pages} pages` +
  (r.grownWhileRunning ? ` (${(r.grownWhileRunning / (1 << 20)).toFixed(1)} MiB grown while every worker ran)` : '') +
  `, ${r.failures} failed checks`;
