/**
 * Runs the smoke test on the runtime that executes this file (Node, Bun or Deno) against the built
 * package in dist/: `<runtime> test/runtimes/host.mjs <mock URL> <run name>`. Prints one JSON line.
 */
import * as main from '../../dist/index.js';
import * as core from '../../dist/core.js';
import * as operations from '../../dist/operations.js';
import { smoke } from './smoke.mjs';

const [baseUrl, runtime] = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
try {
  console.log(JSON.stringify(await smoke({ main, core, operations }, baseUrl, runtime)));
} catch (error) {
  console.log(JSON.stringify({ runtime, error: String(error?.stack ?? error) }));
  globalThis.Deno ? globalThis.Deno.exit(1) : globalThis.process.exit(1);
}
