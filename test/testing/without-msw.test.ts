/**
 * msw is an optional peer dependency: only `createKlaviyoMock` needs it, and says so when it cannot have it.
 * The packed package is checked for real without msw by scripts/check-testing-without-msw.mjs (after the build).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { KlaviyoError } from '../../src/core/errors.js';

const loaded = vi.hoisted(() => ({ error: undefined as unknown }));
vi.mock('../../src/testing/msw-loader.js', async (original) => {
  const actual = await original<typeof import('../../src/testing/msw-loader.js')>();
  return { ...actual, loadMsw: () => (loaded.error === undefined ? actual.loadMsw() : { error: loaded.error }) };
});
const { createKlaviyoMock, MswUnavailableError, startMockServer } = await import('../../src/testing/index.js');

const failing = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('klaviyo-ts/testing without msw', () => {
  it('createKlaviyoMock says to install msw when it is not installed', () => {
    for (const error of [
      failing('MODULE_NOT_FOUND', "Cannot find module 'msw'\nRequire stack:\n- /app/node_modules/klaviyo-ts/dist/testing.cjs"),
      failing('ERR_MODULE_NOT_FOUND', "Cannot find package 'msw' imported from /app/node_modules/klaviyo-ts/dist/testing.js"),
    ]) {
      loaded.error = error;
      const thrown = catchError(() => createKlaviyoMock());
      expect(thrown).toBeInstanceOf(MswUnavailableError);
      expect(thrown).toBeInstanceOf(KlaviyoError);
      expect(thrown).toMatchObject({
        name: 'MswUnavailableError',
        message: 'createKlaviyoMock needs msw: npm i -D msw',
        cause: error,
      });
    }
    loaded.error = undefined;
  });

  it('from CommonJS on Node before 20.19, createKlaviyoMock says msw cannot be required there, and what to do', () => {
    loaded.error = failing('ERR_REQUIRE_ESM', 'require() of ES Module /app/node_modules/rettime/build/index.mjs not supported.');
    const thrown = catchError(() => createKlaviyoMock());
    loaded.error = undefined;
    expect(thrown).toBeInstanceOf(MswUnavailableError);
    expect((thrown as Error).message).toBe(
      'createKlaviyoMock cannot load msw from CommonJS on this Node version: msw needs require() of ES modules ' +
        '(Node 20.19 or later). Upgrade Node, import klaviyo-ts/testing from an ES module, or use startMockServer.',
    );
  });

  it('a dependency of msw missing is not mistaken for msw itself', () => {
    loaded.error = failing('MODULE_NOT_FOUND', "Cannot find module 'rettime'");
    const thrown = catchError(() => createKlaviyoMock());
    loaded.error = undefined;
    expect((thrown as Error).message).toBe("createKlaviyoMock could not load msw: Error: Cannot find module 'rettime'");
  });

  it('with msw installed, createKlaviyoMock loads it when called', () => {
    expect(createKlaviyoMock({ rateLimit: false }).handlers).toHaveLength(1);
  });

  it('no module of klaviyo-ts/testing imports msw when it loads, but the loader createKlaviyoMock calls', () => {
    const root = fileURLToPath(new URL('../../src/testing/index.ts', import.meta.url));
    const importers = modulesFrom(root).filter((file) =>
      /^\s*(import|export)\s(?!type\s)[^;]*?from\s+['"]msw(\/[^'"]*)?['"]/m.test(readFileSync(file, 'utf8')),
    );
    expect(importers).toEqual([]);
    const loaders = modulesFrom(root).filter((file) => /['"]msw['"]\)/.test(readFileSync(file, 'utf8')));
    expect(loaders.map((file) => file.slice(file.lastIndexOf('/') + 1))).toEqual(['msw-loader.ts']);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** Every source file `entry` reaches through relative imports and re-exports that are not type-only. */
function modulesFrom(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    modulesFrom(join(dirname(entry), specifier!.replace(/\.js$/, '.ts')), seen);
  }
  return [...seen];
}
