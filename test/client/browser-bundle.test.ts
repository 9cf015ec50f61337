/**
 * `klaviyo-ts/client` in a browser: bundled by esbuild for `platform: 'browser'` from user code that imports it
 * by its name, it pulls in no Node built-in module and names no Node global (`process`, `Buffer`, …), and the
 * bundle loads, constructs and sends in a realm that has only the web platform's globals. Prints the
 * minified+gzip size (BENCHMARKS.md, "Bundles").
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** What a storefront's script does with the package. */
const userCode = `export { KlaviyoClient, KlaviyoApiError, ValidationError } from 'klaviyo-ts/client';`;

/** Node's globals, each replaced by a marker wherever the bundle names it free (esbuild `define`). */
const NODE_GLOBALS = ['process', 'Buffer', 'global', '__dirname', '__filename', 'setImmediate', 'clearImmediate'];
const marker = (name: string) => `__node_global_${name}__`;
const nodeBuiltins = new Set(builtinModules);

interface Bundle {
  text: string;
  metafile: Metafile;
  /** Node built-in modules imported, as `module (from file)`. */
  builtinImports: string[];
}

/** Bundles `userCode` for browsers, `klaviyo-ts/client` resolved to the sources as a user's bundler finds the package. */
async function bundleForBrowsers(options: Pick<BuildOptions, 'format' | 'globalName' | 'minify'>): Promise<Bundle> {
  const builtinImports: string[] = [];
  const result = await build({
    stdin: { contents: userCode, resolveDir: root, loader: 'ts' },
    alias: { 'klaviyo-ts/client': './src/client-api.ts' },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    define: Object.fromEntries(NODE_GLOBALS.map((name) => [name, marker(name)])),
    plugins: [
      {
        name: 'record-node-builtins',
        setup(b) {
          b.onResolve({ filter: /.*/ }, ({ path, importer }) => {
            const name = path.replace(/^node:/, '').split('/')[0]!;
            if (!path.startsWith('node:') && !nodeBuiltins.has(name)) return undefined;
            builtinImports.push(`${path} (from ${importer.replace(root, '')})`);
            return { path, external: true };
          });
        },
      },
    ],
    ...options,
  });
  return { text: result.outputFiles[0]!.text, metafile: result.metafile, builtinImports };
}

let esm: Bundle;
let script: Bundle;
beforeAll(async () => {
  [esm, script] = await Promise.all([
    bundleForBrowsers({ format: 'esm', minify: true }),
    bundleForBrowsers({ format: 'iife', globalName: 'klaviyoClientBundle', minify: false }),
  ]);
}, 60_000);

describe('klaviyo-ts/client bundled for browsers', () => {
  it('imports no Node built-in module', () => {
    expect(esm.builtinImports).toEqual([]);
  });

  it('names no Node global (process, Buffer, global, __dirname, setImmediate…) and no require()', () => {
    // A name read only once `typeof` found it (bottleneck's UMD build looks for `global` so:
    // `typeof global<"u"?global:…`) cannot throw.
    const guarded = (name: string) => new RegExp(`typeof ${marker(name)}(?:<"u"\\?${marker(name)})?`, 'g');
    const named = NODE_GLOBALS.filter((name) => esm.text.replace(guarded(name), '').includes(marker(name)));
    expect(named, `the bundle names ${named.join(', ')}`).toEqual([]);
    // esbuild turns a require() it cannot resolve at build time into its __require shim, which throws in browsers.
    expect(esm.text).not.toMatch(/Dynamic require of/);
  });

  it('holds none of the server client: no private-key resources, no mock, no CLI', () => {
    const inputs = Object.keys(esm.metafile.inputs);
    const server = inputs.filter((file) =>
      /^src\/(index\.ts|klaviyo\.ts|cli\/|testing\/|webhooks|resources\/(?!resource\.ts|attributes\.ts|generated\/client\.ts))/.test(
        file,
      ),
    );
    expect(server).toEqual([]);
    expect(inputs).toContain('src/resources/generated/client.ts');
  });

  it('reports its size, minified and gzipped', () => {
    const gzip = gzipSync(esm.text, { level: 9 }).length;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.info(`klaviyo-ts/client for browsers: ${kb(esm.text.length)} minified, ${kb(gzip)} min+gzip`);
    // A ceiling that catches the server client (or a second copy of zod) leaking in, not a target: see BENCHMARKS.md.
    expect(gzip).toBeLessThan(300 * 1024);
  });

  it('loads, constructs and sends where only the web platform’s globals exist', async () => {
    const sent: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
    // A browser's globals, and none of Node's: a free `process` or `Buffer` throws ReferenceError here.
    const browser = createContext({
      fetch: async (input: Request) => {
        sent.push({
          url: input.url,
          method: input.method,
          headers: Object.fromEntries(input.headers),
          body: JSON.parse(await input.text()),
        });
        return new Response(null, { status: 202 });
      },
      ...pick(globalThis, [
        'Request',
        'Response',
        'Headers',
        'FormData',
        'Blob',
        'URL',
        'URLSearchParams',
        'AbortController',
        'AbortSignal',
        'TextEncoder',
        'TextDecoder',
        'crypto',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'structuredClone',
        'ReadableStream',
        'WritableStream',
        'TransformStream',
        'DOMException',
        'Event',
        'EventTarget',
        'performance',
        'atob',
        'btoa',
        'console',
      ]),
      navigator: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    });
    expect(runInContext('typeof process + typeof Buffer + typeof require', browser)).toBe('undefinedundefinedundefined');
    runInContext(script.text, browser);
    const { KlaviyoClient } = runInContext('klaviyoClientBundle', browser) as typeof import('../../src/client-api.js');

    const klaviyo = new KlaviyoClient({ companyId: 'AbC123', maxRetries: 0 });
    await klaviyo.events.create({
      metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
      profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
      properties: { ProductName: 'Winnie the Pooh' },
    });

    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request!.method).toBe('POST');
    expect(new URL(request!.url).pathname).toBe('/client/events');
    expect(new URL(request!.url).searchParams.get('company_id')).toBe('AbC123');
    expect(request!.headers).not.toHaveProperty('authorization');
    expect(request!.headers['user-agent']).toMatch(/^klaviyo-ts\/\S+ unknown$/);
    expect(request!.body).toMatchObject({
      data: { type: 'event', attributes: { properties: { ProductName: 'Winnie the Pooh' } } },
    });
  });
});

function pick(source: object, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, (source as Record<string, unknown>)[name]]));
}
