import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  KlaviyoApiError,
  KlaviyoError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../../src/index.js';
import { clientWith, jsonApi, recordingLogger, scriptedFetch, TEST_KEY } from '../helpers.js';

const klaviyoError = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => ({
  errors: [
    { id: 'e1f6f1c2', status, code, title: 'Invalid input.', detail, source: { pointer: '/data/attributes/email' }, ...extra },
  ],
});

async function failure(response: Response, method: 'GET' | 'POST' = 'POST', path = '/api/profiles'): Promise<KlaviyoApiError> {
  const { fetch } = scriptedFetch(response);
  const error = await clientWith(fetch, { maxRetries: 0 })
    .request({ method, path, body: method === 'POST' ? { data: {} } : undefined })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KlaviyoApiError);
  return error as KlaviyoApiError;
}

describe('errors say what Klaviyo said', () => {
  it('reads like "400 invalid: detail (at pointer) — METHOD path" and carries every field', async () => {
    const error = await failure(
      jsonApi(400, klaviyoError(400, 'invalid', 'The email field is required.'), { 'x-klaviyo-req-id': 'req-9' }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toBe('400 invalid: The email field is required. (at /data/attributes/email) — POST /api/profiles');
    expect(error.status).toBe(400);
    expect(error.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/data/attributes/email' } });
    expect(error.requestId).toBe('req-9');
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/api/profiles');
    expect(error.headers['x-klaviyo-req-id']).toBe('req-9');
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ])('maps %i to %o', async (status, ErrorClass) => {
    const error = await failure(jsonApi(status, klaviyoError(status, 'x', 'y')), 'GET');
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(KlaviyoError);
    expect(error.status).toBe(status);
  });

  it('gives the existing profile id on a duplicate-profile 409', async () => {
    const body = klaviyoError(409, 'duplicate_profile', 'A profile already exists with one of these identifiers.', {
      meta: { duplicate_profile_id: '01GDDKASAP8TKDDA2GRZDSVP4H' },
    });
    const error = (await failure(jsonApi(409, body))) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.duplicateProfileId).toBe('01GDDKASAP8TKDDA2GRZDSVP4H');
  });

  it('gives a ServerError with a short snippet for an HTML 502 page', async () => {
    const html = `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1>${'x'.repeat(500)}</body></html>`;
    const error = await failure(new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }), 'GET');
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/^502 502 Bad Gateway Bad Gateway x+\.\.\. — GET \/api\/profiles$/);
    expect(error.message.length).toBeLessThan(200);
    expect(error.body).toBe(html);
    expect(error.errors).toEqual([]);
  });

  it('gives a ValidationError carrying the raw text, not a SyntaxError, for malformed JSON on a 2xx', async () => {
    const { fetch } = scriptedFetch(new Response('{"data": [{"type": "profile", "id"', { status: 200 }));
    const error = await clientWith(fetch)
      .request({ method: 'GET', path: '/api/profiles' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).body).toBe('{"data": [{"type": "profile", "id"');
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('reads an empty body as no data on a 2xx, and as the status alone on an error', async () => {
    const { fetch } = scriptedFetch(new Response(null, { status: 202 }), new Response(' \n', { status: 200 }));
    const klaviyo = clientWith(fetch, { maxRetries: 0 });
    const accepted = await klaviyo.request({ method: 'POST', path: '/api/events', body: { data: {} } }).withResponse();
    expect(accepted.data).toBeUndefined();
    expect(accepted.response.status).toBe(202);
    expect(await klaviyo.request({ method: 'DELETE', path: '/api/lists/L1' })).toBeUndefined();

    const error = await failure(new Response('', { status: 503 }), 'GET');
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBe('');
    expect(error.errors).toEqual([]);
    expect(error.message).toMatch(/^503\b.* — GET \/api\/profiles$/);
  });
});

describe('the private key never leaks', () => {
  it('stays out of message, stack, cause, toJSON, inspect and the logger', async () => {
    // A server that echoes the Authorization header back in its error body, the worst case.
    const logger = recordingLogger();
    const { fetch } = scriptedFetch((req) =>
      jsonApi(400, klaviyoError(400, 'invalid', `bad header ${req.headers.get('authorization')}`)),
    );
    const klaviyo = clientWith(fetch, { logger, logLevel: 'debug', maxRetries: 0 });
    const error = (await klaviyo
      .request({ method: 'GET', path: `/api/profiles`, query: { note: TEST_KEY } })
      .catch((e) => e)) as Error;
    const places = [
      error.message,
      error.stack ?? '',
      String(error.cause ?? ''),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      inspect(klaviyo, { depth: 10, showHidden: true }),
      JSON.stringify(klaviyo),
      logger.lines.join('\n'),
    ];
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const text of places) expect(text).not.toContain(TEST_KEY.slice(3));
    expect(error.message).toContain('pk_[redacted]');
  });

  it('masks keys whole, underscores and dashes included', async () => {
    const key = 'pk_live_ab-cd_0123456789abcdef';
    const { fetch } = scriptedFetch((req) =>
      jsonApi(401, { errors: [{ status: 401, detail: `bad key ${req.headers.get('authorization')}` }] }),
    );
    const error = (await clientWith(fetch, { apiKey: key })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e)) as Error;
    expect(error.message).toBe('401 bad key Klaviyo-API-Key pk_[redacted] — GET /api/lists');
    expect(inspect(error, { depth: 10 })).not.toContain('0123456789abcdef');
  });

  it('keeps the key out of errors thrown for connection failures', async () => {
    const { fetch } = scriptedFetch(new TypeError(`fetch failed for ${TEST_KEY}`));
    const error = (await clientWith(fetch, { maxRetries: 0 })
      .request({ method: 'GET', path: '/api/lists' })
      .catch((e) => e)) as Error;
    expect(inspect(error, { depth: 10 })).not.toContain(TEST_KEY.slice(3));
  });
});
