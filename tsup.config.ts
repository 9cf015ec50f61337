import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // The testing entry shares the generated schemas with the main one: one chunk, in CJS as in ESM.
  splitting: true,
  target: 'node20',
  // ky and p-retry ship as ESM only: bundling them lets `require('klaviyo-ts')` work, and keeps their
  // types out of ours.
  noExternal: ['ky', 'p-retry', 'is-network-error'],
});
