// A Web Worker of test/browser/threads.html: runs test/threads/pool.mjs's workerRun on the data it is sent (the
// compiled module and the shared memory) and posts the result back, or the error.
import { workerRun } from '/test/threads/pool.mjs';

onmessage = (e) => {
  try {
    postMessage(workerRun(e.data));
  } catch (error) {
    postMessage({ error: String(error && error.stack || error) });
  }
};
