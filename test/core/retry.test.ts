import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ConnectionError,
  Klaviyo,
  KlaviyoError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../../src/index.js';
import { backoffDelayMs, decideRetry, isSafeToRepeat } from '../../src/core/retry-policy.js';
import { loadKy } from '../../src/core/transport.js';
import { clientWith, connectionRefused, connectionReset, jsonApi, scriptedFetch } from '../helpers.js';

const unavailable = () => jsonApi(503, { errors: [{ status: 503, code: 'service_unavailable', detail: 'Try later.' }] });
const tooMany = (seconds: string) =>
  jsonApi(429, { errors: [{ status: 429, code: 'throttled', detail: 'Request was throttled.' }] }, { 'retry-after': seconds });
const ok = () => jsonApi(200, { data: [] });
const tooManyWithout = () => jsonApi(429, { errors: [{ status: 429, code: 'throttled', detail: 'Request was throttled.' }] });

describe('which requests are safe to repeat', () => {
  it.each([
    ['GET', '/api/profiles', undefined, undefined, true],
    ['PATCH', '/api/profiles/01H', 'update_profile', undefined, true],
    ['DELETE', '/api/lists/Y6nRLr', 'delete_list', undefined, true],
    ['POST', '/api/lists/Y6nRLr/relationships/profiles', 'add_profiles_to_list', undefined, true],
    ['POST', '/api/profile-import', 'create_or_update_profile', undefined, true],
    ['POST', '/api/campaign-values-reports', 'query_campaign_values', undefined, true],
    ['POST', '/api/events', 'create_event', { data: { attributes: { unique_id: 'order-1' } } }, true],
    ['POST', '/api/events', 'create_event', { data: { attributes: {} } }, false],
    ['POST', '/api/lists', 'create_list', undefined, false],
    ['POST', '/api/campaign-send-jobs', 'send_campaign', undefined, false],
    ['POST', '/api/profile-bulk-import-jobs', 'bulk_import_profiles', undefined, false],
    ['POST', '/api/profile-merge', 'merge_profiles', undefined, false],
    ['POST', '/api/something-new', undefined, undefined, false],
  ])('%s %s (%s) → %s', (method, path, operationId, body, expected) => {
    expect(isSafeToRepeat({ method, path, operationId, body })).toBe(expected);
  });
});

