// Run a WASI command module under Node's node:wasi (V8): the second engine for the wasm tests.
//   node scripts/noderun.mjs module.wasm [args...]     (WASMRUN_DIRS=HOST[::GUEST],... preopens directories)
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [path, ...args] = process.argv.slice(2);
const preopens = {};
for (const d of (process.env.WASMRUN_DIRS || '').split(',').filter(Boolean)) {
  const [host, guest] = d.split('::');
  preopens[guest || host] = host;
}
const wasi = new WASI({ version: 'preview1', args: [path, ...args], env: process.env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
