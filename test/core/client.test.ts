import { afterEach, describe, expect, it, vi } from 'vitest';
import { Klaviyo, KlaviyoError, ValidationError, VERSION } from '../../src/index.js';
import { clientWith, jsonApi, scriptedFetch, TEST_KEY } from '../helpers.js';

afterEach(() => vi.unstubAllEnvs());

describe('constructing a client', () => {
  it('reads the key from KLAVIYO_API_KEY when none is passed', async () => {
    vi.stubEnv('KLAVIYO_API_KEY', TEST_KEY);
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [] }));
    await new Klaviyo({ fetch, rateLimit: false }).request({ method: 'GET', path: '/api/lists' });
    expect(requests[0]!.headers.get('authorization')).toBe(`Klaviyo-API-Key ${TEST_KEY}`);
  });

  it('refuses to start without a key, saying where a key comes from', () => {
    vi.stubEnv('KLAVIYO_API_KEY', '');
    expect(() => new Klaviyo()).toThrow(ValidationError);
    expect(() => new Klaviyo()).toThrow(
      'Invalid client options: apiKey: is empty: pass { apiKey } or set the KLAVIYO_API_KEY environment variable (an OAuth app passes { accessToken })',
    );
    vi.stubEnv('KLAVIYO_API_KEY', undefined);
    // Every bad option at once: the missing key beside a misspelt one.
    expect(() => new Klaviyo({ timeout: 5 } as never)).toThrow(
      /^Invalid client options: timeout: unknown key.*; apiKey: is missing: /,
    );
  });

  it('refuses a 6-character public key and explains it is for client-side use', () => {
    expect(() => new Klaviyo({ apiKey: 'AbC123' })).toThrow(ValidationError);
    expect(() => new Klaviyo({ apiKey: 'AbC123' })).toThrow(
      /^Invalid client options: apiKey: is a 6-character public key \(site id\), which is for client-side use only/,
    );
  });

  it('refuses any other key not starting with pk_ without calling it a public key, and never quotes it', () => {
    for (const apiKey of ['sk_live_0123456789abcdef', 'pk-0123456789abcdef', 'AbC1234']) {
      const error = (() => {
        try {
          return new Klaviyo({ apiKey });
        } catch (e) {
          return e;
        }
      })() as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toBe('Invalid client options: apiKey: must be a private API key, starting with "pk_"');
      expect(JSON.stringify(error)).not.toContain(apiKey);
    }
  });

  it("refuses 'Klaviyo-API-Key pk_…' (the header value pasted whole), saying to pass the key alone", () => {
    for (const apiKey of ['Klaviyo-API-Key pk_…', `Klaviyo-API-Key ${TEST_KEY}`]) {
      const error = (() => {
        try {
          return new Klaviyo({ apiKey });
        } catch (e) {
          return e;
        }
      })() as Error;
      expect(error).toBeInstanceOf(KlaviyoError);
      expect(error.message).toContain('pass the key alone (pk_…); the SDK adds the header');
      expect(error.message).not.toMatch(/public key|6-character/);
      expect(error.message).not.toContain(TEST_KEY.slice(3));
      expect(JSON.stringify(error)).not.toContain(TEST_KEY.slice(3));
    }
  });

  it('reports every bad client option at once, each by its name, before anything is built', () => {
    const error = (() => {
      try {
        return new Klaviyo({
          apiKey: TEST_KEY,
          timeOut: 5000,
          baseUrl: 'not a url',
          maxRetries: -1,
          fetch: 'fetch',
          logger: { warn: () => {} },
          logLevel: 'verbose',
          rateLimit: { maxConcurent: 5 },
        } as never);
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: 'timeOut', message: 'unknown key; did you mean "timeoutMs"?' },
      { path: 'baseUrl', message: '"not a url" is not a URL' },
      { path: 'logLevel', message: expect.stringMatching(/^must be 'off', 'error', 'warn', 'info' or 'debug'/) },
      { path: 'maxRetries', message: 'must be a whole number, 0 or more, got -1' },
      { path: 'fetch', message: 'must be a fetch function, got a string' },
      { path: 'logger', message: 'has no debug, info, error methods: pass an object with all four, such as console' },
      { path: 'rateLimit.maxConcurent', message: 'unknown key; did you mean "maxConcurrent"?' },
    ]);
    expect(error.message).toMatch(/^Invalid client options: timeOut: /);
  });

  it('reports a malformed revision with the other bad options, on the client and per call', async () => {
    const error = (() => {
      try {
        return new Klaviyo({ apiKey: TEST_KEY, revision: 'latest', timeoutMs: -1 });
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['revision', 'timeoutMs']);
    const klaviyo = new Klaviyo({ apiKey: TEST_KEY, rateLimit: false });
    const call = (await klaviyo.lists
      .list(undefined, { revision: 'x', timeoutMs: -1 })
      .catch((e: unknown) => e)) as ValidationError;
    expect(call.message).toMatch(/^Invalid request options: revision: "x" is not a revision/);
    expect(call.issues.map((i) => i.path)).toEqual(['revision', 'timeoutMs']);
  });

  it('refuses rateLimit: true, which would otherwise be read as the defaults without a word', () => {
    expect(() => new Klaviyo({ apiKey: TEST_KEY, rateLimit: true as never })).toThrow(
      'Invalid client options: rateLimit: must be false (no client-side limiting) or an object of limiter options, got true',
    );
  });

  it('refuses plain http except on loopback', () => {
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'http://example.com' })).toThrow(/https/);
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'http://127.0.0.1:4010' })).not.toThrow();
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'http://localhost:4010' })).not.toThrow();
  });

  it('refuses a baseUrl on a port fetch never connects to, before anything is sent', () => {
    // https://fetch.spec.whatwg.org/#port-blocking: every call would fail with a bare "fetch failed".
    for (const baseUrl of ['http://127.0.0.1:9', 'https://proxy.example.com:6667/klaviyo']) {
      expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl })).toThrow(KlaviyoError);
      expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl })).toThrow(/port (9|6667) is one fetch refuses to connect to/);
    }
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'http://127.0.0.1:59999' })).not.toThrow();
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://proxy.example.com:443' })).not.toThrow();
  });

  it('refuses nonsense timeouts and retry counts', () => {
    expect(() => new Klaviyo({ apiKey: TEST_KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new Klaviyo({ apiKey: TEST_KEY, maxRetries: -1 })).toThrow(/maxRetries/);
  });

  it('refuses a duration longer than a timer can wait: every timer would fire after 1 ms', () => {
    // 2^31 ms: setTimeout fires it at once, so every attempt timed out ("no answer within 2147483648 ms").
    const issuesOf = (options: ConstructorParameters<typeof Klaviyo>[0]) => {
      try {
        new Klaviyo(options);
      } catch (e) {
        return (e as ValidationError).issues;
      }
      throw new Error('accepted');
    };
    const tooLong = 'must be a positive number of milliseconds, at most 2147483647 (the longest a timer waits, about 24.8 days)';
    expect(issuesOf({ apiKey: TEST_KEY, timeoutMs: 2 ** 31, rateLimit: { steadyWindowMs: 3e9 } })).toEqual([
      { path: 'timeoutMs', message: `${tooLong}, got 2147483648` },
      { path: 'rateLimit.steadyWindowMs', message: `${tooLong}, got 3000000000` },
    ]);
    expect(() => new Klaviyo({ apiKey: TEST_KEY, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('refuses a baseUrl with credentials in it, which fetch would refuse on every request, without repeating them', () => {
    const error = (() => {
      try {
        return new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://alice:s3cret@proxy.example.com/klaviyo/' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'baseUrl',
        message:
          'must not carry a user name or password (fetch refuses such URLs): give "https://proxy.example.com/klaviyo" and send your proxy\'s credentials in a header, from a fetch option that adds it',
      },
    ]);
    expect(JSON.stringify(error)).not.toMatch(/s3cret|alice/);
  });

  it('refuses a baseUrl ending in /api, which every request path already starts with', () => {
    for (const baseUrl of ['https://a.klaviyo.com/api', 'https://a.klaviyo.com/api/', 'https://proxy.example.com/klaviyo/api']) {
      expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl })).toThrow(ValidationError);
    }
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://proxy.example.com/klaviyo/api' })).toThrow(
      'baseUrl: ends with /api, which request paths start with (/api/… would be /api/api/…); did you mean "https://proxy.example.com/klaviyo"?',
    );
    // Klaviyo's own host takes no path at all (https://a.klaviyo.com/api/profiles asked for a profile "api").
    for (const baseUrl of ['https://a.klaviyo.com/api', 'https://a.klaviyo.com/api/profiles', 'https://a.klaviyo.com/v1']) {
      expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl })).toThrow(
        'baseUrl: a.klaviyo.com takes no path: requests go to /api/… and /client/… at its root; did you mean "https://a.klaviyo.com"?',
      );
    }
    // The client API's paths start with /client: a prefix ending in it would double it.
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://proxy.example.com/client' })).toThrow(/ends with \/client/);
    // A prefix that merely contains "api" is a proxy's.
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://proxy.example.com/api/klaviyo' })).not.toThrow();
    expect(() => new Klaviyo({ apiKey: TEST_KEY, baseUrl: 'https://proxy.example.com/klaviyo-api' })).not.toThrow();
  });
});

