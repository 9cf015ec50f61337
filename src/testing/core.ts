/**
 * The one request pipeline shared by the msw handlers and the node:http server:
 *
 *   route (404/405) → auth (401) → scopes (403) → revision (400) → rate limit (429) → scripted fault → content type (415)
 *   → JSON body (400) → body validation (400) → query validation (400) → handler → write count → headers
 *
 * Client API routes (`/client/*`) skip the key and scope checks, and count their rate limits per `company_id`.
 *
 * `handle` is synchronous and does no I/O: given the state and a request it returns the response, plus
 * any transport-level misbehaviour (latency, hang, dropped connection) for the adapter to carry out.
 */
import type { HandlerContext } from './context.js';
import { ApiError } from './errors.js';
import { handlers } from './handlers/index.js';
import { requestBodySchemaFor } from '../schemas/lookup.js';
import { parseQuery } from './query.js';
import { FixedWindowRateLimiter, type MockRateLimitOptions } from './rate-limit.js';
import { allowedMethods, matchRoute } from './router.js';
import type { FaultRule } from './faults.js';
import type { MockState } from './state.js';
import type { MockRequest, MockResponse } from './types.js';
import { parseJsonBody, takesBody, validateBody, type BodySchema, type RequestSchemas } from './validate.js';

const JSON_API = 'application/vnd.api+json';
const AUTH = /^(Klaviyo-API-Key pk_\S+|Bearer \S+)$/;
const REVISION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/** Options of the core pipeline. */
export interface CoreOptions {
  /** Rate-limit windows; `false` turns limiting off. Default: Klaviyo's real windows. */
  rateLimit?: false | MockRateLimitOptions | undefined;
  /**
   * Request-body schemas by operation id. Default: the generated zod schemas of `src/schemas`, so bodies are
   * checked exactly as strictly as the SDK's own types describe them; `false` leaves only the mock's checks.
   */
  requestSchemas?: RequestSchemas | false | undefined;
  /** Clock for rate-limit windows, in epoch ms. Default `Date.now`. */
  clock?: (() => number) | undefined;
  /**
   * The scopes of the key the mock plays (e.g. `['profiles:read']`): an operation needing any other scope
   * answers 403, as Klaviyo does for a key created without it. Default: every scope.
   */
  scopes?: readonly string[] | undefined;
  /**
   * Which OAuth access tokens (`Authorization: Bearer <token>`) the mock accepts; any other answers 401, as
   * Klaviyo does once a token has expired or been revoked. Default: every token. For tests of an app's token
   * refresh (`new Klaviyo({ accessToken: () => … })`): accept only the token your refresh issued last.
   */
  isAccessTokenValid?: ((token: string) => boolean) | undefined;
}

