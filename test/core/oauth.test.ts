/**
 * OAuth apps: `accessToken` (a token, or a function that gets a fresh one) instead of `apiKey`. Klaviyo's
 * guide: https://developers.klaviyo.com/en/docs/set_up_oauth
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AccessTokenError,
  AuthenticationError,
  Klaviyo,
  KlaviyoCore,
  KlaviyoError,
  type KlaviyoOptions,
  ValidationError,
} from '../../src/index.js';
import { jsonApi, recordingLogger, scriptedFetch, TEST_KEY } from '../helpers.js';

afterEach(() => vi.unstubAllEnvs());

const lists = { method: 'GET', path: '/api/lists' } as const;
const ok = () => jsonApi(200, { data: [] });
const refused = (detail = 'Authentication credentials were not provided or are invalid.') =>
  jsonApi(401, { errors: [{ status: 401, code: 'not_authenticated', detail }] });
/** A token no other test uses: rate-limit buckets are process-wide. */
const newToken = (label = 'token') => `${label}-${randomUUID()}`;
const bearer = (request: Request) => request.headers.get('authorization');

/** A client of an OAuth app, with rate limiting off unless asked for. */
function oauthClient(accessToken: KlaviyoOptions['accessToken'], fetch: typeof globalThis.fetch, options: KlaviyoOptions = {}) {
  return new Klaviyo({ accessToken, fetch, rateLimit: false, ...options });
}

/** A token function that gives `first-…`, `second-…`, … and counts its calls. */
function tokenIssuer(delayMs = 0) {
  const issued: string[] = [];
  const issue = vi.fn(async () => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const token = newToken(['first', 'second', 'third'][issued.length] ?? 'later');
    issued.push(token);
    return token;
  });
  return { issue, issued };
}

/** A fetch that plays Klaviyo: 401 unless the request carries the token `valid()` names. */
function klaviyoAccepting(valid: () => string | undefined) {
  return scriptedFetch((request) => (bearer(request) === `Bearer ${valid()}` ? ok() : refused()));
}

