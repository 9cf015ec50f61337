import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    core: 'src/core.ts',
    operations: 'src/operations/index.ts',
    testing: 'src/testing/index.ts',
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
  noExternal: ['ky', 'p-retry', 'is-network-error'],
});