/** Builds the `handle` function over `state`. */
export function createCore(state: MockState, options: CoreOptions = {}): (request: MockRequest) => MockResponse {
  const limiter = options.rateLimit === false ? undefined : new FixedWindowRateLimiter(options.rateLimit ?? {});
  const clock = options.clock ?? Date.now;
  // The SDK's own schemas are looked up per operation, so only the operations a test calls build theirs.
  const custom = options.requestSchemas;
  const schemaFor: (operationId: string) => BodySchema | undefined =
    custom === false ? () => undefined : custom ? (id) => custom[id] : requestBodySchemaFor;

  // Klaviyo names every answer with `x-klaviyo-req-id`, which the SDK reports as `requestId` (for support).
  return function handle(request: MockRequest): MockResponse {
    const response = respond(request);
    response.headers['x-klaviyo-req-id'] = globalThis.crypto.randomUUID();
    return response;
  };

  function respond(request: MockRequest): MockResponse {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const headers = lowerCaseKeys(request.headers);
    const log = (status: number, operationId?: string) =>
      state.requests.push({
        method,
        path: safeDecode(url.pathname + url.search),
        status,
        ...(operationId ? { operationId } : {}),
      });

    const route = matchRoute(method, url.pathname);
    if (route === 'not-found' || route === 'method-not-allowed') {
      const error =
        route === 'not-found'
          ? new ApiError(404, `No route matches ${method} ${url.pathname}.`)
          : new ApiError(405, `Method "${method}" not allowed.`, { headers: { Allow: allowedMethods(url.pathname).join(', ') } });
      log(error.status);
      return errorResponse(error);
    }
    const { op, params } = route;
    let rateHeaders: Record<string, string> = {};
    const finish = (response: MockResponse): MockResponse => {
      if (response.status !== 429) Object.assign(response.headers, rateHeaders);
      log(response.status, op.id);
      return response;
    };

    // The client API (`/client/*`) is called from browsers and apps with the public key (`company_id`), never a
    // private key: it takes no Authorization header and has no scopes (https://developers.klaviyo.com/en/docs/authenticate_).
    const clientApi = op.path.startsWith('/client/');
    try {
      const authorization = headers['authorization'] ?? '';
      if (!clientApi && !AUTH.test(authorization)) {
        throw new ApiError(401, 'Missing or invalid private key. Send "Authorization: Klaviyo-API-Key pk_...".');
      }
      const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
      if (bearer !== undefined && options.isAccessTokenValid && !options.isAccessTokenValid(bearer)) {
        throw new ApiError(401, 'The access token is invalid or has expired.');
      }
      const missing = options.scopes && !clientApi ? op.scopes.filter((scope) => !options.scopes!.includes(scope)) : [];
      if (missing.length > 0) {
        throw new ApiError(403, `Your API key is missing required scopes: ${missing.join(', ')}.`, {
          code: 'permission_denied',
          title: 'You do not have permission to perform this action.',
        });
      }
      const revision = headers['revision'];
      if (!revision)
        throw new ApiError(400, 'The `revision` header is required.', {
          source: { parameter: 'revision' },
          code: 'missing_revision',
        });
      if (!REVISION.test(revision))
        throw new ApiError(400, `Invalid revision "${revision}".`, { source: { parameter: 'revision' } });

      if (limiter) {
        const decision = limiter.check(
          clientApi ? `company_id=${url.searchParams.get('company_id')}` : headers['authorization']!,
          op.id,
          op.limits,
          clock(),
        );
        if (!decision.allowed) {
          const seconds = decision.headers['Retry-After'];
          throw new ApiError(
            429,
            `Request was throttled. Expected available in ${seconds} second${seconds === '1' ? '' : 's'}.`,
            { headers: decision.headers },
          );
        }
        rateHeaders = decision.headers;
      }

      const fault = state.faults.take(op.id);
      if (fault && !fault.afterApply && !fault.malformedJson) return finish(faultResponse(fault, state.faults.baseLatencyMs));

      const result = run(request, headers, url, op, params);
      if (fault) {
        if (fault.malformedJson) {
          const response = withLatency(result, (fault.latencyMs ?? 0) + state.faults.baseLatencyMs);
          response.body = (response.body ?? '{"data":{}}').slice(
            0,
            Math.max(1, Math.floor((response.body ?? '{"data":{}}').length / 2)),
          );
          return finish(response);
        }
        return finish(faultResponse(fault, state.faults.baseLatencyMs));
      }
      return finish(withLatency(result, state.faults.baseLatencyMs));
    } catch (error) {
      return finish(withLatency(errorResponse(toApiError(error)), state.faults.baseLatencyMs));
    }
  }

  /** Body checks, query checks, then the operation's handler. */
  function run(
    request: MockRequest,
    headers: Record<string, string>,
    url: URL,
    op: HandlerContext['op'],
    params: Record<string, string>,
  ): MockResponse {
    let body: unknown;
    const text = request.body ?? '';
    const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (op.multipart) {
      if (contentType !== 'multipart/form-data')
        throw new ApiError(415, `Unsupported media type "${contentType || '(none)'}" in request. Send multipart/form-data.`);
      if (!request.form) throw new ApiError(400, 'A multipart/form-data body is required.', { source: { pointer: '/' } });
    } else if (takesBody(op.id)) {
      if (contentType !== JSON_API && contentType !== 'application/json') {
        throw new ApiError(415, `Unsupported media type "${contentType || '(none)'}" in request. Send ${JSON_API}.`);
      }
      if (text.trim() === '') throw new ApiError(400, 'A request body is required.', { source: { pointer: '/data' } });
      body = parseJsonBody(text);
      validateBody(op, body, params['id'], schemaFor(op.id));
    }
    const query = parseQuery(op, url.searchParams);
    // Links in answers are built from this URL: with the query re-encoded, `fields[profile]` becomes
    // `fields%5Bprofile%5D`, as in Klaviyo's links (the spec types them as URIs, which take no raw brackets).
    const canonical = new URL(url.href);
    canonical.search = url.searchParams.toString();
    const result = handlers[op.id]({ state, op, params, url: canonical, query, body, form: request.form });
    const isWrite = op.method !== 'GET' && !op.id.startsWith('query_') && result.wrote !== false;
    if (isWrite && result.status < 300) state.writes.record(op.id);
    const responseHeaders: Record<string, string> = { ...result.headers };
    if (result.body !== undefined) responseHeaders['Content-Type'] = JSON_API;
    return {
      status: result.status,
      headers: responseHeaders,
      body: result.body === undefined ? undefined : JSON.stringify(result.body),
    };
  }
}

/** The response a fault rule asks for. */
function faultResponse(rule: FaultRule, baseLatencyMs: number): MockResponse {
  const status = rule.status ?? 503;
  const headers: Record<string, string> = { 'Content-Type': JSON_API };
  if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
  const body =
    rule.body !== undefined
      ? typeof rule.body === 'string'
        ? rule.body
        : JSON.stringify(rule.body)
      : JSON.stringify({ errors: new ApiError(status, 'Injected fault.').errors });
  const response: MockResponse = { status, headers, body };
  const latencyMs = (rule.latencyMs ?? 0) + baseLatencyMs;
  if (rule.hang || rule.dropConnection || latencyMs > 0) {
    response.fault = {
      ...(rule.hang ? { hang: true } : {}),
      ...(rule.dropConnection ? { dropConnection: true } : {}),
      ...(latencyMs > 0 ? { latencyMs } : {}),
    };
  }
  return response;
}

function withLatency(response: MockResponse, latencyMs: number): MockResponse {
  if (latencyMs > 0) response.fault = { ...response.fault, latencyMs };
  return response;
}

function errorResponse(error: ApiError): MockResponse {
  return {
    status: error.status,
    headers: { 'Content-Type': JSON_API, ...error.headers },
    body: JSON.stringify({ errors: error.errors }),
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(500, `Mock failure: ${error instanceof Error ? error.message : String(error)}`);
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