describe('headers on every request', () => {
  it('sends the key, the revision, JSON:API accept and a User-Agent naming the SDK', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [] }));
    await clientWith(fetch).request({ method: 'GET', path: '/api/profiles' });
    const headers = requests[0]!.headers;
    expect(headers.get('authorization')).toBe(`Klaviyo-API-Key ${TEST_KEY}`);
    expect(headers.get('revision')).toBe('2026-07-15');
    expect(headers.get('accept')).toBe('application/vnd.api+json');
    expect(headers.get('user-agent')).toBe(`klaviyo-ts/${VERSION} node/${process.versions.node}`);
    expect(headers.get('content-type')).toBeNull();
  });

  it('sends Content-Type only with a body, and the body as JSON', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(201, { data: { type: 'list', id: 'Y6nRLr' } }));
    const body = { data: { type: 'list', attributes: { name: 'Newsletter' } } };
    await clientWith(fetch).request({ method: 'POST', path: '/api/lists', body });
    expect(requests[0]!.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(await requests[0]!.json()).toEqual(body);
  });

  it('lets the client and a single call pin another revision', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [] }));
    const klaviyo = clientWith(fetch, { revision: '2024-07-15' });
    await klaviyo.request({ method: 'GET', path: '/api/lists' });
    await klaviyo.request({ method: 'GET', path: '/api/lists' }, { revision: '2025-01-15' });
    expect(requests.map((r) => r.headers.get('revision'))).toEqual(['2024-07-15', '2025-01-15']);
  });

  it('serializes query values: arrays comma-joined, dates as ISO 8601, undefined left out', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [] }));
    await clientWith(fetch).request({
      method: 'GET',
      path: '/api/profiles',
      query: { 'fields[profile]': ['email', 'first_name'], 'page[size]': 5, since: new Date(Date.UTC(2025, 0, 2)), x: undefined },
    });
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('fields[profile]')).toBe('email,first_name');
    expect(url.searchParams.get('page[size]')).toBe('5');
    expect(url.searchParams.get('since')).toBe('2025-01-02T00:00:00.000Z');
    expect(url.searchParams.has('x')).toBe(false);
  });

  it('keeps a proxy path prefix of baseUrl', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [] }));
    await clientWith(fetch, { baseUrl: 'https://proxy.example.com/klaviyo/' }).request({ method: 'GET', path: '/api/lists' });
    expect(requests[0]!.url).toBe('https://proxy.example.com/klaviyo/api/lists');
  });

  it('never sends the key to another host', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [] }));
    await expect(clientWith(fetch).request({ method: 'GET', path: 'https://evil.example.com/api/lists' })).rejects.toThrow(
      /must start with/,
    );
    expect(calls()).toBe(0);
  });
});

