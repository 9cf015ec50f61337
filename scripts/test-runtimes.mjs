/**
 * `npm run test:runtimes`: the same smoke test (test/runtimes/smoke.mjs) on Node, Bun, Deno and Cloudflare
 * Workers (workerd, through miniflare), each against the local mock, using the built package (dist/, built
 * first when missing or older than src/). Every runtime comes from the npm registry as a devDependency;
 * nothing is downloaded here. Workers get the smoke test bundled for a neutral platform with no
 * `nodejs_compat` flag, so a Node built-in, `process` or `Buffer` anywhere in the SDK fails the run. The client
 * API (`klaviyo-ts/client`) runs there too, bundled for browsers, and must reach the mock with `company_id` and
 * no Authorization header.
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
  // klaviyo-ts/client as a browser gets it (esbuild, platform browser) in workerd: a runtime with web APIs only.
  { name: 'client-browser-bundle', agent: /^klaviyo-ts\/\S+ workerd$/, run: runClientWorker },
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

/**
 * The client API's smoke test (test/runtimes/client-worker.mjs) bundled for browsers and run in workerd, against
 * the mock through a recording proxy: every request must reach the wire with `company_id` and no Authorization,
 * and the mock must have accepted each operation.
 */
async function runClientWorker(url) {
  const esbuild = await import('esbuild');
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'test/runtimes/client-worker.mjs')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser', // a Node built-in anywhere in klaviyo-ts/client fails the build
    logLevel: 'silent',
  });
  // The list a sign-up form subscribes to, made by the server side (the client API cannot create lists).
  const { Klaviyo } = await import(join(root, 'dist/index.js'));
  const server = new Klaviyo({ apiKey: 'pk_runtime_client_smoke_0123456789', baseUrl: url, logLevel: 'off' });
  const { data: list } = await server.lists.create({ name: `Client runtime smoke ${Date.now()}` });
  const { wire, proxyUrl, close } = await recordingProxy(url);
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0].text, compatibilityDate: '2025-07-01' });
  const logged = mock.state.requests.length;
  try {
    const response = await mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(proxyUrl)}&list=${list.id}`);
    const result = await response.json();
    if (result.error) return result;
    const problems = [];
    const sent = wire.map((request) => `${request.method} ${request.url.pathname}`);
    const expected = ['POST /client/events', 'POST /client/profiles', 'POST /client/subscriptions'];
    if (sent.join() !== expected.join()) problems.push(`sent ${JSON.stringify(sent)}, expected ${JSON.stringify(expected)}`);
    for (const request of wire) {
      const companyIds = request.url.searchParams.getAll('company_id');
      if (companyIds.join() !== 'AbC123')
        problems.push(`${request.url.pathname} carried company_id ${JSON.stringify(companyIds)}`);
      if ('authorization' in request.headers) problems.push(`${request.url.pathname} carried an Authorization header`);
    }
    const answered = mock.state.requests.slice(logged).map((entry) => `${entry.operationId} ${entry.status}`);
    const accepted = ['create_client_event 202', 'create_client_profile 202', 'create_client_subscription 202'];
    if (answered.join() !== accepted.join()) problems.push(`the mock answered ${JSON.stringify(answered)}`);
    const members = (await server.lists.profiles(list.id).toArray()).map((profile) => profile.attributes.email);
    if (!members.includes('sarah.mason@klaviyo-demo.com')) problems.push(`the list's members are ${JSON.stringify(members)}`);
    if (problems.length) return { error: problems.join('\n') };
    return { ...result, userAgents: [...new Set(wire.map((request) => request.headers['user-agent']))] };
  } finally {
    await mf.dispose();
    await close();
  }
}

/** A loopback HTTP proxy to `target` that keeps each request's method, URL and headers as they came off the wire. */
async function recordingProxy(target) {
  const { createServer } = await import('node:http');
  const wire = [];
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const url = new URL(request.url, target);
    wire.push({ method: request.method, url, headers: request.headers });
    const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !hopByHop.has(name)));
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(url, { method: request.method, headers, body });
    response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !hopByHop.has(name))));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${server.address().port}`;
  return { wire, proxyUrl, close: () => new Promise((resolve) => server.close(resolve)) };
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `     ${line}`)
    .join('\n');
}
