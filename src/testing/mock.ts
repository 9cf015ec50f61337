/** Builds a mock's state and pipeline from options; both adapters start here. */
import { createCore, type CoreOptions } from './core.js';
import { loadDemoData } from './demo-data.js';
import type { SeedData } from './seed.js';
import { MockState } from './state.js';
import type { MockRequest, MockResponse } from './types.js';

/** Options shared by `createKlaviyoMock` and `startMockServer`. */
export interface KlaviyoMockOptions extends CoreOptions {
  /** Fixtures to load: `'demo'` for the built-in demo account, your own data, or several in order. */
  seed?: 'demo' | SeedData | Array<'demo' | SeedData> | undefined;
  /** The mock's fixed "now" (seed timestamps, new records, report timeframes). Default: the real time. */
  now?: Date | string | number | undefined;
}

/** A mock's state and its request pipeline. */
export interface MockCore {
  state: MockState;
  /** The pure request → response function both adapters call. */
  handle: (request: MockRequest) => MockResponse;
}

/** Creates the state (seeded) and the pipeline. */
export function createMockCore(options: KlaviyoMockOptions = {}): MockCore {
  const state = new MockState(options.now === undefined ? {} : { now: options.now });
  const seeds = options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed];
  for (const seed of seeds) {
    if (seed === 'demo') loadDemoData(state);
    else state.seed(seed);
  }
  return { state, handle: createCore(state, options) };
}

/** Waits `ms`, or until `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
