/** Test doubles shared by the core tests. */
import { vi } from 'vitest';
import { Klaviyo, type KlaviyoOptions, type Logger } from '../src/index.js';

/** A syntactically valid private key that tests can search for in output. */
export const TEST_KEY = 'pk_0123456789abcdef0123456789abcdef01';

/** A JSON:API response, as Klaviyo sends it. */
export function jsonApi(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/vnd.api+json', ...headers },
  });
}

/** A fetch that answers with the given responses in order and records every request it saw. */
export function scriptedFetch(...answers: Array<Response | Error | ((req: Request) => Response | Promise<Response>)>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    if (next === undefined) throw new Error('scriptedFetch ran out of answers');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(request) : next.clone();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests, calls: () => requests.length };
}

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(details ?? {})}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** A client wired to a scripted fetch, with rate limiting off so tests control time. */
export function clientWith(fetch: typeof globalThis.fetch, options: KlaviyoOptions = {}): Klaviyo {
  return new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false, ...options });
}

/** A TypeError shaped like undici's when the connection is refused. */
export function connectionRefused(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
}

/** A TypeError shaped like undici's when the socket closes after the request went out. */
export function connectionReset(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}