describe('the retry policy', () => {
  const server = new ServerError({ status: 503, method: 'GET', path: '/x', headers: new Headers(), body: undefined });
  const rateLimited = (retryAfter: string | undefined) =>
    new RateLimitError({
      status: 429,
      method: 'POST',
      path: '/x',
      headers: new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
      body: undefined,
    });

  it('backs off exponentially with full jitter, from 0.5 s up to a 20 s cap', () => {
    expect(backoffDelayMs(1, () => 0.999)).toBe(499);
    expect(backoffDelayMs(3, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(20, () => 0.999)).toBe(19_980);
    expect(backoffDelayMs(4, () => 0)).toBe(0);
  });

  it('waits exactly Retry-After on a 429, for any method', () => {
    expect(decideRetry(rateLimited('7'), { attempt: 1, maxRetries: 3, safeToRepeat: false })).toEqual({
      retry: true,
      delayMs: 7000,
    });
  });

  // Klaviyo sends whole seconds rounded down: 0 means "less than a second", not "now".
  it.each([
    ['missing', 1000, 1000, undefined],
    ['0', 1000, 1000, '0'],
    ['fractional 0.4', 1000, 1000, '0.4'],
    ['unparseable', 1000, 1000, 'soon'],
    ['1', 1000, 1000, '1'],
    ['larger and fractional, 1.5', 1000, 1500, '1.5'],
    ['larger, 7', 1000, 7000, '7'],
    ['0', 50, 50, '0'],
    ['0.2', 50, 200, '0.2'],
  ])('a 429 with Retry-After %s, with %i ms burst windows, waits %i ms', (_, burstWindowMs, expected, header) => {
    const decision = decideRetry(rateLimited(header), { attempt: 1, maxRetries: 3, safeToRepeat: false, burstWindowMs });
    expect(decision).toEqual({ retry: true, delayMs: expected });
  });

  it('a 429 waits one second (Klaviyo’s burst window) when the client has no window of its own', () => {
    expect(decideRetry(rateLimited('0'), { attempt: 1, maxRetries: 3, safeToRepeat: false })).toEqual({
      retry: true,
      delayMs: 1000,
    });
  });

  it('gives up on a 429 asking for more than 60 s, and after maxRetries', () => {
    expect(decideRetry(rateLimited('61'), { attempt: 1, maxRetries: 3, safeToRepeat: true }).retry).toBe(false);
    expect(decideRetry(rateLimited('1'), { attempt: 4, maxRetries: 3, safeToRepeat: true }).retry).toBe(false);
  });

  it('retries a 5xx only when the request is safe to repeat', () => {
    expect(decideRetry(server, { attempt: 1, maxRetries: 3, safeToRepeat: true }).retry).toBe(true);
    expect(decideRetry(server, { attempt: 1, maxRetries: 3, safeToRepeat: false })).toEqual({
      retry: false,
      reason: 'not safe to repeat',
    });
  });

  it('retries a refused connection for every request, since nothing was sent', () => {
    const refused = new ConnectionError('refused', { cause: connectionRefused() });
    const reset = new ConnectionError('reset', { cause: connectionReset() });
    expect(decideRetry(refused, { attempt: 1, maxRetries: 3, safeToRepeat: false }).retry).toBe(true);
    expect(decideRetry(reset, { attempt: 1, maxRetries: 3, safeToRepeat: false }).retry).toBe(false);
    expect(decideRetry(reset, { attempt: 1, maxRetries: 3, safeToRepeat: true }).retry).toBe(true);
  });

  it('never retries the caller’s abort, nor a 4xx', () => {
    expect(decideRetry(new AbortError('x'), { attempt: 1, maxRetries: 3, safeToRepeat: true }).retry).toBe(false);
    const notFound = new KlaviyoError('404');
    expect(decideRetry(notFound, { attempt: 1, maxRetries: 3, safeToRepeat: true }).retry).toBe(false);
  });
});

describe('retries over HTTP', () => {
  // The transport imports ky on a process's first request (src/core/transport.ts); these tests count
  // attempts at fake instants, so ky is loaded before the clock is faked.
  beforeAll(() => loadKy());
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('honours Retry-After to the millisecond before re-sending a 429', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('7'), ok());
    const result = clientWith(fetch).request({ method: 'POST', path: '/api/lists', body: { data: {} } });
    await vi.advanceTimersByTimeAsync(6_999);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(2);
    await expect(result).resolves.toEqual({ data: [] });
  });

  it('throws RateLimitError with retryAfterMs when Klaviyo asks for a wait over 60 s', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('120'));
    const error = await clientWith(fetch)
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as Error).message).toMatch(/after 1 attempt over \d+ ms; Klaviyo asked to wait 120 s, longer than the 60 s/);
    expect(calls()).toBe(1);
  });

  it('Retry-After: 0 does not re-send at once: each retry waits a full second', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('0'), tooMany('0'), ok());
    const result = clientWith(fetch).request({ method: 'GET', path: '/api/lists' });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({ data: [] });
    expect(calls()).toBe(3);
  });

  it('a 429 without Retry-After waits a full second before re-sending', async () => {
    const { fetch, calls } = scriptedFetch(tooManyWithout(), ok());
    const result = clientWith(fetch).request({ method: 'GET', path: '/api/lists' });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({ data: [] });
    expect(calls()).toBe(2);
  });

  it('the RateLimitError after the last attempt says how many attempts were made over how long', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('0'));
    const result = clientWith(fetch, { maxRetries: 3 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(calls()).toBe(4);
    expect((error as Error).message).toBe(
      '429 throttled: Request was throttled. — GET /api/lists (after 4 attempts over 3000 ms)',
    );
  });

  it('an error after retries says how many attempts were made, and a single failure does not', async () => {
    const { fetch } = scriptedFetch(unavailable());
    const retried = clientWith(fetch, { maxRetries: 1 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(((await retried) as Error).message).toMatch(/ — GET \/api\/lists \(after 2 attempts over \d+ ms\)$/);
    const once = await clientWith(fetch, { maxRetries: 0 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    expect((once as Error).message).not.toMatch(/attempt/);
  });

  it('retries a 503 for a GET, then succeeds', async () => {
    const { fetch, calls } = scriptedFetch(unavailable(), unavailable(), ok());
    const result = clientWith(fetch).request({ method: 'GET', path: '/api/lists' });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(result).resolves.toEqual({ data: [] });
    expect(calls()).toBe(3);
  });

  it('stops after maxRetries re-sends', async () => {
    const { fetch, calls } = scriptedFetch(unavailable());
    const result = clientWith(fetch, { maxRetries: 2 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toBeInstanceOf(ServerError);
    expect(calls()).toBe(3);
  });

  it('reads a GET again when its answer was cut short, but not a write, which says it was applied', async () => {
    const cut = () => new Response('{"data": [{"type": "list", "id"', { status: 200 });
    const read = scriptedFetch(cut(), ok());
    const result = clientWith(read.fetch).request({ method: 'GET', path: '/api/lists' });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(result).resolves.toEqual({ data: [] });
    expect(read.calls()).toBe(2);

    const write = scriptedFetch(cut(), ok());
    const error = await clientWith(write.fetch)
      .request({ method: 'POST', path: '/api/lists', body: { data: { type: 'list', attributes: { name: 'VIP' } } } })
      .catch((e) => e);
    expect(write.calls()).toBe(1);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ mayHaveApplied: true, message: expect.stringMatching(/WAS applied .* not valid JSON/) });
  });

  it('does not re-send POST /api/lists after a 503, and says the write may have been applied', async () => {
    const { fetch, calls } = scriptedFetch(unavailable(), ok());
    const error = await clientWith(fetch)
      .request({ method: 'POST', path: '/api/lists', body: { data: { type: 'list', attributes: { name: 'VIP' } } } })
      .catch((e) => e);
    expect(calls()).toBe(1);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).mayHaveApplied).toBe(true);
    expect((error as Error).message).toMatch(/may or may not have been applied; it was not re-sent/);
  });

  it('re-sends a POST whose connection was refused, since Klaviyo never saw it', async () => {
    const { fetch, calls } = scriptedFetch(connectionRefused(), ok());
    const result = clientWith(fetch).request({ method: 'POST', path: '/api/lists', body: { data: {} } });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toEqual({ data: [] });
    expect(calls()).toBe(2);
  });

  it('does not re-send a POST whose connection dropped after sending', async () => {
    const { fetch, calls } = scriptedFetch(connectionReset(), ok());
    const error = await clientWith(fetch)
      .request({ method: 'POST', path: '/api/campaign-send-jobs', body: { data: {} } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveApplied).toBe(true);
    expect(calls()).toBe(1);
  });

  it('a connection error says why fetch failed: the system error’s code, or the reason when it has none', async () => {
    const badPort = new TypeError('fetch failed', { cause: new Error('bad port') }); // undici's own reasons carry no code
    const messages: string[] = [];
    for (const failure of [connectionReset(), badPort]) {
      const { fetch } = scriptedFetch(failure);
      const error = await clientWith(fetch, { maxRetries: 0 })
        .request({ method: 'GET', path: '/api/lists' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      messages.push((error as Error).message);
    }
    expect(messages).toEqual([
      'GET /api/lists failed: fetch failed (UND_ERR_SOCKET)',
      'GET /api/lists failed: fetch failed (bad port)',
    ]);
  });

  it('re-sends an event that carries a unique_id after a 503', async () => {
    const { fetch, calls } = scriptedFetch(unavailable(), jsonApi(202, undefined));
    const body = { data: { type: 'event', attributes: { unique_id: 'order-1001' } } };
    const result = clientWith(fetch).request({ method: 'POST', path: '/api/events', body });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBeUndefined();
    expect(calls()).toBe(2);
  });
});

describe('Retry-After: 0 from a server throttled for 700 ms', () => {
  it('the call succeeds after waiting at least 700 ms, with two requests instead of four in 16 ms', async () => {
    let throttledUntil: number | undefined;
    let requests = 0;
    const server = createServer((req, res) => {
      req.resume();
      requests++;
      throttledUntil ??= Date.now() + 700;
      const throttled = Date.now() < throttledUntil;
      res.writeHead(throttled ? 429 : 200, {
        'content-type': 'application/vnd.api+json',
        ...(throttled && { 'retry-after': '0' }), // Klaviyo rounds down: 0 means "less than a second"
      });
      res.end(JSON.stringify(throttled ? { errors: [{ status: 429, code: 'throttled', detail: 'Throttled.' }] } : { data: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // The real client: default limiter (its own key, so no other test's buckets), Klaviyo's 1 s windows.
      const klaviyo = new Klaviyo({ apiKey: `pk_${randomUUID()}`, baseUrl: `http://127.0.0.1:${port}`, logLevel: 'off' });
      const started = Date.now();
      await expect(klaviyo.request({ method: 'GET', path: '/api/lists' })).resolves.toEqual({ data: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
      expect(requests).toBe(2);
    } finally {
      server.close();
    }
  });
});

describe('a client whose rate-limit windows are compressed (tests)', () => {
  it('waits its own burst window after Retry-After: 0, not a second', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('0'), ok());
    const klaviyo = new Klaviyo({ apiKey: `pk_${randomUUID()}`, fetch, logLevel: 'off', rateLimit: { burstWindowMs: 50 } });
    const started = Date.now();
    await expect(klaviyo.request({ method: 'GET', path: '/api/lists' })).resolves.toEqual({ data: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(49);
    expect(Date.now() - started).toBeLessThan(900);
    expect(calls()).toBe(2);
  });
});

describe('timeouts and aborts', () => {
  /** A fetch that never answers until its signal aborts, like a hung server. */
  const hangingFetch = vi.fn((input: string | URL | Request, init?: RequestInit) => {
    const signal = new Request(input, init).signal;
    return new Promise<Response>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  }) as unknown as typeof globalThis.fetch;

  it('times out an attempt after timeoutMs with TimeoutError', async () => {
    const started = Date.now();
    const error = await clientWith(hangingFetch, { timeoutMs: 50, maxRetries: 0 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/no answer within 50 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('per-call timeoutMs overrides the client’s', async () => {
    const error = await clientWith(hangingFetch, { timeoutMs: 60_000, maxRetries: 0 })
      .request({ method: 'GET', path: '/api/lists' }, { timeoutMs: 30 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('rejects with AbortError, and does not retry, when the caller aborts mid-flight', async () => {
    const controller = new AbortController();
    const result = clientWith(hangingFetch)
      .request({ method: 'GET', path: '/api/lists' }, { signal: controller.signal })
      .catch((e) => e);
    setTimeout(() => controller.abort(), 20);
    const error = await result;
    expect(error).toBeInstanceOf(AbortError);
  });

  it('rejects at once for a signal that is already aborted, sending nothing', async () => {
    const { fetch, calls } = scriptedFetch(ok());
    const error = await clientWith(fetch)
      .request({ method: 'GET', path: '/api/lists' }, { signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(calls()).toBe(0);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    const { fetch, calls } = scriptedFetch(tooMany('30'), ok());
    const controller = new AbortController();
    const result = clientWith(fetch)
      .request({ method: 'GET', path: '/api/lists' }, { signal: controller.signal })
      .catch((e) => e);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await result).toBeInstanceOf(AbortError);
    expect(calls()).toBe(1);
  });
});
