/**
 * `KlaviyoCore`: the light client. It reads the options and holds the one transport (key, limiter, retries)
 * every call goes through, and no resource: with the standalone functions of `klaviyo-ts/operations` an
 * app bundles only the operations it calls. `Klaviyo` (client.ts) is this plus the resource facade.
 */
import type { APIPromise } from './api-promise.js';
import {
  type AccessToken,
  accessTokenAuthorization,
  accessTokenProblem,
  apiKeyAuthorization,
  type Authorization,
} from './authorization.js';
import { collectIssues, KlaviyoError, ValidationError } from './errors.js';
import { describeValue, keysOf, unknownKeyIssues } from './known-keys.js';
import { registerSecret } from './redact.js';
import { atLevel, consoleLogger, isLogLevel, type Logger, loggerProblem, type LogLevel } from './logger.js';
import { createRateLimiter, type RateLimitOption, type RateLimitStats } from './rate-limit/index.js';
import { rateLimitOptionIssues } from './rate-limit/limiter.js';
import { DEFAULT_REVISION, revisionStatus } from './revisions.js';
import { envVar, userAgent } from './runtime.js';
import type { ZodSchema } from './validation.js';
import {
  checkMaxResponseBytes,
  checkMaxRetries,
  checkResponseValidation,
  checkTimeoutMs,
  isKlaviyoHost,
  type RequestOptions,
  type RequestSpec,
  type ResponseValidation,
  Transport,
} from './transport.js';
import { VERSION } from '../version.js';

/** Options of the `Klaviyo` and `KlaviyoCore` constructors. Every field is optional. */
export interface KlaviyoOptions {
  /** A private API key (`pk_…`). Default: the `KLAVIYO_API_KEY` environment variable, where the runtime has one. */
  apiKey?: string | undefined;
  /**
   * For an OAuth app, instead of `apiKey`: the access token of the installed app, or a function that gets a
   * fresh one (from `POST https://a.klaviyo.com/oauth/token` with your refresh token), sent as
   * `Authorization: Bearer …`. The function is called for the first request and again when Klaviyo refuses
   * the token with 401; the refused call is then sent once more with the new token. Clients built with the
   * same function share its token and its rate-limit quota. Give `apiKey` or `accessToken`, not both; with
   * `accessToken`, `KLAVIYO_API_KEY` is not read. https://developers.klaviyo.com/en/docs/set_up_oauth
   */
  accessToken?: AccessToken | undefined;
  /**
   * The API revision sent on every request. Default `'2026-07-15'`, the revision this SDK is typed for.
   * With another revision, responses are not checked against this revision's schemas.
   */
  revision?: string | undefined;
  /**
   * Default `'https://a.klaviyo.com'`: the origin, without `/api` (every request's path starts with it). A
   * path is kept as a proxy's prefix. Plain `http://` is accepted for loopback hosts only (local mocks);
   * credentials in the URL are not (fetch refuses them). Errors name the URL requested when it is not
   * Klaviyo's host, so that a proxy's wrong prefix shows.
   */
  baseUrl?: string | undefined;
  /** How long one attempt may take before it counts as timed out, in ms (at most 2^31 − 1, a timer's longest). Default 30_000. */
  timeoutMs?: number | undefined;
  /** How many times a failed call may be re-sent, when re-sending is safe. Default 3. */
  maxRetries?: number | undefined;
  /** A fetch implementation (tests, proxies, edge runtimes). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Where to report requests, retries, waits and warnings: `console`, or your own logger (pino, winston, …
   * have these four methods). Default: the console. What reaches it is set by `logLevel`.
   */
  logger?: Logger | undefined;
  /**
   * How much to report: `'off'`, `'error'`, `'warn'` (default), `'info'` (also retries and long rate-limit
   * waits) or `'debug'` (also every request and response, with headers; the key and cookies redacted).
   * With the default, a revision Klaviyo is retiring or an answer that differs from the spec is reported
   * once, to `console.warn` when no `logger` is given; `'off'` silences everything.
   */
  logLevel?: LogLevel | undefined;
  /** Client-side rate limiting per Klaviyo rate-limit bucket; `false` turns it off. */
  rateLimit?: RateLimitOption | undefined;
  /**
   * What to do when a response differs from the revision's spec (a missing "required" attribute, a wrong
   * type): `'warn'` (default) returns the data as Klaviyo sent it and reports each mismatch once per
   * operation and path to `logger.warn`; `'strict'` throws `ValidationError` (for tests and CI); `'off'`
   * does not check. New attributes and enum values are never a mismatch; a union member of a kind the spec
   * does not list is (returned as sent, and reported), so that the types can narrow on it. Per call too.
   */
  responseValidation?: ResponseValidation | undefined;
  /**
   * The longest response body the SDK reads, in bytes; a longer one fails with `ResponseTooLargeError` as
   * soon as it passes the cap. Default 67_108_864 (64 MiB): Klaviyo's largest pages are a few megabytes.
   * Per call too.
   */
  maxResponseBytes?: number | undefined;
}

