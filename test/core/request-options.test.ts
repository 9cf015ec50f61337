/**
 * Every method's last argument is `RequestOptions`. A misspelt option (`{ timeOut: 5000 }`) used to be
 * ignored, so the call ran with the default timeout; now it is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { KlaviyoCore } from '../../src/core/klaviyo-core.js';
import { getProfiles } from '../../src/operations/index.js';
import { ValidationError } from '../../src/index.js';
import { clientWith, jsonApi, scriptedFetch, TEST_KEY } from '../helpers.js';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as ValidationError,
  );

describe('per-call options', () => {
  it('{ timeOut } is refused before sending, naming the key and timeoutMs', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [] }));
    const options = { timeOut: 5000 } as never;
    const error = await refusal(clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, options));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.issues).toEqual([{ path: 'timeOut', message: 'unknown key; did you mean "timeoutMs"?' }]);
    expect(error!.message).toBe('Invalid request options: timeOut: unknown key; did you mean "timeoutMs"?');
    expect(calls()).toBe(0);
  });

  it('a signal that is not an AbortSignal is refused before sending, with the limiter on or off, and nothing escapes unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const rateLimit of [{}, false as const]) {
        const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [] }));
        const klaviyo = clientWith(fetch, { rateLimit });
        for (const signal of ['x', {}, { aborted: false }]) {
          const error = await refusal(klaviyo.lists.list(undefined, { signal } as never));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error!.issues).toEqual([
            {
              path: 'signal',
              message: expect.stringMatching(
                /^must be an AbortSignal \(an AbortController's signal, or AbortSignal\.timeout\(ms\)\), got /,
              ),
            },
          ]);
        }
        expect(calls()).toBe(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('every bad option of a call is reported at once', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const error = await refusal(
      clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, {
        timeOut: 1,
        maxRetries: 1.5,
        maxResponseBytes: 0,
      } as never),
    );
    expect(error!.issues.map((i) => i.path)).toEqual(['timeOut', 'maxRetries', 'maxResponseBytes']);
  });

  it('a misspelt option is refused by resource methods, paginated ones included', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [], links: {} }));
    const klaviyo = clientWith(fetch);
    const list = await refusal(klaviyo.lists.list(undefined, { max_retries: 1 } as never));
    expect(list).toBeInstanceOf(ValidationError);
    expect(list!.message).toContain('did you mean "maxRetries"?');
    const get = await refusal(klaviyo.lists.get('Y6nRLr', undefined, { signl: AbortSignal.timeout(1000) } as never));
    expect(get!.message).toContain('did you mean "signal"?');
    expect(calls()).toBe(0);
  });

  it('a misspelt option is refused by the standalone functions', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [], links: {} }));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, fetch, rateLimit: false });
    const error = await refusal(getProfiles(core, undefined, { response_validation: 'off' } as never));
    expect(error!.message).toContain('did you mean "responseValidation"?');
    expect(calls()).toBe(0);
  });

  it('a key set to undefined is still a misspelling', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const error = await refusal(
      clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, { timeOut: undefined } as never),
    );
    expect(error!.issues[0]!.path).toBe('timeOut');
  });

  it('an unrelated key lists the options there are', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const error = await refusal(clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, { cache: 'no-store' } as never));
    expect(error!.message).toContain('accepted: signal, timeoutMs, revision, maxRetries, responseValidation');
  });

  it('every documented option is accepted', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(200, { data: [] }));
    const options = {
      signal: new AbortController().signal,
      timeoutMs: 1000,
      revision: '2026-07-15',
      maxRetries: 0,
      responseValidation: 'off',
    } as const;
    await expect(clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, options)).resolves.toEqual({ data: [] });
    expect(calls()).toBe(1);
  });

  it('options that are not an object are refused', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    const error = await refusal(clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, null as never));
    expect(error).toBeInstanceOf(ValidationError);
  });
});
