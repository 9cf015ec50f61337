// `klaviyo-ts/testing` as a user gets it where msw is not installed (issue 12, item 7): the packed package,
// installed into a fresh project without msw, loads from CommonJS and from an ES module — also as Node 20.3–20.18
// do, which cannot require() an ES module (`--no-experimental-require-module`) — and `startMockServer` answers;
// `createKlaviyoMock` throws MswUnavailableError saying what to install; and the declarations compile without
// `skipLibCheck` under the strictest settings, with node16 and bundler resolution. Then, with this repository's
// msw: on those older Node versions `createKlaviyoMock` works from an ES module and says why it cannot from
// CommonJS. Run after `npm run build`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'klaviyo-ts-without-msw-'));
const failures = [];
const started = Date.now();

try {
  const tarball = join(
    dir,
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: repo, encoding: 'utf8' }).trim(),
  );
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], {
    cwd: app,
  });

  // The test means nothing if msw can be found from the app.
  const resolvesMsw = await node(app, [], "try { require.resolve('msw'); console.log('yes') } catch { console.log('no') }");
  if (resolvesMsw.stdout.trim() !== 'no') throw new Error(`msw is resolvable from ${app}: the check would prove nothing`);

  // A request to the mock, and createKlaviyoMock's error, in each module system.
  const probe = (load) => `
    const { startMockServer, createKlaviyoMock, MswUnavailableError } = ${load('klaviyo-ts/testing')};
    const { KlaviyoError } = ${load('klaviyo-ts')};
    const server = await startMockServer({ seed: 'demo', rateLimit: false });
    const response = await fetch(server.url + '/api/lists', {
      headers: { authorization: 'Klaviyo-API-Key pk_0123456789abcdef0123456789abcdef', revision: '2026-07-15' },
    });
    const lists = (await response.json()).data.length;
    await server.close();
    let error;
    try { createKlaviyoMock(); } catch (e) { error = e; }
    console.log(JSON.stringify({
      lists,
      error: error && { name: error.name, message: error.message, klaviyo: error instanceof KlaviyoError, own: error instanceof MswUnavailableError },
    }));`;
  const cjs = `(async () => {${probe((name) => `require('${name}')`)}})().catch((e) => { console.error(e); process.exit(1); });`;
  const esm = probe((name) => `await import('${name}')`);
  const loads = [
    ['CommonJS', [], cjs],
    ['ES module', ['--input-type=module'], esm],
    ['CommonJS as on Node 20.3–20.18', ['--no-experimental-require-module'], cjs],
    ['ES module as on Node 20.3–20.18', ['--no-experimental-require-module', '--input-type=module'], esm],
  ].map(async ([label, flags, code]) => {
    const run = await node(app, flags, code);
    if (run.status !== 0) return failures.push(`${label}: klaviyo-ts/testing fails without msw:\n${run.stderr}`);
    const { lists, error } = JSON.parse(run.stdout.trim().split('\n').pop());
    if (!(lists > 0)) failures.push(`${label}: startMockServer answered GET /api/lists with ${lists} lists`);
    const expected = {
      name: 'MswUnavailableError',
      message: 'createKlaviyoMock needs msw: npm i -D msw',
      klaviyo: true,
      own: true,
    };
    if (JSON.stringify(error) !== JSON.stringify(expected)) {
      failures.push(`${label}: createKlaviyoMock without msw threw ${JSON.stringify(error)}, not ${JSON.stringify(expected)}`);
    }
  });

  // The declarations, without skipLibCheck, as an ES module and a CommonJS file, with both resolutions.
  const consumer = `import { startMockServer, createKlaviyoMock, type KlaviyoMock, type StartMockServerOptions } from 'klaviyo-ts/testing';
import { Klaviyo } from 'klaviyo-ts';
declare const env: { PORT?: string };
export async function main(): Promise<KlaviyoMock['state']> {
  const options: StartMockServerOptions = { seed: 'demo', port: env.PORT ? Number(env.PORT) : undefined };
  const server = await startMockServer(options);
  const klaviyo = new Klaviyo({ apiKey: 'pk_0123456789abcdef0123456789abcdef', baseUrl: server.url });
  const first = (await klaviyo.lists.list()).data[0];
  console.log(first?.attributes.name, createKlaviyoMock().handlers.length);
  await server.close();
  return server.state;
}
`;
  writeFileSync(join(app, 'consumer.mts'), consumer);
  writeFileSync(join(app, 'consumer.cts'), consumer);
  const strictest = ['--strict', '--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess', '--skipLibCheck', 'false'];
  const types = ['--types', 'node', '--typeRoots', join(repo, 'node_modules/@types')];
  const compiles = [
    ['node16', ['--module', 'node16', '--moduleResolution', 'node16'], ['consumer.mts', 'consumer.cts']],
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler'], ['consumer.mts']],
  ].map(async ([label, resolution, files]) => {
    const run = await node(app, [tsc, '--noEmit', '--target', 'es2022', ...strictest, ...resolution, ...types, ...files]);
    if (run.status !== 0) failures.push(`tsc (${label}) without msw and without skipLibCheck:\n${run.stdout}${run.stderr}`);
  });

  // With msw (this repository's), as on Node 20.3–20.18: an ES module gets working handlers; CommonJS, a reason.
  const withMsw = `
    const { createKlaviyoMock } = await import(${JSON.stringify(join(repo, 'dist/testing.js'))});
    const { setupServer } = await import('msw/node');
    const mock = createKlaviyoMock({ seed: 'demo', rateLimit: false });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    const response = await fetch('https://a.klaviyo.com/api/lists', {
      headers: { authorization: 'Klaviyo-API-Key pk_0123456789abcdef0123456789abcdef', revision: '2026-07-15' },
    });
    server.close();
    console.log((await response.json()).data.length);`;
  const esmOld = node(repo, ['--no-experimental-require-module', '--input-type=module'], withMsw);
  const cjsOld = node(
    repo,
    ['--no-experimental-require-module'],
    `try { require('./dist/testing.cjs').createKlaviyoMock(); console.log('no error') } catch (e) { console.log(e.name + ': ' + e.message) }`,
  );
  await Promise.all([...loads, ...compiles]);
  const [esmWithMsw, cjsWithMsw] = await Promise.all([esmOld, cjsOld]);
  if (esmWithMsw.status !== 0 || !(Number(esmWithMsw.stdout.trim()) > 0)) {
    failures.push(
      `ES module as on Node 20.3–20.18, with msw: createKlaviyoMock's handlers did not answer\n${esmWithMsw.stdout}${esmWithMsw.stderr}`,
    );
  }
  if (!/^MswUnavailableError: .*Node 20\.19 or later/m.test(cjsWithMsw.stdout)) {
    failures.push(
      `CommonJS as on Node 20.3–20.18, with msw: expected MswUnavailableError naming Node 20.19, got ${cjsWithMsw.stdout}${cjsWithMsw.stderr}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(
  `klaviyo-ts/testing without msw: loads and serves from CJS and ESM (Node ≥ 20.19 and as on 20.3–20.18), types compile (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);

/** Runs node with `flags` in `cwd`, with `code` as `-e` when given; resolves to its status and output, never rejects. */
function node(cwd, flags, code) {
  const args = code === undefined ? flags : [...flags, '-e', code];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({
        status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout,
        stderr: stderr || (error?.message ?? ''),
      });
    });
  });
}
