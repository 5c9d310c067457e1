// Run a WASI command module under Node's node:wasi (V8): the second engine for the wasm tests.
//   node scripts/noderun.mjs module.wasm [args...]     (WASMRUN_DIRS=HOST[::GUEST],... preopens directories)
// What the module writes to fd 1 and 2 goes through a plain JavaScript fd_write (importsWithJsOutput, which
// bench/node_bench.mjs uses too): with node:wasi's native fd_write, Node 20 crashed on modules that had grown
// memory a lot (a garbage collection inside the native call destroyed a WASI object).
import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { WASI } from 'node:wasi';

const ERRNO_IO = 29;  // WASI preview1 __WASI_ERRNO_IO

// The import object for a module run by `wasi`, with fd_write in JavaScript for fds 1 and 2: sink(fd, bytes)
// gets each iovec's bytes (a view into the module's memory, valid during the call). Other descriptors keep
// node:wasi's own fd_write. memory() returns the instance's memory (known once it is instantiated).
export function importsWithJsOutput(wasi, memory, sink) {
  const native = wasi.wasiImport;
  const fd_write = (fd, iovs, count, nwritten) => {
    if (fd !== 1 && fd !== 2) return native.fd_write(fd, iovs, count, nwritten);
    const { buffer } = memory();
    const view = new DataView(buffer);
    let total = 0;
    try {
      for (let i = 0; i < count; i++) {
        const ptr = view.getUint32(iovs + 8 * i, true);
        const len = view.getUint32(iovs + 8 * i + 4, true);
        if (len) sink(fd, new Uint8Array(buffer, ptr, len));
        total += len;
      }
    } catch {
      return ERRNO_IO;
    }
    view.setUint32(nwritten, total, true);
    return 0;
  };
  return { wasi_snapshot_preview1: { ...native, fd_write } };
}

// A sink that writes to this process's own descriptor (retrying while a non-blocking pipe is full).
export function writeAll(fd, bytes) {
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

async function main() {
  const [path, ...args] = process.argv.slice(2);
  const preopens = {};
  for (const d of (process.env.WASMRUN_DIRS || '').split(',').filter(Boolean)) {
    const [host, guest] = d.split('::');
    preopens[guest || host] = host;
  }
  const wasi = new WASI({ version: 'preview1', args: [path, ...args], env: process.env, preopens,
                          returnOnExit: true });
  const module = await WebAssembly.compile(await readFile(path));
  let instance;
  instance = await WebAssembly.instantiate(module, importsWithJsOutput(wasi, () => instance.exports.memory, writeAll));
  process.exitCode = wasi.start(instance);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
