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

  it('resolves again at once, and builds no schema', async () => {
    const { schemasBuilt } = await import('../../src/schemas/runtime.js');
    const built = schemasBuilt();
    await preloadOperations();
    expect(schemasBuilt()).toBe(built);
  });
});