describe('accessToken', () => {
  it('sends Authorization: Bearer <token> instead of Klaviyo-API-Key', async () => {
    const token = newToken();
    const { fetch, requests } = scriptedFetch(ok());
    await oauthClient(token, fetch).request(lists);
    expect(bearer(requests[0]!)).toBe(`Bearer ${token}`);
  });

  it('works the same on KlaviyoCore', async () => {
    const token = newToken();
    const { fetch, requests } = scriptedFetch(ok());
    await new KlaviyoCore({ accessToken: token, fetch, rateLimit: false }).request(lists);
    expect(bearer(requests[0]!)).toBe(`Bearer ${token}`);
  });

  it('is used instead of KLAVIYO_API_KEY from the environment', async () => {
    vi.stubEnv('KLAVIYO_API_KEY', TEST_KEY);
    const token = newToken();
    const { fetch, requests } = scriptedFetch(ok());
    await oauthClient(token, fetch).request(lists);
    expect(bearer(requests[0]!)).toBe(`Bearer ${token}`);
  });

  it('as a function, is asked for a token by the first call only while Klaviyo accepts it', async () => {
    const { issue, issued } = tokenIssuer();
    const { fetch, requests } = klaviyoAccepting(() => issued[0]);
    const klaviyo = oauthClient(issue, fetch);
    await klaviyo.request(lists);
    await klaviyo.request(lists);
    expect(issue).toHaveBeenCalledTimes(1);
    expect(requests.map(bearer)).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[0]}`]);
  });

  it('refuses apiKey and accessToken together, before anything is sent', () => {
    const { fetch, calls } = scriptedFetch(ok());
    const both = () => new Klaviyo({ apiKey: TEST_KEY, accessToken: newToken(), fetch });
    expect(both).toThrow(ValidationError);
    expect(both).toThrow(/apiKey .* or accessToken .*, not both/);
    expect(() => new KlaviyoCore({ apiKey: TEST_KEY, accessToken: () => 'never-called-token', fetch })).toThrow(KlaviyoError);
    expect(calls()).toBe(0);
  });

  it('refuses a token pasted with its scheme, or a private key given as a token', () => {
    expect(() => new Klaviyo({ accessToken: `Bearer ${newToken()}` })).toThrow(/starts with "Bearer "/);
    expect(() => new Klaviyo({ accessToken: TEST_KEY })).toThrow(/private API key .* pass it as apiKey/);
    expect(() => new Klaviyo({ accessToken: '' })).toThrow(ValidationError);
  });

  it('is a known client option: a misspelling names it', () => {
    expect(() => new Klaviyo({ accesToken: newToken() } as KlaviyoOptions)).toThrow(/did you mean "accessToken"\?/);
  });
});

describe('when Klaviyo refuses the token (401)', () => {
  it('asks the function once more and sends the call again with the new token', async () => {
    const { issue, issued } = tokenIssuer();
    const { fetch, requests } = klaviyoAccepting(() => issued[1]); // the first token has expired
    await expect(oauthClient(issue, fetch).request(lists)).resolves.toEqual({ data: [] });
    expect(issue).toHaveBeenCalledTimes(2);
    expect(requests.map(bearer)).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[1]}`]);
  });

  it('sends it again once only: a second 401 fails with AuthenticationError', async () => {
    const { issue } = tokenIssuer();
    const { fetch, calls } = klaviyoAccepting(() => undefined); // the app was uninstalled
    const error = await oauthClient(issue, fetch)
      .request(lists)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(issue).toHaveBeenCalledTimes(2);
    expect(calls()).toBe(2);
  });

  it('refreshes once per call, retries after a 5xx included', async () => {
    const { issue } = tokenIssuer();
    const unavailable = () => jsonApi(503, { errors: [{ status: 503, detail: 'Try again.' }] });
    const { fetch, calls } = scriptedFetch(refused(), unavailable(), refused());
    const error = await oauthClient(issue, fetch, { maxRetries: 3 })
      .request(lists)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(issue).toHaveBeenCalledTimes(2);
    expect(calls()).toBe(3);
  });

  it('sends a write again too, as a 401 means nothing was applied, and with maxRetries 0', async () => {
    const { issue, issued } = tokenIssuer();
    const { fetch, requests } = klaviyoAccepting(() => issued[1]);
    const body = { data: { type: 'list', attributes: { name: 'Newsletter' } } };
    await oauthClient(issue, fetch, { maxRetries: 0 }).request({ method: 'POST', path: '/api/lists', body });
    expect(requests.map((r) => `${r.method} ${bearer(r)}`)).toEqual([`POST Bearer ${issued[0]}`, `POST Bearer ${issued[1]}`]);
  });

  it('with a fixed token, fails at once with AuthenticationError', async () => {
    const { fetch, calls } = scriptedFetch(refused());
    const error = await oauthClient(newToken(), fetch)
      .request(lists)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(calls()).toBe(1);
  });

  it('refreshes once for calls refused together', async () => {
    const { issue, issued } = tokenIssuer(20);
    const { fetch, requests } = klaviyoAccepting(() => issued[1]);
    const klaviyo = oauthClient(issue, fetch);
    await klaviyo.request(lists); // gets the first token, refused, refreshed
    issued.splice(1); // the second token expires too
    const { fetch: later, requests: laterRequests } = klaviyoAccepting(() => issued[1]);
    const again = oauthClient(issue, later); // another client of the same app shares the token
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? klaviyo : again).request(lists)));
    expect(results).toHaveLength(5);
    expect(issue).toHaveBeenCalledTimes(3);
    expect(requests.length + laterRequests.length).toBe(2 + 10);
  });

  it('the calls refused together are all sent again, each once', async () => {
    const { issue, issued } = tokenIssuer(20);
    const { fetch, requests } = klaviyoAccepting(() => issued[1]);
    const klaviyo = oauthClient(issue, fetch);
    await Promise.all(Array.from({ length: 8 }, () => klaviyo.request(lists)));
    expect(issue).toHaveBeenCalledTimes(2);
    expect(requests.filter((r) => bearer(r) === `Bearer ${issued[0]}`)).toHaveLength(8);
    expect(requests.filter((r) => bearer(r) === `Bearer ${issued[1]}`)).toHaveLength(8);
  });
});