export { DEFAULT_REVISION };
/** Klaviyo's API host. */
export const DEFAULT_BASE_URL = 'https://a.klaviyo.com';

/** The low-level request `klaviyo.request()` takes. */
export type KlaviyoRequest = RequestSpec;

/**
 * The Klaviyo API client without resources: pass it to the functions of `klaviyo-ts/operations`
 * (`getProfiles(core, …)`). One per account key (or OAuth app installation, with `accessToken`); instances with
 * the same key share rate-limit buckets.
 *
 * @throws KlaviyoError when the key is missing or not a private key, both `apiKey` and `accessToken` are given,
 * or `baseUrl` is not https (loopback aside).
 */
export class KlaviyoCore {
  /** What the client-side rate limiter is doing: `klaviyo.rateLimit.stats()` lists every bucket in use. */
  readonly rateLimit: { stats(): RateLimitStats[] };

  readonly #transport: Transport;

  /**
   * @param credentials for `KlaviyoClientCore` only (the client API: no Authorization header, the public key
   * in every query); otherwise they come from `apiKey` / `accessToken`.
   */
  constructor(options: KlaviyoOptions = {}, credentials?: Credentials) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('Invalid client options', { issues: [{ path: '', message: 'must be an object of options' }] });
    }
    checkOptions(options, credentials === undefined);
    const { authorization, quota, query } = credentials ?? credentialsOf(options);
    const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    const logger = atLevel(options.logger ?? consoleLogger, checkLogLevel(options.logLevel ?? 'warn'));
    const limiter = createRateLimiter({ ...quota, options: options.rateLimit, logger });
    this.rateLimit = { stats: () => limiter.stats() };
    this.#transport = new Transport({
      authorization,
      ...(query && { query }),
      baseUrl,
      revision: options.revision ?? DEFAULT_REVISION,
      timeoutMs: checkTimeoutMs(options.timeoutMs ?? 30_000),
      maxRetries: checkMaxRetries(options.maxRetries ?? 3),
      responseValidation: checkResponseValidation(options.responseValidation ?? 'warn'),
      ...(options.maxResponseBytes !== undefined && { maxResponseBytes: checkMaxResponseBytes(options.maxResponseBytes) }),
      userAgent: userAgent(VERSION),
      fetch: options.fetch,
      logger,
      limiter,
      // A 429 waits at least one burst window; the limiter's, when its windows are compressed (tests).
      ...(options.rateLimit &&
        options.rateLimit.burstWindowMs !== undefined && { burstWindowMs: options.rateLimit.burstWindowMs }),
    });
  }

  /**
   * Sends any request to Klaviyo's API with the SDK's headers, rate limiting, retries and errors: the
   * escape hatch for operations the SDK does not wrap yet. Resolves to the parsed JSON:API document, or
   * `undefined` for 204. A POST it cannot classify is treated as not safe to repeat. The operation (its
   * rate-limit bucket) is found by method and path among the operations the client knows: all of them for
   * `Klaviyo`; for a bare `KlaviyoCore`, those its operation functions have called (else pass `operationId`
   * of one of those, or the call is limited at Klaviyo's smallest tier).
   *
   * @example
   * const doc = await klaviyo.request({ method: 'GET', path: '/api/accounts', operationId: 'get_accounts' });
   */
  request<T = unknown>(request: KlaviyoRequest, options?: RequestOptions): APIPromise<T>;
  /** @internal Resource methods pass the zod schema that validates the response. */
  request<T>(request: KlaviyoRequest, options: RequestOptions | undefined, schema: ZodSchema<T>): APIPromise<T>;
  request<T>(request: KlaviyoRequest, options: RequestOptions = {}, schema?: ZodSchema<T>): APIPromise<T> {
    return this.#transport.request(request, options, schema);
  }
}

