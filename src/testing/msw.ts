/**
 * The msw adapter: `createKlaviyoMock()` returns request handlers for the user's own `setupServer` (from
 * `msw/node`), answering every request under the base URL from the shared core. msw is an optional peer
 * dependency, loaded by msw-loader.ts only when this function is called, so nothing else in
 * `klaviyo-ts/testing` needs it.
 */
import { KlaviyoError } from '../core/errors.js';
import { isMultipart, readForm } from './form.js';
import { createMockCore, sleep, type KlaviyoMockOptions } from './mock.js';
import { loadMsw, type MswModule } from './msw-loader.js';
import type { MockState } from './state.js';
import type { MockRequest, MockResponse } from './types.js';

/** Options of `createKlaviyoMock`. */
export interface CreateKlaviyoMockOptions extends KlaviyoMockOptions {
  /** Origin the handlers intercept. Default `https://a.klaviyo.com`. */
  baseUrl?: string | undefined;
}

/**
 * One of msw's request handlers (an msw `HttpHandler`), for `setupServer(...)` and `server.use(...)`. Typed
 * `never` so that these declarations compile where msw is not installed: msw's handler class has private
 * members, so no shape declared here would be accepted in its place, while `never` spreads into any of msw's
 * handler lists.
 */
export type MswRequestHandler = never;

/** What `createKlaviyoMock` returns. */
export interface KlaviyoMock {
  /** msw handlers: `setupServer(...mock.handlers)`. */
  handlers: MswRequestHandler[];
  /** The mock's data, fault controls, write counter and request log. */
  state: MockState;
  /** The adapter-free pipeline, for calling the mock without HTTP. */
  handle: (request: MockRequest) => MockResponse;
}

/**
 * `createKlaviyoMock` could not load msw: it is not installed (`npm i -D msw`), or, from CommonJS on Node
 * before 20.19, it cannot be required. `cause` is the loader's error. `startMockServer` needs no msw.
 */
export class MswUnavailableError extends KlaviyoError {
  override readonly name: string = 'MswUnavailableError';
}

/**
 * Creates a stateful Klaviyo mock for msw.
 *
 * @throws MswUnavailableError when msw cannot be loaded.
 */
export function createKlaviyoMock(options: CreateKlaviyoMockOptions = {}): KlaviyoMock {
  const msw = mswOrThrow();
  const core = createMockCore(options);
  const baseUrl = (options.baseUrl ?? 'https://a.klaviyo.com').replace(/\/+$/, '');

  const handler = msw.http.all(`${baseUrl}/*`, async ({ request }) => {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const multipart = isMultipart(request.headers.get('content-type'));
    const response = core.handle({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: hasBody && !multipart ? await request.text() : undefined,
      form: hasBody && multipart ? await readForm(request) : undefined,
    });
    return toMswResponse(msw, response, request.signal);
  });
  return { handlers: [handler as never], state: core.state, handle: core.handle };
}

function mswOrThrow(): MswModule {
  const loaded = loadMsw();
  if (loaded.module) return loaded.module;
  const code = (loaded.error as { code?: unknown } | null)?.code;
  if (code === 'ERR_REQUIRE_ESM') {
    throw new MswUnavailableError(
      'createKlaviyoMock cannot load msw from CommonJS on this Node version: msw needs require() of ES modules ' +
        '(Node 20.19 or later). Upgrade Node, import klaviyo-ts/testing from an ES module, or use startMockServer.',
      { cause: loaded.error },
    );
  }
  const message = (loaded.error as { message?: unknown } | null)?.message;
  if ((code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && /['"]msw['"]/.test(String(message))) {
    throw new MswUnavailableError('createKlaviyoMock needs msw: npm i -D msw', { cause: loaded.error });
  }
  throw new MswUnavailableError(`createKlaviyoMock could not load msw: ${String(loaded.error)}`, { cause: loaded.error });
}

async function toMswResponse(msw: MswModule, response: MockResponse, signal: AbortSignal): Promise<Response> {
  const fault = response.fault;
  if (fault?.latencyMs) await sleep(fault.latencyMs, signal);
  if (fault?.hang) {
    // Hang until the client gives up; then fail the request the way a closed connection would.
    await new Promise<void>((resolve) =>
      signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return msw.HttpResponse.error();
  }
  // msw cannot cut a body half-way; a network error is what the client observes either way.
  if (fault?.dropConnection) return msw.HttpResponse.error();
  return new msw.HttpResponse(response.body ?? null, { status: response.status, headers: response.headers });
}