describe("the token function's failures", () => {
  it('become AccessTokenError, with the original error as cause', async () => {
    const { fetch, calls } = scriptedFetch(ok());
    const failing = () => Promise.reject(new Error('invalid_grant: refresh token revoked'));
    const error = (await oauthClient(failing, fetch)
      .request(lists)
      .catch((e: unknown) => e)) as AccessTokenError;
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(error).toBeInstanceOf(KlaviyoError);
    expect(error.message).toMatch(/accessToken function threw \(invalid_grant: refresh token revoked\)/);
    expect((error.cause as Error).message).toBe('invalid_grant: refresh token revoked');
    expect(calls()).toBe(0);
  });

  it('a function that throws at once, or gives no string, fails the same way', async () => {
    const { fetch } = scriptedFetch(ok());
    const throwing = () => {
      throw new TypeError('no token stored');
    };
    await expect(oauthClient(throwing, fetch).request(lists)).rejects.toThrow(AccessTokenError);
    const empty = oauthClient(() => undefined as unknown as string, fetch);
    await expect(empty.request(lists)).rejects.toThrow(/result must be a string, got undefined/);
  });

  it('on refresh, fail the call with AccessTokenError; the next call asks again', async () => {
    const first = newToken('first');
    const second = newToken('second');
    const answers: Array<() => string> = [
      () => first,
      () => {
        throw new Error('token endpoint down');
      },
      () => second,
    ];
    const issue = vi.fn(() => answers.shift()!());
    const { fetch, requests } = klaviyoAccepting(() => second); // the first token has expired
    const klaviyo = oauthClient(issue, fetch);
    await expect(klaviyo.request(lists)).rejects.toThrow(AccessTokenError);
    await expect(klaviyo.request(lists)).resolves.toEqual({ data: [] });
    expect(issue).toHaveBeenCalledTimes(3);
    expect(requests.map(bearer)).toEqual([`Bearer ${first}`, `Bearer ${first}`, `Bearer ${second}`]);
  });

  it('a call waiting for the function ends with AbortError when its signal aborts', async () => {
    const { fetch, calls } = scriptedFetch(ok());
    const never = () => new Promise<string>(() => {});
    const controller = new AbortController();
    const call = oauthClient(never, fetch).request(lists, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow(AbortError);
    expect(calls()).toBe(0);
  });
});

describe('the token never leaks', () => {
  it('stays out of messages, causes, inspect and JSON of errors and client, and debug logs', async () => {
    const { issue, issued } = tokenIssuer();
    const logger = recordingLogger();
    // The worst case: Klaviyo echoes the Authorization header back, for every token.
    const { fetch } = scriptedFetch((request) => refused(`bad credentials: ${bearer(request)}`));
    const klaviyo = oauthClient(issue, fetch, { logger, logLevel: 'debug' });
    const error = (await klaviyo.request(lists).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(issued).toHaveLength(2);
    const places = [
      error.message,
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      inspect(klaviyo, { depth: 10, showHidden: true }),
      JSON.stringify(klaviyo),
      logger.lines.join('\n'),
    ];
    expect(logger.lines.some((line) => line.startsWith('debug → GET /api/lists'))).toBe(true);
    for (const text of places) for (const token of issued) expect(text).not.toContain(token);
    expect(error.message).toContain('Bearer [redacted]');
  });

  it('nor does a fixed token, nor one quoted by the function that failed', async () => {
    const token = newToken();
    const { fetch } = scriptedFetch((request) => refused(`bad: ${bearer(request)}`));
    const fixed = (await oauthClient(token, fetch)
      .request(lists)
      .catch((e: unknown) => e)) as Error;
    const failing = oauthClient(async () => {
      throw new Error(`could not refresh ${token}`);
    }, fetch);
    const thrown = (await failing.request(lists).catch((e: unknown) => e)) as Error;
    for (const error of [fixed, thrown]) {
      for (const text of [error.message, inspect(error, { depth: 10 }), JSON.stringify(error), String(error.cause)]) {
        expect(text).not.toContain(token);
      }
    }
  });
});

describe('rate-limit buckets of an OAuth app', () => {
  const sentBy = (klaviyo: Klaviyo) => klaviyo.rateLimit.stats().reduce((n, s) => n + s.steady.sent, 0);

  it('are shared by clients built with the same function, and kept when the token is refreshed', async () => {
    const { issue, issued } = tokenIssuer();
    const { fetch } = klaviyoAccepting(() => issued[1]);
    const first = oauthClient(issue, fetch, { rateLimit: {} });
    const second = oauthClient(issue, fetch, { rateLimit: {} });
    await first.request(lists); // refused, refreshed, sent again: two requests of one quota
    await second.request(lists);
    expect(sentBy(first)).toBe(3);
    expect(sentBy(second)).toBe(3);
  });

  it('are separate for different functions and for different tokens, shared for the same token', async () => {
    const { fetch } = scriptedFetch(ok());
    const token = newToken();
    const clients = [newToken(), token, token].map((t) => oauthClient(t, fetch, { rateLimit: {} }));
    const functions = [() => 'app-one-token-value', () => 'app-two-token-value'].map((f) =>
      oauthClient(f, fetch, { rateLimit: {} }),
    );
    for (const klaviyo of [...clients, ...functions]) await klaviyo.request(lists);
    expect(clients.map(sentBy)).toEqual([1, 2, 2]);
    expect(functions.map(sentBy)).toEqual([1, 1]);
  });
});