/** Every option `KlaviyoOptions` declares: any other key is a misspelling, refused rather than ignored. */
export const OPTION_NAMES = keysOf<KlaviyoOptions>()([
  'apiKey',
  'accessToken',
  'revision',
  'baseUrl',
  'timeoutMs',
  'maxRetries',
  'fetch',
  'logger',
  'logLevel',
  'rateLimit',
  'responseValidation',
  'maxResponseBytes',
]);

/**
 * Every problem with the client's options at once, as one `ValidationError` ("Invalid client options"): a
 * misspelt key, a value of the wrong type or out of range. Each option's own check (below, and the
 * transport's) throws at its first problem; this runs them all and collects their issues.
 */
function checkOptions(options: KlaviyoOptions, ownCredentials: boolean): void {
  const issues = unknownKeyIssues(options, OPTION_NAMES);
  const collect = (check: () => unknown) => collectIssues(issues, check);
  if (ownCredentials) collect(() => credentialsOf(options));
  if (options.baseUrl !== undefined) collect(() => checkBaseUrl(options.baseUrl!));
  if (options.revision !== undefined) collect(() => revisionStatus(options.revision!, new Date()));
  if (options.logLevel !== undefined) collect(() => checkLogLevel(options.logLevel));
  if (options.timeoutMs !== undefined) collect(() => checkTimeoutMs(options.timeoutMs!));
  if (options.maxRetries !== undefined) collect(() => checkMaxRetries(options.maxRetries!));
  if (options.responseValidation !== undefined) collect(() => checkResponseValidation(options.responseValidation!));
  if (options.maxResponseBytes !== undefined) collect(() => checkMaxResponseBytes(options.maxResponseBytes!));
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    issues.push({ path: 'fetch', message: `must be a fetch function, got ${describeValue(options.fetch)}` });
  }
  const loggerIssue = options.logger === undefined ? undefined : loggerProblem(options.logger);
  if (loggerIssue) issues.push({ path: 'logger', message: loggerIssue });
  issues.push(...rateLimitOptionIssues(options.rateLimit));
  if (issues.length) throw new ValidationError('Invalid client options', { issues });
}

/** How requests are authorized, what names their rate-limit quota, and query parameters every request carries. */
interface Credentials {
  authorization: Authorization | undefined;
  quota: { apiKey: string } | { accessToken: AccessToken };
  query?: Readonly<Record<string, string>>;
}

/**
 * The Authorization header's source and what names the rate-limit quota: a private key, or an OAuth app's
 * access token (never both, so nobody wonders which one was sent).
 */
function credentialsOf(options: KlaviyoOptions): Credentials {
  const { accessToken } = options;
  if (accessToken !== undefined) {
    if (options.apiKey !== undefined) {
      throw new ValidationError('Invalid client options', {
        issues: [{ path: 'accessToken', message: 'give apiKey (a private key) or accessToken (an OAuth app), not both' }],
      });
    }
    const problem = typeof accessToken === 'function' ? undefined : accessTokenProblem(accessToken);
    if (problem) throw new ValidationError('Invalid client options', { issues: [{ path: 'accessToken', message: problem }] });
    return { authorization: accessTokenAuthorization(accessToken), quota: { accessToken } };
  }
  const apiKey = checkApiKey(options.apiKey ?? envVar('KLAVIYO_API_KEY'));
  registerSecret(apiKey);
  return { authorization: apiKeyAuthorization(apiKey), quota: { apiKey } };
}