describe('request() results', () => {
  it('resolves to the parsed JSON:API document', async () => {
    const doc = { data: { type: 'profile', id: '01H', attributes: { email: 'a@b.com' } }, links: { self: 'x' } };
    const { fetch } = scriptedFetch(jsonApi(200, doc));
    await expect(clientWith(fetch).request({ method: 'GET', path: '/api/profiles/01H' })).resolves.toEqual(doc);
  });

  it('resolves to undefined for 204 No Content', async () => {
    const { fetch } = scriptedFetch(new Response(null, { status: 204 }));
    const result = await clientWith(fetch).request({
      method: 'POST',
      path: '/api/lists/Y6nRLr/relationships/profiles',
      body: { data: [{ type: 'profile', id: '01H' }] },
    });
    expect(result).toBeUndefined();
  });

  it('withResponse() gives the response, request id and the rate-limit budget', async () => {
    const { fetch } = scriptedFetch(
      jsonApi(
        200,
        { data: [] },
        { 'x-klaviyo-req-id': 'req-123', 'ratelimit-limit': '700', 'ratelimit-remaining': '699', 'ratelimit-reset': '42' },
      ),
    );
    const { data, response, requestId, rateLimit } = await clientWith(fetch)
      .request({ method: 'GET', path: '/api/lists' })
      .withResponse();
    expect(data).toEqual({ data: [] });
    expect(response.status).toBe(200);
    expect(requestId).toBe('req-123');
    expect(rateLimit).toEqual({ limit: 700, remaining: 699, resetSeconds: 42 });
  });
});

