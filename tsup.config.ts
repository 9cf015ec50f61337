import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

// createKlaviyoMock loads msw synchronously, which an ES module does with createRequire and, on Node before
// 20.19, a top-level import (src/testing/msw-loader.ts); CommonJS allows no top-level await, so its build
// takes the plain-require loader in that module's place.
const requireMswLoader = fileURLToPath(new URL('./src/testing/msw-loader.require.ts', import.meta.url));

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
  noExternal: ['ky', 'p-retry', 'is-network-error', 'bottleneck', 'fastest-levenshtein'],
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
      name: 'msw-loader-per-format',
      setup(build) {
        // The CJS build runs esbuild in ESM format too (for splitting); tsup names the real one in TSUP_FORMAT.
        if (build.initialOptions.define?.['TSUP_FORMAT'] !== '"cjs"') return;
        build.onResolve({ filter: /^\.\/msw-loader\.js$/ }, () => ({ path: requireMswLoader }));
      },
    },
  ],
});
