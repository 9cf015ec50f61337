/** Fixed burst and steady windows per operation per key, and the headers Klaviyo sends with them. */
import { describe, expect, it } from 'vitest';
import { createKlaviyoMock, type MockRateLimitOptions } from '../../src/testing/index.js';
import { call, HEADERS, NOW } from './helpers.js';

/** A mock whose windows run on a clock the test moves by hand. */
function mockAt(rateLimit: MockRateLimitOptions) {
  let now = 960_000; // a whole number of minutes: windows start here
  const mock = createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit, clock: () => now });
  return { mock, advance: (ms: number) => (now += ms), get: (path = '/api/segments/') => call(mock.handle, 'GET', path) };
}

describe('fixed windows', () => {
  it('allows the burst limit in one burst window, then 429 until the window turns', () => {
    // get_segments is tier L: 75/s burst, 750/m steady (2026-07-15).
    const { get, advance } = mockAt({ offsetMs: 0 });
    for (let i = 0; i < 75; i++) expect(get().status).toBe(200);
    const refused = get();
    expect(refused.status).toBe(429);
    expect(refused.headers['Retry-After']).toBe('1');
    advance(1000);
    expect(get().status).toBe(200);
  });

  it('windows are fixed, not sliding: a full window just before the boundary does not block just after it', () => {
    const { get, advance } = mockAt({
      burstWindowMs: 100,
      steadyWindowMs: 1000,
      limits: { get_segments: { burst: 3, steady: 100 } },
    });
    advance(90); // 10 ms before a burst boundary
    for (let i = 0; i < 3; i++) expect(get().status).toBe(200);
    expect(get().status).toBe(429);
    advance(10); // next burst window: a sliding window would still refuse
    expect(get().status).toBe(200);
  });

  it('counts per operation and per key', () => {
    const { mock, get } = mockAt({ limits: { get_segments: { burst: 1, steady: 10 } } });
    expect(get().status).toBe(200);
    expect(get().status).toBe(429);
    expect(call(mock.handle, 'GET', '/api/lists').status).toBe(200);
    expect(
      call(mock.handle, 'GET', '/api/segments', undefined, { ...HEADERS, authorization: 'Klaviyo-API-Key pk_other' }).status,
    ).toBe(200);
  });

  it('enforces the steady window across burst windows', () => {
    const { get, advance } = mockAt({
      burstWindowMs: 100,
      steadyWindowMs: 1000,
      limits: { get_segments: { burst: 2, steady: 3 } },
    });
    expect(get().status).toBe(200);
    expect(get().status).toBe(200);
    advance(100);
    expect(get().status).toBe(200);
    advance(100);
    const refused = get();
    expect(refused.status).toBe(429);
    // Compressed windows: Retry-After in (possibly fractional) seconds until the steady window turns.
    expect(refused.headers['Retry-After']).toBe('0.8');
  });

  it('honours the configured offset of the window boundaries', () => {
    const { get, advance } = mockAt({
      burstWindowMs: 100,
      steadyWindowMs: 1000,
      offsetMs: 50,
      limits: { get_segments: { burst: 1, steady: 100 } },
    });
    expect(get().status).toBe(200); // t = 960_000: window [959_950, 960_050)
    advance(49);
    expect(get().status).toBe(429);
    advance(1);
    expect(get().status).toBe(200);
  });
});

describe('headers', () => {
  it('sends RateLimit-Limit/Remaining/Reset describing the steady window on non-429 answers', () => {
    const { get, advance } = mockAt({});
    advance(15_000); // 15 s into the minute → 45 s to the reset
    const r = get();
    expect(r.headers).toMatchObject({ 'RateLimit-Limit': '750', 'RateLimit-Remaining': '749', 'RateLimit-Reset': '45' });
    expect(get().headers['RateLimit-Remaining']).toBe('748');
  });

  it('also on error answers other than 429', () => {
    const { mock } = mockAt({});
    expect(call(mock.handle, 'GET', '/api/lists/nope').headers['RateLimit-Limit']).toBe('750');
  });

  it('sends Retry-After and no RateLimit headers on a 429', () => {
    const { get } = mockAt({ limits: { get_segments: { burst: 1, steady: 10 } } });
    get();
    const refused = get();
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0]).toMatchObject({ status: 429, code: 'throttled' });
    expect(Object.keys(refused.headers).filter((h) => h.startsWith('RateLimit'))).toEqual([]);
    expect(Number(refused.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  });

  it('uses the operation table limits: reporting is 1/s and 2/m', () => {
    const { mock, advance } = mockAt({});
    const report = () =>
      call(mock.handle, 'POST', '/api/segment-values-reports', {
        data: {
          type: 'segment-values-report',
          attributes: { statistics: ['total_members'], timeframe: { key: 'last_30_days' } },
        },
      });
    expect(report().status).toBe(200);
    expect(report().status).toBe(429);
    advance(1000);
    expect(report().headers['RateLimit-Remaining']).toBe('0');
    advance(1000);
    const third = report();
    expect(third.status).toBe(429);
    expect(Number(third.headers['Retry-After'])).toBeGreaterThan(1);
  });

  it('rateLimit: false turns limiting and its headers off', () => {
    const mock = createKlaviyoMock({ rateLimit: false });
    for (let i = 0; i < 20; i++) expect(call(mock.handle, 'GET', '/api/metric-properties/x').status).toBe(404);
    expect(call(mock.handle, 'GET', '/api/lists').headers['RateLimit-Limit']).toBeUndefined();
  });
});