// The messages below never quote the key: it is not registered for redaction until it has passed.
function checkApiKey(apiKey: unknown): string {
  if (apiKey === undefined || apiKey === '') {
    const message = `is ${apiKey === '' ? 'empty' : 'missing'}: pass { apiKey } or set the KLAVIYO_API_KEY environment variable (an OAuth app passes { accessToken })`;
    throw new ValidationError('Invalid client options', { issues: [{ path: 'apiKey', message }] });
  }
  if (typeof apiKey !== 'string') {
    throw new ValidationError('Invalid client options', {
      issues: [{ path: 'apiKey', message: `must be a string, got ${typeof apiKey}` }],
    });
  }
  const pasted = /^(Klaviyo-API-Key|Bearer)\s+/i.exec(apiKey);
  if (pasted) {
    throw new ValidationError('Invalid client options', {
      issues: [
        {
          path: 'apiKey',
          message: `starts with "${pasted[1]} ", the Authorization header's scheme: pass the key alone (pk_…); the SDK adds the header`,
        },
      ],
    });
  }
  if (!apiKey.startsWith('pk_')) {
    const message = /^[A-Za-z0-9]{6}$/.test(apiKey)
      ? 'is a 6-character public key (site id), which is for client-side use only and is rejected by the /api ' +
        'endpoints: pass a private key (pk_…), or use KlaviyoClient from klaviyo-ts/client for the client API'
      : 'must be a private API key, starting with "pk_"';
    throw new ValidationError('Invalid client options', { issues: [{ path: 'apiKey', message }] });
  }
  return apiKey;
}

function checkLogLevel(value: unknown): LogLevel {
  if (!isLogLevel(value)) {
    throw new ValidationError('Invalid client options', {
      issues: [{ path: 'logLevel', message: `must be 'off', 'error', 'warn', 'info' or 'debug', not ${JSON.stringify(value)}` }],
    });
  }
  return value;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Ports `fetch` refuses to connect to (https://fetch.spec.whatwg.org/#port-blocking): a baseUrl on one of them
 * would fail every call with a bare "fetch failed", after retries that cannot help.
 */
const BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113,
  115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556,
  563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
  6668, 6669, 6679, 6697, 10080,
]);

function checkBaseUrl(baseUrl: string): string {
  const refuse = (message: string): never => {
    throw new ValidationError('Invalid client options', { issues: [{ path: 'baseUrl', message }] });
  };
  if (typeof baseUrl !== 'string') return refuse(`must be an https URL, got ${describeValue(baseUrl)}`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return refuse(`${JSON.stringify(baseUrl)} is not a URL`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol === 'http:' && !loopback) {
    refuse('must use https (plain http would expose the API key); http is allowed for loopback hosts only');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('must be an https URL');
  if (url.search || url.hash) refuse('must not carry a query string or fragment');
  // fetch refuses every URL with credentials in it, so each request would fail (and be retried) unsent. The
  // message does not repeat them.
  if (url.username || url.password) {
    refuse(
      `must not carry a user name or password (fetch refuses such URLs): give ${JSON.stringify(url.origin + url.pathname.replace(/\/+$/, ''))} and send your proxy's credentials in a header, from a fetch option that adds it`,
    );
  }
  if (BLOCKED_PORTS.has(Number(url.port))) {
    refuse(`port ${url.port} is one fetch refuses to connect to (https://fetch.spec.whatwg.org/#port-blocking); use another`);
  }
  // A path (a proxy's prefix) is kept: requests go to `${baseUrl}/api/...`.
  const href = url.href.replace(/\/+$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  const origin = JSON.stringify(url.origin);
  // Klaviyo serves /api/… and /client/… at its host's root: a path there only misroutes every request.
  if (path && isKlaviyoHost(url.hostname)) {
    refuse(`${url.hostname} takes no path: requests go to /api/… and /client/… at its root; did you mean ${origin}?`);
  }
  const doubled = /\/(api|client)$/i.exec(path)?.[1]?.toLowerCase();
  if (doubled) {
    const meant = JSON.stringify(href.slice(0, -doubled.length - 1));
    refuse(
      `ends with /${doubled}, which request paths start with (/${doubled}/… would be /${doubled}/${doubled}/…); did you mean ${meant}?`,
    );
  }
  return href;
}
