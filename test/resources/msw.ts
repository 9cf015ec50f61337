/** msw set up on Klaviyo's host for one test file, shared by the resource tests. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Klaviyo } from '../../src/index.js';

export const API = 'https://a.klaviyo.com';

/**
 * Starts msw for the file (any request without a handler fails the test), resets handlers after each test,
 * and gives a client (no rate limiting, no retries) and the list of requests msw saw in the current test.
 */
export function useKlaviyoApi() {
  const server = setupServer();
  const sent: { method: string; url: URL }[] = [];
  server.events.on('request:start', ({ request }) => sent.push({ method: request.method, url: new URL(request.url) }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    sent.length = 0;
  });
  afterAll(() => server.close());
  const klaviyo = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 0 });
  return { server, sent, klaviyo };
}
