/**
 * What the SDK reports, and where: `logLevel` (default 'warn') decides how much; `logger` (default the
 * console) where it goes. Before, with no logger nothing was ever reported (not even a retired revision),
 * and `logger: console` printed every request's full headers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Klaviyo, ValidationError } from '../../src/index.js';
import { clientWith, jsonApi, recordingLogger, scriptedFetch, TEST_KEY } from '../helpers.js';

afterEach(() => vi.restoreAllMocks());

/** Spies on every console method a logger could reach, keeping the test output clean. */
function spyOnConsole() {
  return {
    debug: vi.spyOn(console, 'debug').mockImplementation(() => {}),
    info: vi.spyOn(console, 'info').mockImplementation(() => {}),
    warn: vi.spyOn(console, 'warn').mockImplementation(() => {}),
    error: vi.spyOn(console, 'error').mockImplementation(() => {}),
    log: vi.spyOn(console, 'log').mockImplementation(() => {}),
  };
}

const ok = () => jsonApi(200, { data: [] });
const printed = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((args) => args.map(String).join(' ')).join('\n');

describe('with no logger', () => {
  it('a retired revision is reported once, to console.warn', async () => {
    const console = spyOnConsole();
    const { fetch } = scriptedFetch(ok());
    const klaviyo = clientWith(fetch, { revision: '2023-01-24' });
    await klaviyo.request({ method: 'GET', path: '/api/lists' });
    await klaviyo.request({ method: 'GET', path: '/api/lists' });
    clientWith(fetch, { revision: '2023-01-24' }); // another client in the process: already said
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(console.warn.mock.calls[0]![0]).toMatch(/^\[klaviyo-ts\] Klaviyo API revision 2023-01-24 is retired/);
    expect(console.debug).not.toHaveBeenCalled();
    expect(console.info).not.toHaveBeenCalled();
  });

  it('an answer that differs from the spec is reported to console.warn', async () => {
    const console = spyOnConsole();
    const { fetch } = scriptedFetch(jsonApi(200, { data: { type: 'list', id: 'Y6nRLr', attributes: { name: 42 } } }));
    await clientWith(fetch).lists.get('Y6nRLr');
    expect(printed(console.warn)).toMatch(/\[klaviyo-ts\] Klaviyo's answer to get_list differs from the documented schema/);
  });

  it("logLevel 'off' silences everything, warnings included", async () => {
    const console = spyOnConsole();
    const { fetch } = scriptedFetch(ok());
    await clientWith(fetch, { revision: '2023-02-22', logLevel: 'off' }).request({ method: 'GET', path: '/api/lists' });
    for (const spy of Object.values(console)) expect(spy).not.toHaveBeenCalled();
  });
});

describe('logger: console', () => {
  it('prints no request or header at the default level', async () => {
    const console = spyOnConsole();
    const { fetch } = scriptedFetch(ok());
    await clientWith(fetch, { logger: globalThis.console }).request({ method: 'GET', path: '/api/lists' });
    for (const spy of Object.values(console)) expect(spy).not.toHaveBeenCalled();
  });

  it("prints headers at 'debug' only, with the key redacted and no trailing undefined", async () => {
    const console = spyOnConsole();
    const { fetch } = scriptedFetch(ok());
    await clientWith(fetch, { logger: globalThis.console, logLevel: 'debug' }).request({ method: 'GET', path: '/api/lists' });
    expect(console.debug).toHaveBeenCalledTimes(2);
    const [request, response] = console.debug.mock.calls;
    expect(request![0]).toBe('→ GET /api/lists');
    expect(request![1]).toMatchObject({ headers: { Authorization: '[redacted]', revision: '2026-07-15' } });
    expect(response![1]).toMatchObject({ headers: { 'content-type': 'application/vnd.api+json' } });
    expect(JSON.stringify(console.debug.mock.calls)).not.toContain(TEST_KEY.slice(3));
  });
});

describe('logLevel', () => {
  it("'info' reports retries, and no headers", async () => {
    vi.useFakeTimers();
    try {
      const logger = recordingLogger();
      const { fetch } = scriptedFetch(jsonApi(503, { errors: [] }), ok());
      const result = clientWith(fetch, { logger, logLevel: 'info' }).request({ method: 'GET', path: '/api/lists' });
      await vi.advanceTimersByTimeAsync(1_000);
      await result;
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0]).toMatch(/^info retrying GET \/api\/lists in \d+ ms/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("'warn' (the default) passes warnings to your logger, and nothing quieter", async () => {
    const logger = recordingLogger();
    const { fetch } = scriptedFetch(ok());
    await clientWith(fetch, { logger, revision: '2023-06-15' }).request({ method: 'GET', path: '/api/lists' });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn Klaviyo API revision 2023-06-15 is retired/);
  });

  it("'error' drops warnings", async () => {
    const logger = recordingLogger();
    const { fetch } = scriptedFetch(ok());
    await clientWith(fetch, { logger, logLevel: 'error', revision: '2023-07-15' }).request({ method: 'GET', path: '/api/lists' });
    expect(logger.lines).toEqual([]);
  });

  it('an unknown level is refused, naming the levels there are', () => {
    const make = () => new Klaviyo({ apiKey: TEST_KEY, logLevel: 'verbose' as never });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(`logLevel: must be 'off', 'error', 'warn', 'info' or 'debug', not "verbose"`);
  });

  it('a misspelt logLevel option is refused, naming logLevel', () => {
    expect(() => new Klaviyo({ apiKey: TEST_KEY, loglevel: 'debug' } as never)).toThrow('did you mean "logLevel"?');
  });
});
