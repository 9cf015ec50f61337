/**
 * `npm run test:runtimes`: the same smoke test (test/runtimes/smoke.mjs) on Node, Bun, Deno and Cloudflare
 * Workers (workerd, through miniflare), each against the local mock, using the built package (dist/, built
 * first when missing or older than src/). Every runtime comes from the npm registry as a devDependency;
 * nothing is downloaded here. Workers get the smoke test bundled for a neutral platform with no
 * `nodejs_compat` flag, so a Node built-in, `process` or `Buffer` anywhere in the SDK fails the run.
 *
 * Ends with `N passed, N failed` and exits non-zero when any runtime failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const TIMEOUT_MS = 90_000;

await ensureBuilt();
const { startMockServer } = await import(join(root, 'dist/testing.js'));
const mock = await startMockServer();
const host = join(root, 'test/runtimes/host.mjs');

/** Each runtime: how to run the smoke test there, and how its User-Agent must name it. */
const runtimes = [
  { name: 'node', agent: /^klaviyo-ts\/\S+ node\/\d/, run: (url) => exec(process.execPath, [host, url, 'node']) },
  {
    name: 'bun',
    agent: /^klaviyo-ts\/\S+ bun\/\d/,
    run: (url) => exec(binary('@oven/bun-linux-x64', 'bin/bun'), [host, url, 'bun']),
  },
  {
    name: 'deno',
    agent: /^klaviyo-ts\/\S+ deno\/\d/,
    // No --allow-env: the SDK must not need the environment when given a key.
    run: (url) =>
      exec(binary('@deno/linux-x64-glibc', 'deno'), [
        'run',
        '--no-prompt',
        '--no-lock',
        '--allow-net=127.0.0.1',
        `--allow-read=${root}`,
        host,
        url,
        'deno',
      ]),
  },
  { name: 'workerd', agent: /^klaviyo-ts\/\S+ workerd$/, run: runWorker },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
try {
  for (const runtime of runtimes) {
    if (only.length > 0 && !only.includes(runtime.name)) continue;
    const started = performance.now();
    let problem;
    try {
      const result = await runtime.run(mock.url);
      if (result.error) problem = result.error;
      else if (!result.userAgents?.length || !result.userAgents.every((agent) => runtime.agent.test(agent))) {
        problem = `User-Agent ${JSON.stringify(result.userAgents)} does not name ${runtime.name} (expected ${runtime.agent})`;
      }
    } catch (error) {
      problem = String(error?.stack ?? error);
    }
    const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (problem) {
      failed++;
      console.log(`FAIL ${runtime.name} (${took})\n${indent(problem)}`);
    } else {
      passed++;
      console.log(`ok   ${runtime.name} (${took})`);
    }
  }
} finally {
  await mock.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

/** Builds dist/'s JavaScript (the runtimes need no .d.ts) when it is missing or older than any source file. */
async function ensureBuilt() {
  const built = join(root, 'dist/index.js');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return;
  console.log('dist/ is missing or older than src/: building it (tsup.config.ts, without declarations)');
  const { build } = await import('tsup');
  const cwd = process.cwd();
  process.chdir(root); // tsup reads its config from the working directory
  try {
    await build({ dts: false, silent: true });
  } finally {
    process.chdir(cwd);
  }
}

/** The path of a runtime binary shipped in an npm package. */
function binary(pkg, file) {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Runs a runtime on the host script; resolves to the JSON line it printed. */
function exec(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`exited ${signal ?? code} without a result\n${out}${err}`));
      }
    });
  });
}

/** Bundles the smoke test as a Worker for a neutral platform and runs it in workerd through miniflare. */
async function runWorker(url) {
  const esbuild = await import('esbuild');
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'test/runtimes/worker.mjs')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
  });
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0].text,
    compatibilityDate: '2025-07-01',
  });
  try {
    const response = await mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(url)}&runtime=workerd`);
    return await response.json();
  } finally {
    await mf.dispose();
  }
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `     ${line}`)
    .join('\n');
}
