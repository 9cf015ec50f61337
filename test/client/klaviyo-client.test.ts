/**
 * `KlaviyoClient` (klaviyo-ts/client): the client API's facade, for browsers and apps. It takes the public key
 * only, names the account by `company_id` in every request and sends no Authorization header, and is the SDK
 * around that: same retries, same errors, its own rate-limit quota.
 * https://developers.klaviyo.com/en/reference/api_overview#client-side-apis
 */
import { inspect } from 'node:util';
import { Klaviyo, BadRequestError as ServerEntryBadRequestError } from 'klaviyo-ts';
import { KlaviyoCore } from 'klaviyo-ts/core';
import {
  BadRequestError,
  ClientBackInStockSubscriptions,
  ClientEvents,
  ClientGeofences,
  ClientIpAllowlists,
  ClientProfiles,
  ClientPushTokens,
  ClientReviews,
  ClientSubscriptions,
  KlaviyoApiError,
  KlaviyoClientResources,
  KlaviyoClient,
  type KlaviyoClientOptions,
  KlaviyoError,
  RateLimitError,
  ValidationError,
} from 'klaviyo-ts/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonApi, scriptedFetch, TEST_KEY } from '../helpers.js';

const COMPANY_ID = 'AbC123';

/** The error `construct` throws, which must be one. */
function refusal(options: unknown): ValidationError {
  try {
    new KlaviyoClient(options as KlaviyoClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(KlaviyoError);
    return error as ValidationError;
  }
  throw new Error(`new KlaviyoClient(${JSON.stringify(options)}) was not refused`);
}

/** Everything a refusal shows: its message, its issues, its JSON, as logged. */
const everythingShown = (error: ValidationError) =>
  [error.message, JSON.stringify(error.issues), JSON.stringify(error), inspect(error), String(error.stack)].join('\n');

const event = {
  metric: { data: { type: 'metric' as const, attributes: { name: 'Viewed Product' } } },
  profile: { data: { type: 'profile' as const, attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
  properties: { ProductName: 'Winnie the Pooh' },
};

describe('what KlaviyoClient accepts as the account', () => {
  it('refuses a private key as companyId, saying it would reach browsers, and never echoes it', () => {
    for (const key of [TEST_KEY, ` ${TEST_KEY}`, `Klaviyo-API-Key ${TEST_KEY}`, 'PK_UPPER0123456789abcdef']) {
      const error = refusal({ companyId: key });
      expect(error.message).toMatch(/companyId: is a private API key \(pk_…\): the client API runs in browsers and apps/);
      expect(error.issues).toEqual([{ path: 'companyId', message: expect.stringContaining('keep pk_ keys on your server') }]);
      expect(everythingShown(error)).not.toContain(key.trim().replace(/^Klaviyo-API-Key /, ''));
    }
  });

  it('refuses apiKey and accessToken, saying why, without their values', () => {
    const withKey = refusal({ companyId: COMPANY_ID, apiKey: TEST_KEY });
    expect(withKey.issues).toEqual([
      { path: 'apiKey', message: expect.stringMatching(/^the client API takes no private key: it runs in browsers and apps/) },
    ]);
    expect(everythingShown(withKey)).not.toContain(TEST_KEY);

    const withToken = refusal({ accessToken: 'secret-access-token-value' });
    expect(withToken.issues.map((issue) => issue.path)).toEqual(['accessToken']);
    expect(withToken.message).toMatch(/takes no access token/);
    expect(everythingShown(withToken)).not.toContain('secret-access-token-value');
  });

  it.each([
    ['missing', {}, /companyId: is required: the account’s 6-character public API key/],
    ['empty', { companyId: '' }, /companyId: is required/],
    ['a number', { companyId: 123456 }, /companyId: must be a string, the 6-character public API key \(site id\), not a number/],
    ['null', { companyId: null }, /companyId: must be a string.*not null/],
    [
      '5 characters',
      { companyId: 'AbC12' },
      /companyId: must be the 6-character public API key \(letters and digits\), got 5 characters/,
    ],
    ['7 characters', { companyId: 'AbC1234' }, /got 7 characters/],
    ['not letters and digits', { companyId: 'AbC-12' }, /must be the 6-character public API key/],
    ['padded', { companyId: ' AbC123' }, /must be the 6-character public API key/],
  ])('refuses a companyId that is %s', (_, options, message) => {
    expect(refusal(options).message).toMatch(message);
  });

  it('refuses options that are not an object, and misspelt ones with the closest name', () => {
    expect(refusal(undefined).message).toMatch(/must be an object of options, with companyId/);
    expect(refusal('AbC123').message).toMatch(/must be an object of options/);
    expect(refusal({ companyID: COMPANY_ID }).message).toMatch(/companyID: unknown key; did you mean "companyId"\?/);
    expect(refusal({ companyId: COMPANY_ID, timeout: 5 }).message).toMatch(/timeout: unknown key; did you mean "timeoutMs"\?/);
  });

  it('is a KlaviyoCore, as the client functions of klaviyo-ts/operations take', () => {
    expect(new KlaviyoClient({ companyId: COMPANY_ID })).toBeInstanceOf(KlaviyoCore);
  });

  it('has the client API’s resources, each a class klaviyo-ts/client exports for annotating code', () => {
    const klaviyo = new KlaviyoClient({ companyId: COMPANY_ID });
    expect(klaviyo).toBeInstanceOf(KlaviyoClientResources);
    expect(klaviyo.events).toBeInstanceOf(ClientEvents);
    expect(klaviyo.profiles).toBeInstanceOf(ClientProfiles);
    expect(klaviyo.subscriptions).toBeInstanceOf(ClientSubscriptions);
    expect(klaviyo.backInStockSubscriptions).toBeInstanceOf(ClientBackInStockSubscriptions);
    expect(klaviyo.pushTokens).toBeInstanceOf(ClientPushTokens);
    expect(klaviyo.reviews).toBeInstanceOf(ClientReviews);
    expect(klaviyo.geofences).toBeInstanceOf(ClientGeofences);
    expect(klaviyo.ipAllowlists).toBeInstanceOf(ClientIpAllowlists);
    // Nothing of the server client: no resource that would need a private key.
    expect(Object.keys(klaviyo).sort()).toEqual(
      [
        'backInStockSubscriptions',
        'events',
        'geofences',
        'ipAllowlists',
        'profiles',
        'pushTokens',
        'rateLimit',
        'reviews',
        'subscriptions',
      ].sort(),
    );
  });
});

describe('what a KlaviyoClient sends', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('names the account by company_id in every request and sends no Authorization header', async () => {
    const { fetch, requests } = scriptedFetch(
      () => new Response(null, { status: 202 }),
      () => new Response(null, { status: 202 }),
      () => jsonApi(200, { data: [], links: {} }),
    );
    const klaviyo = new KlaviyoClient({ companyId: COMPANY_ID, fetch });
    await klaviyo.events.create(event);
    await klaviyo.profiles.create({ email: 'sarah.mason@klaviyo-demo.com' });
    await klaviyo.geofences.list();

    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /client/events',
      'POST /client/profiles',
      'GET /client/geofences',
    ]);
    for (const request of requests) {
      expect(new URL(request.url).searchParams.getAll('company_id')).toEqual([COMPANY_ID]);
      expect(request.headers.get('authorization')).toBeNull();
      expect(request.headers.get('revision')).toBe('2026-07-15');
    }
    expect(await requests[0]!.json()).toEqual({ data: { type: 'event', attributes: event } });
  });

  it('never reads KLAVIYO_API_KEY, and so never sends it', async () => {
    vi.stubEnv('KLAVIYO_API_KEY', TEST_KEY);
    const read: string[] = [];
    const env = new Proxy(process.env, {
      get: (target, name) => {
        if (typeof name === 'string') read.push(name);
        return Reflect.get(target, name);
      },
    });
    vi.stubGlobal('process', { ...process, env, versions: process.versions });
    const { fetch, requests } = scriptedFetch(() => new Response(null, { status: 202 }));
    await new KlaviyoClient({ companyId: COMPANY_ID, fetch }).events.create(event);

    expect(read).not.toContain('KLAVIYO_API_KEY');
    const request = requests[0]!;
    const sent = [request.url, JSON.stringify([...request.headers]), await request.text()].join('\n');
    expect(sent).not.toContain(TEST_KEY);
    // The proxy sees reads: a server client reading the variable is caught by it.
    new Klaviyo({ fetch });
    expect(read).toContain('KLAVIYO_API_KEY');
  });
});

