/**
 * The CommonJS build's msw loader (tsup.config.ts puts it in place of msw-loader.ts there): `require('msw')`
 * when `createKlaviyoMock` is called, never before. From Node 20.19 that loads msw's ES build (its
 * "module-sync" condition), the one `require('msw/node')` loads too; on Node 20.3–20.18 msw cannot be
 * required at all (its CommonJS build requires the ESM-only package rettime), which createKlaviyoMock reports.
 */
import type { MswLoad, MswModule } from './msw-loader.js';

/** msw's module, or why it could not be loaded. */
export function loadMsw(): MswLoad {
  try {
    return { module: require('msw') as MswModule };
  } catch (error) {
    return { error };
  }
}
