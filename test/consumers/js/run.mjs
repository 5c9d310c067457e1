// Calling a libc-free wasmalloc module from JavaScript under Node (the browser runs the same checks:
// test/browser/consumer.html).
//   node run.mjs module.wasm
// The module imports nothing; its memory is its own (exports.memory). The checks (checks.mjs) are round trips
// through the module's shout(), a 4 MiB block, and growth past 64 MiB through malloc. Prints "js ok ..." and exits
// 0 when every check holds.
import { readFile } from 'node:fs/promises';
import { runChecks } from './checks.mjs';

const { instance } = await WebAssembly.instantiate(await readFile(process.argv[2]));
const failures = runChecks(instance.exports, { log: (line) => console.log(line) });
process.exitCode = failures ? 1 : 0;
