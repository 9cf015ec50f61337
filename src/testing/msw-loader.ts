/**
 * Loads msw for `createKlaviyoMock`, and only for it: the rest of `klaviyo-ts/testing` (`startMockServer`,
 * the state, the filters) works where msw is not installed. This is the ES module build's loader; the
 * CommonJS build gets msw-loader.require.ts in its place (tsup.config.ts).
 *
 * `createKlaviyoMock` is synchronous, so msw is loaded with `require()`. From Node 20.19 `require()` loads ES
 * modules, and msw's "module-sync" export condition then hands over its ES build: the very module the test's
 * own `import { setupServer } from 'msw/node'` loaded. Node 20.3–20.18 cannot: there msw's CommonJS build fails
 * (it requires the ESM-only package rettime), so this module imports msw's ES build when it loads, when msw
 * is installed.
 */
import { createRequire } from 'node:module';
import type * as msw from 'msw';

/** The parts of msw's module the adapter uses. */
export type MswModule = Pick<typeof msw, 'http' | 'HttpResponse'>;

/** msw's module, or the error loading it threw. */
export type MswLoad = { module: MswModule; error?: never } | { module?: never; error: unknown };

const canRequireEsm = process.features.require_module === true;

// Only on Node 20.3–20.18; a missing or broken msw is reported when createKlaviyoMock is called, not here.
const preloaded: MswLoad | undefined = canRequireEsm
  ? undefined
  : await import('msw').then(
      (module: MswModule): MswLoad => ({ module }),
      (error: unknown): MswLoad => ({ error }),
    );

/** msw's module, or why it could not be loaded. */
export function loadMsw(): MswLoad {
  if (preloaded) return preloaded;
  try {
    return { module: createRequire(import.meta.url)('msw') as MswModule };
  } catch (error) {
    return { error };
  }
}
