// Calling a libc-free wasmalloc module from JavaScript (Node here; the same code runs in a browser with
// `await WebAssembly.instantiateStreaming(fetch('module.wasm'))`).
//   node run.mjs module.wasm
// The module imports nothing; its memory is its own (exports.memory). Prints "js ok ..." and exits 0 when every
// check holds.
import { readFile } from 'node:fs/promises';

const { instance } = await WebAssembly.instantiate(await readFile(process.argv[2]));
const { memory, malloc, free, shout } = instance.exports;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let failures = 0;
const check = (ok, what) => { if (!ok) { failures++; console.error(`FAILED: ${what}`); } };

// Copy a JavaScript string into a block of wasm memory; the caller frees it.
function toWasm(text) {
  const bytes = encoder.encode(text);
  const ptr = malloc(bytes.length);
  if (ptr === 0) throw new Error('out of wasm memory');
  // Make the view after malloc: when memory grows, earlier views of memory.buffer are detached (length 0).
  new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}
// Read a NUL-terminated string out of wasm memory.
function fromWasm(ptr) {
  const bytes = new Uint8Array(memory.buffer, ptr);
  return decoder.decode(bytes.subarray(0, bytes.indexOf(0)));
}

const pagesBefore = memory.buffer.byteLength / 65536;
for (let i = 0; i < 1000; i++) {
  const text = `hello from javascript, call ${i}`;
  const [ptr, len] = toWasm(text);
  const out = shout(ptr, len);
  check(out !== 0 && out % 16 === 0, `shout returned ${out}`);
  check(fromWasm(out) === text.toUpperCase(), `call ${i}: ${fromWasm(out)}`);
  free(ptr);
  free(out);
}
// A block bigger than the initial memory: malloc grows memory (and detaches the old buffer).
const oldBuffer = memory.buffer;
const big = malloc(4 << 20);
check(big !== 0 && big % 16 === 0, 'a 4 MiB block');
check(oldBuffer.byteLength === 0 && memory.buffer.byteLength >= 4 << 20, 'memory grew, the old view is detached');
new Uint8Array(memory.buffer, big, 4 << 20).fill(0xAB);
free(big);
const pagesAfter = memory.buffer.byteLength / 65536;
console.log(`js ${failures ? 'FAILED' : 'ok'}: 1000 calls and a 4 MiB block; memory ${pagesBefore} -> ${pagesAfter} pages`);
process.exitCode = failures ? 1 : 0;
