// Checks the package as users get it: the packed tarball passes publint and "are the types wrong",
// both module formats load, no ky or p-retry import or type leaks out of the bundle, and the declarations import
// no zod; and a process that loads both formats has one rate-limit quota per key and one error identity.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['--no-install', 'publint', '--strict']);
run('npx', ['--no-install', 'attw', '--pack', '.']);

const failures = [];
const entries = readdirSync('dist').filter((f) => /^(index|core|operations|testing|client)\.(c?js|d\.c?ts)$/.test(f));
for (const file of entries) {
  const text = readFileSync(`dist/${file}`, 'utf8');
  if (/(from\s+|require\()\s*["'](ky|p-retry)["']/.test(text)) failures.push(`dist/${file} imports ky or p-retry at run time`);
  if (file.includes('.d.') && /\b(KyInstance|HTTPError|KyResponse|pRetry|RetryContext)\b/.test(text)) {
    failures.push(`dist/${file} exposes a ky or p-retry type`);
  }
}

// The declarations name no zod type (an SDK schema is `ZodSchema`, src/core/validation.ts): importing one would
// make a consumer's tsc, without skipLibCheck, check all of zod's declarations (BENCHMARKS.md, target 7).
for (const file of readdirSync('dist').filter((f) => /\.d\.c?ts$/.test(f))) {
  if (/(from\s+|import\s+|import\()["']zod\b/.test(readFileSync(`dist/${file}`, 'utf8')))
    failures.push(`dist/${file} imports zod`);
}

const require = createRequire(import.meta.url);
for (const [entry, name] of [
  ['index', 'Klaviyo'],
  ['core', 'KlaviyoCore'],
  ['operations', 'getProfiles'],
  ['testing', 'startMockServer'],
  ['client', 'KlaviyoClient'],
]) {
  const cjs = require(`../dist/${entry}.cjs`);
  const esm = await import(`../dist/${entry}.js`);
  for (const [format, mod] of [
    ['cjs', cjs],
    ['esm', esm],
  ]) {
    if (typeof mod[name] !== 'function') failures.push(`${format} build of ${entry} has no ${name}`);
  }
  if (Object.keys(cjs).sort().join() !== Object.keys(esm).sort().join())
    failures.push(`cjs and esm builds of ${entry} export different names`);
}

// One process, both builds (a dependency `require`s the SDK, the app `import`s it): still one rate-limit quota
// per account, and `instanceof` holds for errors whichever build threw them (issue 12, item 8).
{
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    const found = request.url === '/api/lists';
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/vnd.api+json' });
    response.end(JSON.stringify(found ? { data: [] } : { errors: [{ status: 404, code: 'not_found', detail: 'No list.' }] }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const cjs = require('../dist/index.cjs');
  const esm = await import('../dist/index.js');
  const options = {
    apiKey: 'pk_checkpackage0123456789abcdef01',
    baseUrl,
    maxRetries: 0,
    logLevel: 'off',
    rateLimit: { burstWindowMs: 60_000, limits: { get_lists: { burst: 5, steady: 100 } } },
  };
  const fromCjs = new cjs.Klaviyo(options);
  const fromEsm = new esm.Klaviyo(options);
  // A resource method: its schemas are loaded on its first call, from the build's own chunks (an import in
  // ESM, a require in CommonJS).
  for (const [format, client] of [
    ['cjs', fromCjs],
    ['esm', fromEsm],
  ]) {
    const page = await client.lists.list().catch((error) => error);
    if (!Array.isArray(page?.data)) failures.push(`lists.list() of the ${format} build failed: ${page}`);
  }
  for (const [format, client] of [
    ['cjs', fromCjs],
    ['esm', fromEsm],
  ]) {
    const sent = client.rateLimit.stats().find((stats) => stats.bucket === 'get_lists')?.burst.sent;
    if (sent !== 2) failures.push(`the ${format} client counts ${sent} of the 2 requests both builds sent with one key`);
  }
  const errorOf = (client) => client.request({ method: 'GET', path: '/api/lists/nope' }).catch((error) => error);
  for (const [thrower, error, other] of [
    ['cjs', await errorOf(fromCjs), esm],
    ['esm', await errorOf(fromEsm), cjs],
  ]) {
    for (const name of ['KlaviyoError', 'KlaviyoApiError', 'NotFoundError']) {
      if (!(error instanceof other[name]))
        failures.push(`a NotFoundError from the ${thrower} build is not instanceof the other's ${name}`);
    }
    if (error instanceof other.RateLimitError)
      failures.push(`a NotFoundError from the ${thrower} build is instanceof RateLimitError`);
  }
  server.close();
}

// Importing the package and making a client loads no schema module, no zod and no ky (ky's module loads
// Node's fetch implementation): those wait for the first call (issue 10, cold start).
{
  const hooks = `export async function load(url, context, next) { if (/\\/node_modules\\/zod\\/|\\/node_modules\\/ky\\//.test(url)) process._rawDebug('LOADED ' + url); return next(url, context); }`;
  for (const [format, code] of [
    ['esm', `const m = await import('./dist/index.js'); new m.Klaviyo({ apiKey: 'pk_checkpackage0123456789abcdef01' });`],
    [
      'cjs',
      `const m = require('./dist/index.cjs'); new m.Klaviyo({ apiKey: 'pk_checkpackage0123456789abcdef01' }); const loaded = Object.keys(require.cache).filter((f) => /node_modules\\/zod\\/|distribution-/.test(f)); if (loaded.length) process._rawDebug('LOADED ' + loaded.join(' '));`,
    ],
  ]) {
    const args = ['--no-warnings', '--loader', `data:text/javascript,${encodeURIComponent(hooks)}`];
    const child = spawnSync(process.execPath, [...args, ...(format === 'esm' ? ['--input-type=module'] : []), '-e', code], {
      encoding: 'utf8',
    });
    if (child.status !== 0) failures.push(`importing the ${format} build failed: ${child.stderr}`);
    const loaded = child.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
    if (loaded.length) failures.push(`importing the ${format} build loads what the first call should: ${loaded.join(', ')}`);
  }
}

// An app bundling the built package keeps only what it imports, as it does bundling the sources: a namespace
// object built in a shared chunk (an entry reading operations by name) would keep every operation and its
// schemas in the bundle of an app that calls one. Attribute names only other categories' schemas hold, a type
// only another profiles operation's response holds (a schema is loaded from its own module in
// src/operations/schema-entries, not from its category's), and a path only another operation's table entry
// holds (the build ships each entry as a pure-marked `JSON.parse`).
{
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `import { KlaviyoCore } from 'klaviyo-ts/core'; import { getProfiles } from 'klaviyo-ts/operations';
        export default (apiKey) => getProfiles(new KlaviyoCore({ apiKey }), { pageSize: 100 });`,
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    tsconfigRaw: '{}', // the package as built, not the sources tsconfig.json's paths point at
    logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  for (const name of [
    'send_strategy',
    'conversion_metric_id',
    'editor_type',
    'profile-suppression-bulk-create-job',
    '/api/campaigns',
  ])
    if (text.includes(name)) failures.push(`a bundle of KlaviyoCore + getProfiles from dist/ holds ${name}`);
}

// klaviyo-ts/client shares its build's chunks with the other entries: its client is that build's KlaviyoCore and
// its classes are the ones klaviyo-ts exports; its errors are the SDK's for code that imported either build.
{
  const builds = {
    cjs: { index: require('../dist/index.cjs'), core: require('../dist/core.cjs'), client: require('../dist/client.cjs') },
    esm: {
      index: await import('../dist/index.js'),
      core: await import('../dist/core.js'),
      client: await import('../dist/client.js'),
    },
  };
  for (const [format, { index, core, client }] of Object.entries(builds)) {
    if (!(new client.KlaviyoClient({ companyId: 'AbC123' }) instanceof core.KlaviyoCore))
      failures.push(`a KlaviyoClient of the ${format} build is not instanceof its KlaviyoCore`);
    for (const name of ['KlaviyoError', 'KlaviyoApiError', 'ValidationError', 'RateLimitError'])
      if (client[name] !== index[name])
        failures.push(`the ${format} builds of klaviyo-ts/client and klaviyo-ts export two ${name} classes`);
    // An error prints as its class: `NotFoundError: 404 …`, not `_class6 [NotFoundError]` (CommonJS conversion).
    for (const [name, value] of Object.entries(index))
      if (typeof value === 'function' && value.prototype instanceof Error && value.name !== name)
        failures.push(`the ${format} build's ${name} class is named ${value.name}`);
    let refused;
    try {
      new client.KlaviyoClient({ companyId: 'pk_checkpackage0123456789abcdef01' });
    } catch (error) {
      refused = error;
    }
    for (const [other, { index: otherIndex }] of Object.entries(builds)) {
      if (!(refused instanceof otherIndex.ValidationError))
        failures.push(
          `a private key refused by the ${format} KlaviyoClient is not instanceof the ${other} build's ValidationError`,
        );
    }
  }
}

// webpack makes a chunk of every module loaded with import(), and copies small shared modules into each: each
// schema loader names the chunk of its category (webpackChunkName), so that webpack builds one chunk per
// category, not one per schema (383 files instead of 52 for KlaviyoCore + getProfiles). The build keeps those
// comments; every import() of a schema entry must still carry one.
for (const name of readdirSync('dist').filter((n) => /\.c?js$/.test(n))) {
  const text = readFileSync(join('dist', name), 'utf8');
  const loaders = text.match(/(?:import|require)\([^()]*?"\.\/[A-Z]\w*-\w+\.c?js"\)/g) ?? [];
  const unnamed = loaders.filter((call) => !call.includes('webpackChunkName: "klaviyo-ts-'));
  if (unnamed.length) failures.push(`dist/${name}: ${unnamed.length} of ${loaders.length} schema loaders name no webpack chunk`);
}

// The source maps name the package's sources (relative paths, with their text), never a path on the machine
// that built it (tsup's CommonJS conversion names its intermediate files so; tsup.config.ts drops them).
for (const name of readdirSync('dist').filter((n) => n.endsWith('.map'))) {
  const { sources } = JSON.parse(readFileSync(join('dist', name), 'utf8'));
  const absolute = sources.filter((source) => source === null || isAbsolute(source));
  if (absolute.length || sources.length === 0) failures.push(`dist/${name} maps to ${absolute[0] ?? 'no source'}`);
}

// An uncaught error from the SDK reads as it did before the build dropped comments (tsup.config.ts): Node prints
// the line it was thrown from (a line, not a whole chunk), frames name the SDK's functions, and with
// --enable-source-maps they point into src/ and still name them (terser's maps named async frames `async`).
const closedPort = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port)); // nothing listens there now: a connection is refused
  });
});
for (const [format, file] of [
  ['esm', 'index.js'],
  ['cjs', 'index.cjs'],
]) {
  const options = `{ apiKey: 'pk_checkpackage0123456789abcdef01', baseUrl: 'http://127.0.0.1:${closedPort}', maxRetries: 0 }`;
  const code = `import('./dist/${file}').then((m) => new m.Klaviyo(${options}).profiles.get('x'))`; // refused: ConnectionError
  for (const flags of [[], ['--enable-source-maps']]) {
    const { stderr } = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
    const how = `an uncaught error from the ${format} build${flags.length ? ' with source maps' : ''}`;
    if (!stderr.includes('ConnectionError')) failures.push(`${how} is not a ConnectionError:\n${stderr.slice(0, 1_000)}`);
    if (stderr.length > 5_000) failures.push(`${how} prints ${stderr.length} characters`);
    if (!/at (async )?send \(/.test(stderr) || !/at async job \(/.test(stderr))
      failures.push(`${how} does not name send and job:\n${stderr.slice(0, 1_000)}`);
    if (flags.length && !stderr.includes('src/core/transport.ts:')) failures.push(`${how} does not point into src/`);
  }
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`package checks passed (${entries.length} entry files checked)`);
