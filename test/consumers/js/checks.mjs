// The checks of the JavaScript consumer (module.c: wasmalloc's malloc and free, no libc), written once for every
// JavaScript engine: Node runs them through run.mjs, a browser through test/browser/consumer.html. Plain
// JavaScript, no Node or DOM API: the caller instantiates the module and passes its exports.
//   const failures = runChecks(instance.exports, { log });   // log: one line of text; returns the failed checks

const kMiB = 1 << 20;
const kGrowPast = 64 * kMiB;  // the growth test allocates until memory is larger than this

export function runChecks({ memory, malloc, free, shout }, { log }) {
  let failures = 0;
  const check = (ok, what) => { if (!ok) { failures++; log(`FAILED: ${what}`); } return ok; };
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

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
  // One round trip through shout(): JavaScript string in, upper-cased copy out, both blocks freed.
  function roundTrip(text, what) {
    const [ptr, len] = toWasm(text);
    const out = shout(ptr, len);
    check(out !== 0 && out % 16 === 0, `${what}: shout returned ${out}`);
    check(fromWasm(out) === text.toUpperCase(), `${what}: ${fromWasm(out)}`);
    free(ptr);
    free(out);
  }

  const pagesBefore = memory.buffer.byteLength / 65536;
  for (let i = 0; i < 1000; i++) roundTrip(`hello from javascript, call ${i}`, `call ${i}`);

  // A block bigger than the initial memory: malloc grows memory (and detaches the old buffer).
  const oldBuffer = memory.buffer;
  const big = malloc(4 * kMiB);
  check(big !== 0 && big % 16 === 0, 'a 4 MiB block');
  check(oldBuffer.byteLength === 0 && memory.buffer.byteLength >= 4 * kMiB, 'memory grew, the old view is detached');
  new Uint8Array(memory.buffer, big, 4 * kMiB).fill(0xAB);
  free(big);

  // Growth past 64 MiB through malloc alone: blocks of mixed sizes (many small, some of 1..3 MiB), each filled
  // with its own pattern through a view made after its malloc, then checked byte for byte after all the growth;
  // every block 16-byte aligned, inside memory, overlapping none. A view made before growth is detached, and the
  // bytes it wrote read back the same through the grown memory.
  let seed = 0x2545F491;
  const random = (n) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
  const pattern = (i) => (i * 37 + 11) & 0xFF || 1;
  const blocks = [];  // [ptr, size, serial]: the serial number picks the block's pattern
  let serial = 0;
  const add = (size) => {
    const ptr = malloc(size);
    if (!check(ptr !== 0, `malloc(${size}) with ${memory.buffer.byteLength / kMiB} MiB of memory`)) return false;
    check(ptr % 16 === 0, `block ${blocks.length} at ${ptr} is not 16-byte aligned`);
    check(ptr + size <= memory.buffer.byteLength, `block ${blocks.length} [${ptr}, +${size}) is outside memory`);
    new Uint8Array(memory.buffer, ptr, size).fill(pattern(++serial));
    blocks.push([ptr, size, serial]);
    return true;
  };
  const intact = ([ptr, size, index]) => {
    const bytes = new Uint8Array(memory.buffer, ptr, size);
    const want = pattern(index);
    for (let j = 0; j < size; j++) if (bytes[j] !== want) return false;
    return true;
  };
  const sizeOf = (i) => (i % 8 === 7 ? kMiB + random(2 * kMiB) : 16 + random(8000));
  add(sizeOf(0));
  const early = new Uint8Array(memory.buffer, blocks[0][0], blocks[0][1]);  // made before the growth below
  while (memory.buffer.byteLength <= kGrowPast + 8 * kMiB) if (!add(sizeOf(blocks.length))) break;
  const grownTo = memory.buffer.byteLength, grownBlocks = blocks.length;
  check(grownTo > kGrowPast, `memory grew to ${grownTo / kMiB} MiB only`);
  check(early.byteLength === 0, 'a view made before growth is detached');
  const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    const [[a, size], [b]] = [sorted[i - 1], sorted[i]];
    check(a + size <= b, `blocks at ${a} and ${b} overlap`);
  }
  let broken = blocks.filter((b) => !intact(b)).length;
  check(broken === 0, `${broken} of ${blocks.length} blocks lost their contents after growth`);
  // The module's own code reads a block above 64 MiB: text written there, shout() returns it upper-cased.
  const high = blocks.find(([ptr, size]) => ptr > kGrowPast && size >= 64);
  if (check(high !== undefined, 'no block above 64 MiB')) {
    const text = `written at ${high[0]}, above 64 MiB`, bytes = encoder.encode(text);
    new Uint8Array(memory.buffer, high[0], bytes.length).set(bytes);
    const out = shout(high[0], bytes.length);
    check(out !== 0 && fromWasm(out) === text.toUpperCase(), `shout at ${high[0]}: ${out && fromWasm(out)}`);
    free(out);
    new Uint8Array(memory.buffer, high[0], high[1]).fill(pattern(high[2]));
  }
  // Free every other block, allocate as many again (reusing the holes), and check every block again.
  const kept = blocks.filter((_, i) => i % 2 === 0);
  blocks.filter((_, i) => i % 2 === 1).forEach(([ptr]) => free(ptr));
  blocks.length = 0;
  blocks.push(...kept);
  const again = kept.length;
  for (let i = 0; i < again; i++) if (!add(sizeOf(i))) break;
  broken = blocks.filter((b) => !intact(b)).length;
  check(broken === 0, `${broken} of ${blocks.length} blocks lost their contents after frees and reuse`);
  blocks.forEach(([ptr]) => free(ptr));

  const pagesAfter = memory.buffer.byteLength / 65536;
  log(`js ${failures ? 'FAILED' : 'ok'}: 1000 calls, a 4 MiB block, growth to ${grownTo / kMiB} MiB ` +
      `(${grownBlocks} blocks, shout() at ${high && high[0]}); memory ${pagesBefore} -> ${pagesAfter} pages`);
  return failures;
}
