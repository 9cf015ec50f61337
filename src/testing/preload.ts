/**
 * Loading ahead of time what klaviyo-ts loads on an operation's first call, for tests that fake the clock.
 */
import { KlaviyoError } from '../core/errors.js';
import { loadKy } from '../core/transport.js';
import { loadEnglish } from '../core/validation.js';
import { schemasByOperation } from '../operations/schemas.js';

/**
 * Loads what klaviyo-ts otherwise loads on an operation's first call: every operation's schema modules (no
 * schema is built: each still is on its first use), zod's English messages and the HTTP client (ky).
 * Loading is real I/O, which a fake clock (`vi.useFakeTimers()`) neither waits for nor advances: once this
 * has resolved, a first call starts as a later one does, so a test that drives the clock while a call is in
 * flight (a retry's backoff with `vi.runAllTimersAsync()`) sees the timers it expects. `startMockServer`
 * calls it; with `createKlaviyoMock` (msw), await it once, e.g. in `beforeAll`, before faking the clock.
 *
 * @returns a promise that resolves once everything is loaded (in a few milliseconds when the mock's own
 *   imports have loaded the schema modules already)
 * @throws {KlaviyoError} (as the rejection) when a module cannot be loaded, with the import's error as `cause`
 */
export async function preloadOperations(): Promise<void> {
  const loaders = Object.values(schemasByOperation).flatMap((schemas) => [schemas.requestSchema, schemas.responseSchema]);
  try {
    await Promise.all([loadKy(), loadEnglish(), ...loaders.map((loader) => loader?.preload())]);
  } catch (error) {
    throw new KlaviyoError(`preloadOperations could not load a module: ${String(error)}`, { cause: error });
  }
}
