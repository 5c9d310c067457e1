// The page side of scripts/browser-run: a test page imports this module, logs lines and finishes once with pass
// or fail; both go to the runner's server (in order), and to the console. An uncaught error or rejected promise
// anywhere in the page fails the run. The first line names the browser and whether the page is cross-origin
// isolated (what SharedArrayBuffer and shared wasm memory need).
//   import { log, finish, skip, test } from '/test/browser/harness.mjs';
//   test(async () => { ...; return { ok, summary }; });   // or call log() and finish() yourself
let queue = Promise.resolve();
let finished = false;
const post = (path, body) => { queue = queue.then(() => fetch(path, { method: 'POST', body })).catch(() => {}); };

export function log(line) {
  console.log(line);
  post('/__browser-run/log', String(line));
}

export function finish(ok, summary = '', skipped = false) {
  if (finished) return;
  finished = true;
  post('/__browser-run/done', JSON.stringify({ ok: ok === true, summary: String(summary), skipped }));
}

// The test does not apply (the runner exits with 77, which scripts/test-browser counts as skipped).
export function skip(summary) { finish(false, summary, true); }

// Runs body (sync or async), which returns { ok, summary }; a throw fails the page with its stack.
export async function test(body) {
  try {
    const { ok, summary } = await body();
    finish(ok, summary);
  } catch (e) {
    log(`error: ${e && e.stack || e}`);
    finish(false, `error: ${e && e.message || e}`);
  }
}

// The query string's parameters, e.g. ?wasm=/build/browser/module.wasm
export const params = Object.fromEntries(new URLSearchParams(location.search));

addEventListener('error', (e) => {
  log(`uncaught error: ${e.message} (${e.filename}:${e.lineno})`);
  finish(false, 'uncaught error');
});
addEventListener('unhandledrejection', (e) => {
  log(`unhandled rejection: ${e.reason && e.reason.stack || e.reason}`);
  finish(false, 'unhandled rejection');
});

const brands = navigator.userAgentData
  ? (await navigator.userAgentData.getHighEntropyValues(['fullVersionList'])).fullVersionList
      .filter((b) => !/Not.A.Brand/i.test(b.brand)).map((b) => `${b.brand} ${b.version}`).join(', ')
  : navigator.userAgent;
log(`browser: ${brands}; crossOriginIsolated: ${self.crossOriginIsolated}`);
