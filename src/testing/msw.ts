/**
 * The msw adapter: `createKlaviyoMock()` returns request handlers for the user's own `setupServer` (from
 * `msw/node`), answering every request under the base URL from the shared core.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createMockCore, sleep, type KlaviyoMockOptions } from './mock.js';
import type { MockState } from './state.js';
import type { MockRequest, MockResponse } from './types.js';

/** Options of `createKlaviyoMock`. */
export interface CreateKlaviyoMockOptions extends KlaviyoMockOptions {
  /** Origin the handlers intercept. Default `https://a.klaviyo.com`. */
  baseUrl?: string;
}

/** What `createKlaviyoMock` returns. */
export interface KlaviyoMock {
  /** msw handlers: `setupServer(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** The mock's data, fault controls, write counter and request log. */
  state: MockState;
  /** The adapter-free pipeline, for calling the mock without HTTP. */
  handle: (request: MockRequest) => MockResponse;
}

/** Creates a stateful Klaviyo mock for msw. */
export function createKlaviyoMock(options: CreateKlaviyoMockOptions = {}): KlaviyoMock {
  const core = createMockCore(options);
  const baseUrl = (options.baseUrl ?? 'https://a.klaviyo.com').replace(/\/+$/, '');

  const handler = http.all(`${baseUrl}/*`, async ({ request }) => {
    const response = core.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text(),
    });
    return toMswResponse(response, request.signal);
  });
  return { handlers: [handler], state: core.state, handle: core.handle };
}

async function toMswResponse(response: MockResponse, signal: AbortSignal): Promise<Response> {
  const fault = response.fault;
  if (fault?.latencyMs) await sleep(fault.latencyMs, signal);
  if (fault?.hang) {
    // Hang until the client gives up; then fail the request the way a closed connection would.
    await new Promise<void>((resolve) =>
      signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return HttpResponse.error();
  }
  // msw cannot cut a body half-way; a network error is what the client observes either way.
  if (fault?.dropConnection) return HttpResponse.error();
  return new HttpResponse(response.body ?? null, { status: response.status, headers: response.headers });
}
