import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { minify } from 'terser';
import { defineConfig } from 'tsup';

// createKlaviyoMock loads msw synchronously, which an ES module does with createRequire and, on Node before
// 20.19, a top-level import (src/testing/msw-loader.ts); CommonJS allows no top-level await, so its build
// takes the plain-require loader in that module's place.
const requireMswLoader = fileURLToPath(new URL('./src/testing/msw-loader.require.ts', import.meta.url));

/** One line of the generated operation table: `export const get_profiles = {…} as const satisfies OperationSpec;`. */
const OPERATION_ENTRY = /^export const (\w+) = (\{.*\}) as const satisfies OperationSpec;$/gm;

/**
 * Every `.js` and `.cjs` file in `dir` without its comments, its source map carried through (with the sources'
 * text, so a stack trace can show the original line where `src/` is not installed).
 *
 * The maps keep only the package's sources. tsup's CommonJS conversion maps its own prelude (`"use strict"`,
 * `require` lines) to the intermediate file it converted, by that file's absolute path on the build machine,
 * without its text: those segments are dropped. A file left mapping nothing (the chunks of
 * src/operations/schema-entries, one re-export each) ships without a map.
 */
async function stripComments(dir: string): Promise<void> {
  const files = (await readdir(dir)).filter((name) => /\.c?js$/.test(name));
  await Promise.all(
    files.map(async (name) => {
      const path = join(dir, name);
      // tsup writes every file with its map; one without is this step's output of an earlier build (`--no-clean`).
      const map = await readFile(`${path}.map`, 'utf8').catch(() => undefined);
      if (map === undefined) return;
      const code = await readFile(path, 'utf8');
      const result = await minify(
        { [name]: code },
        {
          module: name.endsWith('.js'),
          compress: false,
          mangle: false,
          sourceMap: { content: map, url: `${name}.map`, includeSources: true, asObject: true },
          // One statement per line, as esbuild wrote them: Node prints the line an uncaught error was thrown
          // from, which for a one-line chunk is the whole chunk. The schema loaders' webpackChunkName comments
          // stay (scripts/generate-api.ts says why).
          format: { beautify: true, indent_level: 2, comments: /webpackChunkName/, preserve_annotations: true, ascii_only: true },
        },
      );
      const composed = result.map as Exclude<typeof result.map, string | undefined>;
      const kept = composed.sources.flatMap((source, index) => (source === null || isAbsolute(source) ? [] : [index]));
      if (kept.length === 0) {
        const unmapped = result.code!.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
        return Promise.all([writeFile(path, unmapped), rm(`${path}.map`)]);
      }
      // Terser's map names the token where each function starts (`async`), and `node --enable-source-maps`
      // prints that as the function's name. Nothing is renamed, so without names Node prints the real ones.
      const segments = decode(composed.mappings).map((line) =>
        line.map((s): SourceMapSegment => {
          const source = s.length >= 4 ? kept.indexOf(s[1]!) : -1;
          return source === -1 ? [s[0]] : [s[0], source, s[2]!, s[3]!];
        }),
      );
      const cleaned = {
        ...composed,
        sources: kept.map((i) => composed.sources[i]!),
        sourcesContent: kept.map((i) => composed.sourcesContent?.[i] ?? null),
        mappings: encode(segments),
        names: [],
      };
      await Promise.all([writeFile(path, result.code!), writeFile(`${path}.map`, JSON.stringify(cleaned))]);
    }),
  );
}

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    core: 'src/core.ts',
    operations: 'src/operations/index.ts',
    testing: 'src/testing/index.ts',
    client: 'src/client-api.ts', // the client API (/client/*) for browsers: no Node built-in
    cli: 'src/cli/main.ts', // the `klaviyo` bin; no other entry imports it
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // The entries share the core and the generated schemas: one chunk each, in CJS as in ESM, so a class
  // loaded through two entries is one class (instanceof holds across them).
  splitting: true,
  target: 'node20',
  // ky and p-retry ship as ESM only: bundling them lets `require('klaviyo-ts')` work, and keeps their
  // types out of ours.
  noExternal: ['ky', 'p-retry', 'is-network-error', 'bottleneck', 'fastest-levenshtein', '@noble/hashes'],
  // Every cold start compiles the chunks the main entry imports, and their comments (the TSDoc the declarations
  // keep) made whole chunks two-byte strings with their `·` and `→` (BENCHMARKS.md, finding 13). Terser drops the
  // comments only: names, lines and `@__PURE__` annotations stay (an app's bundler needs those to leave out the
  // schemas it never calls; esbuild's whitespace minifier drops them). It runs on the files as written, CommonJS
  // conversion included, taking their source maps in: before that conversion, it left the CommonJS maps wrong.
  onSuccess: () => stripComments(fileURLToPath(new URL('./dist/', import.meta.url))),
  plugins: [
    {
      // zod's English messages are one file (src/core/validation.ts), and zod's `./v4/locales/*` export maps
      // `require` to that same ESM file, which Node before 20.19 cannot require: CommonJS names its twin.
      name: 'zod-english-per-format',
      renderChunk(code) {
        if (this.format !== 'cjs' || !code.includes('"zod/v4/locales/en.js"')) return;
        return { code: code.replaceAll('"zod/v4/locales/en.js"', '"zod/v4/locales/en.cjs"') };
      },
    },
  ],
  esbuildPlugins: [
    {
      // The operation table is 345 object literals, evaluated when the package loads. V8 parses the same data
      // as JSON text faster than as JavaScript (https://v8.dev/blog/cost-of-javascript-2019#json), so each
      // entry ships as `JSON.parse('…')`, marked pure so that a bundler still drops the entries an app never
      // calls. The source keeps the literals, for their types.
      name: 'operation-table-as-json',
      setup(build) {
        build.onLoad({ filter: /[\\/]core[\\/]operations\.generated\.ts$/ }, async ({ path }) => {
          const source = await readFile(path, 'utf8');
          let entries = 0;
          const contents = source.replace(OPERATION_ENTRY, (_, name: string, json: string) => {
            entries += 1;
            // Parsed here, so that an entry that is not JSON fails the build rather than the package's import.
            return `export const ${name} = /* @__PURE__ */ JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(json)))});`;
          });
          const ids = /^export const operations = \{\n([^}]*)\}/m.exec(source)?.[1]?.trim().split('\n').length;
          if (!entries || entries !== ids) {
            throw new Error(`operation-table-as-json: rewrote ${entries} entries of ${ids}; did the generator's format change?`);
          }
          return { contents, loader: 'ts' };
        });
      },
    },
    {
      name: 'msw-loader-per-format',
      setup(build) {
        // The CJS build runs esbuild in ESM format too (for splitting); tsup names the real one in TSUP_FORMAT.
        if (build.initialOptions.define?.['TSUP_FORMAT'] !== '"cjs"') return;
        build.onResolve({ filter: /^\.\/msw-loader\.js$/ }, () => ({ path: requireMswLoader }));
      },
    },
  ],
});
