import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by its name, as users do; tests run them against the sources.
    alias: {
      'klaviyo-ts/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      'klaviyo-ts/core': fileURLToPath(new URL('./src/core.ts', import.meta.url)),
      'klaviyo-ts/client': fileURLToPath(new URL('./src/client-api.ts', import.meta.url)),
      'klaviyo-ts/operations': fileURLToPath(new URL('./src/operations/index.ts', import.meta.url)),
      'klaviyo-ts': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