describe('retries and errors are the SDK’s', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits out a 429’s Retry-After and sends the event again', async () => {
    const { fetch, calls } = scriptedFetch(
      jsonApi(429, { errors: [{ status: 429, code: 'throttled', detail: 'Request was throttled.' }] }, { 'retry-after': '2' }),
      () => new Response(null, { status: 202 }),
    );
    const sent = new KlaviyoClient({ companyId: COMPANY_ID, fetch, rateLimit: false }).events.create(event);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(sent).resolves.toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('rejects with RateLimitError once the retries are spent', async () => {
    const { fetch, calls } = scriptedFetch(
      jsonApi(429, { errors: [{ status: 429, code: 'throttled', detail: 'Request was throttled.' }] }, { 'retry-after': '1' }),
    );
    const sent = new KlaviyoClient({ companyId: COMPANY_ID, fetch, rateLimit: false, maxRetries: 1 }).events
      .create(event)
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await sent).toBeInstanceOf(RateLimitError);
    expect(calls()).toBe(2);
  });

  it('rejects a 400 with BadRequestError, the class klaviyo-ts throws, naming the request', async () => {
    const { fetch, calls } = scriptedFetch(
      jsonApi(400, {
        errors: [
          {
            status: 400,
            code: 'invalid',
            title: 'Invalid input.',
            detail: 'The company_id is not valid.',
            source: { parameter: 'company_id' },
          },
        ],
      }),
    );
    const error = await new KlaviyoClient({ companyId: COMPANY_ID, fetch }).subscriptions
      .create({
        data: {
          type: 'subscription',
          attributes: {
            profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
          },
          relationships: { list: { data: { type: 'list', id: 'Y6nRLr' } } },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(ServerEntryBadRequestError);
    expect(error).toBeInstanceOf(KlaviyoApiError);
    expect(error).toMatchObject({ status: 400, method: 'POST', path: '/client/subscriptions' });
    expect((error as Error).message).toBe(
      '400 invalid: The company_id is not valid. (at parameter company_id) — POST /client/subscriptions',
    );
    expect(calls()).toBe(1);
  });
});

describe('rate limits', () => {
  it('counts the client API apart from a server client’s quota in the same process', async () => {
    const accepted = () => new Response(null, { status: 202 });
    const { fetch } = scriptedFetch(accepted);
    // One request per minute for every XL operation: create_client_event and the server's create_event both are.
    const rateLimit = { limits: { XL: { burst: 1, steady: 1 } } };
    // Keys no other test uses: clients of one key share its quota (and its stats) in a process.
    const browser = new KlaviyoClient({ companyId: 'QuOtA1', fetch, rateLimit });
    const server = new Klaviyo({ apiKey: 'pk_quota_0123456789abcdef0123456789', fetch, rateLimit });

    await browser.events.create(event);
    // A shared quota would hold this call for a minute, past the test's timeout.
    await server.events.create({ metric: 'Viewed Product', profile: { email: 'sarah.mason@klaviyo-demo.com' } });

    const sentBy = (client: KlaviyoCore) =>
      Object.fromEntries(client.rateLimit.stats().map((s) => [s.operations.join(), s.steady.sent]));
    expect(sentBy(browser)).toEqual({ create_client_event: 1 });
    expect(sentBy(server)).toEqual({ create_event: 1 });
  });

  it('shares one quota among the clients of one companyId, as Klaviyo counts it', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response(null, { status: 202 }));
    const rateLimit = { limits: { create_client_event: { burst: 1, steady: 100 } }, burstWindowMs: 300 };
    const first = new KlaviyoClient({ companyId: 'ShArE1', fetch, rateLimit });
    const second = new KlaviyoClient({ companyId: 'ShArE1', fetch, rateLimit });
    const started = Date.now();
    await Promise.all([first.events.create(event), second.events.create(event)]);
    expect(calls()).toBe(2);
    // The second waited for the first's burst window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
