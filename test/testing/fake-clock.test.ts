/**
 * A first call under a fake clock: an operation's first call loads its schemas and the HTTP client (real I/O,
 * which a fake clock neither waits for nor advances), so a test driving the clock while that call is in
 * flight would hang. `preloadOperations()` (which `startMockServer` calls) loads them ahead of time.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Klaviyo } from '../../src/index.js';
import { createKlaviyoMock, preloadOperations } from '../../src/testing/index.js';

const mock = createKlaviyoMock({ seed: 'demo', rateLimit: false });
const server = setupServer(...mock.handlers);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await preloadOperations();
});
afterEach(() => vi.useRealTimers());
afterAll(() => server.close());

describe('preloadOperations', () => {
  it("lets vi.runAllTimersAsync() run a first call's retry backoff, as it does for a later call", async () => {
    vi.useFakeTimers();
    const klaviyo = new Klaviyo({ apiKey: 'pk_fake_clock_0123456789abcdef', rateLimit: false });
    mock.state.faults.next({ status: 503, operationId: 'get_flows' });
    const page = klaviyo.flows.list();
    await vi.runAllTimersAsync();
    expect((await page).data.length).toBeGreaterThan(0);
    expect(mock.state.requests.filter((r) => r.operationId === 'get_flows')).toHaveLength(2);
  });

  it('does so with the rate limiter on, each new client at its first call (its key hashed at once)', async () => {
    // Hashing a key (Web Crypto) took an event-loop turn of its own, which the clock did not drive: about half
    // of first calls then hung here.
    for (const key of ['pk_fake_clock_limited_0000000001', 'pk_fake_clock_limited_0000000002']) {
      vi.useFakeTimers();
      const klaviyo = new Klaviyo({ apiKey: key });
      mock.state.faults.next({ status: 503, operationId: 'get_lists' });
      const page = klaviyo.lists.list();
      // The call reaches its bucket within microtasks: nothing the fake clock cannot drive comes first.
      for (let turn = 0; turn < 20; turn++) await Promise.resolve();
      expect(klaviyo.rateLimit.stats().map((bucket) => bucket.bucket)).toEqual(['get_lists']);
      await vi.runAllTimersAsync();
      expect((await page).data.length).toBeGreaterThan(0);
      vi.useRealTimers();
    }
  });

  it('resolves again at once, and builds no schema', async () => {
    const { schemasBuilt } = await import('../../src/schemas/runtime.js');
    const built = schemasBuilt();
    await preloadOperations();
    expect(schemasBuilt()).toBe(built);
  });
});