describe('rate limiting is on by default', () => {
  it('klaviyo.rateLimit.stats() shows the bucket a call drew from', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const klaviyo = new Klaviyo({ apiKey: 'pk_stats_0123456789abcdef', fetch });
    await klaviyo.request({ method: 'GET', path: '/api/lists' });
    const stats = klaviyo.rateLimit.stats();
    expect(stats.find((s) => s.operations.includes('get_lists'))).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it('holds calls beyond the burst limit until the window has room', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const klaviyo = new Klaviyo({
      apiKey: 'pk_burst_0123456789abcdef',
      fetch,
      rateLimit: { limits: { get_lists: { burst: 2, steady: 100 } }, burstWindowMs: 200, steadyWindowMs: 10_000 },
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => klaviyo.request({ method: 'GET', path: '/api/lists' })));
    // 5 calls at 2 per 200 ms need at least two full windows of waiting.
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });
});

describe('per-call options', () => {
  it('refuses a nonsense timeoutMs or maxRetries on a call before sending anything', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [] }));
    const klaviyo = clientWith(fetch);
    await expect(klaviyo.request({ method: 'GET', path: '/api/lists' }, { maxRetries: -1 })).rejects.toThrow(
      /maxRetries: must be a whole number/,
    );
    await expect(klaviyo.request({ method: 'GET', path: '/api/lists' }, { timeoutMs: Number.NaN })).rejects.toThrow(
      /timeoutMs: must be a positive/,
    );
    await expect(klaviyo.request({ method: 'GET', path: '/api/lists' }, { timeoutMs: 2 ** 31 })).rejects.toThrow(
      /timeoutMs: must be a positive number of milliseconds, at most 2147483647 .*, got 2147483648/,
    );
    expect(calls()).toBe(0);
  });
});

describe('behind a proxy', () => {
  it('names the operation by its API path, and the error by the URL requested, so that a wrong prefix shows', async () => {
    const { fetch } = scriptedFetch(jsonApi(404, { errors: [{ status: 404, code: 'not_found', detail: 'No list.' }] }));
    const klaviyo = clientWith(fetch, { baseUrl: 'https://proxy.example.com/klaviyo', rateLimit: {} });
    const error = await klaviyo
      .request({ method: 'GET', path: '/api/lists/abc', query: { 'fields[list]': 'name' } })
      .catch((e) => e);
    // Without the URL's query.
    expect((error as Error).message).toBe('404 not_found: No list. — GET https://proxy.example.com/klaviyo/api/lists/abc');
    expect(error).toMatchObject({ method: 'GET', path: '/api/lists/abc' });
    expect(
      klaviyo.rateLimit
        .stats()
        .map((s) => s.operations)
        .flat(),
    ).toContain('get_list');
  });
});
